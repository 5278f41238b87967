import { expect } from 'chai';
import request from 'supertest';
import { Programme } from '../../src/programmes/model';
import { User } from '../../src/users/model';
import { csrfFrom, makeApp, postForm } from '../helpers';

describe('first-run setup', () => {

  const valid = {
    programmeName: 'Santenov’Boost',
    name: 'Claire Martin',
    email: 'Claire@Example.org',
    newPassword: 'une phrase assez longue',
    confirmPassword: 'une phrase assez longue',
    locale: 'fr',
  };

  it('sends the first visitor of an empty database to the setup page', async () => {
    const { app } = makeApp();
    const res = await request(app).get('/');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/setup');
    const page = await request(app).get('/setup');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Première configuration');
  });

  it('creates the programme with the default ladder and the first manager, signed in at once', async () => {
    const { app } = makeApp();
    const agent = request.agent(app);
    const res = await postForm(agent, '/setup', '/setup', valid);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/');
    const user = await User.findOne({}).lean();
    expect(user?.email).to.equal('claire@example.org');
    expect(user?.role).to.equal('manager');
    const programme = await Programme.findOne({}).lean();
    expect(programme?.name).to.equal('Santenov’Boost');
    expect(programme?.stages.map((s) => s.key)).to.deep.equal(['ideation', 'proof_of_concept', 'development', 'validation', 'market_entry', 'scale_up']);
    // Issue 12: the first manager is not asked to type the e-mail just entered again.
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('Bonjour Claire Martin').and.to.contain('Le programme et votre compte sont créés ; vous êtes connecté·e.');
    // The password chosen on the setup page signs in afterwards too.
    await postForm(agent, '/account', '/logout', {});
    const signIn = await postForm(agent, '/login', '/login', { email: 'claire@example.org', password: valid.newPassword });
    expect(signIn.status).to.equal(303);
  });

  it('answers 404 once any user exists, for the page and the form', async () => {
    const { app } = makeApp();
    const agent = request.agent(app);
    // A second visitor opened the setup page while it was still open; the first one completes it.
    const late = request.agent(app);
    const token = await csrfFrom(late, '/setup');
    await postForm(agent, '/setup', '/setup', valid);
    expect((await agent.get('/setup')).status).to.equal(404);
    expect((await late.get('/setup')).status).to.equal(404);
    const again = await late.post('/setup').type('form').send({ ...valid, _csrf: token, email: 'other@example.org' });
    expect(again.status).to.equal(404);
    expect(await User.countDocuments({})).to.equal(1);
  });

  it('shows each bad value next to its field, keeps what was typed (not the passwords) and creates nothing', async () => {
    const { app } = makeApp();
    const agent = request.agent(app);
    const res = await postForm(agent, '/setup', '/setup', { ...valid, email: 'not-an-email', newPassword: 'short', confirmPassword: 'short', programmeName: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Saisissez une adresse e-mail valide.');
    expect(res.text).to.contain('Ce champ est obligatoire.');
    expect(res.text).to.contain('value="not-an-email"');
    expect(res.text).to.contain('value="Claire Martin"');
    expect(res.text).not.to.contain('value="short"');
    expect(await User.countDocuments({})).to.equal(0);
    const weak = await postForm(agent, '/setup', '/setup', { ...valid, newPassword: 'password123', confirmPassword: 'password123' });
    expect(weak.status).to.equal(422);
    expect(weak.text).to.contain('trop courant');
    const differ = await postForm(agent, '/setup', '/setup', { ...valid, confirmPassword: 'something else entirely' });
    expect(differ.status).to.equal(422);
    expect(differ.text).to.contain('ne sont pas identiques');
    expect(await User.countDocuments({})).to.equal(0);
    expect(await Programme.countDocuments({})).to.equal(0);
  });

  it('lets only one of two concurrent setups succeed', async () => {
    const { app } = makeApp();
    const agents = [request.agent(app), request.agent(app), request.agent(app)];
    const tokens = await Promise.all(agents.map((a) => csrfFrom(a, '/setup')));
    const results = await Promise.all(
      agents.map((a, i) => a.post('/setup').type('form').send({ ...valid, email: `m${i}@example.org`, _csrf: tokens[i] })),
    );
    expect(results.filter((r) => r.status === 303)).to.have.length(1);
    expect(await User.countDocuments({})).to.equal(1);
    expect(await Programme.countDocuments({})).to.equal(1);
  });
});
