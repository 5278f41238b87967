import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { parisWallTime } from '../../src/core/time';
import { ActionItem, MentoringSession, OfficeHourSlot } from '../../src/mentoring/model';
import { buildAssessment, buildTarget, makeMentorProfile, makeStartup, makeUser } from '../../src/seed/factories';
import { fieldLabelled, journey, pageTools, shot, type RunningApp } from './helpers';

/**
 * Issue 9 in a real browser: a manager assigns a mentor from the suggestions; the mentor opens
 * office hours; the founder books one; once its time has passed, the mentor records it held with
 * notes and an action item; the founder ticks the item and rates the session (never seeing the
 * notes); the manager ends the assignment and the mentor loses the startup. Steps build on each other.
 */
describe('browser: mentoring — assign, office hours, booking, record, feedback, end', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let startupId = '';
  const users = { manager: '', founder: '', mentor: '' };
  const NOTES = 'Bonne préparation ; revoir la stratégie de dépôt du brevet européen.';
  const ITEM = 'Envoyer le projet de revendications';
  const { go, seen, submit, signIn } = pageTools(() => ({ page, running }));
  const flash = () => seen(page.getByRole('status').first());
  const main = () => seen(page.getByRole('main'));
  const expectCleanBrowser = () => expect(problems, problems.join('\n')).to.deep.equal([]);
  // A day next week, as a date field takes it.
  const slotDay = parisWallTime(new Date(Date.now() + 7 * 86_400_000)).day;

  journey('mentoring-', {
    world: async () => {
      const manager = await makeUser({ role: 'manager', name: 'Claire Martin' });
      const startup = await makeStartup({ name: 'OrthoPrint' });
      startupId = String(startup._id);
      users.manager = manager.email;
      users.founder = (await makeUser({ role: 'founder', name: 'Karim Benali', startups: [startup._id] })).email;
      const ines = await makeUser({ role: 'mentor', name: 'Inès Brevet' });
      users.mentor = ines.email;
      await makeMentorProfile(ines._id, { expertise: ['ip'], capacityStartups: 3 });
      await makeMentorProfile((await makeUser({ role: 'mentor', name: 'Hugo Équipe' }))._id, { expertise: ['hr'] });
      await buildAssessment({ startup: startup._id, assessor: manager._id, levels: { customer: 6, technology: 6, business_model: 6, ipr: 2, team: 7, funding: 6 } }).save();
      await buildTarget({ startup: startup._id, levels: { ipr: 5 } }).save();
    },
    ready: (s) => ({ running, page, problems } = s),
  });

  it('manager: assigns the mentor the suggestions name for the weakest axis', async () => {
    await signIn(users.manager);
    await go(`/startups/${startupId}/mentoring`);
    expect(await main()).to.contain('Aucun mentor n’a encore été affecté.');
    await submit(page.getByRole('link', { name: 'Affecter un mentor' }));
    const suggestions = page.getByRole('region', { name: 'Suggestions' });
    expect(await seen(suggestions)).to.contain('Inès Brevet').and.to.contain('Propriété intellectuelle au niveau 2 pour une cible de 5').and.not.to.contain('Hugo Équipe');
    await shot(page, 'mentoring-01-suggestions');
    await submit(suggestions.getByRole('link', { name: /Choisir · Inès Brevet/ }));
    expect(await fieldLabelled(page, 'Mentor').inputValue()).not.to.equal('');
    await submit(page.getByRole('button', { name: 'Affecter' }));
    expect(await flash()).to.contain('Inès Brevet accompagne désormais cette startup.');
    expect(await main()).to.contain('Inès Brevet').and.to.contain('En cours');
    expectCleanBrowser();
  });

  it('mentor: publishes office hours next week', async () => {
    await signIn(users.mentor);
    await go('/office-hours');
    await fieldLabelled(page, 'Date').fill(slotDay);
    await fieldLabelled(page, 'Heure').fill('14:00');
    await fieldLabelled(page, 'Durée (minutes)').fill('45');
    await fieldLabelled(page, 'Lieu').fill('Pépinière Santé, salle 2');
    await submit(page.getByRole('button', { name: 'Publier' }));
    expect(await flash()).to.contain('1 créneau(x) publié(s).');
    expect(await main()).to.contain('14:00').and.to.contain('Libre');
    await shot(page, 'mentoring-02-office-hours');
    expectCleanBrowser();
  });

  it('founder: books the slot with a topic (an empty topic is refused first)', async () => {
    await signIn(users.founder);
    await go('/office-hours');
    const slot = page.locator('li.card').filter({ hasText: 'Inès Brevet' });
    await submit(slot.getByRole('button', { name: /Réserver/ }));
    expect(await seen(slot.locator('.invalid-feedback'))).to.equal('Ce champ est obligatoire.');
    await slot.getByLabel(/Sujet/).fill('Stratégie de brevets');
    await submit(slot.getByRole('button', { name: /Réserver/ }));
    expect(await flash()).to.contain('Permanence réservée avec Inès Brevet.');
    expect(await main()).to.contain('Stratégie de brevets').and.to.contain('Planifiée');
    expect(await OfficeHourSlot.countDocuments({ status: 'booked' })).to.equal(1);
    expectCleanBrowser();
  });

  it('a week later, the mentor records it held, writes notes and an action item for the startup', async () => {
    // The session's time has passed (what a week of waiting would do).
    const session = await MentoringSession.findOne({ topic: 'Stratégie de brevets' }).lean();
    const start = new Date(Date.now() - 2 * 3_600_000);
    await MentoringSession.updateOne({ _id: session?._id }, { $set: { start, end: new Date(start.getTime() + 45 * 60_000) } });
    await signIn(users.mentor);
    const toRecord = page.getByRole('region', { name: 'Séances à renseigner' });
    await submit(toRecord.getByRole('link', { name: /Stratégie de brevets/ }));
    await page.getByLabel('Elle a eu lieu').check();
    await fieldLabelled(page, 'Durée réelle (minutes)').fill('50');
    await submit(page.getByRole('button', { name: 'Enregistrer', exact: true }));
    expect(await flash()).to.contain('Séance enregistrée comme tenue.');
    await page.locator('#f-notes').fill(NOTES);
    await submit(page.getByRole('button', { name: 'Enregistrer les notes' }));
    expect(await flash()).to.contain('Notes enregistrées.');
    await fieldLabelled(page, 'Action à mener').fill(ITEM);
    await fieldLabelled(page, 'Échéance').fill(parisWallTime(new Date(Date.now() + 10 * 86_400_000)).day);
    await submit(page.getByRole('button', { name: 'Ajouter', exact: true }));
    expect(await flash()).to.contain('Action ajoutée.');
    expect(await main()).to.contain(ITEM).and.to.contain('Tenue');
    expect(await page.locator('#f-notes').inputValue()).to.equal(NOTES);
    await shot(page, 'mentoring-03-mentor-session-recorded');
    expectCleanBrowser();
  });

  it('founder: ticks the action item off from the home page, then rates the session; the notes stay hidden', async () => {
    await signIn(users.founder);
    const items = page.getByRole('region', { name: 'Actions à mener (mentorat)' });
    expect(await seen(items)).to.contain(ITEM);
    await submit(items.getByRole('button', { name: new RegExp(`Fait · ${ITEM}`) }));
    expect(await flash()).to.contain(`Action « ${ITEM} » marquée comme faite.`);
    expect(await seen(items)).to.contain('Aucune action en cours.');
    expect((await ActionItem.findOne({ text: ITEM }).lean())?.done).to.equal(true);
    await go('/mentoring/sessions');
    await submit(page.getByRole('link', { name: 'Stratégie de brevets' }));
    expect(await main()).not.to.contain(NOTES);
    await page.getByLabel('5', { exact: true }).check();
    await fieldLabelled(page, 'Commentaire').fill('Très concret, merci.');
    await submit(page.getByRole('button', { name: 'Envoyer', exact: true }));
    expect(await flash()).to.contain('Merci pour votre avis.');
    expect(await main()).to.contain('5 / 5').and.to.contain('Très concret, merci.').and.not.to.contain(NOTES);
    await shot(page, 'mentoring-04-founder-feedback');
    expectCleanBrowser();
  });

  it('manager: ends the assignment; the mentor loses the startup on their next page', async () => {
    await signIn(users.manager);
    await go(`/startups/${startupId}/mentoring`);
    expect(await main()).to.contain('50 min');
    await submit(page.getByRole('link', { name: /Prolonger ou terminer · Inès Brevet/ }));
    await submit(page.getByRole('button', { name: 'Terminer maintenant' }));
    expect(await flash()).to.contain('Affectation terminée : Inès Brevet n’accompagne plus cette startup.');
    expect(await main()).to.contain('Terminée');

    await signIn(users.mentor);
    expect(await main()).not.to.contain('OrthoPrint');
    const res = await go(`/startups/${startupId}/mentoring`);
    expect(res?.status()).to.equal(404);
    await shot(page, 'mentoring-05-mentor-after-end');
  });
});
