import { expect } from 'chai';
import { ReadinessAssessment, ReadinessTarget } from '../../src/readiness/model';
import { seedReadiness } from '../../src/seed/readiness';
import { latestScores } from '../../src/readiness/service';
import { DEFAULT_STAGES } from '../../src/programmes/model';
import { DEMO_STARTUPS, seedDemo } from '../../src/seed/demo';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';

describe('readiness: demo data', () => {
  it('assesses every demo startup in line with its stage, sets a few targets, and changes nothing when run again', async () => {
    // seedDemo may already call seedReadiness (once integrated): the state afterwards is what counts.
    await seedDemo();
    await seedReadiness();
    expect(await ReadinessAssessment.countDocuments({})).to.be.greaterThan(DEMO_STARTUPS.length);
    expect(await ReadinessTarget.countDocuments({})).to.be.within(2, DEMO_STARTUPS.length - 1);
    const manager = await User.findOne({ email: 'manager@demo.boost' }).lean();
    const mentor = await User.findOne({ email: 'mentor@demo.boost' }).lean();
    const stageIndex = (key: string) => DEFAULT_STAGES.findIndex((s) => s.key === key);
    const averages: { stage: number; mean: number }[] = [];
    for (const demo of DEMO_STARTUPS) {
      const startup = await Startup.findOne({ slug: demo.slug }).lean();
      const docs = await ReadinessAssessment.find({ startup: startup?._id }).lean();
      expect(docs.length, demo.slug).to.be.within(1, 2);
      for (const d of docs) {
        expect(d.scores.map((s) => s.axis), demo.slug).to.deep.equal(['customer', 'technology', 'business_model', 'ipr', 'team', 'funding']);
        expect(d.date.getTime(), demo.slug).to.be.lessThan(Date.now());
        expect([String(manager?._id), String(mentor?._id)]).to.include(String(d.assessor));
      }
      const latest = await latestScores(String(startup?._id));
      const levels = Object.values(latest ?? {});
      averages.push({ stage: stageIndex(demo.stage), mean: levels.reduce((a, b) => a + b, 0) / levels.length });
    }
    // Later stages have higher levels: the mean of every startup beats that of any startup two stages below.
    for (const a of averages) for (const b of averages) if (a.stage >= b.stage + 2) expect(a.mean).to.be.greaterThan(b.mean);
    const cardio = await Startup.findOne({ slug: 'cardiosense' }).lean();
    expect((await ReadinessAssessment.findOne({ startup: cardio?._id }).lean())?.assessorRole).to.equal('mentor');
    expect(await ReadinessTarget.exists({ startup: cardio?._id })).to.not.equal(null);

    const counts = { assessments: await ReadinessAssessment.countDocuments({}), targets: await ReadinessTarget.countDocuments({}) };
    expect(await seedReadiness()).to.deep.equal({ assessments: 0, targets: 0 });
    expect({ assessments: await ReadinessAssessment.countDocuments({}), targets: await ReadinessTarget.countDocuments({}) }).to.deep.equal(counts);
  });
});
