import { expect } from 'chai';
import type { Types } from 'mongoose';
import { makeAssignment, makeMentorProfile, makeSession, makeStartup, makeUser } from '../../src/seed/factories';
import { makeApp, sharedWorld, text, type TestApp } from '../helpers';
import { csvRows, fieldMessage, founderOf, mentorOf, postAs, rowOf, someone, type Person } from './mentoring.helpers';

/** The managers' reports and lists: hours per Paris month, the mentor directory, the sessions list, the home. */
const DAY = 24 * 3_600_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const NO_HOURS = Array<string>(9).fill('·');

const mentorNames = (html: string) => [...html.matchAll(/<a href="\/mentors\/[0-9a-f]{24}" class="fw-semibold">([^<]+)<\/a>/g)].map((m) => m[1]);
const sessionLinks = (html: string) => [...html.matchAll(/href="\/mentoring\/sessions\/([0-9a-f]{24})"/g)].map((m) => m[1]);

describe('mentoring: hours, directory, sessions list, managers’ home', () => {
  let t: TestApp;

  describe('hours report', () => {
    let manager: Person;
    sharedWorld(async () => {
      t = makeApp();
      const cardio = await makeStartup({ name: 'CardioSense' });
      const onco = await makeStartup({ name: 'Oncolytix' });
      const alice = await makeUser({ role: 'mentor', name: 'Alice Martin' });
      const bob = await makeUser({ role: 'mentor', name: 'Bob Durand' });
      const held = (mentor: typeof alice, startup: Types.ObjectId, iso: string, minutes: number, status: 'completed' | 'no_show' | 'cancelled' | 'scheduled' = 'completed') =>
        makeSession(mentor._id, startup, { start: new Date(iso), status, actualMinutes: status === 'completed' ? minutes : undefined, durationMinutes: 60, mentorName: mentor.name });
      await held(alice, cardio._id, '2028-12-31T23:30:00Z', 60); // Paris: 1 January 2029
      await held(alice, cardio._id, '2029-01-31T23:30:00Z', 90); // Paris: 1 February
      await held(alice, cardio._id, '2029-03-10T09:00:00Z', 60);
      await held(alice, cardio._id, '2029-12-31T23:30:00Z', 30); // Paris: 1 January 2030
      await held(alice, cardio._id, '2029-04-02T09:00:00Z', 60, 'no_show');
      await held(alice, cardio._id, '2029-04-03T09:00:00Z', 60, 'cancelled');
      await held(alice, cardio._id, '2029-04-04T09:00:00Z', 60, 'scheduled');
      await held(bob, onco._id, '2029-03-15T10:00:00Z', 120);
      await held(bob, onco._id, '2029-03-20T10:00:00Z', 30);
      await held(bob, cardio._id, '2029-06-30T22:30:00Z', 60); // Paris: 1 July
      manager = await someone(t.app, 'manager');
    });

    it('held hours per mentor and Paris month, with totals', async () => {
      const page = await manager.agent.get('/mentoring/hours?year=2029');
      expect(page.status).to.equal(200);
      expect(rowOf(page.text, 'Alice Martin')).to.deep.equal(['Alice Martin', '1', '1,5', '1', ...NO_HOURS, '3,5', '3']);
      expect(rowOf(page.text, 'Bob Durand')).to.deep.equal(['Bob Durand', '·', '·', '2,5', '·', '·', '·', '1', '·', '·', '·', '·', '·', '3,5', '3']);
      expect(rowOf(page.text, text('mentoring.hours.allRows'))).to.deep.equal([text('mentoring.hours.allRows'), '1', '1,5', '3,5', '0', '0', '0', '1', '0', '0', '0', '0', '0', '7', '6']);
      const next = await manager.agent.get('/mentoring/hours?year=2030');
      expect(rowOf(next.text, 'Alice Martin')).to.deep.equal(['Alice Martin', '0,5', '·', '·', ...NO_HOURS, '0,5', '1']);
      expect(next.text).not.to.contain('Bob Durand');
    });

    it('per startup, and a search keeps the rows it names (totals of those rows)', async () => {
      const byStartup = await manager.agent.get('/mentoring/hours?year=2029&by=startup');
      expect(rowOf(byStartup.text, 'CardioSense')).to.deep.equal(['CardioSense', '1', '1,5', '1', '·', '·', '·', '1', '·', '·', '·', '·', '·', '4,5', '4']);
      expect(rowOf(byStartup.text, 'Oncolytix')).to.deep.equal(['Oncolytix', '·', '·', '2,5', ...NO_HOURS, '2,5', '2']);
      const searched = await manager.agent.get('/mentoring/hours?year=2029&q=ali');
      expect(searched.text).to.contain('Alice Martin');
      expect(searched.text).not.to.contain('Bob Durand');
      expect(rowOf(searched.text, text('mentoring.hours.allRows')).slice(-2)).to.deep.equal(['3,5', '3']);
    });

    it('the CSV holds the same numbers (decimal comma, semicolons, byte-order mark)', async () => {
      const csv = await manager.agent.get('/mentoring/hours.csv?year=2029');
      expect(csv.status).to.equal(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      expect(csv.text.startsWith('\uFEFF')).to.equal(true);
      expect(csv.text.split('\r\n')[0].split(';')).to.have.length(15);
      const rows = csvRows(csv.text);
      const zeros = Array<string>(9).fill('0');
      expect(rows[0][0]).to.equal(text('mentoring.hours.by.coach'));
      expect(rows[0].slice(-2)).to.deep.equal([text('mentoring.hours.total'), text('mentoring.hours.sessions')]);
      expect(rows.slice(1)).to.deep.equal([
        ['Alice Martin', '1', '1,5', '1', ...zeros, '3,5', '3'],
        ['Bob Durand', '0', '0', '2,5', '0', '0', '0', '1', '0', '0', '0', '0', '0', '3,5', '3'],
      ]);
      const byStartup = csvRows((await manager.agent.get('/mentoring/hours.csv?year=2029&by=startup&q=onco')).text);
      expect(byStartup.slice(1)).to.deep.equal([['Oncolytix', '0', '0', '2,5', ...zeros, '2,5', '2']]);
    });

    it('founders and mentors: 403', async () => {
      for (const role of ['founder', 'mentor'] as const) {
        const who = await someone(t.app, role);
        for (const path of ['/mentoring/hours?year=2029', '/mentoring/hours.csv?year=2029']) expect((await who.agent.get(path)).status, `${role} ${path}`).to.equal(403);
      }
    });
  });

  describe('mentor directory', () => {
    let manager: Person;
    let alice: Person;
    let bobId: string;
    sharedWorld(async () => {
      t = makeApp();
      const [s1, s2, s3, s4] = await Promise.all(['CardioSense', 'Oncolytix', 'NeuroPulse', 'DermaScan'].map((name) => makeStartup({ name })));
      alice = await mentorOf(t.app, [s1._id, s2._id], 'Alice Martin');
      await makeMentorProfile(alice.user._id, { expertise: ['regulatory', 'clinical'], languages: ['fr', 'en'], capacityStartups: 2 });
      await makeSession(alice.user._id, s1._id, { start: daysAgo(5), status: 'completed', feedback: { rating: 5 } });
      await makeSession(alice.user._id, s2._id, { start: daysAgo(6), status: 'completed', feedback: { rating: 4 } });
      const bob = await makeUser({ role: 'mentor', name: 'Bob Durand' });
      bobId = String(bob._id);
      await makeMentorProfile(bob._id, { expertise: ['fundraising'], languages: ['fr'], capacityStartups: 3 });
      await makeAssignment({ mentor: bob._id, startup: s3._id, from: daysAgo(10) });
      await makeUser({ role: 'mentor', name: 'Chloé Bernard' }); // no profile yet: French, 3 places
      const dieter = await makeUser({ role: 'mentor', name: 'Dieter Kohl' });
      await makeMentorProfile(dieter._id, { expertise: ['regulatory'], languages: ['de', 'en'], capacityStartups: 1 });
      await makeAssignment({ mentor: dieter._id, startup: s4._id, from: daysAgo(60), to: daysAgo(10) });
      await makeUser({ role: 'mentor', name: 'Eve Partie', active: false });
      manager = await someone(t.app, 'manager');
    });

    it('filters by expertise, language, a free place, and searches by name', async () => {
      const list = async (query: string) => mentorNames((await manager.agent.get(`/mentors${query}`)).text);
      expect(await list('')).to.deep.equal(['Alice Martin', 'Bob Durand', 'Chloé Bernard', 'Dieter Kohl']);
      expect(await list('?expertise=regulatory')).to.deep.equal(['Alice Martin', 'Dieter Kohl']);
      expect(await list('?language=en')).to.deep.equal(['Alice Martin', 'Dieter Kohl']);
      expect(await list('?language=de')).to.deep.equal(['Dieter Kohl']);
      expect(await list('?free=1')).to.deep.equal(['Bob Durand', 'Chloé Bernard', 'Dieter Kohl']);
      expect(await list('?expertise=regulatory&free=1')).to.deep.equal(['Dieter Kohl']);
      expect(await list('?q=bob')).to.deep.equal(['Bob Durand']);
      expect(await list('?q=BERN')).to.deep.equal(['Chloé Bernard']);
      expect((await manager.agent.get('/mentors?q=zzz')).text).to.contain(text('mentoring.directory.noMatch'));
    });

    it('shows each mentor’s current startups and rating; the CSV lists the same mentors', async () => {
      const page = (await manager.agent.get('/mentors')).text;
      const row = rowOf(page, 'Alice Martin');
      expect(row[3]).to.equal(text('mentoring.directory.taken', { taken: 2, capacity: 2 }));
      expect(row[5]).to.equal('4,5 / 5 (2)');
      expect(rowOf(page, 'Bob Durand')[3]).to.equal(text('mentoring.directory.taken', { taken: 1, capacity: 3 }));
      expect(rowOf(page, 'Dieter Kohl')[3]).to.equal(text('mentoring.directory.taken', { taken: 0, capacity: 1 }));
      expect(rowOf(page, 'Chloé Bernard')[5]).to.equal('—');

      const csv = await manager.agent.get('/mentors/export.csv');
      expect(csv.status).to.equal(200);
      const rows = csvRows(csv.text);
      const col = (name: string) => rows[0].indexOf(text(`mentoring.directory.csv.${name}`));
      expect(rows.slice(1).map((r) => r[col('name')])).to.deep.equal(['Alice Martin', 'Bob Durand', 'Chloé Bernard', 'Dieter Kohl']);
      expect(rows.slice(1).map((r) => r[col('startups')])).to.deep.equal(['2', '1', '0', '0']);
      expect(rows[1][col('ratings')]).to.equal('2');
      const free = csvRows((await manager.agent.get('/mentors/export.csv?free=1&language=en')).text);
      expect(free.slice(1).map((r) => r[col('name')])).to.deep.equal(['Dieter Kohl']);
    });

    it('the directory CSV writes decimals with a comma, like the hours CSV', async () => {
      const rows = csvRows((await manager.agent.get('/mentors/export.csv?q=alice')).text);
      expect(rows[1][rows[0].indexOf(text('mentoring.directory.csv.rating'))]).to.equal('4,5');
    });

    it('a mentor: their own page 200, another mentor’s 404, the directory 403', async () => {
      expect((await alice.agent.get(`/mentors/${alice.id}`)).status).to.equal(200);
      expect((await alice.agent.get(`/mentors/${bobId}`)).status).to.equal(404);
      expect((await alice.agent.get(`/mentors/${bobId}/edit`)).status).to.equal(404);
      expect((await postAs(alice, `/mentors/${bobId}`, { languages: 'fr', capacityStartups: '1', capacityHours: '1', version: '0' })).status).to.equal(404);
      for (const path of ['/mentors', '/mentors/export.csv']) expect((await alice.agent.get(path)).status, path).to.equal(403);
    });
  });

  describe('a mentor’s profile', () => {
    const fields = { expertise: ['ip', 'quality'], languages: ['fr', 'it'], capacityStartups: '4', capacityHours: '10', bio: 'Ancienne directrice qualité.', availability: 'Mardis après-midi', version: '0' };

    it('the mentor edits their own; no language 422; a stale version 409 with what is stored now', async () => {
      t = makeApp();
      const mentor = await mentorOf(t.app, []);
      await makeMentorProfile(mentor.user._id, { languages: ['fr'] });
      const { languages: _none, ...noLanguage } = fields;
      const refused = await postAs(mentor, `/mentors/${mentor.id}`, noLanguage);
      expect(refused.status).to.equal(422);
      expect(fieldMessage(refused.text, 'languages')).to.equal(text('validation.required'));
      expect(refused.text).to.contain('Mardis après-midi');

      const saved = await postAs(mentor, `/mentors/${mentor.id}`, fields);
      expect(saved.headers.location).to.equal(`/mentors/${mentor.id}`);
      const page = (await mentor.agent.get(`/mentors/${mentor.id}`)).text;
      for (const shown of [text('mentoring.profile.saved'), text('mentoring.expertise.ip'), text('mentoring.expertise.quality'), 'Français, Italien', text('mentoring.profile.capacity', { startups: 4, hours: 10 }), 'Ancienne directrice qualité.']) expect(page).to.contain(shown);

      const manager = await someone(t.app, 'manager');
      const stale = await postAs(manager, `/mentors/${mentor.id}`, { ...fields, availability: 'Jamais', version: '0' });
      expect(stale.status).to.equal(409);
      expect(stale.text).to.contain(text('errors.staleEdit'));
      expect(stale.text).to.contain('value="Mardis après-midi"');
    });

    it('the first save of a profile: a second form drawn before it is stale too (409)', async () => {
      t = makeApp();
      const mentor = await mentorOf(t.app, []);
      const manager = await someone(t.app, 'manager');
      // Both open the form while no profile exists (version 0), the mentor saves first.
      expect((await postAs(mentor, `/mentors/${mentor.id}`, fields)).status).to.equal(303);
      const late = await postAs(manager, `/mentors/${mentor.id}`, { ...fields, availability: 'Jamais', version: '0' });
      expect(late.status).to.equal(409);
      expect((await mentor.agent.get(`/mentors/${mentor.id}`)).text).to.contain('Mardis après-midi');
    });
  });

  describe('sessions list', () => {
    let manager: Person;
    let sophie: Person;
    let founder: Person;
    sharedWorld(async () => {
      t = makeApp();
      const [cardio, onco, neuro] = await Promise.all(['CardioSense', 'Oncolytix', 'NeuroPulse'].map((name) => makeStartup({ name })));
      sophie = await mentorOf(t.app, [cardio._id], 'Sophie Lefèvre');
      await makeAssignment({ mentor: sophie.user._id, startup: neuro._id, from: daysAgo(90), to: daysAgo(20) });
      const marc = await mentorOf(t.app, [cardio._id, onco._id], 'Marc Aubert');
      const at = (days: number, hour = 9) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000);
      const s = (mentor: Person, startup: Types.ObjectId, start: Date, topic: string, status: 'scheduled' | 'completed' | 'cancelled' = 'scheduled') => makeSession(mentor.user._id, startup, { start, topic, status, mentorName: mentor.user.name });
      for (let i = 1; i <= 11; i += 1) await s(sophie, cardio._id, at(i), `Préparation ${String(i).padStart(2, '0')}`);
      for (let i = 1; i <= 8; i += 1) await s(sophie, cardio._id, at(-i), `Bilan ${String(i).padStart(2, '0')}`, 'completed');
      await s(sophie, neuro._id, at(-30), 'Ancienne startup', 'completed');
      for (let i = 1; i <= 3; i += 1) await s(marc, onco._id, at(-40 - i), `Annulée ${i}`, 'cancelled');
      for (let i = 1; i <= 2; i += 1) await s(marc, cardio._id, at(20 + i), `Remboursement ${i}`);
      manager = await someone(t.app, 'manager');
      founder = await founderOf(t.app, [cardio._id]);
    });
    const count = async (who: Person, query: string) => csvRows((await who.agent.get(`/mentoring/sessions/export.csv${query}`)).text).length - 1;

    it('pages of 20, upcoming first; the CSV holds every session of the list', async () => {
      const first = await manager.agent.get('/mentoring/sessions');
      const second = await manager.agent.get('/mentoring/sessions?page=2');
      expect(sessionLinks(first.text)).to.have.length(20);
      expect(sessionLinks(second.text)).to.have.length(5);
      expect(new Set([...sessionLinks(first.text), ...sessionLinks(second.text)]).size).to.equal(25);
      expect(first.text.indexOf('Préparation 01')).to.be.lessThan(first.text.indexOf('Préparation 02'));
      expect(second.text).to.contain(text('list.showing', { page: 2, pages: 2, total: 25 }));
      expect(second.text).to.contain('Annulée 3');
      expect(await count(manager, '')).to.equal(25);
    });

    it('filters by status, period and text; the CSV exports exactly the filtered list', async () => {
      const cases: [string, number][] = [['?status=completed', 9], ['?when=upcoming', 13], ['?when=past', 12], ['?when=past&status=cancelled', 3], ['?q=rembours', 2], ['?q=oncolytix', 3], ['?q=Marc', 5], ['?status=no_show', 0]];
      for (const [query, n] of cases) {
        const page = await manager.agent.get(`/mentoring/sessions${query}`);
        expect(sessionLinks(page.text), query).to.have.length(n);
        expect(await count(manager, query), query).to.equal(n);
      }
      const held = csvRows((await manager.agent.get('/mentoring/sessions/export.csv?status=completed')).text);
      expect(new Set(held.slice(1).map((r) => r[6]))).to.deep.equal(new Set([text('mentoring.statuses.completed')]));
      expect((await manager.agent.get('/mentoring/sessions?status=no_show')).text).to.contain(text('mentoring.sessions.noMatch'));
    });

    it('a mentor sees their own sessions on the startups they coach now; a founder their startup’s', async () => {
      const mine = (await sophie.agent.get('/mentoring/sessions?when=past')).text;
      expect(sessionLinks(mine)).to.have.length(8);
      expect(await count(sophie, '')).to.equal(19);
      expect(mine).not.to.contain('Ancienne startup');
      expect(await count(sophie, '?q=rembours')).to.equal(0);
      const theirs = csvRows((await founder.agent.get('/mentoring/sessions/export.csv')).text);
      expect(theirs).to.have.length(22);
      const topics = theirs.slice(1).map((r) => r[5]);
      expect(topics).to.include('Remboursement 1');
      expect(topics.some((topic) => topic.startsWith('Annulée') || topic === 'Ancienne startup')).to.equal(false);
    });

    it('shows the filter bar once the list is long enough to need it, or when a filter is set', async () => {
      const bar = 'action="/mentoring/sessions" class="row';
      expect((await manager.agent.get('/mentoring/sessions')).text, '25 sessions').to.contain(bar);
      const dermai = await makeStartup({ name: 'DermAI' });
      const few = await mentorOf(t.app, [dermai._id], 'Nadia Colin');
      await makeSession(few.user._id, dermai._id, { start: new Date(Date.now() + DAY), topic: 'Premier rendez-vous', mentorName: 'Nadia Colin' });
      const mine = (await few.agent.get('/mentoring/sessions')).text;
      expect([sessionLinks(mine).length, mine.includes(bar)], 'her one session, no bar').to.deep.equal([1, false]);
      expect((await few.agent.get('/mentoring/sessions?q=zzz')).text, 'a filter in the address keeps the bar').to.contain(bar);
    });
  });

  describe('managers’ home', () => {
    it('the next 7 days’ sessions, active startups without a session for 60 days, mentors over capacity', async () => {
      t = makeApp();
      const mentor = await makeUser({ role: 'mentor', name: 'Sophie Lefèvre' });
      const [cardio, quietus, annulix, alumnia, futura] = await Promise.all(['CardioSense', 'Quietus', 'Annulix', 'Alumnia', 'Futura'].map((name) => makeStartup({ name, status: name === 'Alumnia' ? 'alumni' : 'active' })));
      await makeSession(mentor._id, cardio._id, { start: new Date(Date.now() + 2 * DAY), topic: 'Cette semaine', mentorName: 'Sophie Lefèvre' });
      await makeSession(mentor._id, quietus._id, { start: daysAgo(70), status: 'completed' });
      await makeSession(mentor._id, annulix._id, { start: new Date(Date.now() + 3 * DAY), status: 'cancelled' });
      await makeSession(mentor._id, futura._id, { start: new Date(Date.now() + 10 * DAY) });
      const full = await makeUser({ role: 'mentor', name: 'Olivier Plein' });
      await makeMentorProfile(full._id, { capacityStartups: 1 });
      for (const s of [cardio, quietus]) await makeAssignment({ mentor: full._id, startup: s._id, from: daysAgo(5) });
      const fits = await makeUser({ role: 'mentor', name: 'Paula Juste' });
      await makeMentorProfile(fits._id, { capacityStartups: 1 });
      await makeAssignment({ mentor: fits._id, startup: alumnia._id, from: daysAgo(5) });

      const manager = await someone(t.app, 'manager');
      const home = (await manager.agent.get('/')).text;
      const section = home.slice(home.indexOf('id="mentoring-title"'));
      const [week, quiet, over] = section.slice(0, section.indexOf('</section>')).split('<div class="col-lg-4">').slice(1);
      expect(week).to.contain(text('mentoring.home.thisWeek', { count: 1 }));
      expect(week).to.contain('CardioSense');
      for (const name of ['Futura', 'Annulix']) expect(week).not.to.contain(name);
      expect(quiet).to.contain(text('mentoring.home.quiet', { count: 2, days: 60 }));
      expect(quiet).to.contain('Quietus');
      expect(quiet).to.contain('Annulix');
      for (const name of ['CardioSense', 'Futura', 'Alumnia']) expect(quiet).not.to.contain(name);
      expect(over).to.contain('Olivier Plein');
      expect(over).to.contain(text('mentoring.directory.taken', { taken: 2, capacity: 1 }));
      expect(over).not.to.contain('Paula Juste');
    });
  });
});
