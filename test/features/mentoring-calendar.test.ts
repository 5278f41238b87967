import { expect } from 'chai';
import mongoose from 'mongoose';
import ical, { type ParameterValue, type VEvent } from 'node-ical';
import request from 'supertest';
import { CalendarFeed, MentoringSession } from '../../src/mentoring/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { User } from '../../src/users/model';
import { makeAssignment, makeSession, makeStartup } from '../../src/seed/factories';
import { makeApp, text, type TestApp } from '../helpers';
import { founderOf, mentorOf, plan, planFields, postAs, sessionIdFrom, someone, type Person } from './mentoring.helpers';

/**
 * The private iCalendar feed of one's sessions: a secret address shown once and kept hashed, the
 * sessions as calendars read them (exact instants, cancelled ones marked), never the notes.
 */
const NOTES = 'Confidentiel 9QX le cofondateur envisage de partir';
const DAY = 24 * 3_600_000;

/** The events of a feed, as a calendar application reads them. */
function eventsOf(ics: string): VEvent[] {
  return Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => c?.type === 'VEVENT');
}
const valueOf = (v: ParameterValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : v.val);
/** The feed's text with folded lines joined again (RFC 5545 folds long lines). */
const unfolded = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

describe('mentoring: calendar feed', () => {
  let t: TestApp;
  beforeEach(() => {
    t = makeApp();
  });

  /** Makes a new feed address (POST /calendar) and reads it off the answer page. */
  async function newFeed(who: Person): Promise<{ url: string; token: string; path: string; page: string }> {
    const res = await postAs(who, '/calendar');
    expect(res.status).to.equal(200);
    const match = /value="([^"]*\/calendar\/([^"/]+)\.ics)"/.exec(res.text);
    if (!match) throw new Error('no feed address on the answer page');
    return { url: match[1], token: match[2], path: `/calendar/${match[2]}.ics`, page: res.text };
  }
  const fetchFeed = (path: string) => request(t.app).get(path);
  /** Topics of the events of a feed that answers 200. */
  async function topicsIn(path: string): Promise<string[]> {
    const res = await fetchFeed(path);
    expect(res.status, path).to.equal(200);
    return eventsOf(res.text).map((e) => valueOf(e.summary)).sort();
  }

  it('the calendar page: founders, mentors and managers 200; partners and observers 403', async () => {
    const startup = await makeStartup();
    for (const who of [await founderOf(t.app, [startup._id]), await mentorOf(t.app, [startup._id]), await someone(t.app, 'manager')]) {
      const page = await who.agent.get('/calendar');
      expect(page.status, who.user.role).to.equal(200);
      expect(page.text).to.contain(text('mentoring.calendar.none'));
    }
    for (const role of ['partner', 'observer'] as const) {
      const who = await someone(t.app, role);
      expect((await who.agent.get('/calendar')).status, role).to.equal(403);
      expect((await postAs(who, '/calendar')).status, role).to.equal(403);
    }
    expect(await CalendarFeed.countDocuments()).to.equal(0);
  });

  it('a new address is shown once, on the answer; the page does not show it again', async () => {
    const startup = await makeStartup();
    const mentor = await mentorOf(t.app, [startup._id]);
    const feed = await newFeed(mentor);
    expect(feed.url).to.equal(`${t.config.baseUrl}/calendar/${feed.token}.ics`);
    expect(feed.page).to.contain(text('mentoring.calendar.shownOnce'));
    expect((await fetchFeed(feed.path)).status).to.equal(200);

    const again = await mentor.agent.get('/calendar');
    expect(again.status).to.equal(200);
    expect(again.text).not.to.contain(feed.token);
    expect(again.text).not.to.contain('.ics');
    expect(again.text).to.contain(text('mentoring.calendar.regenerate'));
    expect(again.text).to.contain(text('mentoring.calendar.remove'));
  });

  it('a mentor’s feed: their sessions on the startups they coach, exact instants across the change of time, cancelled ones marked, no notes', async () => {
    const cardio = await makeStartup({ name: 'CardioSense' });
    const onco = await makeStartup({ name: 'Oncolytix' });
    const former = await makeStartup({ name: 'NeuroPulse' });
    const mentor = await mentorOf(t.app, [cardio._id, onco._id], 'Sophie Lefèvre');
    const colleague = await mentorOf(t.app, [cardio._id], 'Marc Aubert');
    await makeAssignment({ mentor: mentor.user._id, startup: former._id, from: new Date(Date.now() - 90 * DAY), to: new Date(Date.now() - 10 * DAY) });

    // Planned through the form at 10:00 Paris: summer time on the 24th, winter time on the 31st (clocks go back on 2030-10-27).
    const first = await plan(mentor, String(cardio._id), planFields({ day: '2030-10-24', time: '10:00', topic: 'Dossier de marquage CE' }));
    const second = await plan(mentor, String(cardio._id), planFields({ day: '2030-10-31', time: '10:00', topic: 'Essai clinique' }));
    expect([first.status, second.status]).to.deep.equal([303, 303]);
    await MentoringSession.updateOne({ _id: sessionIdFrom(first.headers.location) }, { $set: { notes: NOTES } });
    await makeSession(mentor.user._id, onco._id, { start: new Date('2030-11-05T13:00:00Z'), topic: 'Stratégie de remboursement', status: 'cancelled', cancelReason: 'Report', notes: NOTES });
    await makeSession(mentor.user._id, former._id, { start: new Date('2030-11-06T13:00:00Z'), topic: 'Ancienne startup' });
    await makeSession(colleague.user._id, cardio._id, { start: new Date('2030-11-07T13:00:00Z'), topic: 'Séance du collègue' });

    const feed = await newFeed(mentor);
    const res = await fetchFeed(feed.path);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/calendar/);
    const events = eventsOf(res.text);
    const byTopic = (topic: string) => {
      const found = events.filter((e) => valueOf(e.summary).includes(topic));
      expect(found, topic).to.have.length(1);
      return found[0];
    };
    expect(events).to.have.length(3);

    const ce = byTopic('Dossier de marquage CE');
    expect(valueOf(ce.summary)).to.contain('CardioSense');
    expect(ce.start.toISOString()).to.equal('2030-10-24T08:00:00.000Z');
    expect(ce.end?.toISOString()).to.equal('2030-10-24T09:00:00.000Z');
    expect(ce.status).to.equal('CONFIRMED');
    const trial = byTopic('Essai clinique');
    expect(valueOf(trial.summary)).to.contain('CardioSense');
    expect(trial.start.toISOString()).to.equal('2030-10-31T09:00:00.000Z');
    expect(trial.end?.toISOString()).to.equal('2030-10-31T10:00:00.000Z');
    const cancelled = byTopic('Stratégie de remboursement');
    expect(valueOf(cancelled.summary)).to.contain('Oncolytix');
    expect(cancelled.status).to.equal('CANCELLED');
    expect(res.text.match(/^STATUS:CANCELLED\r?$/gm)).to.have.length(1);

    for (const body of [res.text, unfolded(res.text)]) expect(body).not.to.contain('Confidentiel 9QX');
    for (const e of events) expect(valueOf(e.description)).not.to.contain('Confidentiel');
  });

  it('a founder’s feed holds their startup’s sessions, whoever the mentor', async () => {
    const cardio = await makeStartup({ name: 'CardioSense' });
    const onco = await makeStartup({ name: 'Oncolytix' });
    const mentor = await mentorOf(t.app, [cardio._id, onco._id]);
    const colleague = await mentorOf(t.app, [cardio._id]);
    await makeSession(mentor.user._id, cardio._id, { start: new Date('2030-10-24T08:00:00Z'), topic: 'Dossier de marquage CE', notes: NOTES });
    await makeSession(colleague.user._id, cardio._id, { start: new Date('2030-10-25T08:00:00Z'), topic: 'Levée de fonds' });
    await makeSession(mentor.user._id, onco._id, { start: new Date('2030-10-26T08:00:00Z'), topic: 'Stratégie de remboursement' });
    const founder = await founderOf(t.app, [cardio._id]);
    const feed = await newFeed(founder);
    const res = await fetchFeed(feed.path);
    const topics = eventsOf(res.text).map((e) => valueOf(e.summary));
    expect(topics).to.have.length(2);
    expect(topics.some((s) => s.includes('CardioSense') && s.includes('Dossier de marquage CE'))).to.equal(true);
    expect(topics.some((s) => s.includes('Levée de fonds'))).to.equal(true);
    expect(unfolded(res.text)).not.to.contain('Confidentiel 9QX');
  });

  it('the token is kept hashed and never reaches the logs, even once the feed is fetched', async () => {
    const startup = await makeStartup();
    const mentor = await mentorOf(t.app, [startup._id]);
    await makeSession(mentor.user._id, startup._id, { start: new Date('2030-10-24T08:00:00Z') });
    const feed = await newFeed(mentor);
    expect((await fetchFeed(feed.path)).status).to.equal(200);
    expect((await fetchFeed(feed.path)).status).to.equal(200);

    const stored = await CalendarFeed.find({}).lean();
    expect(stored).to.have.length(1);
    expect(String(stored[0].user)).to.equal(mentor.id);
    expect(stored[0]._id).not.to.equal(feed.token);
    const db = mongoose.connection.db;
    if (!db) throw new Error('no database');
    const raw = await db.collection('calendarfeeds').find({}).toArray();
    expect(JSON.stringify(raw)).not.to.contain(feed.token);

    expect(t.logs.length).to.be.greaterThan(0);
    expect(t.logs.some((line) => line.includes('/calendar/'))).to.equal(true, 'the feed requests are logged');
    expect(t.logs.filter((line) => line.includes(feed.token))).to.deep.equal([]);
  });

  it('a new address replaces the old one (404); wrong or malformed tokens 404', async () => {
    const startup = await makeStartup();
    const mentor = await mentorOf(t.app, [startup._id]);
    const old = await newFeed(mentor);
    const renewed = await newFeed(mentor);
    expect(renewed.token).not.to.equal(old.token);
    expect((await fetchFeed(old.path)).status).to.equal(404);
    expect((await fetchFeed(renewed.path)).status).to.equal(200);
    expect(await CalendarFeed.countDocuments({ user: mentor.user._id })).to.equal(1);

    const flipped = `${renewed.token.slice(0, -1)}${renewed.token.endsWith('A') ? 'B' : 'A'}`;
    const wrong = [`/calendar/${flipped}.ics`, `/calendar/${'x'.repeat(43)}.ics`, '/calendar/abc.ics', `/calendar/${renewed.token}`, `/calendar/${renewed.token}.ics.txt`, `/calendar/${renewed.token}x.ics`, '/calendar/.ics'];
    for (const path of wrong) expect((await fetchFeed(path)).status, path).to.equal(404);
  });

  it('turning the feed off: its address 404; the page offers a new one', async () => {
    const startup = await makeStartup();
    const founder = await founderOf(t.app, [startup._id]);
    const feed = await newFeed(founder);
    const removed = await postAs(founder, '/calendar/remove');
    expect(removed.status).to.equal(303);
    expect(removed.headers.location).to.equal('/calendar');
    expect((await fetchFeed(feed.path)).status).to.equal(404);
    const page = await founder.agent.get('/calendar');
    expect(page.text).to.contain(text('mentoring.calendar.removed'));
    expect(page.text).to.contain(text('mentoring.calendar.create'));
    expect(await CalendarFeed.countDocuments()).to.equal(0);
  });

  it('a deactivated user’s feed 404', async () => {
    const startup = await makeStartup();
    const mentor = await mentorOf(t.app, [startup._id]);
    await makeSession(mentor.user._id, startup._id, { start: new Date('2030-10-24T08:00:00Z') });
    const feed = await newFeed(mentor);
    expect((await fetchFeed(feed.path)).status).to.equal(200);
    await User.updateOne({ _id: mentor.user._id }, { $set: { active: false } });
    const res = await fetchFeed(feed.path);
    expect(res.status).to.equal(404);
    expect(res.text).not.to.contain('BEGIN:VEVENT');
  });

  it('a mentor whose assignment ends no longer has that startup’s sessions in the feed, from the next fetch', async () => {
    const cardio = await makeStartup({ name: 'CardioSense' });
    const onco = await makeStartup({ name: 'Oncolytix' });
    const mentor = await mentorOf(t.app, [cardio._id, onco._id]);
    await makeSession(mentor.user._id, cardio._id, { start: new Date('2030-10-24T08:00:00Z'), topic: 'Dossier de marquage CE' });
    await makeSession(mentor.user._id, onco._id, { start: new Date('2030-10-25T08:00:00Z'), topic: 'Stratégie de remboursement' });
    const feed = await newFeed(mentor);
    expect(await topicsIn(feed.path)).to.have.length(2);

    const manager = await someone(t.app, 'manager');
    const assignment = await MentorAssignment.findOne({ mentor: mentor.user._id, startup: cardio._id }).lean();
    if (!assignment) throw new Error('no assignment');
    const ended = await postAs(manager, `/startups/${String(cardio._id)}/mentoring/assignments/${String(assignment._id)}/end`, { version: String(assignment.__v ?? 0), note: '' });
    expect(ended.status).to.equal(303);
    expect(ended.headers.location).to.equal(`/startups/${String(cardio._id)}/mentoring`);

    const topics = await topicsIn(feed.path);
    expect(topics).to.have.length(1);
    expect(topics[0]).to.contain('Stratégie de remboursement');
  });
});
