import { expect } from 'chai';
import mongoose from 'mongoose';
import { Checkin } from '../../src/checkins/model';
import { currentMonth, previousMonth } from '../../src/checkins/month';
import { seedCheckins } from '../../src/seed/checkins';
import { seedReadiness } from '../../src/seed/readiness';
import { DEMO_STARTUPS, seedDemo } from '../../src/seed/demo';
import { seedStartupProfiles } from '../../src/seed/startups';
import { latestFigures } from '../../src/startups/figures';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';

describe('monthly check-in: demo data', () => {

  it('gives last month’s check-in to about half of the active demo startups, with their latest figures; running it again adds nothing', async () => {
    await seedDemo();
    await seedStartupProfiles();
    await seedReadiness();
    const created = await seedCheckins();
    const active = await Startup.countDocuments({ status: 'active', slug: mongoose.trusted({ $in: DEMO_STARTUPS.map((s) => s.slug) }) });
    expect(created).to.be.greaterThan(0);
    expect(created).to.be.at.most(Math.ceil(DEMO_STARTUPS.length / 2));
    expect(created).to.be.at.least(Math.floor(active / 3));
    const checkins = await Checkin.find({}).lean();
    expect(checkins).to.have.length(created);
    for (const c of checkins) {
      expect(c.month).to.equal(previousMonth(currentMonth()));
      expect(c.selfAssessment).to.have.length(6);
      const startup = await Startup.findOne({ _id: c.startup }).lean();
      const latest = latestFigures(startup?.figures ?? []);
      expect(c.figures).to.include({ headcount: latest?.headcount, fundsRaised: latest?.fundsRaised, revenue: latest?.revenue });
    }
    // The demo founder's startup is among them, filled in by the founder.
    const founder = await User.findOne({ email: 'founder@demo.boost' }).lean();
    expect(checkins.some((c) => String(c.submittedBy) === String(founder?._id))).to.equal(true);
    expect(await seedCheckins()).to.equal(0);
    expect(await Checkin.countDocuments({})).to.equal(created);
  });
});
