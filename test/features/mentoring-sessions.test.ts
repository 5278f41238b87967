import { expect } from 'chai';
import { MentoringSession } from '../../src/mentoring/model';
import { makeAssignment, makeSession, makeStartup } from '../../src/seed/factories';
import { makeApp, text, type TestApp } from '../helpers';
import { fieldMessage, founderOf, mentorOf, notificationsOf, plan, planFields, sessionAction, sessionIdFrom, sessionsCount, someone, startupWithTeam, utc, type Person } from './mentoring.helpers';

const stored = async (id: unknown) => MentoringSession.findOne({ _id: id }).lean();
const iso = (d: Date | undefined) => d?.toISOString();

describe('mentoring sessions: planning', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof startupWithTeam>>;
  let mentor: Person;

  beforeEach(async () => {
    t = makeApp();
    s = await startupWithTeam('CardioSense', 2);
    mentor = await mentorOf(t.app, [s.startup._id], 'Sophie Lefèvre');
  });

  it('a mentor plans a session: stored in UTC for the Paris wall time (summer and winter), the founders are told', async () => {
    expect((await mentor.agent.get(`/startups/${s.id}/mentoring/sessions/new`)).status).to.equal(200);
    const summer = await plan(mentor, s.id, planFields());
    expect(summer.status).to.equal(303);
    const id = sessionIdFrom(summer.headers.location);
    const first = await stored(id);
    expect([iso(first?.start), iso(first?.end), String(first?.mentor), first?.status, first?.topic, first?.place]).to.deep.equal(['2030-10-24T08:00:00.000Z', '2030-10-24T09:00:00.000Z', mentor.id, 'scheduled', 'Dossier de marquage CE', 'Salle Pasteur']);
    const winter = await plan(mentor, s.id, planFields({ day: '2030-10-28', topic: 'Essai clinique' }));
    expect(winter.status).to.equal(303);
    expect(iso((await stored(sessionIdFrom(winter.headers.location)))?.start)).to.equal('2030-10-28T09:00:00.000Z');
    const page = await mentor.agent.get(`/mentoring/sessions/${id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Dossier de marquage CE');
    expect(await notificationsOf('mentoring.planned')).to.deep.equal({ [String(s.team[0]._id)]: 2, [String(s.team[1]._id)]: 2 });
  });

  it('refuses a missing topic, a bad time and a time skipped by the spring clock change: 422, message, values kept, nothing stored', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ topic: '' }, 'topic', text('validation.required')],
      [{ time: '25:00' }, 'time', text('mentoring.errors.time')],
      [{ day: '2030-03-31', time: '02:30' }, 'time', text('mentoring.errors.noSuchTime')],
    ];
    const answers: Awaited<ReturnType<typeof plan>>[] = [];
    for (const [fields] of cases) answers.push(await plan(mentor, s.id, planFields({ place: 'Salle Curie', ...fields })));
    expect(await sessionsCount()).to.equal(0);
    expect(await notificationsOf('mentoring.planned')).to.deep.equal({});
    cases.forEach(([fields, field, message], i) => {
      expect(answers[i].status, field).to.equal(422);
      expect(fieldMessage(answers[i].text, field), JSON.stringify(fields)).to.equal(message);
    });
    // The form comes back with what was typed.
    cases.forEach(([fields], i) => {
      expect(answers[i].text, JSON.stringify(fields)).to.contain('value="Salle Curie"').and.to.contain(`value="${fields.time ?? '10:00'}"`).and.to.contain(`value="${fields.day ?? '2030-10-24'}"`);
    });
  });

  it('the same mentor at an overlapping time: 422 naming the other session (topic and startup), nothing stored', async () => {
    const other = await makeStartup({ name: 'Oncolytix' });
    await makeAssignment({ mentor: mentor.user._id, startup: other._id, from: new Date(Date.now() - 86_400_000) });
    await makeSession(mentor.user._id, other._id, { start: new Date('2030-10-24T08:30:00Z'), topic: 'Levée de fonds', mentorName: 'Sophie Lefèvre' });
    const res = await plan(mentor, s.id, planFields());
    expect(res.status).to.equal(422);
    expect(fieldMessage(res.text, 'time')).to.equal(text('mentoring.errors.mentorBusy', { day: '24/10/2030', from: '10:30', to: '11:30', topic: 'Levée de fonds', startup: 'Oncolytix' }));
    expect(await sessionsCount()).to.equal(1);
  });

  it('the same startup with another mentor at an overlapping time: 422 naming that session, nothing stored', async () => {
    const colleague = await mentorOf(t.app, [s.startup._id], 'Marc Dubois');
    await makeSession(colleague.user._id, s.startup._id, { start: new Date('2030-10-24T07:30:00Z'), topic: 'Remboursement', mentorName: 'Marc Dubois' });
    const res = await plan(mentor, s.id, planFields());
    expect(res.status).to.equal(422);
    expect(fieldMessage(res.text, 'time')).to.equal(text('mentoring.errors.startupBusy', { day: '24/10/2030', from: '09:30', to: '10:30', topic: 'Remboursement', mentor: 'Marc Dubois' }));
    expect(await sessionsCount()).to.equal(1);
  });

  it('touching sessions do not collide, and a cancelled session does not hold its time', async () => {
    expect((await plan(mentor, s.id, planFields({ time: '09:00', topic: 'Avant' }))).status).to.equal(303);
    expect((await plan(mentor, s.id, planFields({ time: '10:00', topic: 'Après' }))).status).to.equal(303);
    await makeSession(mentor.user._id, s.startup._id, { start: new Date('2030-10-24T11:00:00Z'), topic: 'Annulée', status: 'cancelled' });
    expect((await plan(mentor, s.id, planFields({ time: '13:00', topic: 'À la place' }))).status).to.equal(303);
    const starts = (await MentoringSession.find({ status: 'scheduled' }).sort({ start: 1 }).lean()).map((x) => iso(x.start));
    expect(starts).to.deep.equal(['2030-10-24T07:00:00.000Z', '2030-10-24T08:00:00.000Z', '2030-10-24T11:00:00.000Z']);
  });

  it('the same form posted twice, one after the other and then at once: one session each time, every answer a 303', async () => {
    const [first, second] = [await plan(mentor, s.id, planFields()), await plan(mentor, s.id, planFields())];
    expect([first.status, second.status]).to.deep.equal([303, 303]);
    expect(second.headers.location).to.equal(first.headers.location);
    const fields = planFields({ day: '2030-11-05', topic: 'Accès au marché' });
    const both = await Promise.all([plan(mentor, s.id, fields), plan(mentor, s.id, fields)]);
    expect(both.map((r) => r.status)).to.deep.equal([303, 303]);
    expect(both[1].headers.location).to.equal(both[0].headers.location);
    expect(await sessionsCount()).to.equal(2);
    expect(Object.values(await notificationsOf('mentoring.planned'))).to.deep.equal([2, 2]);
  });

  it('two mentors planning the same startup at the same time at once: exactly one stored, the other refused (422)', async () => {
    const colleague = await mentorOf(t.app, [s.startup._id], 'Marc Dubois');
    const results = await Promise.all([plan(mentor, s.id, planFields({ topic: 'Sujet A' })), plan(colleague, s.id, planFields({ topic: 'Sujet B' }))]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([303, 422]);
    expect(await sessionsCount()).to.equal(1);
    const winner = await MentoringSession.findOne({}).lean();
    const loser = results.find((r) => r.status === 422);
    expect(loser?.text).to.contain(`« ${winner?.topic ?? '?'} »`);
  });
});

describe('mentoring sessions: move, cancel, record', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof startupWithTeam>>;
  let mentor: Person;
  let sid: string;
  const founders = () => s.team.map((f) => String(f._id));

  beforeEach(async () => {
    t = makeApp();
    s = await startupWithTeam('CardioSense', 2);
    mentor = await mentorOf(t.app, [s.startup._id], 'Sophie Lefèvre');
    sid = String((await makeSession(mentor.user._id, s.startup._id, { start: new Date('2030-10-24T08:00:00Z'), topic: 'Dossier CE', mentorName: 'Sophie Lefèvre' }))._id);
  });

  it('the move form shows the session as stored: day, time (Paris), length, topic and version', async () => {
    const form = await mentor.agent.get(`/mentoring/sessions/${sid}/move`);
    expect(form.status).to.equal(200);
    for (const [name, value] of [['day', '2030-10-24'], ['time', '10:00'], ['durationMinutes', '60'], ['topic', 'Dossier CE'], ['version', '0']]) {
      expect(new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.text)?.[1], name).to.equal(value);
    }
  });

  it('moves a session: stored in UTC for the new Paris time, the team is told', async () => {
    const moved = await sessionAction(mentor, sid, 'move', planFields({ day: '2030-10-28', time: '14:00', topic: 'Dossier CE' }));
    expect(moved.status).to.equal(303);
    expect(moved.headers.location).to.equal(`/mentoring/sessions/${sid}`);
    expect(iso((await stored(sid))?.start)).to.equal('2030-10-28T13:00:00.000Z');
    expect(await notificationsOf('mentoring.moved')).to.deep.equal(Object.fromEntries(founders().map((f) => [f, 1])));
  });

  it('a stale version is refused (409), nothing changes, and the page shows the current values', async () => {
    await MentoringSession.updateOne({ _id: sid }, { $set: { start: new Date('2030-10-28T13:00:00Z'), end: new Date('2030-10-28T14:00:00Z') }, $inc: { __v: 1 } });
    const stale = await sessionAction(mentor, sid, 'move', { ...planFields({ day: '2030-11-04', time: '09:00', topic: 'Autre sujet' }), version: '0' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain(text('errors.staleEdit'));
    const now = await stored(sid);
    expect([iso(now?.start), now?.topic, now?.__v]).to.deep.equal(['2030-10-28T13:00:00.000Z', 'Dossier CE', 1]);
    expect(await notificationsOf('mentoring.moved')).to.deep.equal({});
    expect(stale.text).to.contain('value="2030-10-28"').and.to.contain('value="14:00"').and.to.contain('value="Dossier CE"').and.not.to.contain('value="Autre sujet"');
  });

  it('a move onto another session is refused naming it; a move over its own previous time is fine', async () => {
    await makeSession(mentor.user._id, s.startup._id, { start: new Date('2030-10-24T10:00:00Z'), topic: 'Essai clinique', mentorName: 'Sophie Lefèvre' });
    const refused = await sessionAction(mentor, sid, 'move', planFields({ time: '11:30', topic: 'Dossier CE' }));
    expect(refused.status).to.equal(422);
    expect(fieldMessage(refused.text, 'time')).to.equal(text('mentoring.errors.mentorBusy', { day: '24/10/2030', from: '12:00', to: '13:00', topic: 'Essai clinique', startup: 'CardioSense' }));
    expect(iso((await stored(sid))?.start)).to.equal('2030-10-24T08:00:00.000Z');
    const ok = await sessionAction(mentor, sid, 'move', planFields({ time: '10:30', topic: 'Dossier CE' }));
    expect(ok.status).to.equal(303);
    expect(iso((await stored(sid))?.start)).to.equal('2030-10-24T08:30:00.000Z');
  });

  it('cancel: a reason is required; cancelled with the reason shown, the team told once; cancelling again succeeds', async () => {
    const empty = await sessionAction(mentor, sid, 'cancel', { reason: '  ' });
    expect(empty.status).to.equal(422);
    expect(fieldMessage(empty.text, 'reason')).to.equal(text('validation.required'));
    expect((await stored(sid))?.status).to.equal('scheduled');

    const done = await sessionAction(mentor, sid, 'cancel', { reason: 'Le mentor est souffrant' });
    expect(done.status).to.equal(303);
    const page = await mentor.agent.get(`/mentoring/sessions/${sid}`);
    expect(page.text).to.contain('Le mentor est souffrant').and.to.contain(text('mentoring.statuses.cancelled'));
    expect(await stored(sid)).to.include({ status: 'cancelled', cancelReason: 'Le mentor est souffrant' });
    expect(await notificationsOf('mentoring.cancelled')).to.deep.equal(Object.fromEntries(founders().map((f) => [f, 1])));

    const again = await sessionAction(mentor, sid, 'cancel', { reason: 'Le mentor est souffrant', version: '0' });
    expect(again.status).to.equal(303);
    expect(await notificationsOf('mentoring.cancelled')).to.deep.equal(Object.fromEntries(founders().map((f) => [f, 1])));
  });

  it('record: refused before the end (409); after it, held with the actual minutes and the team asked for feedback', async () => {
    const early = await sessionAction(mentor, sid, 'record', { outcome: 'held', actualMinutes: '60' });
    expect(early.status).to.equal(409);
    expect(early.text).to.contain(text('mentoring.errors.notEnded'));
    expect((await stored(sid))?.status).to.equal('scheduled');

    const past = String((await makeSession(mentor.user._id, s.startup._id, { start: new Date(Date.now() - 3 * 3_600_000), topic: 'Bilan', mentorName: 'Sophie Lefèvre' }))._id);
    const missing = await sessionAction(mentor, past, 'record', { outcome: 'held' });
    expect(missing.status).to.equal(422);
    expect(fieldMessage(missing.text, 'actualMinutes')).to.equal(text('validation.required'));
    const held = await sessionAction(mentor, past, 'record', { outcome: 'held', actualMinutes: '45' });
    expect(held.status).to.equal(303);
    expect(await stored(past)).to.include({ status: 'completed', actualMinutes: 45 });
    expect(await notificationsOf('mentoring.feedbackRequested')).to.deep.equal(Object.fromEntries(founders().map((f) => [f, 1])));
  });

  it('refused transitions change nothing: recording a cancelled session, cancelling or moving a completed one', async () => {
    const ago = new Date(Date.now() - 5 * 3_600_000);
    const cancelled = String((await makeSession(mentor.user._id, s.startup._id, { start: ago, status: 'cancelled', cancelReason: 'Grève' }))._id);
    const record = await sessionAction(mentor, cancelled, 'record', { outcome: 'held', actualMinutes: '60' });
    expect(record.status).to.equal(409);
    expect(record.text).to.contain(text('mentoring.errors.notScheduled'));
    expect(await stored(cancelled)).to.include({ status: 'cancelled', cancelReason: 'Grève' });

    const completed = String((await makeSession(mentor.user._id, s.startup._id, { start: new Date(utc('2026-01-05T09:00:00Z')), status: 'completed', actualMinutes: 50 }))._id);
    expect((await sessionAction(mentor, completed, 'cancel', { reason: 'Erreur' })).status).to.equal(409);
    expect((await sessionAction(mentor, completed, 'move', planFields({ day: '2030-12-02' }))).status).to.equal(409);
    const after = await stored(completed);
    expect([after?.status, after?.cancelReason, after?.actualMinutes, iso(after?.start), after?.__v]).to.deep.equal(['completed', '', 50, '2026-01-05T09:00:00.000Z', 0]);
    expect(await notificationsOf('mentoring.cancelled')).to.deep.equal({});
    expect(await notificationsOf('mentoring.moved')).to.deep.equal({});
  });
});

describe('mentoring sessions: who may plan', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof startupWithTeam>>;

  beforeEach(async () => {
    t = makeApp();
    s = await startupWithTeam('CardioSense');
  });

  it('a founder of the startup cannot plan (403 at the guard)', async () => {
    const founder = await founderOf(t.app, [s.startup._id]);
    expect((await founder.agent.get(`/startups/${s.id}/mentoring/sessions/new`)).status).to.equal(403);
    expect((await plan(founder, s.id, planFields())).status).to.equal(403);
    expect(await sessionsCount()).to.equal(0);
  });

  it('a mentor of another startup: 404 on the plan form and on the post', async () => {
    const other = await makeStartup({ name: 'Oncolytix' });
    const stranger = await mentorOf(t.app, [other._id]);
    expect((await stranger.agent.get(`/startups/${s.id}/mentoring/sessions/new`)).status).to.equal(404);
    expect((await plan(stranger, s.id, planFields())).status).to.equal(404);
    expect(await sessionsCount()).to.equal(0);
  });

  it('a manager plans with a mentor coaching the startup, never with one who does not (422)', async () => {
    const coach = await mentorOf(t.app, [s.startup._id], 'Sophie Lefèvre');
    const outsider = await mentorOf(t.app, [], 'Paul Martin');
    const manager = await someone(t.app, 'manager');
    const form = await manager.agent.get(`/startups/${s.id}/mentoring/sessions/new`);
    expect(form.text).to.contain('Sophie Lefèvre').and.not.to.contain('Paul Martin');
    const refused = await plan(manager, s.id, planFields({ mentor: outsider.id }));
    expect(refused.status).to.equal(422);
    expect(fieldMessage(refused.text, 'mentor')).to.equal(text('mentoring.errors.mentorRequired'));
    expect(await sessionsCount()).to.equal(0);
    const ok = await plan(manager, s.id, planFields({ mentor: coach.id }));
    expect(ok.status).to.equal(303);
    expect(await stored(sessionIdFrom(ok.headers.location))).to.include({ mentorName: 'Sophie Lefèvre', plannedByName: manager.user.name });
    expect(await notificationsOf('mentoring.planned')).to.deep.equal({ [coach.id]: 1, [String(s.team[0]._id)]: 1 });
  });
});
