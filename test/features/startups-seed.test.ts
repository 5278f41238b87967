import { expect } from 'chai';
import { DEMO_STARTUPS, seedDemo } from '../../src/seed/demo';
import { Startup } from '../../src/startups/model';
import { seedStartupProfiles } from '../../src/seed/startups';
import { isValidSiret } from '../../src/startups/siret';

describe('startups: demo profiles (seedStartupProfiles)', () => {
  it('gives every demo startup a profile, a stage history ending at its stage and 2–3 figures; a second run adds nothing', async () => {
    // seedDemo may already call it (integration); either way every demo startup ends up filled.
    await seedDemo();
    await seedStartupProfiles();
    const sirets = new Set<string>();
    for (const demo of DEMO_STARTUPS) {
      const s = await Startup.findOne({ slug: demo.slug }).lean();
      expect(s, demo.slug).to.not.equal(null);
      expect(s?.legalName, demo.slug).to.match(/\S/);
      expect(isValidSiret(s?.siret ?? ''), `${demo.slug} SIRET ${s?.siret}`).to.equal(true);
      sirets.add(s?.siret ?? '');
      expect(s?.website).to.equal(`https://${demo.slug}.example.org`);
      expect(s?.tags.length).to.be.within(1, 4);
      expect(s?.foundedAt).to.be.instanceOf(Date);
      const history = s?.stageHistory ?? [];
      expect(history.length, demo.slug).to.be.within(2, 4);
      expect(history[0].direction).to.equal('initial');
      expect(history.at(-1)?.stage).to.equal(demo.stage);
      for (let i = 1; i < history.length; i += 1) {
        expect(history[i].from).to.equal(history[i - 1].stage);
        expect(history[i].at.getTime()).to.be.greaterThan(history[i - 1].at.getTime());
        expect(history[i].note).to.match(/\S/);
      }
      expect(s?.figures.length, demo.slug).to.be.within(2, 3);
      expect(s?.figures.every((f) => f.asOf.getTime() <= Date.now() && f.headcount > 0)).to.equal(true);
    }
    expect(sirets.size).to.equal(DEMO_STARTUPS.length);
    // A startup still at the first stage shows a move backwards.
    const neuro = await Startup.findOne({ slug: 'neurotrack' }).lean();
    expect(neuro?.stageHistory.map((m) => m.direction)).to.deep.equal(['initial', 'forward', 'backward']);

    const before = await Startup.find({}).sort({ slug: 1 }).lean();
    expect(await seedStartupProfiles()).to.equal(0);
    expect(await Startup.find({}).sort({ slug: 1 }).lean()).to.deep.equal(before);
  });
});
