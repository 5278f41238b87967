import { expect } from 'chai';
import request from 'supertest';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { PartnerOrganisation } from '../../src/partners/model';
import { seedDemo, DEMO_USERS } from '../../src/seed/demo';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { login, makeApp, resetDb } from '../helpers';

describe('demo seed', () => {
  beforeEach(resetDb);

  it('loads a programme, two cohorts, a dozen startups and one user of each role; twice changes nothing', async () => {
    const first = await seedDemo();
    expect(first.created).to.be.greaterThan(0);
    const counts = async () => ({
      programmes: await Programme.countDocuments({}),
      cohorts: await Cohort.countDocuments({}),
      startups: await Startup.countDocuments({}),
      organisations: await PartnerOrganisation.countDocuments({}),
      users: await User.countDocuments({}),
    });
    const after = await counts();
    expect(after).to.deep.equal({ programmes: 1, cohorts: 2, startups: 12, organisations: 3, users: 5 });
    expect((await User.distinct('role')).sort()).to.deep.equal(['founder', 'manager', 'mentor', 'observer', 'partner']);
    const second = await seedDemo();
    expect(second.created).to.equal(0);
    expect(await counts()).to.deep.equal(after);
  });

  it('gives logins that work, with the founder tied to a startup and the partner to an organisation', async () => {
    await seedDemo();
    const { app } = makeApp();
    for (const u of DEMO_USERS) {
      const agent = await login(app, u.email, u.password);
      const home = await agent.get('/');
      expect(home.status, u.role).to.equal(200);
    }
    const founder = DEMO_USERS.find((u) => u.role === 'founder')!;
    const home = await (await login(app, founder.email, founder.password)).get('/');
    expect(home.text).to.contain('CardioSense');
    const partner = DEMO_USERS.find((u) => u.role === 'partner')!;
    const partnerHome = await (await login(app, partner.email, partner.password)).get('/');
    expect(partnerHome.text).to.contain('Fonds Santé Avenir (démo)');
    // The seeded programme counts as set up.
    expect((await request(app).get('/setup')).status).to.equal(404);
  });
});
