import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { addDays, monthRange, today } from '../../src/hosting/days';
import { makeRequirement, makeSite, makeSpace, makeStartup, makeUser } from '../../src/seed/factories';
import { fieldLabelled, journey, pageTools, shot, type RunningApp } from './helpers';

/**
 * Issue 10 in a real browser: a founder requests a lab bench; the manager sees the missing training
 * beside the bench, records it, approves; the timeline shows the bar; the billing CSV has the line
 * prorated by the days present. Steps build on each other.
 */
describe('browser: hosting — request, missing requirement, approval, timeline, billing', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let startupId = '';
  let siteId = '';
  const users = { manager: '', founder: '' };
  const { go, seen, submit, signIn } = pageTools(() => ({ page, running }));
  const flash = () => seen(page.getByRole('status').first());
  const main = () => seen(page.getByRole('main'));
  const expectCleanBrowser = () => expect(problems, problems.join('\n')).to.deep.equal([]);
  // From the 11th of next month to the 10th of the month after: a partial first month.
  const nextMonth = addDays(monthRange(today().slice(0, 7)).to, 1).slice(0, 7);
  const from = `${nextMonth}-11`;
  const to = addDays(monthRange(nextMonth).to, 10);

  journey('hosting-', {
    world: async () => {
      users.manager = (await makeUser({ role: 'manager', name: 'Claire Martin' })).email;
      const startup = await makeStartup({ name: 'CellTherapix' });
      startupId = String(startup._id);
      users.founder = (await makeUser({ role: 'founder', name: 'Léa Moreau', startups: [startup._id] })).email;
      const training = await makeRequirement({ name: 'Formation sécurité laboratoire L2', validityMonths: 12 });
      const site = await makeSite({ name: 'Genopole Campus 3' });
      siteId = String(site._id);
      await makeSpace(site._id, { name: 'Paillasse B2', kind: 'lab_l2', capacity: 2, pricePerSeat: 900, requirements: [training._id] });
      await makeSpace(site._id, { name: 'Bureau 5', kind: 'office', capacity: 4, pricePerSeat: 380 });
    },
    ready: (s) => ({ running, page, problems } = s),
  });

  it('founder: requests a lab bench L2 for their startup', async () => {
    await signIn(users.founder);
    await go(`/startups/${startupId}/hosting`);
    expect(await main()).to.contain('Formation sécurité laboratoire L2').and.to.contain('Non remplie');
    await submit(page.getByRole('link', { name: 'Demander un hébergement' }));
    await fieldLabelled(page, 'Type d’espace').selectOption({ label: 'Paillasse L2' });
    await fieldLabelled(page, 'Espace souhaité').selectOption({ label: 'Genopole Campus 3 · Paillasse B2 (Paillasse L2, 2 poste(s))' });
    await fieldLabelled(page, 'Postes').fill('1');
    await fieldLabelled(page, 'Du').fill(from);
    await fieldLabelled(page, 'Au (inclus)').fill(to);
    await fieldLabelled(page, 'Précisions').fill('Culture de lignées cellulaires');
    await shot(page, 'hosting-01-request');
    await submit(page.getByRole('button', { name: 'Envoyer la demande' }));
    expect(await flash()).to.contain('Demande envoyée');
    expect(await main()).to.contain('En attente').and.to.contain('Culture de lignées cellulaires');
    expectCleanBrowser();
  });

  it('manager: sees the missing training beside the bench, records it, and approves', async () => {
    await signIn(users.manager);
    await go('/hosting/requests');
    await submit(page.getByRole('link', { name: 'CellTherapix' }));
    const decision = page.getByRole('region', { name: 'Répondre' });
    expect(await seen(decision)).to.contain('Exigence non remplie : « Formation sécurité laboratoire L2 ».');
    await shot(page, 'hosting-02-decision');
    await submit(decision.getByRole('link', { name: 'Enregistrer' }).first());
    expect(await fieldLabelled(page, 'Exigence').inputValue()).not.to.equal('');
    await fieldLabelled(page, 'Personne').fill('Léa Moreau');
    await submit(page.getByRole('button', { name: 'Enregistrer' }));
    expect(await flash()).to.contain('« Formation sécurité laboratoire L2 » enregistrée.');
    // Back on the request: the bench now fits.
    await page.getByRole('radio', { name: /Paillasse B2/ }).check();
    await submit(page.getByRole('button', { name: 'Approuver sur cet espace' }));
    expect(await flash()).to.contain('Hébergement approuvé sur Paillasse B2');
    expect(await main()).to.contain('Hébergement accordé : Paillasse B2 (Genopole Campus 3)');
    expectCleanBrowser();
  });

  it('manager: the timeline shows the bar; the billing CSV has the prorated line', async () => {
    await go(`/hosting/sites/${siteId}/timeline`);
    const timeline = page.getByRole('region', { name: /Calendrier d’occupation/ });
    expect(await seen(timeline)).to.contain('CellTherapix').and.to.contain('Paillasse B2');
    await shot(page, 'hosting-03-timeline');
    await go(`/hosting/billing?month=${nextMonth}`);
    const days = Number(monthRange(nextMonth).days) - 10;
    expect(await main()).to.contain('CellTherapix').and.to.contain(`${days} / ${monthRange(nextMonth).days}`);
    const response = await page.request.get(`${running.baseUrl}/hosting/billing.csv?month=${nextMonth}`);
    const line = (await response.text()).split('\r\n').find((l) => l.includes('CellTherapix')) ?? '';
    const amount = ((900 * days) / monthRange(nextMonth).days).toFixed(2).replace('.', ',');
    expect(line).to.contain('Paillasse B2').and.to.contain(amount);
    await shot(page, 'hosting-04-billing');
    expectCleanBrowser();
  });
});
