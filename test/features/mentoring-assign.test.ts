import { expect } from 'chai';
import mongoose, { type Types } from 'mongoose';
import { suggestMentors, type WeakAxis } from '../../src/mentoring/suggestions';
import type { MentorRow } from '../../src/mentoring/directory';
import { Notification } from '../../src/notifications/model';
import { buildAssessment, buildTarget, makeAssignment, makeMentorProfile, makeStartup, makeUser } from '../../src/seed/factories';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { csrfFrom, login, makeApp, postForm, text, type Agent, type TestApp } from '../helpers';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('mentoring: suggestions from readiness gaps', () => {
  const row = (id: string, name: string, expertise: MentorRow['expertise'], taken: number, capacity: number): MentorRow => ({
    id,
    name,
    email: `${id}@x.test`,
    expertise,
    languages: ['fr'],
    availability: '',
    capacityStartups: capacity,
    capacityHours: 8,
    load: { startups: taken, quarterHours: 0, rating: null, ratings: 0 },
    free: Math.max(0, capacity - taken),
  });
  const weak: WeakAxis[] = [
    { key: 'ipr', label: { fr: 'Propriété intellectuelle', en: 'IP' }, level: 2, target: 5 },
    { key: 'funding', label: { fr: 'Financement', en: 'Funding' }, level: 3, target: 5 },
  ];

  it('ranks those whose expertise covers the weakest axes, with a free place, and says why', () => {
    const mentors = [row('ip', 'Inès IP', ['ip'], 1, 3), row('money', 'Marc Fonds', ['fundraising'], 0, 2), row('full', 'Paul Plein', ['ip', 'fundraising'], 2, 2), row('none', 'Nora Autre', ['hr'], 0, 5), row('both', 'Bea Deux', ['ip', 'fundraising'], 0, 1)];
    const suggestions = suggestMentors(weak, mentors, new Set());
    expect(suggestions.map((s) => s.mentor.name)).to.deep.equal(['Bea Deux', 'Inès IP', 'Marc Fonds']);
    expect(suggestions[1].reasons).to.deep.equal([{ ...weak[0], expertise: ['ip'] }]);
    // Already coaching the startup: left out.
    expect(suggestMentors(weak, mentors, new Set(['both'])).map((s) => s.mentor.name)).to.deep.equal(['Inès IP', 'Marc Fonds']);
    expect(suggestMentors([], mentors, new Set())).to.deep.equal([]);
  });

  it('shows the reason in words on the assignment page, from the startup’s latest scores and targets', async () => {
    const t = makeApp();
    const manager = await makeUser({ role: 'manager' });
    const startup = await makeStartup({ name: 'OrthoPrint' });
    const ines = await makeUser({ role: 'mentor', name: 'Inès Brevet' });
    await makeMentorProfile(ines._id, { expertise: ['ip'], capacityStartups: 3 });
    const other = await makeUser({ role: 'mentor', name: 'Hugo RH' });
    await makeMentorProfile(other._id, { expertise: ['hr'] });
    await makeAssignment({ mentor: ines._id, startup: (await makeStartup({ name: 'Autre' }))._id, from: new Date(Date.now() - DAY) });
    await buildAssessment({ startup: startup._id, assessor: manager._id, levels: { customer: 6, technology: 6, business_model: 6, ipr: 2, team: 7, funding: 6 } }).save();
    await buildTarget({ startup: startup._id, levels: { ipr: 5 } }).save();
    const agent = await login(t.app, manager.email);
    const page = await agent.get(`/startups/${String(startup._id)}/mentoring/assign`);
    expect(page.status).to.equal(200);
    const suggestions = page.text.slice(page.text.indexOf('suggestions-h'), page.text.indexOf('</section>', page.text.indexOf('suggestions-h')));
    expect(suggestions).to.contain('Inès Brevet');
    expect(suggestions).to.contain(text('mentoring.assign.reasonGap', { axis: 'Propriété intellectuelle', level: 2, target: 5 }));
    expect(suggestions).to.contain(text('mentoring.assign.places', { taken: 1, capacity: 3 }));
    expect(suggestions).not.to.contain('Hugo RH');
  });
});

