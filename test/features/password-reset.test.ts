import { expect } from 'chai';
import request from 'supertest';
import { operatorResetLink, RESET_PER_ADDRESS } from '../../src/account/reset';
import { makeUser } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { postForm, makeApp, text } from '../helpers';

/**
 * Issue 12: a way back for someone who forgot their password (the only manager included), and a
 * set-password link that no longer works says so instead of a bare 404.
 */
const linkIn = (body: string | undefined) => /\/set-password\/[A-Za-z0-9_-]+/.exec(body ?? '')?.[0] ?? '';
const flashOf = async (agent: ReturnType<typeof request.agent>, location: string) => (await agent.get(location)).text;

describe('forgotten password and expired links (issue 12)', () => {
  it('gives the same answer for a known and an unknown address; only the account’s owner gets a link, which works once', async () => {
    const { app, mails } = makeApp();
    await makeUser({ role: 'manager', email: 'claire@example.org', name: 'Claire Martin' });
    const agent = request.agent(app);
    expect((await agent.get('/login')).text).to.contain('href="/forgot-password"');

    const unknown = await postForm(agent, '/forgot-password', '/forgot-password', { email: 'nobody@example.org' });
    const known = await postForm(agent, '/forgot-password', '/forgot-password', { email: 'Claire@Example.org ' });
    expect([unknown.status, known.status]).to.deep.equal([303, 303]);
    expect(unknown.headers.location).to.equal(known.headers.location);
    expect(mails.map((m) => m.to)).to.deep.equal(['claire@example.org']);
    expect(await flashOf(agent, known.headers.location)).to.contain(text('forgot.sent', { email: 'claire@example.org' }).slice(0, 30));

    const link = linkIn(mails[0].text);
    expect((await agent.get(link)).status).to.equal(200);
    const set = await postForm(agent, link, link, { newPassword: 'une nouvelle phrase de passe', confirmPassword: 'une nouvelle phrase de passe' });
    expect(set.status).to.equal(303);
    const signIn = await postForm(agent, '/login', '/login', { email: 'claire@example.org', password: 'une nouvelle phrase de passe' });
    expect(signIn.status).to.equal(303);
    expect(signIn.headers.location).to.equal('/');

    // Used: the page says what happened and who sends a new one, and the form is gone.
    const used = await request(app).get(link);
    expect(used.status).to.equal(404);
    expect(used.text).to.contain(text('setPassword.invalidTitle')).and.to.contain('href="/forgot-password"');
    expect(used.text).not.to.contain('name="newPassword"');
  });

  it('refuses a malformed address on the page, keeping it, and sends nothing', async () => {
    const { app, mails } = makeApp();
    await makeUser({ role: 'manager' });
    const agent = request.agent(app);
    const res = await postForm(agent, '/forgot-password', '/forgot-password', { email: 'not an address' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain(text('validation.email')).and.to.contain('value="not an address"');
    expect(mails).to.have.length(0);
  });

  it('sends at most a few links an hour to one address, with the same answer every time', async () => {
    const { app, mails } = makeApp();
    await makeUser({ role: 'founder', email: 'karim@example.org' });
    const agent = request.agent(app);
    const answers = new Set<string>();
    for (let i = 0; i < RESET_PER_ADDRESS + 2; i++) {
      const res = await postForm(agent, '/forgot-password', '/forgot-password', { email: 'karim@example.org' });
      answers.add(`${res.status} ${res.headers.location}`);
    }
    expect([...answers]).to.deep.equal(['303 /login']);
    expect(mails).to.have.length(RESET_PER_ADDRESS);
    // Each new link revokes the previous one: only the last works.
    expect((await request(app).get(linkIn(mails[0].text))).status).to.equal(404);
    expect((await request(app).get(linkIn(mails.at(-1)?.text))).status).to.equal(200);
  });

  it('an unknown or made-up set-password link explains itself instead of a bare 404', async () => {
    const { app } = makeApp();
    await makeUser({ role: 'manager' });
    const res = await request(app).get('/set-password/not-a-link-anyone-was-sent-0123');
    expect(res.status).to.equal(404);
    expect(res.text).to.contain(text('setPassword.invalidBody')).and.to.contain(text('setPassword.invalidWhat'));
  });

  it('the operator’s command gives a working link for an account, and refuses a deactivated or unknown one', async () => {
    const { app } = makeApp();
    await makeUser({ role: 'manager', email: 'only@example.org', name: 'Seule Manager' });
    await makeUser({ role: 'manager', email: 'gone@example.org', active: false });
    const result = await operatorResetLink('only@example.org', 'http://boost.example.org/');
    if (typeof result === 'string') throw new Error(result);
    expect(result.link).to.match(/^http:\/\/boost\.example\.org\/set-password\/[A-Za-z0-9_-]{20,}$/);
    expect((await request(app).get(new URL(result.link).pathname)).text).to.contain('only@example.org');
    expect(await operatorResetLink('gone@example.org', 'http://x')).to.equal('inactive');
    expect(await operatorResetLink('nobody@example.org', 'http://x')).to.equal('unknown');
    expect((await User.findOne({ email: 'gone@example.org' }).lean())?.active).to.equal(false);
  });
});
