import { expect } from 'chai';
import { Cohort } from '../../src/programmes/cohort.model';
import { Milestone } from '../../src/milestones/model';
import { Notification } from '../../src/notifications/model';
import { DossierDocument } from '../../src/documents/model';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp, postForm, signedIn, text, type Agent, type TestApp } from '../helpers';
import { makeDocument, makeMilestone } from './milestones-helpers';

/**
 * Issue 12, "Answers that mislead": what a person reads after an action is what happened. Each test
 * looks at the pages as the person would (the bell, the badge, the status, the list), not at internals.
 */
const DAY = 24 * 60 * 60 * 1000;
const dayOffset = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** The number the bell shows, or 0. */
const bellOf = async (agent: Agent) => Number(/aria-hidden="true">(\d+)<\/span>/.exec(/data-bell>([\s\S]*?)<\/a>/.exec((await agent.get('/account')).text)?.[1] ?? '')?.[1] ?? 0);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('answers that mislead (issue 12)', () => {
  let t: TestApp;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
  });

  it('the bell of every manager goes down once a submission is decided, by whichever manager decides it', async () => {
    const startup = await makeStartup({ name: 'CardioSense' });
    const other = await makeUser({ role: 'manager', email: 'second@boost.test' });
    const secondManager = await login(t.app, other.email);
    const m = await makeMilestone(startup._id, { title: 'Marquage CE', status: 'submitted' });
    // The founders' submission asked both managers to review it: one notification each, a task.
    for (const user of await User.find({ role: 'manager' }).lean()) {
      await Notification.create({ user: user._id, kind: 'milestone.submitted', params: { startup: 'CardioSense', milestone: 'Marquage CE' }, link: `/startups/${String(startup._id)}/milestones`, task: `milestone-review:${String(m._id)}` });
      await User.updateOne({ _id: user._id }, { $inc: { unreadNotifications: 1 } });
    }
    expect(await bellOf(manager)).to.equal(1);
    expect(await bellOf(secondManager)).to.equal(1);

    const page = `/startups/${String(startup._id)}/milestones/${String(m._id)}`;
    const res = await postForm(manager, page, `${page}/decision`, { version: '0', decision: 'approve', comment: '' });
    expect(res.status).to.equal(303);
    expect(await bellOf(manager)).to.equal(0);
    expect(await bellOf(secondManager)).to.equal(0);
    expect(await Notification.countDocuments({ readAt: null, kind: 'milestone.submitted' })).to.equal(0);
  });

  it('a milestone waiting for the programme’s review is not “late” for its founders; a planned one past due is', async () => {
    const startup = await makeStartup({ name: 'CardioSense' });
    const { agent: founder } = await signedIn(t.app, { role: 'founder', startups: [startup._id] });
    await makeMilestone(startup._id, { title: 'Envoyé à temps', status: 'submitted', dueDate: new Date(Date.now() - 10 * DAY) });
    const tab = `/startups/${String(startup._id)}/milestones`;
    expect(count((await founder.get(tab)).text, text('milestones.tab.overdue'))).to.equal(0);
    await makeMilestone(startup._id, { title: 'Oublié', status: 'planned', dueDate: new Date(Date.now() - 10 * DAY) });
    expect(count((await founder.get(tab)).text, text('milestones.tab.overdue'))).to.equal(1);
  });

  it('the check-in and the milestone pages name a milestone’s state with the same words', async () => {
    const startup = await makeStartup({ name: 'CardioSense' });
    const { agent: founder } = await signedIn(t.app, { role: 'founder', startups: [startup._id] });
    await makeMilestone(startup._id, { title: 'Marquage CE', status: 'submitted', dueDate: new Date(Date.now() + 5 * DAY) });
    const checkin = (await founder.get(`/startups/${String(startup._id)}/checkin`)).text;
    const milestones = (await founder.get(`/startups/${String(startup._id)}/milestones`)).text;
    expect(checkin).to.contain(text('milestones.statuses.submitted'));
    expect(milestones).to.contain(text('milestones.statuses.submitted'));
  });

  it('a cohort’s status follows its dates unless a manager forces one', async () => {
    const res = await postForm(manager, '/cohorts/new', '/cohorts', { name: 'Déjà commencée', startDate: dayOffset(-3), endDate: dayOffset(90), status: 'auto' });
    expect(res.status).to.equal(303);
    const cohort = await Cohort.findOne({ name: 'Déjà commencée' }).lean();
    const page = (await manager.get(`/cohorts/${String(cohort?._id)}`)).text;
    expect(page).to.contain(text('programmes.cohorts.statuses.active')).and.to.contain(text('programmes.cohorts.byDates'));
    expect((await manager.get('/cohorts?status=active')).text).to.contain('Déjà commencée');
    expect((await manager.get('/cohorts?status=planned')).text).not.to.contain('Déjà commencée');

    const forced = await postForm(manager, `/cohorts/${String(cohort?._id)}/edit`, `/cohorts/${String(cohort?._id)}`, { name: 'Déjà commencée', startDate: dayOffset(-3), endDate: dayOffset(90), status: 'planned', version: '0' });
    expect(forced.status).to.equal(303);
    const again = (await manager.get(`/cohorts/${String(cohort?._id)}`)).text;
    expect(again).to.contain(text('programmes.cohorts.statuses.planned')).and.to.contain(text('programmes.cohorts.setByHand'));
  });

  it('a manager adds startups to a cohort from the cohort’s page; ticking none says so and changes nothing', async () => {
    const programme = await makeProgramme();
    const cohort = await makeCohort(programme._id, { name: 'Automne' });
    const a = await makeStartup({ name: 'Alpha', programme: programme._id });
    const b = await makeStartup({ name: 'Beta', programme: programme._id });
    const page = `/cohorts/${String(cohort._id)}`;
    const shown = (await manager.get(page)).text;
    expect(shown).to.contain(`value="${String(a._id)}"`).and.to.contain(`value="${String(b._id)}"`);

    const none = await postForm(manager, page, `${page}/startups`, {});
    expect(none.text + ((await manager.get(page)).text)).to.contain(text('programmes.cohorts.pickStartups'));
    expect(await Startup.countDocuments({ cohort: cohort._id })).to.equal(0);

    const res = await postForm(manager, page, `${page}/startups`, { startups: [String(a._id), String(b._id)] });
    expect(res.status).to.equal(303);
    expect(await Startup.countDocuments({ cohort: cohort._id })).to.equal(2);
    const after = (await manager.get(res.headers.location)).text;
    expect(after).to.contain(text('programmes.cohorts.startupsAdded', { count: 2, name: 'Automne' }));
  });

  it('the home groups expiring documents by title, with the count, leading to that title’s list', async () => {
    const soon = new Date(Date.now() + 20 * DAY);
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      const s = await makeStartup({ name });
      const doc = await makeDocument(s._id, 'Certificat ISO 13485');
      await DossierDocument.updateOne({ _id: doc._id }, { $set: { expiresAt: soon } });
    }
    // Handlebars writes `=` in attributes as &#x3D;: read the page as a browser would.
    const home = (await manager.get('/')).text.replace(/&#x3D;/g, '=');
    const section = home.slice(home.indexOf('id="expiring-title"'));
    expect(count(section, 'Certificat ISO 13485</a>')).to.equal(1);
    expect(section).to.contain(text('documents.expiring.group', { count: 3 }));
    const link = '/documents/expiring?title=Certificat%20ISO%2013485';
    expect(section).to.contain(`href="${link}"`);
    const list = (await manager.get(link)).text;
    for (const name of ['Alpha', 'Beta', 'Gamma']) expect(list).to.contain(`>${name}</a>`);
  });

  it('“request changes” without a comment says what is missing and keeps the milestone’s address', async () => {
    const startup = await makeStartup({ name: 'CardioSense' });
    const m = await makeMilestone(startup._id, { title: 'Marquage CE', status: 'submitted' });
    const page = `/startups/${String(startup._id)}/milestones/${String(m._id)}`;
    const res = await postForm(manager, page, `${page}/decision`, { version: '0', decision: 'changes', comment: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain(text('milestones.errors.commentRequired'));
    expect(res.text).to.contain(`data-page-url="${page}"`);
    // One comment box on the page.
    expect(count(res.text, '<textarea')).to.equal(1);
    expect((await Milestone.findOne({ _id: m._id }).lean())?.status).to.equal('submitted');
  });
});
