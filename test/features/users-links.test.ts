import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { PasswordToken } from '../../src/users/password-token.model';
import { User } from '../../src/users/model';
import { csrfFrom, makeApp, postForm, signedIn } from '../helpers';
import { html, flashLink, pathOf, pageVersion, pressButton, tryLogin } from './users.helpers';

describe('user management: set-password links', () => {
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
});
