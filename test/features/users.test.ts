import { expect } from 'chai';
import Handlebars from 'handlebars';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Express } from 'express';
import { ActivityEntry } from '../../src/core/audit/model';
import { SESSION_COLLECTION } from '../../src/core/auth/sessions';
import { Conflict } from '../../src/core/errors';
import { PasswordToken } from '../../src/users/password-token.model';
import { setActive } from '../../src/users/service';
import { User, type Role } from '../../src/users/model';
import { FACTORY_PASSWORD, makeOrganisation, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, resetDb, signedIn, type Agent } from '../helpers';

/** Text as Handlebars puts it in a page (`'`, `=`, `&`… escaped). */
const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

const BAD_LOGIN = 'Adresse e-mail ou mot de passe incorrect.';
const STALE = 'Quelqu’un a modifié cet enregistrement pendant que vous le consultiez';
const LAST_MANAGER = 'Le programme doit garder au moins un·e chargé·e de programme actif·ve.';

/** The one-time link shown in the flash message of a page. */
function flashLink(page: string): string {
  const match = /id="flash-link-\d+"[^>]*value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no link in the flash message');
  return match[1];
}

/** The path part of a set-password link (the test app answers on any host). */
const pathOf = (link: string): string => new URL(link).pathname;

/** The version the user page puts in its action forms. */
async function pageVersion(agent: Agent, id: string): Promise<string> {
  const res = await agent.get(`/users/${id}`);
  const match = /name="version" value="(\d+)"/.exec(res.text);
  if (!match) throw new Error(`no version on /users/${id} (status ${res.status})`);
  return match[1];
}

/** Presses a button of the user page (deactivate, activate, password-link) and follows the redirect. */
async function pressButton(agent: Agent, id: string, button: 'deactivate' | 'activate' | 'password-link') {
  const version = await pageVersion(agent, id);
  const res = await postForm(agent, `/users/${id}`, `/users/${id}/${button}`, { version });
  expect(res.status, `POST /users/${id}/${button}`).to.equal(303);
  expect(res.headers.location).to.equal(`/users/${id}`);
  return agent.get(`/users/${id}`);
}

async function storedSessionsOf(userId: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  return db.collection(SESSION_COLLECTION).countDocuments({ 'session.passport.user.id': userId });
}

/** Signs in through the login form; returns the answer (303 on success). */
async function tryLogin(app: Express, email: string, password: string) {
  const agent = request.agent(app);
  const res = await postForm(agent, '/login', '/login', { email, password });
  return { agent, res };
}

