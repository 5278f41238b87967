import { expect } from 'chai';
import request from 'supertest';
import { makeUser, FACTORY_PASSWORD } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { csrfFrom, login, makeApp, postForm } from '../helpers';

describe('browser security headers', () => {

  it('sends a strict CSP with no inline code, nosniff, no framing and no x-powered-by', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.contain("default-src 'self'");
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("style-src 'self'");
    expect(csp).to.contain("frame-ancestors 'none'");
    expect(csp).to.contain("object-src 'none'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(csp).not.to.contain('unsafe-eval');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['x-powered-by']).to.equal(undefined);
    expect(res.headers['strict-transport-security'], 'no HSTS over plain HTTP').to.equal(undefined);
  });

  it('pages contain no inline script, style element or style attribute', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    for (const path of ['/', '/account', '/users', '/users/new', '/activity', `/users/${String(user._id)}`]) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(200);
      expect(res.text, path).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(res.text, path).not.to.match(/<style/i);
      expect(res.text, path).not.to.match(/\sstyle="/i);
      expect(res.text, path).not.to.match(/\son[a-z]+="/i);
    }
  });

  it('marks authenticated pages no-store', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    const res = await agent.get('/account');
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('serves Bootstrap, its icons and the app script from the app itself', async () => {
    const { app } = makeApp();
    await makeUser();
    const page = await request(app).get('/login');
    expect(page.status).to.equal(200);
    const assets = [...page.text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).to.include.members(['/static/bootstrap/css/bootstrap.min.css', '/static/bootstrap/js/bootstrap.bundle.min.js', '/static/js/app.js']);
    for (const asset of assets) expect((await request(app).get(asset)).status, asset).to.equal(200);
    expect(page.text).not.to.match(/https?:\/\/(?!localhost)[a-z0-9.-]+\.[a-z]{2,}\//i);
  });
});

describe('CSRF protection', () => {

  it('refuses a state change without a token, with a wrong token, and with another session\'s token', async () => {
    const { app, logs } = makeApp();
    const user = await makeUser({ name: 'Before' });
    const agent = await login(app, user.email);
    const other = await login(app, (await makeUser()).email);
    const foreignToken = await csrfFrom(other, '/account');
    for (const token of [undefined, 'x'.repeat(64), foreignToken]) {
      const res = await agent.post('/account/preferences').type('form').send({ name: 'After', locale: 'en', ...(token ? { _csrf: token } : {}) });
      expect(res.status).to.equal(403);
      expect(res.text).to.contain('Le formulaire a expiré');
    }
    expect((await User.findById(user._id).lean())?.name).to.equal('Before');
    expect(logs.some((l) => l.includes('csrf token refused') && l.includes(String(user._id)))).to.equal(true);
  });

  it('refuses a login post without a token (login CSRF)', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const res = await request(app).post('/login').type('form').send({ email: user.email, password: FACTORY_PASSWORD });
    expect(res.status).to.equal(403);
  });

  it('does not change state on GET', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    for (const path of ['/logout', '/locale?locale=en', '/account/preferences?name=X&locale=en']) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(404);
    }
    const fresh = await User.findById(user._id).lean();
    expect(fresh?.locale).to.equal('fr');
    expect((await agent.get('/')).status).to.equal(200);
  });
});

describe('error pages', () => {

  it('shows a 404 page in the visitor\'s language with a request id', async () => {
    const { app } = makeApp();
    await makeUser();
    const fr = await request(app).get('/nothing-here');
    expect(fr.status).to.equal(404);
    expect(fr.text).to.contain('Page introuvable');
    expect(fr.text).to.match(/Référence :\s*<code>[0-9a-f-]{36}<\/code>/);
    const en = await request(app).get('/nothing-here').set('Accept-Language', 'en-US,en;q=0.9');
    expect(en.text).to.contain('Page not found');
  });

  it('shows a 403 page to a role that may not use a page', async () => {
    const { app } = makeApp();
    const founder = await makeUser({ role: 'founder' });
    const agent = await login(app, founder.email);
    const res = await agent.get('/users');
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Accès refusé');
  });

  it('never shows a stack trace or an internal message in production', async () => {
    const { app } = makeApp({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    const manager = await makeUser();
    const agent = await login(app, manager.email);
    // A malformed id reaches Mongoose as a CastError: it must be a plain 404.
    const cast = await agent.get('/users/%7B%22%24gt%22%3A%22%22%7D');
    expect(cast.status).to.equal(404);
    expect(cast.text).not.to.match(/CastError|at \w+ \(|node_modules/);
    const bad = await agent.post('/account/preferences').set('Content-Type', 'application/x-www-form-urlencoded').send('%%%');
    expect(bad.status).to.be.oneOf([400, 403]);
    expect(bad.text).not.to.match(/at \w+ \(|node_modules|URIError/);
  });
});

describe('logs', () => {

  it('logs login success and failure with user id, IP and request id, but never the password or the cookie', async () => {
    const { app, logs } = makeApp();
    const user = await makeUser();
    const agent = request.agent(app);
    await postForm(agent, '/login', '/login', { email: user.email, password: 'wrong secret words' });
    await postForm(agent, '/login', '/login', { email: user.email, password: FACTORY_PASSWORD });
    await agent.get('/');
    const entries = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const failure = entries.find((e) => e.event === 'login.failure');
    const success = entries.find((e) => e.event === 'login.success');
    expect(failure?.ip).to.be.a('string');
    expect(failure?.reqId ?? (failure?.req as { id?: string } | undefined)?.id).to.be.a('string');
    expect(success?.userId).to.equal(String(user._id));
    const all = logs.join('\n');
    expect(all).not.to.contain('wrong secret words');
    expect(all).not.to.contain(FACTORY_PASSWORD);
    expect(all).not.to.match(/boost\.sid=/);
    expect(all).not.to.match(/argon2id/);
  });

  it('cannot be forged by a newline in user input', async () => {
    const { app, logs } = makeApp();
    await makeUser();
    await request(app).get('/nowhere%0A%7B%22level%22%3A30%2C%22msg%22%3A%22forged%22%7D');
    for (const line of logs) {
      const entry = JSON.parse(line) as { msg?: string };
      expect(entry.msg).not.to.equal('forged');
    }
  });

  it('logs authorization refusals with the user id', async () => {
    const { app, logs } = makeApp();
    const mentor = await makeUser({ role: 'mentor' });
    const agent = await login(app, mentor.email);
    await agent.get('/activity');
    expect(logs.some((l) => l.includes('authorization refused') && l.includes(String(mentor._id)))).to.equal(true);
  });
});
