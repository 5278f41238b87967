import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { makeUser, FACTORY_PASSWORD } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { csrfFrom, login, makeApp, postForm, resetDb, sessionCookie } from '../helpers';

describe('signing in and out', () => {

  it('signs in with e-mail (any case) and password, changes the session id, and greets the user', async () => {
    const { app } = makeApp();
    const user = await makeUser({ role: 'manager', name: 'Claire Martin' });
    const agent = request.agent(app);
    const first = await agent.get('/login');
    const before = sessionCookie(first);
    const token = /name="_csrf" value="([^"]+)"/.exec(first.text)?.[1];
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email.toUpperCase(), password: FACTORY_PASSWORD });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/');
    const after = sessionCookie(res);
    expect(before, 'a session existed before login (CSRF token)').to.be.a('string');
    expect(after).to.be.a('string');
    expect(after?.split(';')[0]).not.to.equal(before?.split(';')[0]);
    const home = await agent.get('/');
    expect(home.text).to.contain('Bienvenue, Claire Martin.');
    expect((await User.findById(user._id).lean())?.lastLoginAt).to.be.instanceOf(Date);
  });

  it('gives the same message for an unknown e-mail and a wrong password, and keeps the e-mail typed', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = request.agent(app);
    const wrong = await postForm(agent, '/login', '/login', { email: user.email, password: 'not the password' });
    const unknown = await postForm(agent, '/login', '/login', { email: 'nobody@example.test', password: 'not the password' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    for (const res of [wrong, unknown]) expect(res.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    expect(wrong.text).to.contain(`value="${user.email}"`);
    expect(wrong.text).not.to.contain('not the password');
  });

  it('refuses an inactive account and one that never set a password with the same message', async () => {
    const { app } = makeApp();
    const inactive = await makeUser({ active: false });
    const invited = await makeUser({ password: null });
    const agent = request.agent(app);
    for (const email of [inactive.email, invited.email]) {
      const res = await postForm(agent, '/login', '/login', { email, password: FACTORY_PASSWORD });
      expect(res.status).to.equal(401);
      expect(res.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    }
  });

  it('never lets an operator object through the login form', async () => {
    const { app } = makeApp();
    await makeUser();
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send(`_csrf=${token}&email[$ne]=x&password[$ne]=x`);
    expect(res.status).to.be.oneOf([401, 422]);
    const repeated = await agent.post('/login').type('form').send(`_csrf=${token}&email=a@b.c&email=d@e.f&password=x`);
    expect(repeated.status).to.be.oneOf([401, 422]);
    expect((await agent.get('/')).status).to.equal(302);
  });

  it('logs out with a POST carrying the CSRF token, and destroys the stored session', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    const before = await mongoose.connection.db!.collection('sessions').countDocuments({ 'session.passport.user.id': String(user._id) });
    expect(before).to.equal(1);
    expect((await agent.get('/logout')).status, 'no logout by GET').to.equal(404);
    const noToken = await agent.post('/logout').type('form').send({});
    expect(noToken.status).to.equal(403);
    expect((await agent.get('/')).status, 'still signed in after a refused logout').to.equal(200);
    const res = await postForm(agent, '/', '/logout', {});
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/login/);
    expect((await agent.get(res.headers.location)).text).to.contain('Vous êtes déconnecté·e.');
    const after = await mongoose.connection.db!.collection('sessions').countDocuments({ 'session.passport.user.id': String(user._id) });
    expect(after).to.equal(0);
    expect((await agent.get('/')).status).to.equal(302);
  });

  it('an old session cookie replayed after logout is not signed in', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    const cookie = (await agent.get('/account')).request.cookies;
    await postForm(agent, '/', '/logout', {});
    const replay = await request(app).get('/').set('Cookie', cookie);
    expect(replay.status).to.equal(302);
  });

  it('sends an anonymous visitor to the login page and back to a local page after login', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const res = await request(app).get('/users?role=mentor');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/login?next=%2Fusers%3Frole%3Dmentor');
    const agent = request.agent(app);
    const form = await agent.get(res.headers.location);
    expect(form.text.replace(/&#x3D;/g, '=')).to.contain('name="next" value="/users?role=mentor"');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    const signIn = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: FACTORY_PASSWORD, next: '/users?role=mentor' });
    expect(signIn.headers.location).to.equal('/users?role=mentor');
  });

  for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x', ' /x']) {
    it(`never returns to ${JSON.stringify(next)} after login`, async () => {
      const { app } = makeApp();
      const user = await makeUser();
      const agent = request.agent(app);
      const res = await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD, next });
      expect(res.status).to.equal(303);
      const location = res.headers.location;
      expect(location === '/' || location === next).to.equal(true);
      expect(location).to.match(/^\/(?![/\\])/);
      expect(location).not.to.contain('\n');
    });
  }

  it('ends a session after the absolute timeout even when it was used all along', async () => {
    const { app } = makeApp({ SESSION_ABSOLUTE_HOURS: '1' });
    const user = await makeUser();
    const agent = await login(app, user.email);
    expect((await agent.get('/')).status).to.equal(200);
    // Age the stored session as if it had been signed in two hours ago.
    await mongoose.connection.db!.collection('sessions').updateMany(
      { 'session.passport.user.id': String(user._id) },
      { $set: { 'session.loginAt': Date.now() - 2 * 3600 * 1000 } },
    );
    const res = await agent.get('/');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/login');
    const page = await agent.get('/login');
    expect(page.text).to.contain('Votre session a expiré');
  });

  it('gives the session cookie an idle expiry, HttpOnly, SameSite=Lax and no Domain', async () => {
    const { app } = makeApp({ SESSION_IDLE_MINUTES: '30' });
    const res = await request(app).get('/login');
    const cookie = sessionCookie(res) ?? '';
    expect(cookie).to.match(/^boost\.sid=/);
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Lax/i);
    expect(cookie).not.to.match(/Domain=/i);
    expect(cookie).not.to.match(/;\s*Secure/i);
    const expires = /Expires=([^;]+)/i.exec(cookie)?.[1];
    const minutes = (new Date(expires ?? 0).getTime() - Date.now()) / 60000;
    expect(minutes).to.be.within(29, 31);
  });

  it('uses a Secure __Host- cookie when served over HTTPS behind a trusted proxy', async () => {
    const { app } = makeApp({ TRUST_PROXY: '1' });
    const res = await request(app).get('/login').set('X-Forwarded-Proto', 'https');
    const cookie = sessionCookie(res) ?? '';
    expect(cookie).to.match(/^__Host-boost\.sid=/);
    expect(cookie).to.match(/;\s*Secure/i);
    expect(cookie).to.match(/Path=\//);
    expect(cookie).not.to.match(/Domain=/i);
    expect(res.headers['strict-transport-security']).to.match(/max-age=\d+/);
  });
});

