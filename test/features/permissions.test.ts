import { expect } from 'chai';
import express, { type Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { SESSION_COLLECTION } from '../../src/core/auth/sessions';
import { guard } from '../../src/core/http/guard';
import { PERMISSIONS } from '../../src/core/policy';
import { PasswordToken } from '../../src/users/password-token.model';
import { ROLES, User, type Role } from '../../src/users/model';
import { FACTORY_PASSWORD, makeOrganisation, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, sharedWorld, type Agent, type TestApp, text } from '../helpers';

const FORBIDDEN = text('errors.forbidden');
const NOT_FOUND = text('errors.notFound');

interface RouteInfo {
  method: string;
  path: string;
  /** The permission of the route's first handler, or undefined when it is not a guard. */
  permission?: string;
}

interface LayerLike {
  route?: { path: string | string[]; stack: { method?: string; handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Every route of an Express 5 router tree, with the permission carried by its first handler (per method). */
function routesOf(stack: LayerLike[], prefix = ''): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const firstByMethod = new Map<string, unknown>();
      for (const sub of layer.route.stack) {
        const method = (sub.method ?? '_all').toUpperCase();
        if (!firstByMethod.has(method)) firstByMethod.set(method, sub.handle);
      }
      for (const path of ([] as string[]).concat(layer.route.path)) {
        for (const [method, handle] of firstByMethod) {
          out.push({ method, path: join(prefix, path), permission: (handle as { permission?: string } | undefined)?.permission });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      out.push(...routesOf(layer.handle.stack, join(prefix, mount)));
    }
  }
  return out;
}

function appRoutes(app: Express): RouteInfo[] {
  const router = (app as unknown as { router?: { stack?: LayerLike[] } }).router;
  if (!router?.stack) throw new Error('app.router has no stack: is this Express 5?');
  return routesOf(router.stack);
}

/** Pages (GET) and the roles DESIGN.md section 3 lets use them; everyone else gets 403. */
const PAGES: { path: string; allowed: readonly Role[] }[] = [
  { path: '/', allowed: ROLES },
  { path: '/account', allowed: ROLES },
  { path: '/users', allowed: ['manager'] },
  { path: '/users/new', allowed: ['manager'] },
  { path: '/users/:id', allowed: ['manager'] },
  { path: '/users/:id/edit', allowed: ['manager'] },
  { path: '/activity', allowed: ['manager'] },
  { path: '/programme', allowed: ['manager'] },
  { path: '/programme/readiness', allowed: ['manager'] },
  { path: '/cohorts', allowed: ['manager'] },
  { path: '/cohorts/new', allowed: ['manager'] },
  { path: '/startups', allowed: ['manager', 'founder', 'mentor'] },
  { path: '/startups/new', allowed: ['manager'] },
  { path: '/notifications', allowed: ROLES },
  { path: '/checkins', allowed: ['manager'] },
  { path: '/milestones/review', allowed: ['manager'] },
  { path: '/milestones/tracks', allowed: ['manager'] },
];

async function signedInSessions(): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  return db.collection(SESSION_COLLECTION).countDocuments({ 'session.passport.user': { $exists: true } });
}

describe('permissions: the route table', () => {
  describe('every route declares its permission', () => {
    it('finds the routes of the app, each starting with a guard that names its permission', () => {
      const routes = appRoutes(makeApp().app);
      const unguarded = routes.filter((r) => r.permission === undefined).map((r) => `${r.method} ${r.path}`);
      expect(unguarded, `routes without guard(): ${unguarded.join(', ')}`).to.deep.equal([]);

      const known = new Set<string>(['public', 'authenticated', ...Object.keys(PERMISSIONS)]);
      const unknown = routes.filter((r) => !known.has(String(r.permission))).map((r) => `${r.method} ${r.path} (${String(r.permission)})`);
      expect(unknown, 'permissions that the policy does not know').to.deep.equal([]);

      const table = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.permission]));
      expect(table).to.include({
        'GET /healthz': 'public',
        'GET /setup': 'public',
        'POST /setup': 'public',
        'GET /login': 'public',
        'POST /login': 'public',
        'POST /logout': 'authenticated',
        'POST /locale': 'public',
        'GET /account': 'account.self',
        'POST /account/preferences': 'account.self',
        'POST /account/password': 'account.self',
        'GET /set-password/:token': 'public',
        'POST /set-password/:token': 'public',
        'GET /': 'home',
        'GET /users': 'users.manage',
        'GET /users/new': 'users.manage',
        'POST /users': 'users.manage',
        'GET /users/:id': 'users.manage',
        'GET /users/:id/edit': 'users.manage',
        'POST /users/:id': 'users.manage',
        'POST /users/:id/deactivate': 'users.manage',
        'POST /users/:id/activate': 'users.manage',
        'POST /users/:id/password-link': 'users.manage',
        'GET /activity': 'activity.read',
        'GET /programme': 'programme.manage',
        'GET /programme/edit': 'programme.manage',
        'POST /programme': 'programme.manage',
        'GET /programme/stages/new': 'programme.manage',
        'POST /programme/stages': 'programme.manage',
        'GET /programme/stages/:key/edit': 'programme.manage',
        'POST /programme/stages/:key': 'programme.manage',
        'POST /programme/stages/:key/move': 'programme.manage',
        'POST /programme/stages/:key/delete': 'programme.manage',
        'GET /programme/readiness': 'programme.manage',
        'POST /programme/readiness': 'programme.manage',
        'GET /cohorts': 'programme.manage',
        'GET /cohorts/new': 'programme.manage',
        'POST /cohorts': 'programme.manage',
        'GET /cohorts/:id': 'programme.manage',
        'GET /cohorts/:id/edit': 'programme.manage',
        'POST /cohorts/:id': 'programme.manage',
        'POST /cohorts/:id/close': 'programme.manage',
        'GET /startups': 'startups.read',
        'GET /startups/export.csv': 'startups.export',
        'GET /startups/new': 'startups.create',
        'POST /startups': 'startups.create',
        'GET /startups/:id': 'startups.read',
        'GET /startups/:id/edit': 'startups.edit',
        'POST /startups/:id': 'startups.edit',
        'GET /startups/:id/figures': 'startups.figures',
        'POST /startups/:id/figures': 'startups.figures',
        'GET /startups/:id/history': 'startups.read',
        'GET /startups/:id/stage': 'startups.moveStage',
        'POST /startups/:id/stage': 'startups.moveStage',
        'GET /startups/:id/checkin': 'checkins.submit',
        'POST /startups/:id/checkin': 'checkins.submit',
        'GET /checkins': 'checkins.follow',
        'POST /checkins/remind': 'checkins.follow',
        'POST /checkins/:id/remind': 'checkins.follow',
        'GET /startups/:id/milestones': 'milestones.read',
        'GET /startups/:id/milestones/new': 'milestones.plan',
        'POST /startups/:id/milestones': 'milestones.plan',
        'POST /startups/:id/milestones/apply-track': 'milestones.tracks',
        'GET /startups/:id/milestones/:mid': 'milestones.read',
        'GET /startups/:id/milestones/:mid/edit': 'milestones.plan',
        'POST /startups/:id/milestones/:mid': 'milestones.plan',
        'POST /startups/:id/milestones/:mid/remove': 'milestones.plan',
        'GET /startups/:id/milestones/:mid/submit': 'milestones.submit',
        'POST /startups/:id/milestones/:mid/submit': 'milestones.submit',
        'POST /startups/:id/milestones/:mid/decision': 'milestones.review',
        'POST /startups/:id/milestones/:mid/comment': 'milestones.comment',
        'GET /milestones/review': 'milestones.review',
        'GET /milestones/tracks': 'milestones.tracks',
        'POST /milestones/tracks': 'milestones.tracks',
        'GET /milestones/tracks/new': 'milestones.tracks',
        'GET /milestones/tracks/:trackId/edit': 'milestones.tracks',
        'POST /milestones/tracks/:trackId': 'milestones.tracks',
        'GET /notifications': 'notifications.self',
        'POST /notifications/read-all': 'notifications.self',
        'POST /notifications/:id/read': 'notifications.self',
        'POST /notifications/:id/open': 'notifications.self',
        'GET /startups/:id/readiness': 'startups.read',
        'GET /startups/:id/readiness/new': 'readiness.assess',
        'POST /startups/:id/readiness/new': 'readiness.assess',
        'GET /startups/:id/readiness/targets': 'readiness.target',
        'POST /startups/:id/readiness/targets': 'readiness.target',
        'GET /startups/:id/documents': 'documents.read',
        'POST /startups/:id/documents': 'documents.upload',
        'GET /documents/:docId/download': 'documents.read',
        'GET /documents/:docId/delete': 'documents.delete',
        'POST /documents/:docId/delete': 'documents.delete',
      });
    });

    it('the walk names a route whose first handler is not a guard (nested routers included)', () => {
      const app = express();
      const inner = express.Router();
      inner.get('/open', (_req, res) => res.send('oops'));
      inner.post('/fine', guard('users.manage'), (_req, res) => res.send('ok'));
      inner.route('/mixed').get(guard('home'), (_req, res) => res.send('ok')).post((_req, res) => res.send('oops'));
      app.use('/nested', inner);
      app.get('/top', guard('public'), (_req, res) => res.send('ok'));
      const routes = appRoutes(app);
      expect(routes.filter((r) => !r.permission).map((r) => `${r.method} ${r.path}`)).to.have.members(['GET /nested/open', 'POST /nested/mixed']);
      expect(routes.map((r) => `${r.method} ${r.path}`)).to.have.members(['GET /nested/open', 'POST /nested/fine', 'GET /nested/mixed', 'POST /nested/mixed', 'GET /top']);
    });
  });

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
