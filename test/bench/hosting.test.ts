import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { allocationStatus } from '../../src/hosting/allocations';
import { spaceLoad, unmetRequirements } from '../../src/hosting/capacity';
import { today } from '../../src/hosting/days';
import { HostingAllocation, HostingRequest, REQUEST_STATUSES, Requirement, RequirementRecord, Site, Space } from '../../src/hosting/model';
import { buildDataset } from '../../src/bench/build/build';
import { hostingRecords } from '../../src/bench/build/hosting';
import { makePlan } from '../../src/bench/build/plan';
import { collectionSizes, resolveIds, type BenchIds } from '../../src/bench/dataset';
import { BENCH_PASSWORD, BENCH_USERS, DATASETS, TINY } from '../../src/bench/datasets';
import { expectedTitle, fillPath, refusal } from '../../src/bench/measure';
import { PAGES } from '../../src/bench/pages';
import { login, makeApp, sharedWorld } from '../helpers';
import { faulty, faultyAllocations, miscomputedRecords, overbooked, overbookedDays } from '../hosting-rules';

const trusted = mongoose.trusted;

/**
 * The hosting records of the benchmark's datasets, on the tiny one: sites and spaces, years of
 * allocations that hold the capacity and requirements rules, requests in every status, and the ids
 * the hosting pages will open. The bigger definitions are drawn in memory and checked the same way.
 */
