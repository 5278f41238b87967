import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { FACTORY_PASSWORD, makeUser } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { login, makeApp, postForm } from '../helpers';

describe('my account', () => {

  it('changes the password: the current session stays, every other session ends, the new password works', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const here = await login(app, user.email);
    const elsewhere = await login(app, user.email);
    const res = await postForm(here, '/account', '/account/password', {
      currentPassword: FACTORY_PASSWORD,
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    expect(res.status).to.equal(303);
    const page = await here.get('/account');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Mot de passe changé');
    expect((await elsewhere.get('/')).status, 'the other session is signed out').to.equal(302);
    const stored = await mongoose.connection.db!.collection('sessions').countDocuments({ 'session.passport.user.id': String(user._id) });
    expect(stored).to.equal(1);
    await login(app, user.email, 'a brand new passphrase');
    const old = await postForm(request.agent(app), '/login', '/login', { email: user.email, password: FACTORY_PASSWORD });
    expect(old.status).to.equal(401);
  });

  it('refuses a wrong current password, a weak one and a mismatch, with the message by the field', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    const hashBefore = (await User.findById(user._id).lean())?.passwordHash;
    const cases: [Record<string, string>, string][] = [
      [{ currentPassword: 'not my password', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' }, 'Le mot de passe actuel est incorrect.'],
      [{ currentPassword: FACTORY_PASSWORD, newPassword: 'short', confirmPassword: 'short' }, 'au moins 8 caractères'],
      [{ currentPassword: FACTORY_PASSWORD, newPassword: 'qwertyuiop', confirmPassword: 'qwertyuiop' }, 'trop courant'],
      [{ currentPassword: FACTORY_PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'another one' }, 'ne sont pas identiques'],
    ];
    for (const [fields, message] of cases) {
      const res = await postForm(agent, '/account', '/account/password', fields);
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(message);
      expect(res.text).not.to.contain(fields.newPassword === 'short' ? 'value="short"' : 'value="a brand new');
    }
    expect((await User.findById(user._id).lean())?.passwordHash).to.equal(hashBefore);
  });

  it('saves name and language; the pages follow the language chosen', async () => {
    const { app } = makeApp();
    const user = await makeUser({ name: 'Old Name' });
    const agent = await login(app, user.email);
    const res = await postForm(agent, '/account', '/account/preferences', { name: 'Karim Benali', locale: 'en' });
    expect(res.status).to.equal(303);
    const page = await agent.get('/account');
    expect(page.text).to.contain('Your preferences are saved.');
    expect(page.text).to.contain('<html lang="en">');
    const fresh = await User.findById(user._id).lean();
    expect(fresh?.name).to.equal('Karim Benali');
    expect(fresh?.locale).to.equal('en');
    const bad = await postForm(agent, '/account', '/account/preferences', { name: '', locale: 'de' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('This field is required.');
    expect((await User.findById(user._id).lean())?.locale).to.equal('en');
  });

  it('the language button switches a signed-in user and remembers it on the account', async () => {
    const { app } = makeApp();
    const user = await makeUser();
    const agent = await login(app, user.email);
    const res = await postForm(agent, '/', '/locale', { locale: 'en', returnTo: '/account' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/account');
    expect((await agent.get('/')).text).to.contain('Hello');
    expect((await User.findById(user._id).lean())?.locale).to.equal('en');
    const next = await login(app, user.email);
    expect((await next.get('/')).text, 'the preference follows the user to a new session').to.contain('Hello');
  });

  it('the language button works before sign-in and never redirects off-site', async () => {
    const { app } = makeApp();
    await makeUser();
    const agent = request.agent(app);
    expect((await agent.get('/login')).text).to.contain('Connexion');
    const res = await postForm(agent, '/login', '/locale', { locale: 'en', returnTo: '//evil.example/x' });
    expect(res.headers.location).to.equal('/');
    expect((await agent.get('/login')).text).to.contain('Sign in');
  });

  it('uses Accept-Language for a visitor who has not chosen, French otherwise', async () => {
    const { app } = makeApp();
    await makeUser();
    expect((await request(app).get('/login').set('Accept-Language', 'en-GB,en;q=0.8')).text).to.contain('Sign in');
    expect((await request(app).get('/login').set('Accept-Language', 'de-DE')).text).to.contain('Connexion');
    expect((await request(app).get('/login')).text).to.contain('Connexion');
  });
});
