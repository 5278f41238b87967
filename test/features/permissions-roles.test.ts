import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { PasswordToken } from '../../src/users/password-token.model';
import { User } from '../../src/users/model';
import { ROLES, type Role } from '../../src/core/policy';
import { makeOrganisation, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, sharedWorld, type Agent, type TestApp } from '../helpers';
import { FORBIDDEN, PAGES } from './permissions.helpers';

describe('permissions: each role on each page', () => {
  describe('role × page', () => {
    let t: TestApp;
    const agents = new Map<Role, Agent>();
    let target: { id: string; name: string };

    sharedWorld(async () => {
      t = makeApp();
      const startup = await makeStartup({ name: 'CardioSense' });
      const org = await makeOrganisation({ name: 'Genopole Est' });
      for (const role of ROLES) {
        const user = await makeUser({ role, startups: role === 'founder' ? [startup._id] : [], organisation: role === 'partner' ? org._id : undefined });
        agents.set(role, await login(t.app, user.email));
      }
      const mentor = await makeUser({ role: 'mentor', name: 'Cible Mentor' });
      target = { id: String(mentor._id), name: 'Cible Mentor' };
    });

    const concrete = (path: string): string => path.replace(':id', target.id);

    for (const role of ROLES) {
      for (const page of PAGES) {
        const allowed = page.allowed.includes(role);
        it(`${role}: GET ${page.path} → ${allowed ? 200 : 403}`, async () => {
          const res = await (agents.get(role) as Agent).get(concrete(page.path));
          expect(res.status).to.equal(allowed ? 200 : 403);
          if (allowed) expect(res.text).not.to.contain(FORBIDDEN);
          else expect(res.text).to.contain(FORBIDDEN);
          if (allowed && page.path === '/users/:id') expect(res.text).to.contain(target.name);
        });
      }
    }

    for (const page of PAGES) {
      it(`anonymous: GET ${page.path} → 302 to the login page, coming back afterwards`, async () => {
        const path = concrete(page.path);
        const res = await request(t.app).get(path);
        expect(res.status).to.equal(302);
        expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
      });
    }

    it('a manager can use the same POST actions with a token taken from /account (the refusals below are the guard’s)', async () => {
      const manager = agents.get('manager') as Agent;
      const token = await csrfFrom(manager, '/account');
      const version = String((await User.findOne({ _id: target.id }).lean())?.__v);
      const res = await manager.post(`/users/${target.id}/password-link`).type('form').send({ _csrf: token, version });
      expect(res.status).to.equal(303);
      expect(await PasswordToken.countDocuments({ user: target.id })).to.equal(1);
      await PasswordToken.deleteMany({});
    });

    const others = ROLES.filter((r) => r !== 'manager');
    for (const who of [...others, 'anonymous' as const]) {
      it(`${who}: every POST action of /users is refused and changes nothing`, async () => {
        const agent = who === 'anonymous' ? request.agent(t.app) : (agents.get(who) as Agent);
        const token = await csrfFrom(agent, who === 'anonymous' ? '/login' : '/account');
        const inactive = await makeUser({ role: 'observer', name: 'Compte Dormant', active: false, password: null });
        const before = {
          users: await User.countDocuments({}),
          tokens: await PasswordToken.countDocuments({}),
          audit: await ActivityEntry.countDocuments({}),
          mails: t.mails.length,
          target: await User.findOne({ _id: target.id }).lean(),
        };
        const version = String(before.target?.__v);
        const attempts: [string, Record<string, string>][] = [
          ['/users', { email: 'intrus@example.org', name: 'Intrus', role: 'manager', locale: 'fr' }],
          [`/users/${target.id}`, { name: 'Pirate', role: 'manager', locale: 'en', version }],
          [`/users/${target.id}/deactivate`, { version }],
          [`/users/${String(inactive._id)}/activate`, { version: '0' }],
          [`/users/${target.id}/password-link`, { version }],
        ];
        for (const [action, fields] of attempts) {
          const res = await agent.post(action).type('form').send({ _csrf: token, ...fields });
          if (who === 'anonymous') {
            expect(res.status, action).to.equal(302);
            expect(res.headers.location, action).to.equal('/login');
          } else {
            expect(res.status, action).to.equal(403);
            expect(res.text, action).to.contain(FORBIDDEN);
          }
        }
        expect(await User.countDocuments({})).to.equal(before.users);
        expect(await User.exists({ email: 'intrus@example.org' })).to.equal(null);
        const after = await User.findOne({ _id: target.id }).lean();
        expect(after?.name).to.equal(before.target?.name);
        expect(after?.role).to.equal('mentor');
        expect(after?.locale).to.equal(before.target?.locale);
        expect(after?.active).to.equal(true);
        expect(after?.__v).to.equal(before.target?.__v);
        expect((await User.findOne({ _id: inactive._id }).lean())?.active).to.equal(false);
        expect(await PasswordToken.countDocuments({})).to.equal(before.tokens);
        expect(await ActivityEntry.countDocuments({})).to.equal(before.audit);
        expect(t.mails.length).to.equal(before.mails);
        // The role's own session is still there: a refusal signs no one out.
        if (who !== 'anonymous') expect((await agent.get('/account')).status).to.equal(200);
      });
    }
  });
});