describe('login throttling', () => {

  it('locks an account on this IP after 5 failures: 429 with Retry-After, even with the right password', async () => {
    const { app } = makeApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_LOCK_MINUTES: '15' });
    const user = await makeUser();
    const agent = request.agent(app);
    for (let i = 0; i < 5; i += 1) {
      const res = await postForm(agent, '/login', '/login', { email: user.email, password: `wrong ${i}` });
      expect(res.status).to.equal(401);
    }
    const locked = await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD });
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers['retry-after'])).to.be.within(60, 15 * 60);
    expect(locked.text).to.contain('Trop de tentatives');
    expect((await agent.get('/')).status).to.equal(302);
    // The lock is kept in MongoDB, so another instance of the app sees it too.
    const other = makeApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' });
    const elsewhere = await postForm(request.agent(other.app), '/login', '/login', { email: user.email, password: FACTORY_PASSWORD });
    expect(elsewhere.status).to.equal(429);
  });

  it('counts failures per IP across accounts', async () => {
    const { app } = makeApp({ LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '50' });
    const user = await makeUser();
    const agent = request.agent(app);
    for (let i = 0; i < 3; i += 1) {
      await postForm(agent, '/login', '/login', { email: `someone${i}@example.test`, password: 'whatever it is' });
    }
    const res = await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD });
    expect(res.status).to.equal(429);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const user = await makeUser();
    const untrusted = makeApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    const agent = request.agent(untrusted.app);
    for (let i = 0; i < 2; i += 1) {
      const token = await csrfFrom(agent, '/login');
      await agent.post('/login').set('X-Forwarded-For', `10.0.0.${i}`).type('form').send({ _csrf: token, email: user.email, password: 'wrong password' });
    }
    const token = await csrfFrom(agent, '/login');
    const spoofed = await agent.post('/login').set('X-Forwarded-For', '10.9.9.9').type('form').send({ _csrf: token, email: user.email, password: FACTORY_PASSWORD });
    expect(spoofed.status, 'a forged header does not escape the lock').to.equal(429);

    await resetDb();
    const user2 = await makeUser();
    // COOKIE_SECURE=0: the test client speaks plain HTTP and would not send back a Secure cookie.
    const trusted = makeApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', TRUST_PROXY: '1', COOKIE_SECURE: '0' });
    const agent2 = request.agent(trusted.app);
    for (let i = 0; i < 2; i += 1) {
      const t = await csrfFrom(agent2, '/login');
      await agent2.post('/login').set('X-Forwarded-For', '10.0.0.1').type('form').send({ _csrf: t, email: user2.email, password: 'wrong password' });
    }
    const t2 = await csrfFrom(agent2, '/login');
    const fromOtherClient = await agent2.post('/login').set('X-Forwarded-For', '10.0.0.2').type('form').send({ _csrf: t2, email: user2.email, password: FACTORY_PASSWORD });
    expect(fromOtherClient.status, 'behind a trusted proxy the client address is the forwarded one').to.equal(303);
  });

  it('a successful login clears the account counter', async () => {
    const { app } = makeApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    const user = await makeUser();
    const agent = request.agent(app);
    for (let i = 0; i < 2; i += 1) await postForm(agent, '/login', '/login', { email: user.email, password: 'wrong password' });
    expect((await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD })).status).to.equal(303);
    await postForm(agent, '/', '/logout', {});
    for (let i = 0; i < 2; i += 1) await postForm(agent, '/login', '/login', { email: user.email, password: 'wrong password' });
    expect((await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD })).status).to.equal(303);
  });
});
