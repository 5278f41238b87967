import { expect } from 'chai';
import mongoose from 'mongoose';
import { ActivityEntry } from '../../src/core/audit/model';
import { Conflict } from '../../src/core/errors';
import { setActive } from '../../src/users/service';
import { User } from '../../src/users/model';
import { FACTORY_PASSWORD, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, resetDb, signedIn } from '../helpers';
import { BAD_LOGIN, STALE, LAST_MANAGER, pageVersion, pressButton, storedSessionsOf, tryLogin } from './users.helpers';

describe('user management: deactivation and editing', () => {
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
      // A script acting as a manager who is not (or no longer) in the database.
      const script = { id: new mongoose.Types.ObjectId().toString(), name: 'Script', email: 'script@example.test', role: 'manager' as const, locale: 'fr' as const, startups: [] };
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
});