describe('user management by managers', () => {
  beforeEach(resetDb);

  describe('creating users', () => {
    it('creates a user of every role; the user page shows the one-time link, and the same link is mailed', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const [s1, s2] = [await makeStartup({ name: 'CardioSense' }), await makeStartup({ name: 'NeuroLab' })];
      const org = await makeOrganisation({ name: 'Genopole Est' });
      const cases: { role: Role; fields: Record<string, string | string[]>; shows: string }[] = [
        { role: 'manager', fields: {}, shows: 'Chargé·e de programme' },
        { role: 'founder', fields: { startups: [String(s1._id), String(s2._id)] }, shows: 'CardioSense, NeuroLab' },
        { role: 'mentor', fields: {}, shows: 'Mentor' },
        { role: 'partner', fields: { organisation: String(org._id) }, shows: 'Genopole Est' },
        { role: 'observer', fields: {}, shows: 'Observateur·rice' },
      ];
      for (const [i, c] of cases.entries()) {
        const email = `New.${c.role}@Example.org`;
        const res = await postForm(agent, '/users/new', '/users', { email, name: `Nouvelle Personne ${i}`, role: c.role, locale: 'fr', ...c.fields });
        expect(res.status, c.role).to.equal(303);
        const stored = await User.findOne({ email: email.toLowerCase() }).lean();
        expect(stored, c.role).to.not.equal(null);
        expect(res.headers.location).to.equal(`/users/${String(stored?._id)}`);
        expect(stored?.role).to.equal(c.role);
        expect(stored?.active).to.equal(true);
        expect(stored?.passwordHash).to.equal(undefined);

        const page = await agent.get(res.headers.location);
        expect(page.status).to.equal(200);
        expect(page.text).to.contain(html(`Compte créé pour ${email.toLowerCase()}. Transmettez-lui ce lien à usage unique (valable 72 h) :`));
        expect(page.text).to.contain(`Nouvelle Personne ${i}`);
        expect(page.text).to.contain(c.shows);
        const link = flashLink(page.text);
        expect(link).to.match(/\/set-password\/[A-Za-z0-9_-]{20,}$/);

        const mail = mails.at(-1);
        expect(mail?.to).to.equal(email.toLowerCase());
        expect(mail?.subject).to.equal('Votre accès à Boost tracker');
        expect(mail?.text).to.contain(link);
        expect(mail?.text).to.contain(`Bonjour Nouvelle Personne ${i}`);

        // The flash is shown once; the link it gave opens the set-password form for this person.
        expect((await agent.get(res.headers.location)).text).not.to.contain(link);
        const form = await request(app).get(pathOf(link));
        expect(form.status).to.equal(200);
        expect(form.text).to.contain(html(`Bonjour Nouvelle Personne ${i}, choisissez le mot de passe du compte ${email.toLowerCase()}.`));
      }
      expect(mails).to.have.length(cases.length);
      const founder = await User.findOne({ role: 'founder' }).lean();
      expect(founder?.startups.map(String).sort()).to.deep.equal([String(s1._id), String(s2._id)].sort());
      const partner = await User.findOne({ role: 'partner' }).lean();
      expect(String(partner?.organisation)).to.equal(String(org._id));
    });

    it('refuses a bad e-mail and a missing name: 422, messages on the page, typed values kept, nothing created', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'pas-une-adresse', name: '', role: 'mentor', locale: 'en' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('Saisissez une adresse e-mail valide.');
      expect(res.text).to.contain('Ce champ est obligatoire.');
      expect(res.text).to.contain('value="pas-une-adresse"');
      expect(res.text).to.match(/<option value="mentor" selected>/);
      expect(res.text).to.match(/<option value="en" selected>English/);
      const noName = await postForm(agent, '/users/new', '/users', { email: 'jeanne@example.org', role: 'observer', locale: 'fr' });
      expect(noName.status).to.equal(422);
      expect(noName.text).to.contain('Ce champ est obligatoire.');
      expect(noName.text).to.contain('value="jeanne@example.org"');
      expect(await User.countDocuments({})).to.equal(before);
      expect(await PasswordToken.countDocuments({})).to.equal(0);
      expect(mails).to.have.length(0);
    });

    it('refuses a founder without a startup and a partner without an organisation, keeping what was typed', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await makeStartup({ name: 'CardioSense' });
      await makeOrganisation({ name: 'Genopole Est' });
      const before = await User.countDocuments({});
      const founder = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny Fondatrice', role: 'founder', locale: 'fr' });
      expect(founder.status).to.equal(422);
      expect(founder.text).to.match(/id="e-startups" class="invalid-feedback">Ce champ est obligatoire\./);
      expect(founder.text).to.contain('value="Fanny Fondatrice"');
      expect(founder.text).to.contain('value="f@example.org"');
      const partner = await postForm(agent, '/users/new', '/users', { email: 'p@example.org', name: 'Paul Partenaire', role: 'partner', organisation: '', locale: 'fr' });
      expect(partner.status).to.equal(422);
      expect(partner.text).to.match(/id="e-organisation" class="invalid-feedback">Ce champ est obligatoire\./);
      expect(partner.text).to.contain('value="Paul Partenaire"');
      expect(partner.text).to.match(/<option value="partner" selected>/);
      expect(await User.countDocuments({})).to.equal(before);
      expect(mails).to.have.length(0);
    });

    it('refuses a startup or an organisation that does not exist, and keeps the choices made', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const real = await makeStartup({ name: 'CardioSense' });
      const ghost = new mongoose.Types.ObjectId().toString();
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny', role: 'founder', startups: [String(real._id), ghost], locale: 'fr' });
      expect(res.status).to.equal(422);
      expect(res.text).to.match(/id="e-startups" class="invalid-feedback">Choisissez une valeur de la liste\./);
      expect(res.text).to.contain(`<option value="${String(real._id)}" selected>CardioSense</option>`);
      const malformed = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny', role: 'founder', startups: 'not-an-id', locale: 'fr' });
      expect(malformed.status).to.equal(422);
      const org = await postForm(agent, '/users/new', '/users', { email: 'p@example.org', name: 'Paul', role: 'partner', organisation: ghost, locale: 'fr' });
      expect(org.status).to.equal(422);
      expect(org.text).to.match(/id="e-organisation" class="invalid-feedback">Choisissez une valeur de la liste\./);
      expect(await User.countDocuments({})).to.equal(before);
      expect(mails).to.have.length(0);
    });

    it('refuses an e-mail already used, whatever its case', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await makeUser({ role: 'mentor', email: 'claire.martin@example.org', name: 'Claire Martin' });
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'Claire.MARTIN@Example.org', name: 'Autre Claire', role: 'observer', locale: 'fr' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('Un compte existe déjà avec cette adresse e-mail.');
      expect(res.text).to.contain('value="Claire.MARTIN@Example.org"');
      expect(res.text).to.contain('value="Autre Claire"');
      expect(await User.countDocuments({})).to.equal(before);
      const existing = await User.findOne({ email: 'claire.martin@example.org' }).lean();
      expect(existing?.name).to.equal('Claire Martin');
      expect(existing?.role).to.equal('mentor');
      expect(mails).to.have.length(0);
      expect(await PasswordToken.countDocuments({})).to.equal(0);
    });
  });

  describe('mass assignment', () => {
    const sneaky = (id: string) => ({
      passwordHash: 'x',
      active: 'false',
      sessionEpoch: '42',
      _id: id,
      __v: '99',
      role: 'manager',
      email: 'taken-over@example.org',
      startups: id,
      organisation: id,
      lastLoginAt: '2000-01-01',
    });

    it('ignores fields /account/preferences does not offer: only name and language change', async () => {
      const { app } = makeApp();
      const { user, agent } = await signedIn(app, { role: 'mentor', name: 'Marc Mentor' });
      const other = new mongoose.Types.ObjectId().toString();
      const before = await User.findOne({ _id: user._id }).lean();
      const res = await postForm(agent, '/account', '/account/preferences', { name: 'Marc Nouveau', locale: 'en', ...sneaky(other) });
      expect(res.status).to.equal(303);
      const after = await User.findOne({ _id: user._id }).lean();
      expect(after?.name).to.equal('Marc Nouveau');
      expect(after?.locale).to.equal('en');
      expect(after?.role).to.equal('mentor');
      expect(after?.email).to.equal(before?.email);
      expect(after?.passwordHash).to.equal(before?.passwordHash);
      expect(after?.active).to.equal(true);
      expect(after?.sessionEpoch).to.equal(before?.sessionEpoch);
      expect(after?.startups).to.deep.equal([]);
      expect(after?.organisation).to.equal(undefined);
      expect(after?.lastLoginAt?.getTime()).to.equal(before?.lastLoginAt?.getTime());
      expect(await User.exists({ _id: other })).to.equal(null);
      // Still a mentor: the session goes on and the managers' pages stay closed.
      expect((await agent.get('/account')).status).to.equal(200);
      expect((await agent.get('/users')).status).to.equal(403);
      expect((await tryLogin(app, user.email, FACTORY_PASSWORD)).res.status).to.equal(303);
    });

    it('ignores hidden fields posted to the new-user form: the user is invited, active, with a fresh id', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const forcedId = new mongoose.Types.ObjectId().toString();
      const res = await postForm(agent, '/users/new', '/users', { ...sneaky(forcedId), email: 'obs@example.org', name: 'Olga', role: 'observer', locale: 'fr' });
      expect(res.status).to.equal(303);
      const created = await User.findOne({ email: 'obs@example.org' }).lean();
      expect(String(created?._id)).to.not.equal(forcedId);
      expect(created?.passwordHash).to.equal(undefined);
      expect(created?.active).to.equal(true);
      expect(created?.sessionEpoch).to.equal(0);
      expect(created?.__v).to.equal(0);
      expect(created?.startups).to.deep.equal([]);
      expect(created?.organisation).to.equal(undefined);
      expect(created?.lastLoginAt).to.equal(undefined);
    });

    it('ignores the e-mail, password hash, status and epoch posted to the edit form', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const target = await makeUser({ role: 'mentor', name: 'Marc Mentor' });
      const before = await User.findOne({ _id: target._id }).lean();
      const edit = await agent.get(`/users/${String(target._id)}/edit`);
      const version = /name="version" value="(\d+)"/.exec(edit.text)?.[1] ?? '';
      const token = await csrfFrom(agent, `/users/${String(target._id)}/edit`);
      const res = await agent
        .post(`/users/${String(target._id)}`)
        .type('form')
        .send({ _csrf: token, ...sneaky(new mongoose.Types.ObjectId().toString()), name: 'Marc Renommé', role: 'mentor', locale: 'fr', version });
      expect(res.status).to.equal(303);
      const after = await User.findOne({ _id: target._id }).lean();
      expect(after?.name).to.equal('Marc Renommé');
      expect(after?.email).to.equal(before?.email);
      expect(after?.passwordHash).to.equal(before?.passwordHash);
      expect(after?.active).to.equal(true);
      expect(after?.sessionEpoch).to.equal(0);
      expect(after?.startups).to.deep.equal([]);
      expect(after?.lastLoginAt).to.equal(undefined);
    });
  });

  describe('set-password links', () => {
    /** A manager, and an invited mentor with the link the manager got. */
    async function invited(app: Express) {
      const { agent } = await signedIn(app, { role: 'manager' });
      const res = await postForm(agent, '/users/new', '/users', { email: 'lea@example.org', name: 'Léa Petit', role: 'mentor', locale: 'fr' });
      expect(res.status).to.equal(303);
      const page = await agent.get(res.headers.location);
      const id = String(res.headers.location).split('/').pop() as string;
      return { manager: agent, id, link: pathOf(flashLink(page.text)) };
    }

    it('shows the form; the password it sets lets the user sign in', async () => {
      const { app } = makeApp();
      const { link, id } = await invited(app);
      expect((await tryLogin(app, 'lea@example.org', 'un mot de passe solide')).res.status).to.equal(401);
      const browser = request.agent(app);
      const form = await browser.get(link);
      expect(form.status).to.equal(200);
      expect(form.text).to.contain('Choisir votre mot de passe');
      expect(form.text).to.contain('name="newPassword"');
      expect(form.text).to.contain('name="confirmPassword"');
      const res = await postForm(browser, link, link, { newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/login');
      expect((await browser.get('/login')).text).to.contain('Mot de passe enregistré : vous pouvez vous connecter.');
      const { agent, res: signIn } = await tryLogin(app, 'LEA@example.org', 'un mot de passe solide');
      expect(signIn.status).to.equal(303);
      const home = await agent.get('/');
      expect(home.status).to.equal(200);
      expect(home.text).to.contain('Bonjour Léa Petit');
      expect((await User.findOne({ _id: id }).lean())?.passwordHash).to.match(/^\$argon2id\$/);
    });

    it('answers 404 to a link already used, for the page and the form', async () => {
      const { app } = makeApp();
      const { link } = await invited(app);
      const browser = request.agent(app);
      const token = await csrfFrom(browser, link);
      const first = await browser.post(link).type('form').send({ _csrf: token, newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' });
      expect(first.status).to.equal(303);
      expect((await request(app).get(link)).status).to.equal(404);
      const again = await browser.post(link).type('form').send({ _csrf: await csrfFrom(browser, '/login'), newPassword: 'un autre mot de passe', confirmPassword: 'un autre mot de passe' });
      expect(again.status).to.equal(404);
      expect((await tryLogin(app, 'lea@example.org', 'un autre mot de passe')).res.status).to.equal(401);
      expect((await tryLogin(app, 'lea@example.org', 'un mot de passe solide')).res.status).to.equal(303);
    });

    it('answers 404 to an expired link', async () => {
      const { app } = makeApp();
      const { link, id } = await invited(app);
      const browser = request.agent(app);
      const token = await csrfFrom(browser, link);
      const updated = await PasswordToken.updateMany({ user: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect(updated.modifiedCount).to.equal(1);
      expect((await browser.get(link)).status).to.equal(404);
      const res = await browser.post(link).type('form').send({ _csrf: token, newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' });
      expect(res.status).to.equal(404);
      expect((await User.findOne({ _id: id }).lean())?.passwordHash).to.equal(undefined);
    });

    it('answers 404 to a link replaced by a newer one; the newer one works and is mailed', async () => {
      const { app, mails } = makeApp();
      const { manager, link: oldLink, id } = await invited(app);
      const page = await pressButton(manager, id, 'password-link');
      expect(page.text).to.contain(html('Nouveau lien créé (valable 72 h, usage unique) :'));
      const newLink = pathOf(flashLink(page.text));
      expect(newLink).to.not.equal(oldLink);
      expect(mails.at(-1)?.to).to.equal('lea@example.org');
      expect(mails.at(-1)?.text).to.contain(newLink);
      expect((await request(app).get(oldLink)).status).to.equal(404);
      const browser = request.agent(app);
      const token = await csrfFrom(browser, newLink);
      expect((await browser.post(oldLink).type('form').send({ _csrf: token, newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' })).status).to.equal(404);
      expect((await User.findOne({ _id: id }).lean())?.passwordHash).to.equal(undefined);
      expect((await browser.post(newLink).type('form').send({ _csrf: token, newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' })).status).to.equal(303);
      expect((await tryLogin(app, 'lea@example.org', 'un mot de passe solide')).res.status).to.equal(303);
    });

    it('refuses a short, a common or a mismatched password with 422; the link still works afterwards', async () => {
      const { app } = makeApp();
      const { link, id } = await invited(app);
      const browser = request.agent(app);
      const cases = [
        { fields: { newPassword: 'court', confirmPassword: 'court' }, says: 'Le mot de passe doit contenir au moins 8 caractères.' },
        { fields: { newPassword: 'password123', confirmPassword: 'password123' }, says: 'Ce mot de passe est trop courant : choisissez-en un autre.' },
        { fields: { newPassword: 'un mot de passe solide', confirmPassword: 'un autre mot de passe' }, says: 'Les deux mots de passe ne sont pas identiques.' },
      ];
      for (const c of cases) {
        const res = await postForm(browser, link, link, c.fields);
        expect(res.status, c.says).to.equal(422);
        expect(res.text).to.contain(c.says);
        expect(res.text).not.to.contain(`value="${c.fields.newPassword}"`);
        expect((await User.findOne({ _id: id }).lean())?.passwordHash).to.equal(undefined);
      }
      expect((await browser.get(link)).status).to.equal(200);
      const ok = await postForm(browser, link, link, { newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' });
      expect(ok.status).to.equal(303);
      expect((await tryLogin(app, 'lea@example.org', 'un mot de passe solide')).res.status).to.equal(303);
    });

    it('answers 404 to the link of a deactivated user, and no new link can be issued for them', async () => {
      const { app, mails } = makeApp();
      const { manager, link, id } = await invited(app);
      const browser = request.agent(app);
      const token = await csrfFrom(browser, link);
      await pressButton(manager, id, 'deactivate');
      expect((await browser.get(link)).status).to.equal(404);
      const res = await browser.post(link).type('form').send({ _csrf: token, newPassword: 'un mot de passe solide', confirmPassword: 'un mot de passe solide' });
      expect(res.status).to.equal(404);
      expect((await User.findOne({ _id: id }).lean())?.passwordHash).to.equal(undefined);
      // The page of an inactive user offers no link button; a forged request gets a message and no link.
      const mailsBefore = mails.length;
      const version = await pageVersion(manager, id);
      const forced = await postForm(manager, `/users/${id}`, `/users/${id}/password-link`, { version });
      expect(forced.status).to.equal(303);
      const page = await manager.get(`/users/${id}`);
      expect(page.text).to.contain('Réactivez d’abord le compte.');
      expect(page.text).not.to.contain('/set-password/');
      expect(mails.length).to.equal(mailsBefore);
    });

    it('a link issued before a deactivation stays dead after the reactivation', async () => {
      const { app } = makeApp();
      const { manager, link, id } = await invited(app);
      await pressButton(manager, id, 'deactivate');
      await pressButton(manager, id, 'activate');
      expect((await User.findOne({ _id: id }).lean())?.active).to.equal(true);
      expect((await request(app).get(link)).status).to.equal(404);
    });
  });

  describe('deactivation and reactivation', () => {
    it('signs the deactivated user out on their very next request and deletes their stored sessions', async () => {
      const { app } = makeApp();
      const { agent: manager } = await signedIn(app, { role: 'manager' });
      const { user: mentor, agent: mentorAgent } = await signedIn(app, { role: 'mentor' });
      const secondDevice = await login(app, mentor.email);
      expect((await mentorAgent.get('/')).status).to.equal(200);
      expect(await storedSessionsOf(String(mentor._id))).to.equal(2);

      const page = await pressButton(manager, String(mentor._id), 'deactivate');
      expect(page.text).to.contain('Compte désactivé ; ses sessions ont été fermées.');
      expect(page.text).to.contain('Désactivé');
      expect(await storedSessionsOf(String(mentor._id))).to.equal(0);
      expect((await User.findOne({ _id: mentor._id }).lean())?.active).to.equal(false);

      const next = await mentorAgent.get('/account');
      expect(next.status).to.equal(302);
      expect(next.headers.location).to.equal('/login?next=%2Faccount');
      const other = await secondDevice.get('/');
      expect(other.status).to.equal(302);
      expect(other.headers.location).to.match(/^\/login/);
      // The manager's own session is untouched.
      expect((await manager.get('/users')).status).to.equal(200);
    });

    it('refuses sign-in to a deactivated user with the usual message; reactivation lets them in again', async () => {
      const { app } = makeApp();
      const { agent: manager } = await signedIn(app, { role: 'manager' });
      const mentor = await makeUser({ role: 'mentor', name: 'Marc Mentor' });
      await pressButton(manager, String(mentor._id), 'deactivate');

      const refused = await tryLogin(app, mentor.email, FACTORY_PASSWORD);
      expect(refused.res.status).to.equal(401);
      expect(refused.res.text).to.contain(BAD_LOGIN);
      const unknown = await tryLogin(app, 'nobody@example.org', FACTORY_PASSWORD);
      expect(unknown.res.status).to.equal(401);
      expect(unknown.res.text).to.contain(BAD_LOGIN);
      expect((await refused.agent.get('/')).status).to.equal(302);

      const page = await pressButton(manager, String(mentor._id), 'activate');
      expect(page.text).to.contain('Compte réactivé.');
      const { agent, res } = await tryLogin(app, mentor.email, FACTORY_PASSWORD);
      expect(res.status).to.equal(303);
      expect((await agent.get('/')).text).to.contain('Bonjour Marc Mentor');
    });

    it('does not let a manager deactivate themself', async () => {
      const { app } = makeApp();
      await makeUser({ role: 'manager' }); // another active manager: only the self rule can refuse
      const { user, agent } = await signedIn(app, { role: 'manager' });
      const id = String(user._id);
      const own = await agent.get(`/users/${id}`);
      expect(own.text).not.to.contain(`action="/users/${id}/deactivate"`);
      const version = await pageVersion(agent, id);
      const res = await postForm(agent, `/users/${id}`, `/users/${id}/deactivate`, { version });
      expect(res.status).to.equal(303);
      const page = await agent.get(`/users/${id}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Vous ne pouvez pas désactiver votre propre compte.');
      const stored = await User.findOne({ _id: user._id }).lean();
      expect(stored?.active).to.equal(true);
      expect(stored?.sessionEpoch).to.equal(0);
      expect(await storedSessionsOf(id)).to.equal(1);
    });

    it('does not let the last active manager be demoted (an inactive manager does not count)', async () => {
      const { app } = makeApp();
      const { user, agent } = await signedIn(app, { role: 'manager', name: 'Seule Cheffe' });
      const dormant = await makeUser({ role: 'manager', active: false });
      const id = String(user._id);
      const version = await pageVersion(agent, id);
      const res = await postForm(agent, `/users/${id}/edit`, `/users/${id}`, { name: 'Seule Cheffe', role: 'observer', locale: 'fr', version });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(LAST_MANAGER);
      const stored = await User.findOne({ _id: user._id }).lean();
      expect(stored?.role).to.equal('manager');
      expect(stored?.active).to.equal(true);
      expect((await agent.get('/users')).status).to.equal(200);
      // With a second active manager, the same change goes through.
      await pressButton(agent, String(dormant._id), 'activate');
      const ok = await postForm(agent, `/users/${id}/edit`, `/users/${id}`, { name: 'Seule Cheffe', role: 'observer', locale: 'fr', version: await pageVersion(agent, id) });
      expect(ok.status).to.equal(303);
      expect((await User.findOne({ _id: user._id }).lean())?.role).to.equal('observer');
    });

    it('refuses to deactivate the last active manager (service rule: over HTTP the self check comes first)', async () => {
      const only = await makeUser({ role: 'manager' });
      await makeUser({ role: 'manager', active: false });
      const script = { id: new mongoose.Types.ObjectId().toString(), name: 'Script' };
      let error: unknown;
      try {
        await setActive(script, String(only._id), false, 0);
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Conflict);
      expect((error as Conflict).messageKey).to.equal('users.lastManager');
      const stored = await User.findOne({ _id: only._id }).lean();
      expect(stored?.active).to.equal(true);
      expect(stored?.sessionEpoch).to.equal(0);
      expect(await ActivityEntry.countDocuments({ action: 'user.deactivated' })).to.equal(0);
    });

    it('keeps an active manager when the last two deactivate or demote each other at the same time', async () => {
      const { app } = makeApp();
      // A race: a few rounds of each, so that an unprotected check-then-write loses at least once.
      for (const move of ['deactivate', 'demote', 'deactivate', 'demote', 'deactivate', 'demote'] as const) {
        await resetDb();
        const a = await signedIn(app, { role: 'manager' });
        const b = await signedIn(app, { role: 'manager' });
        const ids = [String(a.user._id), String(b.user._id)];
        const pairs = [
          { agent: a.agent, target: ids[1] },
          { agent: b.agent, target: ids[0] },
        ];
        const prepared = await Promise.all(
          pairs.map(async ({ agent, target }) => ({ agent, target, token: await csrfFrom(agent, `/users/${target}`), version: await pageVersion(agent, target) })),
        );
        const results = await Promise.all(
          prepared.map(({ agent, target, token, version }) =>
            move === 'deactivate'
              ? agent.post(`/users/${target}/deactivate`).type('form').send({ _csrf: token, version })
              : agent.post(`/users/${target}`).type('form').send({ _csrf: token, version, name: 'Ex Manager', role: 'observer', locale: 'fr' }),
          ),
        );
        // 302: the request came after the other one had already ended this manager's session.
        for (const r of results) expect(r.status, move).to.be.oneOf([302, 303, 409]);
        expect(await User.countDocuments({ role: 'manager', active: true }), move).to.be.at.least(1);
      }
    });
  });

  describe('editing', () => {
    it('changes the name and the role; the person’s open session ends when the role changes', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const startup = await makeStartup({ name: 'CardioSense' });
      const { user: target, agent: targetAgent } = await signedIn(app, { role: 'mentor', name: 'Marc Mentor' });
      const id = String(target._id);
      const form = await agent.get(`/users/${id}/edit`);
      expect(form.status).to.equal(200);
      expect(form.text).to.contain('value="Marc Mentor"');
      expect(form.text).to.match(/<option value="mentor" selected>/);
      const version = /name="version" value="(\d+)"/.exec(form.text)?.[1] ?? '';
      const res = await postForm(agent, `/users/${id}/edit`, `/users/${id}`, { name: 'Marc Fondateur', role: 'founder', startups: String(startup._id), locale: 'en', version });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/users/${id}`);
      const page = await agent.get(`/users/${id}`);
      expect(page.text).to.contain('Utilisateur mis à jour.');
      expect(page.text).to.contain('Marc Fondateur');
      expect(page.text).to.contain('Fondateur·rice');
      expect(page.text).to.contain('CardioSense');
      const stored = await User.findOne({ _id: target._id }).lean();
      expect(stored?.role).to.equal('founder');
      expect(stored?.locale).to.equal('en');
      expect(stored?.startups.map(String)).to.deep.equal([String(startup._id)]);
      const next = await targetAgent.get('/');
      expect(next.status).to.equal(302);
      expect(next.headers.location).to.match(/^\/login/);
    });

    it('refuses a stale edit with 409, shows the current stored values and overwrites nothing', async () => {
      const { app } = makeApp();
      const { agent: first } = await signedIn(app, { role: 'manager' });
      const { agent: second } = await signedIn(app, { role: 'manager' });
      const target = await makeUser({ role: 'mentor', name: 'Nom Initial' });
      const id = String(target._id);
      const opened = await first.get(`/users/${id}/edit`);
      const staleVersion = /name="version" value="(\d+)"/.exec(opened.text)?.[1] ?? '';
      const staleToken = /name="_csrf" value="([^"]+)"/.exec(opened.text)?.[1] ?? '';

      const meanwhile = await postForm(second, `/users/${id}/edit`, `/users/${id}`, { name: 'Nom Du Collègue', role: 'observer', locale: 'en', version: await pageVersion(second, id) });
      expect(meanwhile.status).to.equal(303);

      const res = await first.post(`/users/${id}`).type('form').send({ _csrf: staleToken, name: 'Mon Nom', role: 'mentor', locale: 'fr', version: staleVersion });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(STALE);
      expect(res.text).to.contain('value="Nom Du Collègue"');
      expect(res.text).not.to.contain('value="Mon Nom"');
      expect(res.text).to.match(/<option value="observer" selected>/);
      expect(res.text).to.match(/<option value="en" selected>English/);
      const currentVersion = /name="version" value="(\d+)"/.exec(res.text)?.[1];
      expect(currentVersion).to.not.equal(staleVersion);
      const stored = await User.findOne({ _id: target._id }).lean();
      expect(stored?.name).to.equal('Nom Du Collègue');
      expect(stored?.role).to.equal('observer');
      expect(stored?.locale).to.equal('en');
      // Saving again from the page that was shown works.
      const retry = await first.post(`/users/${id}`).type('form').send({ _csrf: staleToken, name: 'Mon Nom', role: 'observer', locale: 'en', version: currentVersion });
      expect(retry.status).to.equal(303);
      expect((await User.findOne({ _id: target._id }).lean())?.name).to.equal('Mon Nom');
    });
  });

  describe('the list', () => {
    /** The names of the users listed on a page, in order. */
    function listedNames(page: string): string[] {
      return [...page.matchAll(/<td><a href="\/users\/[0-9a-f]{24}">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
    }

    async function people() {
      await makeUser({ role: 'founder', name: 'Élodie Durand', email: 'elodie@cardiosense.fr', password: null });
      await makeUser({ role: 'mentor', name: 'Marc Lefèvre', email: 'marc@mentors.example' });
      await makeUser({ role: 'mentor', name: 'Sophie Bernard', email: 'sophie@durand-conseil.example', password: null, active: false });
      await makeUser({ role: 'observer', name: 'Weird .*( name', email: 'weird@example.org', password: null });
      await makeUser({ role: 'partner', name: 'Paul Dubois', email: 'paul@genopole.example', password: null });
    }

    it('finds people by name or e-mail, whatever the case', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const byName = await agent.get('/users').query({ q: 'DURAND' });
      expect(byName.status).to.equal(200);
      expect(listedNames(byName.text)).to.have.members(['Élodie Durand', 'Sophie Bernard']).and.have.length(2);
      expect(byName.text).to.contain('value="DURAND"');
      const byEmail = await agent.get('/users').query({ q: 'Genopole.EXAMPLE' });
      expect(listedNames(byEmail.text)).to.deep.equal(['Paul Dubois']);
      const partial = await agent.get('/users').query({ q: 'lefè' });
      expect(listedNames(partial.text)).to.deep.equal(['Marc Lefèvre']);
    });

    it('reads regex characters literally and survives a search over 100 characters', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const literal = await agent.get('/users').query({ q: '.*(' });
      expect(literal.status).to.equal(200);
      expect(listedNames(literal.text)).to.deep.equal(['Weird .*( name']);
      for (const q of ['.*', '(', '[', '\\', 'a|b', '^M', '$']) {
        const res = await agent.get('/users').query({ q });
        expect(res.status, q).to.equal(200);
        expect(listedNames(res.text), q).to.not.include('Anne Manager');
      }
      const nothing = await agent.get('/users').query({ q: '(a+)+$' });
      expect(nothing.status).to.equal(200);
      expect(nothing.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
      for (const q of ['x'.repeat(101), '('.repeat(500), `${'a'.repeat(5000)}!`]) {
        const res = await agent.get('/users').query({ q });
        expect(res.status, `${q.length} characters`).to.equal(200);
        expect(res.text).to.contain('<h1 class="h3 mb-0">Utilisateurs</h1>');
        expect(res.text).to.contain('<form method="get" action="/users"');
      }
    });

    it('filters by role and by status, and keeps the filters in the form', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const mentors = await agent.get('/users').query({ role: 'mentor' });
      expect(listedNames(mentors.text)).to.have.members(['Marc Lefèvre', 'Sophie Bernard']).and.have.length(2);
      expect(mentors.text).to.match(/<option value="mentor" selected>/);
      const inactive = await agent.get('/users').query({ status: 'inactive' });
      expect(listedNames(inactive.text)).to.deep.equal(['Sophie Bernard']);
      expect(inactive.text).to.contain('<span class="badge text-bg-secondary">Désactivé</span>');
      const activeMentors = await agent.get('/users').query({ role: 'mentor', status: 'active' });
      expect(listedNames(activeMentors.text)).to.deep.equal(['Marc Lefèvre']);
      // The status filter matches the badges: active (password set), invited (no password yet), deactivated.
      const active = await agent.get('/users').query({ status: 'active' });
      expect(listedNames(active.text)).to.have.members(['Anne Manager', 'Marc Lefèvre']).and.have.length(2);
      const invited = await agent.get('/users').query({ status: 'invited' });
      expect(listedNames(invited.text)).to.have.members(['Élodie Durand', 'Paul Dubois', 'Weird .*( name']).and.have.length(3);
      expect(invited.text).to.contain('<span class="badge text-bg-warning">Invité</span>');
      const unknownRole = await agent.get('/users').query({ role: 'admin' });
      expect(unknownRole.status).to.equal(200);
      expect(listedNames(unknownRole.text)).to.have.length(6);
    });

    it('pages by 20: page 2 shows the rest, with the page count and the filters kept in the links', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      for (let i = 1; i <= 25; i += 1) {
        await makeUser({ role: 'observer', name: `Observateur ${String(i).padStart(2, '0')}`, password: null });
      }
      const first = await agent.get('/users');
      expect(first.status).to.equal(200);
      const page1 = listedNames(first.text);
      expect(page1).to.have.length(20);
      expect(page1[0]).to.equal('Anne Manager');
      expect(first.text).to.contain('Page 1 sur 2 · 26 résultat(s)');
      expect(first.text).to.contain(`href="${html('?sort=name&page=2')}">Suivant</a>`);
      const second = await agent.get('/users?sort=name&page=2');
      const page2 = listedNames(second.text);
      expect(second.text).to.contain('Page 2 sur 2 · 26 résultat(s)');
      expect(page2).to.deep.equal(['Observateur 20', 'Observateur 21', 'Observateur 22', 'Observateur 23', 'Observateur 24', 'Observateur 25']);
      expect(new Set([...page1, ...page2]).size).to.equal(26);

      const filtered = await agent.get('/users').query({ role: 'observer' });
      expect(filtered.text).to.contain('Page 1 sur 2 · 25 résultat(s)');
      expect(filtered.text).to.contain(`href="${html('?role=observer&sort=name&page=2')}"`);
      const filtered2 = await agent.get('/users?role=observer&sort=name&page=2');
      expect(listedNames(filtered2.text)).to.deep.equal(['Observateur 21', 'Observateur 22', 'Observateur 23', 'Observateur 24', 'Observateur 25']);
      const beyond = await agent.get('/users?page=9');
      expect(beyond.status).to.equal(200);
      expect(listedNames(beyond.text)).to.have.length(0);
    });

    it('says so when nothing matches, with a way back to the full list', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await people();
      const res = await agent.get('/users').query({ q: 'zzz-personne' });
      expect(res.status).to.equal(200);
      expect(listedNames(res.text)).to.have.length(0);
      expect(res.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
      expect(res.text).to.contain('<a class="btn btn-primary" href="/users">Effacer les filtres</a>');
      const noPartner = await agent.get('/users').query({ role: 'partner', status: 'inactive' });
      expect(noPartner.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
    });
  });

  describe('the audit trail', () => {
    it('records creation, link issue and deactivation, and shows them to a manager on /activity', async () => {
      const { app } = makeApp();
      const { user: manager, agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      const res = await postForm(agent, '/users/new', '/users', { email: 'lea@example.org', name: 'Léa Petit', role: 'mentor', locale: 'fr' });
      const id = String(res.headers.location).split('/').pop() as string;
      await pressButton(agent, id, 'password-link');
      await pressButton(agent, id, 'deactivate');

      const entries = await ActivityEntry.find({ entityType: 'User', entityId: id }).sort({ at: 1, _id: 1 }).lean();
      expect(entries.map((e) => e.action)).to.deep.equal(['user.created', 'user.passwordLinkIssued', 'user.deactivated']);
      for (const e of entries) {
        expect(String(e.actor)).to.equal(String(manager._id));
        expect(e.actorName).to.equal('Anne Manager');
        expect(e.summary).to.contain('lea@example.org');
      }
      const page = await agent.get('/activity');
      expect(page.status).to.equal(200);
      for (const text of ['a créé un compte', 'a créé un lien de mot de passe', 'a désactivé un compte', 'Anne Manager', 'lea@example.org (mentor)']) {
        expect(page.text).to.contain(text);
      }
      const tokens = [...page.text.matchAll(/set-password\/([A-Za-z0-9_-]{20,})/g)];
      expect(tokens, 'no link in the audit trail').to.have.length(0);
    });
  });
});
