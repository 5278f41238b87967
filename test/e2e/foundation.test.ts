import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Programme } from '../../src/programmes/model';
import { makeStartup } from '../../src/seed/factories';
import { expectFieldError, fieldLabelled as field, journey, pathOf, seenText as seen, shot, submitFor as submit, type RunningApp } from './helpers';

/**
 * The first hour of a new programme, in a real browser, as a person sees it: first-run setup,
 * signing in, the language switch, inviting a founder and a mentor, the mentor's first sign-in,
 * signing out, and the keyboard's skip link. Each step builds on the previous one: after a failure the
 * remaining steps are skipped.
 */

const MANAGER = { name: 'Claire Martin', email: 'claire.martin@example.org', password: 'une phrase assez longue pour 2026' };
const FOUNDER = { name: 'Léa Dubois', email: 'lea.dubois@example.org' };
const MENTOR = { name: 'Marc Petit', email: 'marc.petit@example.org', password: 'le mentor aime les tartes aux prunes' };
const PROGRAMME = 'Santenov’Boost';
const STARTUP = 'Cardiolink';

describe('browser: a new programme, from first run to a mentor’s first sign-in', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let mentorLink = '';
  /** The first failed step: each step builds on the previous ones, so the next are skipped. */

  const go = async (path: string) => page.goto(running.baseUrl + path);
  const mainNav = () => page.getByRole('navigation', { name: /^(Navigation principale|Main navigation)$/ });

  /** Nothing went wrong in the browser during the step: no CSP violation, no script error, no broken asset. */
  const expectCleanBrowser = () => {
    expect(problems, problems.join('\n')).to.deep.equal([]);
  };

  journey('', {
    ready: (s) => ({ running, page, problems } = s),
  });

  it('first run: the home page leads to the setup; a mismatched confirmation is shown at its field, typed values stay', async () => {
    await go('/');
    expect(pathOf(page)).to.equal('/setup');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Première configuration');
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    await shot(page, '01-setup-empty');

    await field(page, 'Nom du programme').fill(PROGRAMME);
    await field(page, 'Nom').fill(MANAGER.name);
    await field(page, 'Adresse e-mail').fill(MANAGER.email);
    await field(page, 'Mot de passe').fill(MANAGER.password);
    await field(page, 'Confirmer le mot de passe').fill('une phrase assez longue pour 2025');
    const res = await submit(page, page.getByRole('button', { name: 'Créer le programme et le compte' }));

    expect(res.status()).to.equal(422);
    expect(pathOf(page)).to.equal('/setup');
    await expectFieldError(page, 'f-confirmPassword', 'Les deux mots de passe ne sont pas identiques.');
    expect(await page.locator('.invalid-feedback:visible').count(), 'only the wrong field is flagged').to.equal(1);
    expect(await field(page, 'Nom du programme').inputValue()).to.equal(PROGRAMME);
    expect(await field(page, 'Nom').inputValue()).to.equal(MANAGER.name);
    expect(await field(page, 'Adresse e-mail').inputValue()).to.equal(MANAGER.email);
    expect(await field(page, 'Mot de passe').inputValue(), 'passwords are never sent back').to.equal('');
    await shot(page, '02-setup-mismatched-confirmation');
    expectCleanBrowser();
  });

  it('first run: the corrected form creates the programme and signs the new manager in, with a success message', async () => {
    await field(page, 'Mot de passe').fill(MANAGER.password);
    await field(page, 'Confirmer le mot de passe').fill(MANAGER.password);
    const res = await submit(page, page.getByRole('button', { name: 'Créer le programme et le compte' }));

    expect(res.status()).to.equal(200);
    // No need to type the e-mail just entered again (issue 12): the manager lands on their home.
    expect(pathOf(page)).to.equal('/');
    expect(await seen(page.getByRole('status'))).to.equal('Le programme et votre compte sont créés ; vous êtes connecté·e.');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Bonjour ${MANAGER.name}`);
    await shot(page, '03-home-after-setup');
    await submit(page, mainNav().getByRole('button', { name: 'Se déconnecter' }));
    expect(pathOf(page)).to.equal('/login?signedOut=1');
    // The login page puts the cursor in the e-mail field.
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('f-email');
    expectCleanBrowser();
  });

  it('sign in: a wrong password gives the generic message; the right one opens the manager’s home and navigation', async () => {
    await field(page, 'Adresse e-mail').fill(MANAGER.email);
    await field(page, 'Mot de passe').fill('pas le bon mot de passe');
    const wrong = await submit(page, page.getByRole('button', { name: 'Se connecter' }));
    expect(wrong.status()).to.equal(401);
    expect(pathOf(page)).to.equal('/login');
    expect(await seen(page.getByRole('alert'))).to.equal('Adresse e-mail ou mot de passe incorrect.');
    expect(await field(page, 'Adresse e-mail').inputValue()).to.equal(MANAGER.email);
    expect(await field(page, 'Mot de passe').inputValue()).to.equal('');
    await shot(page, '04-login-wrong-password');

    await field(page, 'Mot de passe').fill(MANAGER.password);
    await submit(page, page.getByRole('button', { name: 'Se connecter' }));
    expect(pathOf(page)).to.equal('/');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Bonjour ${MANAGER.name}`);
    expect(await seen(page.getByRole('status'))).to.contain(`Bienvenue, ${MANAGER.name}.`);
    expect(await seen(page.getByRole('main').getByText(PROGRAMME, { exact: true }).first()), 'the programme name heads the home page').to.equal(PROGRAMME);
    expect(await mainNav().getByRole('link', { name: 'Utilisateurs', exact: true }).isVisible()).to.equal(true);
    expect(await mainNav().getByRole('link', { name: 'Journal d’activité', exact: true }).isVisible()).to.equal(true);
    expect(await mainNav().getByRole('button', { name: 'Se déconnecter' }).isVisible()).to.equal(true);
    await shot(page, '05-manager-home');
    expectCleanBrowser();
  });

  it('language: the navigation button switches to English, which stays after a reload, and back to French', async () => {
    const toEnglish = mainNav().getByRole('button', { name: 'Switch to English' });
    expect(await seen(toEnglish)).to.equal('English');
    await submit(page, toEnglish);
    expect(pathOf(page)).to.equal('/');
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Hello ${MANAGER.name}`);
    expect(await mainNav().getByRole('link', { name: 'Users', exact: true }).isVisible()).to.equal(true);
    expect(await mainNav().getByRole('link', { name: 'Activity log', exact: true }).isVisible()).to.equal(true);
    await shot(page, '06-manager-home-english');

    await page.reload();
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Hello ${MANAGER.name}`);
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');

    const toFrench = mainNav().getByRole('button', { name: 'Passer en français' });
    expect(await seen(toFrench)).to.equal('Français');
    await submit(page, toFrench);
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Bonjour ${MANAGER.name}`);
    expect(await mainNav().getByRole('link', { name: 'Utilisateurs', exact: true }).isVisible()).to.equal(true);
    expectCleanBrowser();
  });

  it('on a phone-sized window the navigation folds behind the menu button, which opens it', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await go('/');
      const toggle = page.getByRole('button', { name: 'Afficher ou masquer la navigation' });
      expect(await toggle.isVisible()).to.equal(true);
      const users = mainNav().getByRole('link', { name: 'Utilisateurs', exact: true });
      expect(await users.isVisible(), 'folded at first').to.equal(false);
      await shot(page, '06a-manager-home-phone');
      await toggle.click();
      await users.waitFor({ state: 'visible' });
      expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
      await page.waitForTimeout(400); // the collapse animation, for the screenshot
      await shot(page, '06b-manager-home-phone-menu-open');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expectCleanBrowser();
  });

  it('a manager invites a founder: the startup field appears for that role, mistakes are shown at their fields', async () => {
    const programme = await Programme.findOne({}).lean();
    await makeStartup({ name: STARTUP, programme: programme?._id, stage: 'proof_of_concept' });

    await go('/');
    await submit(page, page.getByRole('link', { name: 'Nouvel utilisateur' }));
    expect(pathOf(page)).to.equal('/users/new');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Nouvel utilisateur');
    const startups = field(page, 'Startups');
    expect(await startups.isVisible(), 'no startup field before a role is chosen').to.equal(false);
    await shot(page, '07-user-new');

    await field(page, 'Adresse e-mail').fill(FOUNDER.email);
    await field(page, 'Rôle').selectOption({ label: 'Fondateur·rice' });
    expect(await startups.isVisible(), 'the startup field shows for a founder').to.equal(true);
    expect(await field(page, 'Organisation partenaire').isVisible()).to.equal(false);
    const res = await submit(page, page.getByRole('button', { name: 'Créer et obtenir le lien' }));

    expect(res.status()).to.equal(422);
    await expectFieldError(page, 'f-name', 'Ce champ est obligatoire.');
    await expectFieldError(page, 'f-startups', 'Ce champ est obligatoire.');
    expect(await field(page, 'Adresse e-mail').inputValue()).to.equal(FOUNDER.email);
    expect(await field(page, 'Rôle').inputValue()).to.equal('founder');
    await shot(page, '08-user-new-founder-errors');

    await field(page, 'Nom').fill(FOUNDER.name);
    // A list of checkboxes with a filter, not a Ctrl-click multi-select (issue 12).
    await page.getByLabel(/^Filtrer les startups/).fill(STARTUP.slice(0, 4));
    await page.getByRole('checkbox', { name: STARTUP, exact: true }).check();
    await submit(page, page.getByRole('button', { name: 'Créer et obtenir le lien' }));
    expect(pathOf(page)).to.match(/^\/users\/[0-9a-f]{24}$/);
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(FOUNDER.name);
    expect(await seen(page.getByRole('status'))).to.contain(`Compte créé pour ${FOUNDER.email}.`);
    expect(await seen(page.locator('dt:has-text("Startups") + dd'))).to.equal(STARTUP);
    expect(await seen(page.locator('dt:has-text("Statut") + dd'))).to.equal('Invité');
    await shot(page, '09-founder-created');
    expectCleanBrowser();
  });

  it('a manager invites a mentor and sees the one-time link in the message', async () => {
    await submit(page, mainNav().getByRole('link', { name: 'Utilisateurs', exact: true }));
    expect(pathOf(page)).to.equal('/users');
    const founderRow = page.getByRole('row', { name: new RegExp(FOUNDER.name) });
    expect(await seen(founderRow)).to.contain('Invité');
    await shot(page, '10-users-list');

    await submit(page, page.getByRole('main').getByRole('link', { name: 'Nouvel utilisateur' }));
    await field(page, 'Adresse e-mail').fill(MENTOR.email);
    await field(page, 'Nom').fill(MENTOR.name);
    await field(page, 'Rôle').selectOption({ label: 'Mentor' });
    expect(await field(page, 'Startups').isVisible()).to.equal(false);
    await submit(page, page.getByRole('button', { name: 'Créer et obtenir le lien' }));

    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(MENTOR.name);
    expect(await seen(page.getByRole('status'))).to.contain(`Compte créé pour ${MENTOR.email}. Transmettez-lui ce lien à usage unique (valable 72 h) :`);
    mentorLink = await page.getByLabel('Lien à transmettre').inputValue();
    expect(mentorLink).to.match(new RegExp(`^${running.baseUrl.replace(/\./g, '\\.')}/set-password/[\\w-]+$`));
    const mail = running.mails.find((m) => m.to === MENTOR.email);
    expect(mail?.text, 'the invitation e-mail carries the same link').to.contain(mentorLink);
    await shot(page, '11-mentor-created-with-link');
    expectCleanBrowser();
  });

  it('the manager signs out; the mentor opens the link in the same browser and chooses a password', async () => {
    await submit(page, mainNav().getByRole('button', { name: 'Se déconnecter' }));
    expect(new URL(page.url()).pathname).to.equal('/login');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Connexion');
    await shot(page, '12-manager-signed-out');

    await page.goto(mentorLink);
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Choisir votre mot de passe');
    expect(await seen(page.getByText('choisissez le mot de passe'))).to.equal(`Bonjour ${MENTOR.name}, choisissez le mot de passe du compte ${MENTOR.email}.`);
    await shot(page, '13-set-password');

    await field(page, 'Nouveau mot de passe').fill('court');
    await field(page, 'Confirmer le mot de passe').fill('court');
    const tooShort = await submit(page, page.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(tooShort.status()).to.equal(422);
    await expectFieldError(page, 'f-newPassword', 'Le mot de passe doit contenir au moins 8 caractères.');
    await shot(page, '14-set-password-too-short');

    await field(page, 'Nouveau mot de passe').fill(MENTOR.password);
    await field(page, 'Confirmer le mot de passe').fill(MENTOR.password);
    await submit(page, page.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(pathOf(page)).to.equal('/login');
    expect(await seen(page.getByRole('status'))).to.equal('Mot de passe enregistré : vous pouvez vous connecter.');
    await shot(page, '15-login-after-set-password');
    expectCleanBrowser();
  });

  it('the mentor signs in and sees the mentor home in French, without the managers’ pages', async () => {
    await field(page, 'Adresse e-mail').fill(MENTOR.email);
    await field(page, 'Mot de passe').fill(MENTOR.password);
    await submit(page, page.getByRole('button', { name: 'Se connecter' }));
    expect(pathOf(page)).to.equal('/');
    expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Bonjour ${MENTOR.name}`);
    expect(await seen(page.getByRole('status'))).to.contain(`Bienvenue, ${MENTOR.name}.`);
    expect(await seen(page.getByRole('heading', { level: 2, name: 'Startups accompagnées' }))).to.equal('Startups accompagnées');
    expect(await seen(page.getByText('Aucune startup ne vous est encore attribuée.', { exact: false }))).to.contain('L’équipe du programme vous préviendra.');
    expect(await seen(mainNav())).to.contain('Mentor');
    expect(await mainNav().getByRole('link', { name: 'Utilisateurs' }).count()).to.equal(0);
    expect(await mainNav().getByRole('link', { name: 'Journal d’activité' }).count()).to.equal(0);
    await shot(page, '16-mentor-home');
    expectCleanBrowser();
  });

  it('keyboard: the first Tab on the home page reaches the skip link, which moves focus to the content', async () => {
    await go('/');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await seen(focused)).to.equal('Aller au contenu');
    expect(await focused.getAttribute('href')).to.equal('#main');
    await shot(page, '17-skip-link-focused');

    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('main');
    expectCleanBrowser();
  });

  it('sign out leads to the login page; the home page then asks to sign in again', async () => {
    await submit(page, mainNav().getByRole('button', { name: 'Se déconnecter' }));
    expect(new URL(page.url()).pathname).to.equal('/login');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Connexion');
    expect(await mainNav().getByRole('button', { name: 'Se déconnecter' }).count()).to.equal(0);

    await go('/');
    expect(new URL(page.url()).pathname).to.equal('/login');
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal('Connexion');
    await shot(page, '18-home-after-sign-out');
    expectCleanBrowser();
  });

  it('the console watch is not blind: inline code on an app page is reported as a CSP violation', async () => {
    await go('/login');
    expectCleanBrowser();
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red; }';
      document.head.append(style);
    });
    await page.waitForTimeout(200);
    expect(problems.join('\n')).to.match(/Content Security Policy/);
    problems.length = 0;
  });
});
