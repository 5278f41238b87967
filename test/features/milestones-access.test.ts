import { expect } from 'chai';
import request from 'supertest';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Milestone } from '../../src/milestones/model';
import { recipientsFor } from '../../src/milestones/review';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { decide, expectText, makeDocument, makeMilestone, statusOf, submit } from './milestones-helpers';

describe('milestones: who may do what', () => {
  let t: TestApp;
  let startup: Awaited<ReturnType<typeof makeStartup>>;
  let other: Awaited<ReturnType<typeof makeStartup>>;
  let startupId: string;
  let submitted: Awaited<ReturnType<typeof makeMilestone>>;
  let planned: Awaited<ReturnType<typeof makeMilestone>>;
  const tab = () => `/startups/${startupId}/milestones`;

  beforeEach(async () => {
    t = makeApp();
    startup = await makeStartup({ name: 'CardioSense' });
    other = await makeStartup({ name: 'Oncolytix' });
    startupId = String(startup._id);
    submitted = await makeMilestone(startup._id, { title: 'Soumis', status: 'submitted' });
    planned = await makeMilestone(startup._id, { title: 'Prévu' });
  });

  it('anonymous: every page sends to the login page, every post changes nothing', async () => {
    await makeUser({ role: 'manager' }); // the programme is set up
    for (const path of [tab(), `${tab()}/new`, `${tab()}/${String(submitted._id)}`, '/milestones/review', '/milestones/tracks']) {
      const res = await request(t.app).get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.match(/^\/login/);
    }
    const agent = request.agent(t.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post(`${tab()}/${String(submitted._id)}/decision`).type('form').send({ _csrf: token, decision: 'approve', version: '0' });
    expect(res.status).to.equal(302);
    expect(await statusOf(submitted._id)).to.equal('submitted');
  });

  it('partner and observer: 403 on the tab, the queue and the tracks', async () => {
    for (const role of ['partner', 'observer'] as const) {
      const { agent } = await signedIn(t.app, { role });
      for (const path of [tab(), `${tab()}/${String(submitted._id)}`, '/milestones/review', '/milestones/tracks']) expect((await agent.get(path)).status, `${role} ${path}`).to.equal(403);
      expect((await decide(agent, startupId, String(submitted._id), 'approve')).status).to.equal(403);
    }
    expect(await statusOf(submitted._id)).to.equal('submitted');
  });

  it('founder of another startup: 404 on the tab, a milestone, the forms; own startup works', async () => {
    const { agent } = await signedIn(t.app, { role: 'founder', startups: [other._id] });
    for (const path of [tab(), `${tab()}/new`, `${tab()}/${String(planned._id)}`, `${tab()}/${String(planned._id)}/submit`]) expect((await agent.get(path)).status, path).to.equal(404);
    const propose = await postForm(agent, '/account', tab(), { title: 'Intrus', dimension: 'team', dueDate: '2027-01-01' });
    expect(propose.status).to.equal(404);
    const doc = await makeDocument(other._id);
    const sent = await submit(agent, startupId, String(planned._id), { evidence: 'x', documents: [String(doc._id)] }, undefined, await csrfFrom(agent, '/account'));
    expect(sent.status).to.equal(404);
    expect(await Milestone.countDocuments({ title: 'Intrus' })).to.equal(0);
    expect(await statusOf(planned._id)).to.equal('planned');
    // Their own startup's milestone reached through this startup's path: 404 too (scoped lookup).
    const theirs = await makeMilestone(other._id, { title: 'Le leur' });
    expect((await agent.get(`${tab()}/${String(theirs._id)}`)).status).to.equal(404);
    expect((await agent.get(`/startups/${String(other._id)}/milestones/${String(theirs._id)}`)).status).to.equal(200);
    // Malformed ids: 404, never 500.
    expect((await agent.get('/startups/nope/milestones')).status).to.equal(404);
    expect((await agent.get(`/startups/${String(other._id)}/milestones/zzz`)).status).to.equal(404);
  });

  it('founders cannot decide (403), nor apply a track (403); managers cannot submit evidence (403)', async () => {
    const { agent: founder } = await signedIn(t.app, { role: 'founder', startups: [startup._id] });
    expect((await decide(founder, startupId, String(submitted._id), 'approve')).status).to.equal(403);
    expect((await founder.get('/milestones/review')).status).to.equal(403);
    expect((await postForm(founder, '/account', `${tab()}/apply-track`, { track: String(submitted._id) })).status).to.equal(403);
    const { agent: manager } = await signedIn(t.app, { role: 'manager' });
    expect((await manager.get(`${tab()}/${String(planned._id)}/submit`)).status).to.equal(403);
    expect(await statusOf(submitted._id)).to.equal('submitted');
  });

  it('mentor assigned: reads and comments but never decides (403); mentor not assigned: 404', async () => {
    const { user: mentor, agent } = await signedIn(t.app, { role: 'mentor', name: 'Sophie Lefèvre' });
    expect((await agent.get(tab())).status).to.equal(404);
    expect((await postForm(agent, '/account', `${tab()}/${String(submitted._id)}/comment`, { note: 'Bonjour' })).status).to.equal(404);

    await MentorAssignment.create({ mentor: mentor._id, startup: startup._id, from: new Date('2026-01-01') });
    const page = await agent.get(tab());
    expect(page.status).to.equal(200);
    expectText(page.text, 'Soumis', 'Prévu');
    expect(page.text).not.to.contain('/edit"');
    const show = await agent.get(`${tab()}/${String(submitted._id)}`);
    expectText(show.text, 'Ajouter un commentaire', 'En tant que mentor, vous pouvez commenter');
    expect(show.text).not.to.contain('name="decision"');
    const empty = await postForm(agent, `${tab()}/${String(submitted._id)}`, `${tab()}/${String(submitted._id)}/comment`, { note: '  ' });
    expect(empty.status).to.equal(422);
    const ok = await postForm(agent, `${tab()}/${String(submitted._id)}`, `${tab()}/${String(submitted._id)}/comment`, { note: 'Pensez au rapport de biocompatibilité.' });
    expect(ok.status).to.equal(303);
    const stored = await Milestone.findOne({ _id: submitted._id }).lean();
    expect(stored?.thread.map((e) => [e.decision, e.byName, e.byRole, e.comment])).to.deep.equal([['comment', 'Sophie Lefèvre', 'mentor', 'Pensez au rapport de biocompatibilité.']]);
    expect(stored?.status).to.equal('submitted');
    expect((await decide(agent, startupId, String(submitted._id), 'approve')).status).to.equal(403);
    expect((await postForm(agent, '/account', tab(), { title: 'x', dimension: 'team', dueDate: '2027-01-01' })).status).to.equal(403);
    expect(await statusOf(submitted._id)).to.equal('submitted');

    // Unassigned again: the next request is refused.
    await MentorAssignment.updateMany({ mentor: mentor._id }, { $set: { to: new Date('2026-01-02') } });
    expect((await agent.get(tab())).status).to.equal(404);
  });

  it('notification recipients: submissions to every active manager, decisions to the startup’s active founders only', async () => {
    const m1 = await makeUser({ role: 'manager' });
    const m2 = await makeUser({ role: 'manager' });
    await makeUser({ role: 'manager', active: false });
    const f1 = await makeUser({ role: 'founder', startups: [startup._id] });
    const f2 = await makeUser({ role: 'founder', startups: [other._id, startup._id] });
    await makeUser({ role: 'founder', startups: [other._id] });
    await makeUser({ role: 'founder', startups: [startup._id], active: false });
    await makeUser({ role: 'mentor' });
    const sort = (ids: unknown[]) => ids.map(String).sort();
    expect(sort(await recipientsFor('milestone.submitted', startupId))).to.deep.equal(sort([m1._id, m2._id]));
    expect(sort(await recipientsFor('milestone.approved', startupId))).to.deep.equal(sort([f1._id, f2._id]));
    expect(sort(await recipientsFor('milestone.changesRequested', String(other._id)))).to.have.length(2);
  });
});

export type { Agent };
