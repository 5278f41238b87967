import { expect } from 'chai';
import type { Model } from 'mongoose';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { Milestone } from '../../src/milestones/model';
import { MilestoneTrack } from '../../src/milestones/track.model';
import { HostingRequest, Site } from '../../src/hosting/model';
import { MentoringSession } from '../../src/mentoring/model';
import { PartnerOrganisation } from '../../src/partners/model';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { csrfFrom, makeApp, text, type Agent, type TestApp } from '../helpers';
import { makeMilestone } from './milestones-helpers';
import { agentsOf, startupWorld, type StartupWorld } from './startups.helpers';

/**
 * Every create form answers a second identical post with what the first did (issue 12): a double
 * click or the same form posted twice creates one record, and both answers lead to it with the
 * success message, never "already exists".
 */
interface CreateForm {
  name: string;
  page: (w: StartupWorld) => string;
  action: (w: StartupWorld) => string;
  fields: (w: StartupWorld) => Record<string, string>;
  count: (w: StartupWorld) => Promise<number>;
  /** The success message the page shows after the redirect. */
  success: (w: StartupWorld) => string;
}

const counter = <T>(model: Model<T>, filter: Record<string, unknown>) => () => model.countDocuments(filter);

const FORMS: CreateForm[] = [
  { name: 'a cohort', page: () => '/cohorts/new', action: () => '/cohorts', fields: () => ({ name: 'Boost 2027', startDate: '2027-01-04', endDate: '2027-06-30', status: 'planned' }), count: counter(Cohort, { name: 'Boost 2027' }), success: () => text('programmes.cohorts.created', { name: 'Boost 2027' }) },
  { name: 'a startup', page: () => '/startups/new', action: () => '/startups', fields: () => ({ name: 'Neuro Lumière', area: 'medtech', status: 'applicant', stage: 'ideation' }), count: counter(Startup, { name: 'Neuro Lumière' }), success: () => text('startups.created', { name: 'Neuro Lumière' }) },
  { name: 'a user', page: () => '/users/new', action: () => '/users', fields: () => ({ email: 'nina@example.org', name: 'Nina Roy', role: 'mentor', locale: 'fr' }), count: counter(User, { email: 'nina@example.org' }), success: () => text('users.created', { email: 'nina@example.org' }) },
  {
    name: 'a milestone',
    page: (w) => `/startups/${String(w.alpha._id)}/milestones/new`,
    action: (w) => `/startups/${String(w.alpha._id)}/milestones`,
    fields: () => ({ title: 'Marquage CE', dimension: 'regulatory', dueDate: '2030-06-30' }),
    count: (w) => Milestone.countDocuments({ startup: w.alpha._id, title: 'Marquage CE' }),
    success: () => text('milestones.form.created', { title: 'Marquage CE' }),
  },
  { name: 'a track', page: () => '/milestones/tracks/new', action: () => '/milestones/tracks', fields: () => ({ nameFr: 'Parcours CE', titleFr_0: 'Dossier technique', dimension_0: 'regulatory', offset_0: '30' }), count: counter(MilestoneTrack, {}), success: () => text('milestones.tracks.created', { name: 'Parcours CE' }) },
  {
    name: 'a stage',
    page: () => '/programme/stages/new',
    action: () => '/programme/stages',
    fields: () => ({ labelFr: 'Export', labelEn: 'Export', after: '_end', version: '0' }),
    count: async () => ((await Programme.findOne({}).lean())?.stages ?? []).filter((s) => s.label?.fr === 'Export').length,
    success: () => text('programmes.stage.added', { name: 'Export' }),
  },
  { name: 'a partner organisation', page: () => '/partners/new', action: () => '/partners/new', fields: () => ({ name: 'Fonds Horizon Santé', kind: 'investor' }), count: counter(PartnerOrganisation, { name: 'Fonds Horizon Santé' }), success: () => text('partners.created', { name: 'Fonds Horizon Santé' }) },
  { name: 'a hosting site', page: () => '/hosting/sites/new', action: () => '/hosting/sites/new', fields: () => ({ name: 'Pépinière Nord', address: '2 rue Pasteur' }), count: counter(Site, { name: 'Pépinière Nord' }), success: () => text('hosting.site.created', { name: 'Pépinière Nord' }) },
  {
    name: 'a hosting request',
    page: (w) => `/startups/${String(w.alpha._id)}/hosting/request`,
    action: (w) => `/startups/${String(w.alpha._id)}/hosting/request`,
    fields: () => ({ kind: 'desk', seats: '2', from: '2030-03-01', to: '2030-08-31', note: 'Deux postes' }),
    count: (w) => HostingRequest.countDocuments({ startup: w.alpha._id }),
    success: () => text('hosting.request.sent'),
  },
  {
    // The mentor coaches beta: a manager plans a session with them; a second post would otherwise meet the first's time.
    name: 'a mentoring session',
    page: (w) => `/startups/${String(w.beta._id)}/mentoring/sessions/new`,
    action: (w) => `/startups/${String(w.beta._id)}/mentoring/sessions`,
    fields: (w) => ({ mentor: String(w.users.mentor._id), day: '2030-10-24', time: '10:00', durationMinutes: '60', topic: 'Stratégie de remboursement', place: 'Salle Pasteur', videoLink: '' }),
    count: (w) => MentoringSession.countDocuments({ startup: w.beta._id }),
    success: () => text('mentoring.plan.done', { topic: 'Stratégie de remboursement' }),
  },
];