describe('mentoring: assigning, ending and extending', () => {
  let t: TestApp;
  let agent: Agent;
  let startupId: string;
  let mentor: { _id: Types.ObjectId; email: string; name: string };
  const form = () => `/startups/${startupId}/mentoring/assign`;

  beforeEach(async () => {
    t = makeApp();
    const manager = await makeUser({ role: 'manager' });
    startupId = String((await makeStartup({ name: 'SeniorLink' }))._id);
    mentor = await makeUser({ role: 'mentor', name: 'Nadia Haddad' });
    agent = await login(t.app, manager.email);
  });

  it('assigns a mentor for a period: stored with its history, the mentor told, and the startup now theirs', async () => {
    const today = iso(new Date());
    const res = await postForm(agent, form(), form(), { mentor: String(mentor._id), from: today, to: '', note: 'Levée d’amorçage' });
    expect(res.status).to.equal(303);
    expect((await agent.get(res.headers.location)).text).to.contain(text('mentoring.assign.done', { name: 'Nadia Haddad' }));
    const stored = await MentorAssignment.find({ startup: startupId }).lean();
    expect(stored).to.have.length(1);
    expect(stored[0].to ?? null).to.equal(null);
    expect(await Notification.countDocuments({ user: mentor._id, kind: 'mentoring.assigned' })).to.equal(1);
    const mentorAgent = await login(t.app, mentor.email);
    expect((await mentorAgent.get(`/startups/${startupId}/mentoring`)).status).to.equal(200);
  });

  it('refuses bad input on the form itself, keeping what was typed, and stores nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ mentor: '', from: '2030-01-10' }, 'mentor', 'mentoring.errors.mentorRequired'],
      [{ mentor: String((await makeUser({ role: 'founder' }))._id), from: '2030-01-10' }, 'mentor', 'mentoring.errors.mentorRequired'],
      [{ mentor: String(mentor._id), from: '2030-02-30' }, 'from', 'validation.date'],
      [{ mentor: String(mentor._id), from: '2030-03-10', to: '2030-03-01', note: 'Gardée' }, 'to', 'mentoring.errors.endBeforeStart'],
    ];
    for (const [fields, field, key] of cases) {
      const res = await postForm(agent, form(), form(), fields);
      expect(res.status, field).to.equal(422);
      expect(res.text, field).to.contain(text(key));
      expect(res.text).to.contain(`id="e-${field}"`);
    }
    const last = await postForm(agent, form(), form(), { mentor: String(mentor._id), from: '2030-03-10', to: '2030-03-01', note: 'Gardée' });
    expect(last.text).to.contain('Gardée').and.to.contain('value="2030-03-10"');
    expect(await MentorAssignment.countDocuments({})).to.equal(0);
  });

  it('one period per mentor and startup at a time; the same form posted twice at once makes one assignment', async () => {
    const fields = { mentor: String(mentor._id), from: '2030-01-10', to: '2030-06-30' };
    // One form page, posted twice at the same moment (a double click): the same token in both posts.
    const token = await csrfFrom(agent, form());
    const post = () => agent.post(form()).type('form').send({ _csrf: token, ...fields });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).to.deep.equal([303, 303]);
    expect(await MentorAssignment.countDocuments({})).to.equal(1);
    const overlapping = await postForm(agent, form(), form(), { mentor: String(mentor._id), from: '2030-05-01' });
    expect(overlapping.status).to.equal(422);
    expect(overlapping.text).to.contain(text('mentoring.errors.alreadyAssigned', { name: 'Nadia Haddad' }));
    const after = await postForm(agent, form(), form(), { mentor: String(mentor._id), from: '2030-07-01' });
    expect(after.status).to.equal(303);
    expect(await MentorAssignment.countDocuments({})).to.equal(2);
  });

  it('extends an assignment (a later end, or none) from the version shown; a stale page is refused with the current end', async () => {
    const assignment = await makeAssignment({ mentor: mentor._id, startup: new mongoose.Types.ObjectId(startupId), from: new Date(Date.now() - 10 * DAY), to: new Date(Date.now() + 30 * DAY) });
    const page = `/startups/${startupId}/mentoring/assignments/${String(assignment._id)}`;
    const later = iso(new Date(Date.now() + 90 * DAY));
    const res = await postForm(agent, page, `${page}/extend`, { version: '0', to: later, note: '' });
    expect(res.status).to.equal(303);
    const extended = await MentorAssignment.findOne({ _id: assignment._id }).lean();
    expect(iso(extended?.to ?? new Date(0))).to.be.oneOf([later, iso(new Date(Date.parse(`${later}T00:00:00Z`) - DAY))]);
    const stale = await postForm(agent, page, `${page}/extend`, { version: '0', to: '', note: '' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain(text('errors.staleEdit'));
    const openEnded = await postForm(agent, page, `${page}/extend`, { version: '1', to: '', note: 'Sans fin' });
    expect(openEnded.status).to.equal(303);
    expect((await MentorAssignment.findOne({ _id: assignment._id }).lean())?.to ?? null).to.equal(null);
    const past = await postForm(agent, page, `${page}/extend`, { version: '2', to: iso(new Date(Date.now() - 5 * DAY)), note: '' });
    expect(past.status).to.equal(422);
    expect(past.text).to.contain(text('mentoring.errors.endInPast'));
  });

  it('ends an assignment once: a second end says it has ended already; an assignment of another startup is 404', async () => {
    const id = new mongoose.Types.ObjectId(startupId);
    const assignment = await makeAssignment({ mentor: mentor._id, startup: id, from: new Date(Date.now() - DAY) });
    const page = `/startups/${startupId}/mentoring/assignments/${String(assignment._id)}`;
    expect((await postForm(agent, page, `${page}/end`, { version: '0' })).status).to.equal(303);
    const again = await postForm(agent, '/account', `${page}/end`, { version: '1' });
    expect(again.status).to.equal(303);
    expect((await agent.get(again.headers.location)).text).to.contain(text('mentoring.errors.alreadyEnded'));
    const elsewhere = await makeStartup({ name: 'Ailleurs' });
    expect((await agent.get(`/startups/${String(elsewhere._id)}/mentoring/assignments/${String(assignment._id)}`)).status).to.equal(404);
    const tab = await agent.get(`/startups/${startupId}/mentoring`);
    expect(tab.text).to.contain('Nadia Haddad').and.to.contain(text('mentoring.assignment.states.ended'));
  });
});
