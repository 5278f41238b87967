import { expect } from 'chai';
import { parisWallTime } from '../../src/core/time';
import { MentoringSession, OfficeHourSlot } from '../../src/mentoring/model';
import { makeSession, makeSlot } from '../../src/seed/factories';
import { makeApp, text, type TestApp } from '../helpers';
import { book, fieldMessage, founderOf, mentorOf, notificationsOf, publish, sessionAction, sessionIdFrom, sessionsCount, slotStatus, someone, startupWithTeam, type Person } from './mentoring.helpers';

const iso = (d: Date | undefined) => d?.toISOString();
const bookAction = (slotId: unknown) => `action="/office-hours/${String(slotId)}/book"`;

describe('office hours: publishing', () => {
  let t: TestApp;
  let mentor: Person;

  beforeEach(async () => {
    t = makeApp();
    mentor = await mentorOf(t.app, [], 'Sophie Lefèvre');
  });

  it('a mentor publishes a slot weekly for 3 weeks across the October clock change; the same form again publishes none more', async () => {
    const res = await publish(mentor, { day: '2030-10-17', time: '14:00', repeatWeeks: '3' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/office-hours');
    const page = await mentor.agent.get('/office-hours');
    expect(page.text).to.contain(text('mentoring.officeHours.published', { count: 3 }));
    const slots = await OfficeHourSlot.find({ mentor: mentor.user._id }).sort({ start: 1 }).lean();
    expect(slots.map((s) => [iso(s.start), iso(s.end), s.status])).to.deep.equal([
      ['2030-10-17T12:00:00.000Z', '2030-10-17T12:30:00.000Z', 'open'],
      ['2030-10-24T12:00:00.000Z', '2030-10-24T12:30:00.000Z', 'open'],
      ['2030-10-31T13:00:00.000Z', '2030-10-31T13:30:00.000Z', 'open'],
    ]);
    const again = await publish(mentor, { day: '2030-10-17', time: '14:00', repeatWeeks: '3' });
    expect(again.status).to.equal(303);
    expect(await OfficeHourSlot.countDocuments({})).to.equal(3);
  });

  it('refuses slots meeting one of the mentor’s sessions or slots (422 naming it, nothing published) and a day in the past', async () => {
    const s = await startupWithTeam('CardioSense');
    await makeSession(mentor.user._id, s.startup._id, { start: new Date('2030-10-31T13:00:00Z'), topic: 'Levée de fonds', mentorName: 'Sophie Lefèvre' });
    const onSession = await publish(mentor, { day: '2030-10-17', time: '14:00', repeatWeeks: '3' });
    expect(onSession.status).to.equal(422);
    expect(fieldMessage(onSession.text, 'day')).to.equal(text('mentoring.errors.mentorBusy', { day: '31/10/2030', from: '14:00', to: '15:00', topic: 'Levée de fonds', startup: 'CardioSense' }));
    expect(await OfficeHourSlot.countDocuments({})).to.equal(0);

    await makeSlot(mentor.user._id, new Date('2030-11-07T13:00:00Z'), { mentorName: 'Sophie Lefèvre' });
    const onSlot = await publish(mentor, { day: '2030-11-07', time: '14:15' });
    expect(onSlot.status).to.equal(422);
    expect(fieldMessage(onSlot.text, 'day')).to.equal(text('mentoring.errors.slotOverlap', { day: '07/11/2030', from: '14:00', to: '14:30' }));
    expect(await OfficeHourSlot.countDocuments({})).to.equal(1);

    const yesterday = parisWallTime(new Date(Date.now() - 24 * 3_600_000)).day;
    const past = await publish(mentor, { day: yesterday, time: '14:00' });
    expect(past.status).to.equal(422);
    expect(fieldMessage(past.text, 'day')).to.equal(text('mentoring.errors.slotInPast'));
    expect(await OfficeHourSlot.countDocuments({})).to.equal(1);
  });
});

describe('office hours: booking', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof startupWithTeam>>;
  let b: Awaited<ReturnType<typeof startupWithTeam>>;
  let mentor: Person;
  let fa: Person;
  let fb: Person;
  let slot: string;
  let spare: string;

  beforeEach(async () => {
    t = makeApp();
    a = await startupWithTeam('CardioSense', 0);
    b = await startupWithTeam('Oncolytix', 0);
    mentor = await mentorOf(t.app, [a.startup._id, b.startup._id], 'Sophie Lefèvre');
    fa = await founderOf(t.app, [a.startup._id]);
    fb = await founderOf(t.app, [b.startup._id]);
    slot = String((await makeSlot(mentor.user._id, new Date('2030-10-24T12:00:00Z'), { mentorName: 'Sophie Lefèvre' }))._id);
    spare = String((await makeSlot(mentor.user._id, new Date('2030-10-25T12:00:00Z'), { mentorName: 'Sophie Lefèvre' }))._id);
  });

  it('a founder sees the open slot and books it: a session on that slot, the slot booked, the mentor told; others no longer see it', async () => {
    const page = await fa.agent.get('/office-hours');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(bookAction(slot)).and.to.contain('Sophie Lefèvre');
    expect((await fb.agent.get('/office-hours')).text).to.contain(bookAction(slot));

    const res = await book(fa, slot, a.id, 'Stratégie réglementaire');
    expect(res.status).to.equal(303);
    const session = await MentoringSession.findOne({ _id: sessionIdFrom(res.headers.location) }).lean();
    expect([String(session?.slot), String(session?.startup), String(session?.mentor), iso(session?.start), iso(session?.end), session?.topic, session?.status]).to.deep.equal([
      slot, a.id, mentor.id, '2030-10-24T12:00:00.000Z', '2030-10-24T12:30:00.000Z', 'Stratégie réglementaire', 'scheduled',
    ]);
    expect(await slotStatus(slot)).to.equal('booked');
    expect(await notificationsOf('mentoring.booked')).to.deep.equal({ [mentor.id]: 1 });
    const other = await fb.agent.get('/office-hours');
    expect(other.text).not.to.contain(bookAction(slot));
    expect(other.text).to.contain(bookAction(spare));
  });

  it('two founders booking the same slot at the same moment: one session; the other told (409) with the slots still open', async () => {
    const results = await Promise.all([book(fa, slot, a.id, 'Sujet A'), book(fb, slot, b.id, 'Sujet B')]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([303, 409]);
    expect(await sessionsCount()).to.equal(1);
    expect(await slotStatus(slot)).to.equal('booked');
    const loser = results.find((r) => r.status === 409);
    expect(loser?.text).to.contain(text('mentoring.errors.slotTaken'));
    expect(loser?.text).to.contain(bookAction(spare)).and.not.to.contain(bookAction(slot));
    expect(await notificationsOf('mentoring.booked')).to.deep.equal({ [mentor.id]: 1 });
  });

  it('the same founder posting the booking twice at once: one session, both answers successful (303)', async () => {
    const results = await Promise.all([book(fa, slot, a.id, 'Stratégie réglementaire'), book(fa, slot, a.id, 'Stratégie réglementaire')]);
    expect(await sessionsCount()).to.equal(1);
    const refused = results.find((r) => r.status !== 303);
    expect(results.map((r) => r.status), refused ? fieldMessage(refused.text, `topic-${slot}`) ?? refused.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600) : '').to.deep.equal([303, 303]);
    expect(results[1].headers.location).to.equal(results[0].headers.location);
    // Resent later (back button, resubmit): the same session again.
    const later = await book(fa, slot, a.id, 'Stratégie réglementaire');
    expect([later.status, later.headers.location]).to.deep.equal([303, results[0].headers.location]);
    expect(await sessionsCount()).to.equal(1);
  });

  it('a founder whose startup the mentor does not coach: 404; an empty topic: 422 next to that slot’s form, nothing booked', async () => {
    const c = await startupWithTeam('Neurotech', 0);
    const fc = await founderOf(t.app, [c.startup._id]);
    expect((await fc.agent.get('/office-hours')).text).not.to.contain(bookAction(slot));
    expect((await book(fc, slot, c.id, 'Intrusion')).status).to.equal(404);

    const empty = await book(fa, slot, a.id, '  ');
    expect(empty.status).to.equal(422);
    expect(fieldMessage(empty.text, `topic-${slot}`)).to.equal(text('validation.required'));
    expect(fieldMessage(empty.text, `topic-${spare}`)).to.equal(undefined);
    expect(await slotStatus(slot)).to.equal('open');
    expect(await sessionsCount()).to.equal(0);
    expect(await notificationsOf('mentoring.booked')).to.deep.equal({});
  });

  it('cancelling the booked session opens the slot again; a withdrawn slot is no longer shown; another mentor’s slot cannot be withdrawn', async () => {
    const booked = await book(fa, slot, a.id, 'Stratégie réglementaire');
    const sid = sessionIdFrom(booked.headers.location);
    expect((await sessionAction(mentor, sid, 'cancel', { reason: 'Empêchement' })).status).to.equal(303);
    expect(await slotStatus(slot)).to.equal('open');
    expect((await fb.agent.get('/office-hours')).text).to.contain(bookAction(slot));

    const colleague = await mentorOf(t.app, [a.startup._id], 'Marc Dubois');
    expect((await colleague.agent.post(`/office-hours/${spare}/cancel`).type('form').send({ _csrf: colleague.token })).status).to.equal(404);
    expect(await slotStatus(spare)).to.equal('open');

    const withdrawn = await mentor.agent.post(`/office-hours/${spare}/cancel`).type('form').send({ _csrf: mentor.token });
    expect(withdrawn.status).to.equal(303);
    expect(await slotStatus(spare)).to.equal('cancelled');
    const page = await fa.agent.get('/office-hours');
    expect(page.text).not.to.contain(bookAction(spare));
    expect(page.text).to.contain(bookAction(slot));
  });

  it('partners, observers and managers: 403 on office hours', async () => {
    for (const role of ['partner', 'observer', 'manager'] as const) {
      const who = await someone(t.app, role);
      expect((await who.agent.get('/office-hours')).status, role).to.equal(403);
      expect((await book(who, slot, a.id, 'Sujet')).status, role).to.equal(403);
      expect((await publish(who, { day: '2030-12-02', time: '10:00' })).status, role).to.equal(403);
    }
    expect(await slotStatus(slot)).to.equal('open');
    expect(await OfficeHourSlot.countDocuments({})).to.equal(2);
  });
});