async function onceOf(agent: Agent, page: string): Promise<string> {
  const res = await agent.get(page);
  const match = /name="_once" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no one-time key on ${page} (status ${res.status})`);
  return match[1];
}

describe('create forms: the same form posted twice creates once', () => {
  let t: TestApp;
  let world: StartupWorld;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    world = await startupWorld();
    manager = (await agentsOf(t.app, world)).manager;
  });

  for (const form of FORMS) {
    it(`${form.name}: two posts at the same moment, then a third, all lead to the one record with the success message`, async () => {
      const token = await csrfFrom(manager, form.page(world));
      const body = { _csrf: token, _once: await onceOf(manager, form.page(world)), ...form.fields(world) };
      const post = () => manager.post(form.action(world)).type('form').send(body);
      const [first, second] = await Promise.all([post(), post()]);
      const third = await post();
      for (const res of [first, second, third]) {
        expect(res.status, res.text.slice(0, 300)).to.equal(303);
        expect(res.headers.location).to.equal(first.headers.location);
      }
      expect(await form.count(world)).to.equal(1);
      const landed = await manager.get(String(first.headers.location).replace(/#.*$/, ''));
      expect(landed.text).to.contain(form.success(world));
      expect(landed.text.split(form.success(world)).length - 1, 'the message is shown once').to.equal(1);
    });
  }

  it('a comment posted twice is one comment', async () => {
    const milestone = await makeMilestone(world.alpha._id, { status: 'submitted' });
    const page = `/startups/${String(world.alpha._id)}/milestones/${String(milestone._id)}`;
    const body = { _csrf: await csrfFrom(manager, page), _once: await onceOf(manager, page), note: 'Merci, je regarde.' };
    const answers = await Promise.all([1, 2].map(() => manager.post(`${page}/comment`).type('form').send(body)));
    for (const res of answers) expect(res.status).to.equal(303);
    const stored = await Milestone.findOne({ _id: milestone._id }).lean();
    expect(stored?.thread.filter((e) => e.decision === 'comment')).to.have.length(1);
  });

  it('a form corrected after an error, or filled again with other values, is a new submission', async () => {
    const once = await onceOf(manager, '/cohorts/new');
    const token = await csrfFrom(manager, '/cohorts/new');
    const post = (fields: Record<string, string>) => manager.post('/cohorts').type('form').send({ _csrf: token, _once: once, startDate: '2027-01-04', endDate: '2027-06-30', status: 'planned', ...fields });
    const wrong = await post({ name: '' });
    expect(wrong.status).to.equal(422);
    expect(wrong.text, 'the page keeps its one-time key').to.contain(`name="_once" value="${once}"`);
    expect((await post({ name: 'Boost A' })).status).to.equal(303);
    expect((await post({ name: 'Boost B' })).status).to.equal(303);
    expect(await Cohort.countDocuments({ name: 'Boost A' }) + (await Cohort.countDocuments({ name: 'Boost B' }))).to.equal(2);
  });

  it('without the one-time key (an old page), a second post is still refused as a duplicate, not created twice', async () => {
    const token = await csrfFrom(manager, '/cohorts/new');
    const body = { _csrf: token, name: 'Boost 2028', startDate: '2028-01-03', endDate: '2028-06-30', status: 'planned' };
    expect((await manager.post('/cohorts').type('form').send(body)).status).to.equal(303);
    const again = await manager.post('/cohorts').type('form').send(body);
    expect(again.status).to.equal(422);
    expect(await Cohort.countDocuments({ name: 'Boost 2028' })).to.equal(1);
  });
});