describe('bench: the hosting records of a dataset', () => {
  let inserted: Record<string, number>;
  let ids: BenchIds;

  sharedWorld(async () => {
    inserted = await buildDataset(TINY, { log: () => undefined, batchSize: 25 });
    ids = await resolveIds();
  });

  it('holds the sites, spaces, requirements, records, allocations and requests of its definition', async () => {
    const sizes = await collectionSizes();
    expect(sizes.sites).to.equal(TINY.hostingSites).and.to.equal(inserted.sites);
    expect(sizes.spaces).to.equal(TINY.hostingSpaces).and.to.equal(inserted.spaces);
    expect(sizes.requirements).to.equal(3).and.to.equal(inserted.requirements);
    expect(sizes.requirementrecords).to.equal(inserted.requirementRecords).and.to.be.greaterThan(0);
    expect(sizes.hostingallocations).to.equal(inserted.hostingAllocations).and.to.be.within(TINY.hostingAllocations * 0.8, TINY.hostingAllocations);
    expect(sizes.hostingrequests).to.equal(inserted.hostingRequests).and.to.equal(sizes.hostingallocations + TINY.hostingOtherRequests);
    expect((await Space.distinct('kind')).sort()).to.include.members(['desk', 'lab_l1', 'lab_l2', 'office']);
    for (const space of await Space.find({ kind: trusted({ $in: ['lab_l1', 'lab_l2'] }) }).lean()) expect(space.requirements.length, space.name).to.be.at.least(2);
    // The builders' own times stand (Mongoose's timestamps do not replace them with the loading time).
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    expect(await HostingAllocation.countDocuments({ createdAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
    expect(await HostingRequest.countDocuments({ updatedAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
  });

  it('stores only records that their model validates', async () => {
    // The models' own document types differ; each is only asked to validate what it stored.
    const models = [Requirement, Site, Space, RequirementRecord, HostingRequest, HostingAllocation] as unknown as Model<Record<string, unknown>>[];
    for (const model of models) {
      for (const doc of await model.find({}).lean()) {
        const error = await new model(doc).validate().then(() => undefined, (err: Error) => err);
        expect(error, `${model.modelName}: ${error?.message}`).to.equal(undefined);
      }
    }
  });

  it('never gives a space more seats than it has on any day, and only to startups holding its requirements throughout', async () => {
    expect(await overbookedDays()).to.deep.equal([]);
    expect(await faultyAllocations()).to.deep.equal([]);
    expect(await miscomputedRecords()).to.deep.equal([]);
    const t = today();
    expect(await RequirementRecord.countDocuments({ obtainedOn: trusted({ $gt: t }) }), 'obtained in the future').to.equal(0);
  });

  it('spreads allocations over past, running and upcoming, and requests over every status', async () => {
    const t = today();
    const allocations = await HostingAllocation.find({}).lean();
    for (const status of ['ended', 'active', 'approved'] as const) expect(allocations.filter((a) => allocationStatus(a, t) === status).length, status).to.be.greaterThan(0);
    expect(allocations.filter((a) => a.changes.some((c) => (c.to ?? '') < (c.previousTo ?? ''))).length, 'ended early').to.be.greaterThan(0);
    expect(allocations.filter((a) => a.changes.some((c) => (c.to ?? '') > (c.previousTo ?? ''))).length, 'extended').to.be.greaterThan(0);
    for (const a of allocations) for (const c of a.changes) expect(c.reason && c.at && c.at.getTime() <= Date.now(), 'a change with its reason, made already').to.equal(true);
    const requests = await HostingRequest.find({}).lean();
    for (const status of REQUEST_STATUSES) expect(requests.filter((r) => r.status === status).length, status).to.be.greaterThan(0);
    for (const a of allocations) {
      const request = requests.find((r) => String(r._id) === String(a.request));
      expect(request?.status, 'the allocation’s request').to.equal('approved');
      expect(String(request?.allocation)).to.equal(String(a._id));
    }
    for (const r of requests) {
      if (r.status === 'pending' || r.status === 'proposed') expect(r.from >= t, `${r.status} ahead`).to.equal(true);
      if (r.status === 'rejected') expect(r.reason).to.not.equal('');
      if (r.status === 'proposed' || r.status === 'declined') expect(r.proposal?.space, r.status).to.not.equal(undefined);
      if (r.status !== 'pending' && r.status !== 'withdrawn') expect(r.decidedAt && r.decidedAt >= r.createdAt!, 'decided after it was made').to.equal(true);
    }
    // A proposal standing today suits the request, as proposeSpace checks (the app's own functions).
    for (const r of requests.filter((x) => x.status === 'proposed')) {
      const range = { from: r.from, to: r.to };
      expect((await spaceLoad(String(r.proposal?.space), range)).worstFree).to.be.at.least(r.seats);
      expect(await unmetRequirements(String(r.startup), String(r.proposal?.space), range)).to.deep.equal([]);
    }
  });

  it('resolves the site, space, allocation and request of the founder’s startup', async () => {
    for (const key of ['site', 'siteName', 'space', 'spaceName', 'allocation', 'hostingRequest'] as const) expect(ids[key], key).to.be.a('string');
    const allocation = await HostingAllocation.findOne({ _id: ids.allocation }).lean();
    expect(String(allocation?.startup)).to.equal(ids.ownStartup);
    expect(allocation && allocationStatus(allocation)).to.equal('active');
    expect(String(allocation?.space)).to.equal(ids.space);
    expect(String(allocation?.site)).to.equal(ids.site);
    const request = await HostingRequest.findOne({ _id: ids.hostingRequest }).lean();
    expect(String(request?.startup)).to.equal(ids.ownStartup);
    expect([request?.status, request?.kind]).to.deep.equal(['pending', 'lab_l2']);
    // The founder's startup lacks the L2 training: the manager's form names it.
    const unmet = await unmetRequirements(ids.ownStartup, String(request?.space), { from: request?.from ?? '', to: request?.to ?? '' });
    expect(unmet.map((u) => u.name)).to.include('Formation sécurité laboratoire L2');
  });

  it('answers every hosting page of the benchmark as it expects (200, its title, the user signed in)', async function () {
    this.timeout(60_000);
    const values = { ...ids, founderUserName: BENCH_USERS.founder.name };
    const pages = PAGES.filter((p) => /\/hosting\b/.test(p.path));
    expect(pages.length).to.be.at.least(15);
    const { app } = makeApp();
    for (const role of ['manager', 'founder'] as const) {
      const agent = await login(app, BENCH_USERS[role].email, BENCH_PASSWORD);
      for (const page of pages.filter((p) => p.role === role)) {
        const url = fillPath(page.path, values);
        expect(url, `${role} ${page.path}`).to.be.a('string');
        const res = await agent.get(url ?? '').set('accept-language', 'fr').set('accept', 'text/html');
        const why = refusal({ status: res.status, headers: res.headers, body: res.text }, expectedTitle(page.title, values) ?? '', BENCH_USERS[role].name);
        expect(why, `${role} ${url}`).to.equal(undefined);
      }
    }
  });

  it('draws the one-year and five-year hosting to their definitions within the rules, and none for ten thousand startups', function () {
    this.timeout(60_000);
    for (const name of ['one-year', 'five-year'] as const) {
      const spec = DATASETS[name];
      const plan = makePlan(spec);
      const h = hostingRecords(plan);
      expect([h.sites.length, h.spaces.length], name).to.deep.equal([spec.hostingSites, spec.hostingSpaces]);
      expect(h.allocations.length, name).to.be.within(spec.hostingAllocations * 0.9, spec.hostingAllocations);
      expect(h.requests.length - h.allocations.length, name).to.equal(spec.hostingOtherRequests);
      const operator = plan.organisations.find((o) => String(o._id) === String(h.sites[0].operator));
      expect(operator?.kind, name).to.equal('incubator_hosting');
      expect(overbooked(h.spaces, h.allocations), name).to.deep.equal([]);
      expect(faulty(h.spaces, h.allocations, h.records), name).to.deep.equal([]);
      const t = today(plan.now);
      const years = new Set(h.allocations.map((a) => a.from.slice(0, 4)));
      expect(years.size, `${name}: years with allocations`).to.be.at.least(spec.years);
      expect(h.allocations.filter((a) => a.from <= t && a.to >= t).length, `${name}: running`).to.be.greaterThan(spec.hostingSpaces);
      for (const status of REQUEST_STATUSES) expect(h.requests.filter((r) => r.status === status).length, `${name} ${status}`).to.be.greaterThan(0);
    }
    const none = hostingRecords(makePlan(DATASETS['ten-thousand']));
    expect([none.sites.length, none.allocations.length, none.requests.length]).to.deep.equal([0, 0, 0]);
  });
});
