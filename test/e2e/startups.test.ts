import { expect } from 'chai';
import type { Locator, Page, Response } from 'playwright-core';
import { Programme } from '../../src/programmes/model';
import { DEMO_USERS, seedDemo } from '../../src/seed/demo';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { seedStartupProfiles } from '../../src/seed/startups';
import { User } from '../../src/users/model';
import { shot, type RunningApp, journey } from './helpers';

/**
 * A manager moves a startup to the next stage in a real browser (demo data), then the same pages as
 * the founder and a mentor, and in English. Each step builds on the previous one.
 */

const password = (role: string) => DEMO_USERS.find((u) => u.role === role)?.password ?? '';
const email = (role: string) => DEMO_USERS.find((u) => u.role === role)?.email ?? '';

async function submit(page: Page, target: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().isNavigationRequest() && res.request().frame() === page.mainFrame() && (res.status() < 300 || res.status() >= 400)),
    page.waitForEvent('load'),
    target.click(),
  ]);
  return response;
}

const text = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

describe('browser: startups — a manager moves a startup to the next stage', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let cardio = '';

  const go = async (path: string) => page.goto(running.baseUrl + path);
  const signIn = async (role: string) => {
    await go('/login');
    await page.getByLabel(/^Adresse e-mail|^E-mail address/).fill(email(role));
    await page.getByLabel(/^Mot de passe|^Password/).fill(password(role));
    await submit(page, page.getByRole('button', { name: /Se connecter|Sign in/ }));
    expect(new URL(page.url()).pathname).to.equal('/');
  };
  const signOut = async () => submit(page, page.getByRole('button', { name: /Se déconnecter|Sign out/ }));

  journey('startups-', {
    world: async () => {
      await seedDemo();
      await seedStartupProfiles();
      cardio = String((await Startup.findOne({ slug: 'cardiosense' }).lean())?._id);
      // A gate on the last stage, never met (no assessment): the confirmation page is shown.
      await Programme.updateOne({}, { $set: { 'stages.5.minLevels': [{ axis: 'funding', level: 6 }, { axis: 'team', level: 5 }] } });
      const mentor = await User.findOne({ email: email('mentor') }).lean();
      const oncolytix = await Startup.findOne({ slug: 'oncolytix' }).lean();
      await MentorAssignment.create({ mentor: mentor?._id, startup: oncolytix?._id, from: new Date(Date.now() - 86_400_000) });
    },
    ready: (s) => ({ running, page, problems } = s),
    timeoutMs: 90_000,
  });

  it('the manager filters the list and opens a startup', async () => {
    await signIn('manager');
    await submit(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Startups' }));
    expect(await page.locator('[data-startup-name]').count()).to.equal(12);
    await shot(page, 'startups-01-list-manager');
    await page.getByLabel('Étape').selectOption('validation');
    await submit(page, page.getByRole('button', { name: 'Filtrer' }));
    expect(new URL(page.url()).searchParams.get('stage')).to.equal('validation');
    const names = await page.locator('[data-startup-name]').allInnerTexts();
    expect(names).to.deep.equal(['CardioSense', 'DermAI']);
    await submit(page, page.getByRole('link', { name: 'CardioSense', exact: true }));
    expect(new URL(page.url()).pathname).to.equal(`/startups/${cardio}`);
    expect(await text(page.getByRole('heading', { level: 1 }))).to.equal('CardioSense');
    await shot(page, 'startups-02-overview-manager');
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('moves it to the next stage: the note is required, then the move is shown and kept in the history', async () => {
    await submit(page, page.getByRole('link', { name: 'Changer d’étape' }));
    const select = page.getByLabel('Nouvelle étape');
    expect(await select.inputValue()).to.equal('market_entry');
    const empty = await submit(page, page.getByRole('button', { name: 'Changer d’étape' }));
    expect(empty.status()).to.equal(422);
    expect(await text(page.locator('#e-note'))).to.equal('Ce champ est obligatoire.');
    await shot(page, 'startups-03-stage-note-required');
    await page.getByLabel(/^Note \(obligatoire\)/).fill('Marquage CE obtenu, premières ventes signées.');
    await submit(page, page.getByRole('button', { name: 'Changer d’étape' }));
    expect(new URL(page.url()).pathname).to.equal(`/startups/${cardio}`);
    expect(await text(page.getByRole('status'))).to.contain('Étape changée.');
    expect(await text(page.locator('h1 + .badge'))).to.equal('Mise sur le marché');
    await shot(page, 'startups-04-overview-after-move');
    await submit(page, page.getByRole('link', { name: 'Historique', exact: true }));
    const latest = page.locator('[data-stage-move]').first();
    expect(await text(latest)).to.contain('Validation (clinique, réglementaire) → Mise sur le marché');
    expect(await text(latest)).to.contain('Marquage CE obtenu, premières ventes signées.');
    await shot(page, 'startups-05-history');
    expect((await Startup.findOne({ _id: cardio }).lean())?.stage).to.equal('market_entry');
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('a move past unmet readiness gates asks for confirmation first', async () => {
    const seniorlink = String((await Startup.findOne({ slug: 'seniorlink' }).lean())?._id);
    await go(`/startups/${seniorlink}/stage`);
    await page.getByLabel(/^Note \(obligatoire\)/).fill('Levée de série A bouclée.');
    const ask = await submit(page, page.getByRole('button', { name: 'Changer d’étape' }));
    expect(ask.status()).to.equal(409);
    expect(await text(page.locator('[data-missing-gates]'))).to.contain('Financement : niveau requis 6, jamais évalué');
    await shot(page, 'startups-06-gates-confirm');
    await submit(page, page.getByRole('button', { name: 'Confirmer malgré les niveaux manquants' }));
    expect(await text(page.getByRole('status'))).to.contain('les niveaux requis manquants sont notés');
    await go(`/startups/${seniorlink}/history`);
    expect(await page.locator('[data-badge="overridden"]').count()).to.equal(1);
    await shot(page, 'startups-07-history-overridden');
    await go('/startups/new');
    await shot(page, 'startups-08-new');
    await go(`/startups/${cardio}/edit`);
    await shot(page, 'startups-09-edit-manager');
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('in English', async () => {
    await submit(page, page.getByRole('button', { name: 'Switch to English' }));
    await go(`/startups/${cardio}`);
    expect(await text(page.getByRole('heading', { name: 'Headline figures' }))).to.equal('Headline figures');
    await shot(page, 'startups-10-overview-en');
    await go('/startups?sort=stage');
    await shot(page, 'startups-11-list-en');
    await submit(page, page.getByRole('button', { name: 'Passer en français' }));
    await signOut();
  });

  it('the founder sees their startup only, edits its description and records figures', async () => {
    await signIn('founder');
    await go('/startups');
    expect(await page.locator('[data-startup-name]').allInnerTexts()).to.deep.equal(['CardioSense']);
    await shot(page, 'startups-12-list-founder');
    await go(`/startups/${cardio}`);
    expect(await page.getByRole('link', { name: 'Changer d’étape' }).count()).to.equal(0);
    await shot(page, 'startups-13-overview-founder');
    await submit(page, page.getByRole('link', { name: 'Mettre à jour les chiffres' }));
    await page.getByLabel(/^Effectif/).fill('16');
    await page.getByLabel(/^Fonds levés/).fill('2 500 000');
    await page.getByLabel(/^Chiffre d’affaires/).fill('-5');
    const bad = await submit(page, page.getByRole('button', { name: 'Enregistrer les chiffres' }));
    expect(bad.status()).to.equal(422);
    await shot(page, 'startups-14-figures-error');
    await page.getByLabel(/^Chiffre d’affaires/).fill('420 000,50');
    await submit(page, page.getByRole('button', { name: 'Enregistrer les chiffres' }));
    expect(await text(page.getByRole('status'))).to.contain('Chiffres enregistrés.');
    await go(`/startups/${cardio}/edit`);
    expect(await page.locator('[name="status"]').count()).to.equal(0);
    await shot(page, 'startups-15-edit-founder');
    await signOut();
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('an assigned mentor sees that startup read-only', async () => {
    await signIn('mentor');
    await go('/startups');
    expect(await page.locator('[data-startup-name]').allInnerTexts()).to.deep.equal(['Oncolytix']);
    await submit(page, page.getByRole('link', { name: 'Oncolytix' }));
    expect(await page.getByRole('link', { name: /Modifier le profil|Mettre à jour les chiffres|Changer d’étape/ }).count()).to.equal(0);
    await shot(page, 'startups-16-overview-mentor');
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
