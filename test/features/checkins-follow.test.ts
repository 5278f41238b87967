import { expect } from 'chai';
import type { Types } from 'mongoose';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { remindMissing, remindOne } from '../../src/checkins/follow';
import { Checkin, CheckinReminder } from '../../src/checkins/model';
import { currentMonth, monthName, previousMonth } from '../../src/checkins/month';
import type { NotificationInput } from '../../src/notifications/service';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { toSessionUser } from '../../src/users/model';
import { csrfFrom, makeApp, postForm, resetDb, type TestApp } from '../helpers';
import { FORBIDDEN, NOT_FOUND, checkinWorld, html } from './checkins.helpers';

/** Startup names of the list, in the order shown. */
const listed = (page: string): string[] => [...page.matchAll(/<td><a href="\/startups\/[a-f0-9]{24}">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);

describe('monthly check-in: managers follow and remind', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof checkinWorld>>;
  let gamma: Awaited<ReturnType<typeof makeStartup>>;
  const month = currentMonth();
  const checkIn = (startup: { _id: Types.ObjectId }, m = month, by = 'Fanny Fondatrice') =>
    Checkin.create({ startup: startup._id, month: m, submittedBy: w.users.founder._id, submittedByName: by, figures: { asOf: new Date(), headcount: 1, fundsRaised: 0, revenue: 0 } });

  beforeEach(async () => {
    t = makeApp();
    w = await checkinWorld(t.app);
    gamma = await makeStartup({ name: 'Gamma Care', programme: w.programme._id, cohort: w.cohortA._id });
    await makeStartup({ name: 'Candidate Medtech', programme: w.programme._id, cohort: w.cohortA._id, status: 'applicant' });
  });

  it('only managers: founders, mentors, partners and observers get 403; anonymous visitors go to the login page', async () => {
    for (const role of ['founder', 'mentor', 'partner', 'observer'] as const) {
      const agent = w.agents[role];
      const list = await agent.get('/checkins');
      expect(list.status, role).to.equal(403);
      expect(list.text).to.contain(FORBIDDEN);
      expect((await postForm(agent, '/', `/checkins/${String(w.beta._id)}/remind`, {})).status, role).to.equal(403);
      expect((await postForm(agent, '/', '/checkins/remind', {})).status, role).to.equal(403);
    }
    expect(await CheckinReminder.countDocuments({})).to.equal(0);
    const anonymous = await request(t.app).get('/checkins');
    expect(anonymous.status).to.equal(302);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fcheckins');
  });

  it('lists the active startups of the month, those who have not checked in first, with the date and the author of the others', async () => {
    await checkIn(w.alpha);
    const page = await w.agents.manager.get('/checkins');
    expect(page.status).to.equal(200);
    expect(listed(page.text)).to.deep.equal(['Beta Bio', 'Gamma Care', 'Alpha Santé']);
    expect(page.text).not.to.contain('Candidate Medtech');
    expect(page.text).to.contain(html(`Points de ${monthName(month).fr} — faits : 1 · pas encore faits : 2 · startups actives : 3.`));
    expect(page.text).to.contain('par Fanny Fondatrice');
    expect(page.text).to.contain(html('Relancer toutes les startups en retard (2)'));
    expect(page.text.match(/action="\/checkins\/[a-f0-9]{24}\/remind"/g)).to.have.length(2);

    const cohortB = await w.agents.manager.get(`/checkins?cohort=${String(w.cohortB._id)}`);
    expect(listed(cohortB.text)).to.deep.equal(['Beta Bio']);
    // The filters are kept in the reminder forms, to come back to the same list.
    expect(cohortB.text).to.contain(`name="cohort" value="${String(w.cohortB._id)}"`);
    expect(listed((await w.agents.manager.get('/checkins?status=done')).text)).to.deep.equal(['Alpha Santé']);
    expect(listed((await w.agents.manager.get('/checkins?q=gam')).text)).to.deep.equal(['Gamma Care']);
    const none = await w.agents.manager.get('/checkins?q=zzz');
    expect(none.text).to.contain('Aucune startup ne correspond à ces filtres.');
  });

  it('a month picker shows past months (without reminder buttons); bad query values fall back to the defaults', async () => {
    const last = previousMonth(month);
    await checkIn(w.beta, last, 'Bruno Beta');
    const page = await w.agents.manager.get(`/checkins?month=${last}`);
    expect(listed(page.text)).to.deep.equal(['Alpha Santé', 'Gamma Care', 'Beta Bio']);
    expect(page.text).to.contain('par Bruno Beta');
    expect(page.text).to.contain(html('Mois passé : les rappels ne concernent que le mois en cours.'));
    expect(page.text).not.to.contain('/remind"');
    const bad = await w.agents.manager.get('/checkins?month=2026-13&cohort=%7B%22%24gt%22%3A%22%22%7D&page=-1');
    expect(bad.status).to.equal(200);
    expect(listed(bad.text)).to.deep.equal(['Alpha Santé', 'Beta Bio', 'Gamma Care']);
  });

  it('paginates, keeping the missing first across pages', async () => {
    for (let i = 0; i < 20; i += 1) await makeStartup({ name: `Zeta ${String(i).padStart(2, '0')}`, cohort: w.cohortA._id });
    await checkIn(w.alpha);
    const first = await w.agents.manager.get('/checkins');
    expect(listed(first.text)).to.have.length(20);
    expect(first.text).to.contain(html('?page=2'));
    const second = await w.agents.manager.get('/checkins?page=2');
    expect(listed(second.text)).to.deep.equal(['Zeta 18', 'Zeta 19', 'Alpha Santé']);
  });

  it('reminds one startup: its active founders are told, once a day at most; refused for a done check-in or no founder', async () => {
    const remind = (id: unknown) => postForm(w.agents.manager, '/checkins', `/checkins/${String(id)}/remind`, { cohort: String(w.cohortB._id) });
    const res = await remind(w.beta._id);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/checkins?cohort=${String(w.cohortB._id)}`);
    const after = await w.agents.manager.get(res.headers.location);
    expect(after.text).to.contain(html('Rappel envoyé à Beta Bio (1 fondateur·rice·s).'));
    expect(after.text).to.contain('Relancée aujourd’hui');
    expect(await CheckinReminder.countDocuments({ startup: w.beta._id })).to.equal(1);
    expect(await ActivityEntry.countDocuments({ action: 'checkin.reminded', entityId: String(w.beta._id) })).to.equal(1);

    await remind(w.beta._id);
    expect((await w.agents.manager.get('/checkins')).text).to.contain(html('Beta Bio a déjà été relancée aujourd’hui : un rappel par jour au plus.'));
    expect(await CheckinReminder.countDocuments({ startup: w.beta._id })).to.equal(1);

    await checkIn(w.alpha);
    await remind(w.alpha._id);
    expect((await w.agents.manager.get('/checkins')).text).to.contain(html('Alpha Santé a déjà fait son point ce mois-ci : aucun rappel envoyé.'));
    await remind(gamma._id);
    expect((await w.agents.manager.get('/checkins')).text).to.contain(html('Gamma Care n’a aucun compte fondateur actif : aucun rappel envoyé.'));
    expect(await CheckinReminder.countDocuments({})).to.equal(1);

    const applicant = await makeStartup({ name: 'Applicant', status: 'applicant' });
    for (const id of [applicant._id, '0123456789abcdef01234567', 'nope']) {
      const r = await postForm(w.agents.manager, '/checkins', `/checkins/${String(id)}/remind`, {});
      expect(r.status, String(id)).to.equal(404);
      expect(r.text).to.contain(NOT_FOUND);
    }
  });

  it('notifies the active founders of that startup only (not inactive accounts, not other startups’ founders), with a link to the form', async () => {
    await makeUser({ role: 'founder', name: 'Ancien Fondateur', startups: [w.alpha._id], active: false });
    const sent: NotificationInput[] = [];
    const deps = { mailer: { send: async () => undefined }, notify: async (input: NotificationInput) => void sent.push(input) };
    const result = await remindOne(toSessionUser(w.users.manager), String(w.alpha._id), deps);
    expect(result).to.include({ outcome: 'sent', recipients: 2 });
    expect(sent).to.have.length(1);
    expect(sent[0].to.slice().sort()).to.deep.equal([String(w.users.founder._id), String(w.users.cofounder._id)].sort());
    expect(sent[0]).to.deep.include({ kind: 'checkin.reminder', params: { startup: 'Alpha Santé', month }, link: `/startups/${String(w.alpha._id)}/checkin` });
    // The next day, a new reminder may go.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const again = await remindOne(toSessionUser(w.users.manager), String(w.alpha._id), deps, tomorrow);
    expect(again.outcome).to.equal('sent');
    expect(sent).to.have.length(2);
  });

  it('two managers pressing at the same moment send one reminder', async () => {
    const sent: NotificationInput[] = [];
    const deps = { mailer: { send: async () => undefined }, notify: async (input: NotificationInput) => void sent.push(input) };
    const manager = toSessionUser(w.users.manager);
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => remindOne(manager, String(w.beta._id), deps)));
    expect(outcomes.filter((o) => o.outcome === 'sent')).to.have.length(1);
    expect(outcomes.filter((o) => o.outcome === 'alreadyToday')).to.have.length(4);
    expect(sent).to.have.length(1);
    expect(await CheckinReminder.countDocuments({})).to.equal(1);
  });

  it('"remind all missing" reminds every missing startup of the filters once, and says how many', async () => {
    const sent: NotificationInput[] = [];
    const deps = { mailer: { send: async () => undefined }, notify: async (input: NotificationInput) => void sent.push(input) };
    await checkIn(w.alpha);
    // Cohort A: Alpha is done, Gamma has no founder account.
    expect(await remindMissing(toSessionUser(w.users.manager), { cohort: String(w.cohortA._id), status: '', q: '', page: 1 }, deps)).to.deep.equal({ sent: 0, alreadyToday: 0, noFounder: 1 });
    expect(sent).to.have.length(0);

    const token = await csrfFrom(w.agents.manager, '/checkins');
    const res = await w.agents.manager.post('/checkins/remind').type('form').send({ _csrf: token, status: 'missing' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/checkins?status=missing');
    const page = await w.agents.manager.get(res.headers.location);
    expect(page.text).to.contain(html('Startups relancées : 1. Déjà relancées aujourd’hui : 0. Sans compte fondateur actif : 1.'));
    expect(await CheckinReminder.countDocuments({ startup: w.beta._id })).to.equal(1);
    await w.agents.manager.post('/checkins/remind').type('form').send({ _csrf: token });
    expect((await w.agents.manager.get('/checkins')).text).to.contain(html('Startups relancées : 0. Déjà relancées aujourd’hui : 1. Sans compte fondateur actif : 1.'));
    expect(await CheckinReminder.countDocuments({})).to.equal(1);
  });

  it('the empty state says what to do when no startup is active', async () => {
    await resetDb();
    const { agents } = await checkinWorld(t.app).then(async (world) => {
      await world.alpha.updateOne({ status: 'applicant' });
      await world.beta.updateOne({ status: 'alumni' });
      return world;
    });
    const page = await agents.manager.get('/checkins');
    expect(page.text).to.contain(html('Aucune startup active pour l’instant.'));
    expect(page.text).to.contain('href="/startups"');
  });
});
