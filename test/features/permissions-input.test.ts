import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { User } from '../../src/users/model';
import { FACTORY_PASSWORD, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, sharedWorld, type Agent, type TestApp } from '../helpers';
import { NOT_FOUND, signedInSessions } from './permissions.helpers';

describe('permissions: unknown ids and hostile parameters', () => {
  describe('unknown and malformed ids', () => {
    let t: TestApp;
    let manager: Agent;

    sharedWorld(async () => {
      t = makeApp();
      const user = await makeUser({ role: 'manager' });
      manager = await login(t.app, user.email);
    });

    const ids = [
      new mongoose.Types.ObjectId().toString(),
      'not-an-id',
      '%24gt',
      'aaaaaaaaaaaa',
      '%7B%22%24gt%22%3A%22%22%7D',
      'ZZZZZZZZZZZZZZZZZZZZZZZZ',
      `${new mongoose.Types.ObjectId().toString()}0`,
    ];

    for (const id of ids) {
      it(`answers 404 to /users/${id} and its actions, never 500`, async () => {
        for (const path of [`/users/${id}`, `/users/${id}/edit`]) {
          const res = await manager.get(path);
          expect(res.status, `GET ${path}`).to.equal(404);
          expect(res.text).to.contain(NOT_FOUND);
        }
        const token = await csrfFrom(manager, '/account');
        const posts: [string, Record<string, string>][] = [
          [`/users/${id}`, { name: 'X', role: 'observer', locale: 'fr', version: '0' }],
          [`/users/${id}`, {}],
          [`/users/${id}/deactivate`, { version: '0' }],
          [`/users/${id}/activate`, { version: '0' }],
          [`/users/${id}/password-link`, { version: '0' }],
        ];
        for (const [path, fields] of posts) {
          const res = await manager.post(path).type('form').send({ _csrf: token, ...fields });
          expect(res.status, `POST ${path} ${JSON.stringify(fields)}`).to.equal(404);
          expect(res.text).to.contain(NOT_FOUND);
        }
        expect(t.logs.filter((l) => l.includes('unhandled error'))).to.deep.equal([]);
      });
    }
  });

  describe('operator objects and repeated parameters', () => {
    let t: TestApp;
    let managerEmail: string;
    let manager: Agent;

    beforeEach(async () => {
      t = makeApp();
      const user = await makeUser({ role: 'manager', name: 'Anne Manager', email: 'anne@example.org' });
      managerEmail = user.email;
      manager = await login(t.app, managerEmail);
      await makeUser({ role: 'mentor', name: 'Marc Mentor', email: 'marc@example.org', password: null });
      await makeUser({ role: 'observer', name: 'Olga Observatrice', email: 'olga@example.org', password: null, active: false });
    });

    /** Posts a raw urlencoded body (bracketed or repeated keys as a browser or a script could send them). */
    async function rawLogin(body: string) {
      const agent = request.agent(t.app);
      const token = await csrfFrom(agent, '/login');
      const res = await agent.post('/login').type('form').send(`_csrf=${encodeURIComponent(token)}&${body}`);
      return { agent, res };
    }

    it('never signs anyone in with operator objects or repeated e-mail / password fields', async () => {
      const sessionsBefore = await signedInSessions();
      const right = encodeURIComponent(FACTORY_PASSWORD);
      const email = encodeURIComponent(managerEmail);
      const bodies = [
        'email[$ne]=x&password[$ne]=x',
        'email[$gt]=&password[$gt]=',
        `email=${email}&password[$ne]=x`,
        `email[$regex]=.*&password=${right}`,
        `email=${email}&email=marc%40example.org&password=${right}`,
        `email=${email}&password=wrong-password&password=${right}`,
        `email[]=${email}&password[]=${right}`,
        `email=${email}&password=${right}&password=${right}`,
      ];
      for (const body of bodies) {
        const { agent, res } = await rawLogin(body);
        expect(res.status, body).to.be.oneOf([401, 422]);
        expect(res.text, body).to.contain('Adresse e-mail ou mot de passe incorrect.');
        const home = await agent.get('/');
        expect(home.status, body).to.equal(302);
        expect(home.headers.location).to.equal('/login?next=%2F');
      }
      // A JSON body is not read at all: with a valid token in the header it is an empty form.
      const agent = request.agent(t.app);
      const token = await csrfFrom(agent, '/login');
      const json = await agent.post('/login').set('X-CSRF-Token', token).send({ email: { $ne: null }, password: { $ne: null } });
      expect(json.status).to.be.oneOf([401, 403, 422]);
      expect((await agent.get('/')).status).to.equal(302);
      expect(await signedInSessions()).to.equal(sessionsBefore);
      // The same harness does sign in with the plain fields: the refusals above are real.
      const { agent: ok, res } = await rawLogin(`email=${email}&password=${right}`);
      expect(res.status).to.equal(303);
      expect((await ok.get('/')).status).to.equal(200);
    });

    /** The names listed on /users for a raw query string. */
    async function listed(query: string): Promise<string[]> {
      const res = await manager.get(`/users${query}`);
      expect(res.status, query).to.equal(200);
      return [...res.text.matchAll(/<td><a href="\/users\/[0-9a-f]{24}">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
    }

    it('list filters given as operators or repeated keys are ignored, never turned into a query', async () => {
      const all = await listed('');
      expect(all).to.deep.equal(['Anne Manager', 'Marc Mentor', 'Olga Observatrice']);
      for (const query of [
        '?q[$gt]=',
        '?q[$regex]=.*',
        '?q[$ne]=zzz',
        '?q=Anne&q=Marc',
        '?q[]=Anne',
        '?role[$ne]=manager',
        '?role[$in][]=mentor',
        '?role=manager&role=mentor',
        '?status[$ne]=active',
        '?status=active&status=inactive',
        '?page[$gt]=1',
        '?sort[$gt]=',
        '?sort=name&sort=-name',
      ]) {
        expect(await listed(query), query).to.deep.equal(all);
      }
      // The plain forms still filter: the checks above would see a change.
      expect(await listed('?role=mentor')).to.deep.equal(['Marc Mentor']);
      expect(await listed('?q=olga')).to.deep.equal(['Olga Observatrice']);
      expect(await listed('?status=inactive')).to.deep.equal(['Olga Observatrice']);
      const activity = await manager.get('/activity?q[$gt]=&entityType[$ne]=User');
      expect(activity.status).to.equal(200);
    });

    it('form fields given as operators or repeated keys are refused and change nothing', async () => {
      const token = await csrfFrom(manager, '/users/new');
      const send = (path: string, body: string) => manager.post(path).type('form').send(`_csrf=${encodeURIComponent(token)}&${body}`);
      const usersBefore = await User.countDocuments({});

      const created = [
        'email[$ne]=x&name=Intrus&role=observer&locale=fr',
        'email=intrus%40example.org&name=Intrus&role[$ne]=x&locale=fr',
        'email=intrus%40example.org&name=Intrus&role=observer&role=manager&locale=fr',
        'email=intrus%40example.org&email=autre%40example.org&name=Intrus&role=observer&locale=fr',
      ];
      for (const body of created) {
        const res = await send('/users', body);
        expect(res.status, body).to.equal(422);
      }
      expect(await User.countDocuments({})).to.equal(usersBefore);

      const marc = await User.findOne({ email: 'marc@example.org' }).lean();
      const id = String(marc?._id);
      for (const body of [`name=Pirate&role[$ne]=mentor&locale=fr&version=${String(marc?.__v)}`, 'name=Pirate&role=mentor&locale=fr&version[$gt]=-1', `name=Pirate&name=Autre&role=mentor&locale=fr&version=${String(marc?.__v)}`]) {
        const res = await send(`/users/${id}`, body);
        expect(res.status, body).to.equal(422);
      }
      for (const body of ['version[$gt]=-1', 'version[$ne]=999', 'version=0&version=1']) {
        const res = await send(`/users/${id}/deactivate`, body);
        expect(res.status, body).to.equal(303);
      }
      const after = await User.findOne({ _id: id }).lean();
      expect(after?.name).to.equal('Marc Mentor');
      expect(after?.role).to.equal('mentor');
      expect(after?.active).to.equal(true);
      expect(after?.__v).to.equal(marc?.__v);

      const prefs = await send('/account/preferences', 'name[$ne]=x&locale=en');
      expect(prefs.status).to.equal(422);
      const twice = await send('/account/preferences', 'name=A&name=B&locale=en');
      expect(twice.status).to.equal(422);
      const me = await User.findOne({ email: managerEmail }).lean();
      expect(me?.name).to.equal('Anne Manager');
      expect(me?.locale).to.equal('fr');
    });
  });
});
