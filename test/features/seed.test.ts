import { expect } from 'chai';
import { ActionItem, MentoringSession, MentorProfile, OfficeHourSlot } from '../../src/mentoring/model';
import request from 'supertest';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { PartnerOrganisation } from '../../src/partners/model';
import { DEMO_USERS } from '../../src/seed/demo';
import { seedAll } from '../../src/seed/all';
import { createStorage } from '../../src/core/storage';
import { DossierDocument } from '../../src/documents/model';
import { ReadinessAssessment } from '../../src/readiness/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { login, makeApp, testConfig } from '../helpers';

const seed = () => seedAll(createStorage(testConfig()));

describe('demo seed', () => {

  it('loads a programme, two cohorts, a dozen startups, one login per role and three invited mentors; twice changes nothing', async () => {
    const first = await seed();
    expect(first.created).to.be.greaterThan(0);
    const counts = async () => ({
      programmes: await Programme.countDocuments({}),
      cohorts: await Cohort.countDocuments({}),
      startups: await Startup.countDocuments({}),
      organisations: await PartnerOrganisation.countDocuments({}),
      users: await User.countDocuments({}),
    });
    const after = await counts();
    expect(after).to.deep.equal({ programmes: 1, cohorts: 2, startups: 12, organisations: 3, users: 8 });
    expect((await User.find({}, { passwordHash: 1 }).lean()).filter((u) => u.passwordHash).length).to.equal(5);
    expect((await User.distinct('role')).sort()).to.deep.equal(['founder', 'manager', 'mentor', 'observer', 'partner']);
    const extras = async () => ({
      assessments: await ReadinessAssessment.countDocuments({}),
      documents: await DossierDocument.countDocuments({}),
      assignments: await MentorAssignment.countDocuments({}),
      sessions: await MentoringSession.countDocuments({}),
      actionItems: await ActionItem.countDocuments({}),
      slots: await OfficeHourSlot.countDocuments({}),
      profiles: await MentorProfile.countDocuments({}),
    });
    const extrasAfter = await extras();
    const second = await seed();
    expect(second.created).to.equal(0);
    expect(await counts()).to.deep.equal(after);
    expect(await extras()).to.deep.equal(extrasAfter);
  });

  it('gives every demo startup a profile, a stage history, an assessment and a few documents', async () => {
    await seed();
    const startups = await Startup.find({}).lean();
    expect(startups).to.have.length(12);
    for (const s of startups) {
      expect(s.legalName, s.slug).to.be.a('string').and.not.equal('');
      expect(s.stageHistory?.length ?? 0, s.slug).to.be.at.least(2);
      expect(s.stageHistory?.[s.stageHistory.length - 1]?.stage, s.slug).to.equal(s.stage);
      expect(await ReadinessAssessment.countDocuments({ startup: s._id }), s.slug).to.be.at.least(1);
      expect(await DossierDocument.countDocuments({ startup: s._id }), s.slug).to.be.at.least(2);
    }
  });

  it('gives logins that work, with the founder tied to a startup and the partner to an organisation', async () => {
    await seed();
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
