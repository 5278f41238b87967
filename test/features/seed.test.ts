import { expect } from 'chai';
import mongoose from 'mongoose';
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
import { allocationStatus } from '../../src/hosting/allocations';
import { unmetRequirements } from '../../src/hosting/capacity';
import { addDays, today } from '../../src/hosting/days';
import { HostingAllocation, HostingRequest, REQUEST_STATUSES, Requirement, RequirementRecord, Site, Space } from '../../src/hosting/model';
import { login, makeApp, testConfig } from '../helpers';
import { faultyAllocations, miscomputedRecords, overbookedDays } from '../hosting-rules';

const seed = () => seedAll(createStorage(testConfig()));

describe('demo seed', () => {

  it('loads a programme, two cohorts, a dozen startups, a login per role (a partner user for three organisations) and three invited mentors; twice changes nothing', async () => {
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
    expect(after).to.deep.equal({ programmes: 1, cohorts: 2, startups: 12, organisations: 6, users: 10 });
    expect((await User.find({}, { passwordHash: 1 }).lean()).filter((u) => u.passwordHash).length).to.equal(7);
    expect((await User.distinct('role')).sort()).to.deep.equal(['founder', 'manager', 'mentor', 'observer', 'partner']);
    const extras = async () => ({
      assessments: await ReadinessAssessment.countDocuments({}),
      documents: await DossierDocument.countDocuments({}),
      assignments: await MentorAssignment.countDocuments({}),
      sessions: await MentoringSession.countDocuments({}),
      actionItems: await ActionItem.countDocuments({}),
      slots: await OfficeHourSlot.countDocuments({}),
      profiles: await MentorProfile.countDocuments({}),
      sites: await Site.countDocuments({}),
      spaces: await Space.countDocuments({}),
      requirements: await Requirement.countDocuments({}),
      requirementRecords: await RequirementRecord.countDocuments({}),
      allocations: await HostingAllocation.countDocuments({}),
      hostingRequests: await HostingRequest.countDocuments({}),
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

  it('hosts startups at two incubators for a year, within capacity on every day and with the labs’ requirements met', async () => {
    await seed();
    const t = today();
    const sites = await Site.find({}).populate<{ operator: { kind: string } }>('operator').lean();
    expect(sites).to.have.length(2);
    for (const site of sites) expect(site.operator?.kind, site.name).to.equal('incubator_hosting');
    const spaces = await Space.find({}).lean();
    const kindsOf = (site: unknown) => spaces.filter((s) => String(s.site) === String(site)).map((s) => s.kind).sort();
    expect(sites.map((s) => kindsOf(s._id))).to.have.deep.members([['desk', 'meeting_room', 'office', 'office'], ['cold_room', 'lab_l1', 'lab_l2']]);
    const requirements = new Map((await Requirement.find({}).lean()).map((r) => [r.name, r]));
    expect([...requirements.keys()].sort()).to.deep.equal(['Attestation d’assurance RC', 'Formation sécurité laboratoire L2', 'Plan de prévention signé']);
    const l2 = spaces.find((s) => s.kind === 'lab_l2');
    expect(l2?.requirements.map(String)).to.include(String(requirements.get('Formation sécurité laboratoire L2')?._id));
    for (const s of spaces) expect(s.requirements.length > 0, s.name).to.equal(s.kind.startsWith('lab_'));

    // A year of agreements: past, running, upcoming; ended early and extended; at realistic prices.
    const allocations = await HostingAllocation.find({}).lean();
    expect(allocations).to.have.length(24);
    for (const status of ['ended', 'active', 'approved'] as const) expect(allocations.filter((a) => allocationStatus(a, t) === status).length, status).to.be.at.least(4);
    expect(allocations.filter((a) => a.changes.some((c) => (c.to ?? '') < (c.previousTo ?? ''))).length, 'ended early').to.be.at.least(1);
    expect(allocations.filter((a) => a.changes.some((c) => (c.to ?? '') > (c.previousTo ?? '') && c.reason)).length, 'extended').to.be.at.least(1);
    expect(allocations.some((a) => a.from === a.to), 'a single day').to.equal(true);
    const priceRange = { desk: [200, 300], office: [330, 430], lab_l1: [550, 650], lab_l2: [850, 950] } as Record<string, [number, number]>;
    for (const a of allocations) {
      const kind = spaces.find((s) => String(s._id) === String(a.space))?.kind ?? '';
      if (priceRange[kind]) expect(a.pricePerSeat, kind).to.be.within(...priceRange[kind]);
    }
    expect(allocations.map((a) => a.from).sort()[0] <= addDays(t, -300) && allocations.map((a) => a.to).sort().at(-1)! >= addDays(t, 200), 'over a year').to.equal(true);
    expect(await overbookedDays()).to.deep.equal([]);
    expect(await faultyAllocations()).to.deep.equal([]);
    expect(await miscomputedRecords()).to.deep.equal([]);

    // Each agreement comes from its approved request, and requests stand in every status.
    const requests = await HostingRequest.find({}).lean();
    for (const a of allocations) {
      const request = requests.find((r) => String(r._id) === String(a.request));
      expect(request?.status).to.equal('approved');
      expect(String(request?.allocation)).to.equal(String(a._id));
    }
    for (const status of REQUEST_STATUSES) expect(requests.filter((r) => r.status === status).length, status).to.be.at.least(1);
    for (const r of requests.filter((x) => x.status === 'rejected')) expect(r.reason).to.not.equal('');
    for (const r of requests.filter((x) => x.status === 'proposed' || x.status === 'declined')) expect(r.proposal?.space, r.status).to.not.equal(undefined);

    // The demo founder's pending request for the L2 bench: its startup lacks the training.
    const founder = await User.findOne({ email: 'founder@demo.boost' }).lean();
    const pending = requests.find((r) => r.status === 'pending' && String(r.requestedBy) === String(founder?._id));
    expect(pending?.kind).to.equal('lab_l2');
    expect(String(pending?.startup)).to.equal(String(founder?.startups[0]));
    expect(pending && pending.from >= t).to.equal(true);
    const unmet = await unmetRequirements(String(pending?.startup), String(pending?.space), { from: pending?.from ?? t, to: pending?.to ?? t });
    expect(unmet.map((u) => [u.name, u.expiresOn])).to.deep.equal([['Formation sécurité laboratoire L2', undefined]]);
    // A certificate expiring within 60 days, not yet renewed.
    const expiring = await RequirementRecord.find({ validUntil: mongoose.trusted({ $gte: t, $lte: addDays(t, 60) }) }).lean();
    expect(expiring).to.have.length(1);
    expect(await RequirementRecord.countDocuments({ startup: expiring[0].startup, requirement: expiring[0].requirement, validUntil: mongoose.trusted({ $gt: expiring[0].validUntil }) })).to.equal(0);
  });
});
