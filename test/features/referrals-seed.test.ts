import { expect } from 'chai';
import { createStorage } from '../../src/core/storage';
import { PartnerOrganisation } from '../../src/partners/model';
import { REFERRAL_STATUSES, Referral } from '../../src/referrals/model';
import { referralsByOrganisation, statsOf } from '../../src/referrals/partner-stats';
import { seedAll } from '../../src/seed/all';
import { DEMO_USERS } from '../../src/seed/demo';
import { login, makeApp, testConfig } from '../helpers';

describe('demo seed: partners and referrals', () => {
  it('gives the genopole-like network its packs and holds a referral in every state; the demo partner’s inbox shows theirs; twice changes nothing', async () => {
    await seedAll(createStorage(testConfig()));
    const genopole = await PartnerOrganisation.findOne({ name: 'Genopole démo' }).lean();
    expect(genopole?.services.map((p) => p.name?.en)).to.deep.equal(['Fundraising', 'Partnerships', 'Market access', 'Pre-industrialisation']);
    const statuses = new Set((await Referral.find({}, { status: 1 }).lean()).map((r) => r.status));
    expect([...statuses].sort()).to.deep.equal([...REFERRAL_STATUSES].sort());
    // Each one went through the states the services would have moved it through, and the answered ones say when.
    for (const r of await Referral.find({}).lean()) {
      expect(r.transitions.at(-1)?.status, String(r._id)).to.equal(r.status);
      expect(Boolean(r.answeredAt), r.status).to.equal(['accepted', 'declined', 'closed'].includes(r.status));
    }
    const fund = await PartnerOrganisation.findOne({ name: 'Fonds Santé Avenir (démo)' }).lean();
    const stats = statsOf((await referralsByOrganisation()).get(String(fund?._id)) ?? []);
    expect(stats).to.include({ silent: false, answered: 3, accepted: 2 });
    const count = await Referral.countDocuments({});
    expect((await seedAll(createStorage(testConfig()))).created).to.equal(0);
    expect(await Referral.countDocuments({})).to.equal(count);
    const partner = DEMO_USERS.find((u) => u.organisation);
    if (!partner) throw new Error('no demo partner');
    const agent = await login(makeApp().app, partner.email, partner.password);
    const inbox = await agent.get('/referrals');
    expect(inbox.status).to.equal(200);
    expect(inbox.text).to.contain('CardioSense');
    expect(inbox.text).to.not.contain('DermAI');
  });
});
