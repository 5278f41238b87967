import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { DossierDocument } from '../../src/documents/model';
import { today } from '../../src/hosting/days';
import { PARTNER_KINDS, PartnerOrganisation } from '../../src/partners/model';
import { isShared } from '../../src/referrals/access';
import { CONSENT_STATUSES, LIVE_STATUSES, OUTCOME_KINDS, REFERRAL_STATUSES, Referral } from '../../src/referrals/model';
import { isOverdue } from '../../src/referrals/service';
import { User } from '../../src/users/model';
import { buildDataset } from '../../src/bench/build/build';
import { documentRecords, shares } from '../../src/bench/build/history';
import { makePlan, type Plan } from '../../src/bench/build/plan';
import { HOME_SHARE, referralRecords } from '../../src/bench/build/referrals';
import { collectionSizes, resolveIds, type BenchIds } from '../../src/bench/dataset';
import { BENCH_PASSWORD, BENCH_USERS, DATASETS, TINY } from '../../src/bench/datasets';
import { expectedTitle, fillPath, refusal } from '../../src/bench/measure';
import { PAGES } from '../../src/bench/pages';
import { Random } from '../../src/bench/random';
import { login, makeApp, sharedWorld } from '../helpers';
import { referralFaults, type ReferralLike, type World } from '../referral-rules';

const trusted = mongoose.trusted;

/** The referrals of a definition drawn in memory (as build.ts draws them), and the world they must hold in. */
function drawn(plan: Plan) {
  const rnd = new Random(plan.spec.seed * 3 + 2);
  const counts = shares(plan).documents;
  const documents = plan.spec.history ? plan.startups.flatMap((s, i) => documentRecords(rnd, s, counts[i], plan.managers[0]).records) : [];
  const { organisations, referrals } = referralRecords(plan, documents);
  const world: World = {
    now: plan.now,
    documents: new Map(documents.map((d) => [String(d._id), { startup: d.startup, confidential: d.confidential, deletedAt: d.deletedAt, createdAt: d.createdAt }])),
    users: new Map(plan.people.map((p) => [String(p._id), p])),
    packs: new Map(organisations.map((o) => [String(o._id), o.services.map((p) => String(p._id))])),
  };
  return { organisations, referrals, world };
}

/**
 * The referrals of the benchmark's datasets, on the tiny one: partner organisations with their packs,
 * referrals in every status that hold the app's rules (history, dates, sharing and consent, thread,
 * outcomes, reminders), and what the referral pages of the benchmark users open. The bigger
 * definitions are drawn in memory and checked the same way.
 */
describe('bench: the referrals of a dataset', () => {
  let inserted: Record<string, number>;
  let ids: BenchIds;

  sharedWorld(async () => {
    inserted = await buildDataset(TINY, { log: () => undefined, batchSize: 25 });
    ids = await resolveIds();
  });

  it('holds the organisations with their packs and the referrals of its definition, in every status', async () => {
    const sizes = await collectionSizes();
    expect(sizes.partnerorganisations).to.equal(TINY.organisations).and.to.equal(inserted.organisations);
    expect(sizes.referrals).to.equal(TINY.referrals).and.to.equal(inserted.referrals);
    for (const o of await PartnerOrganisation.find({}).lean()) {
      expect(o.services.length, o.name).to.be.greaterThan(0);
      for (const p of o.services) expect([p.name?.fr, p.name?.en, p.typicalResponseDays].every(Boolean), o.name).to.equal(true);
    }
    for (const status of REFERRAL_STATUSES) expect(await Referral.countDocuments({ status }), status).to.be.greaterThan(0);
    // The builders' own times stand (Mongoose's timestamps do not replace them with the loading time).
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    expect(await Referral.countDocuments({ createdAt: trusted({ $lt: monthAgo }), updatedAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
  });

  it('stores only records that their model validates', async () => {
    const models = [PartnerOrganisation, Referral] as unknown as Model<Record<string, unknown>>[];
    for (const model of models) {
      for (const doc of await model.find({}).lean()) {
        const error = await new model(doc).validate().then(() => undefined, (err: Error) => err);
        expect(error, `${model.modelName}: ${error?.message}`).to.equal(undefined);
      }
    }
  });

  it('holds the rules of the referral loop: history and dates, documents of the dossier, consent before a confidential one is shared, outcomes while accepted, reminders', async () => {
    const [documents, users, organisations, referrals] = await Promise.all([DossierDocument.find({}).lean(), User.find({}, { role: 1, startups: 1, organisation: 1 }).lean(), PartnerOrganisation.find({}).lean(), Referral.find({}).lean()]);
    const world: World = {
      now: new Date(),
      documents: new Map(documents.map((d) => [String(d._id), d])),
      users: new Map(users.map((u) => [String(u._id), u])),
      packs: new Map(organisations.map((o) => [String(o._id), o.services.map((p) => String(p._id))])),
    };
    expect(referrals.flatMap((r) => referralFaults(r as ReferralLike, world))).to.deep.equal([]);
    expect(referrals.filter((r) => r.outcomes.length > 0).length, 'with outcomes').to.be.greaterThan(0);
    expect(referrals.filter((r) => r.thread.length > 0).length, 'with comments').to.be.greaterThan(0);
    expect(referrals.filter((r) => r.consents.length > 0).length, 'with consents').to.be.greaterThan(0);
  });

  it('gives the benchmark partner an organisation with a fifth of the referrals, new and overdue ones among them', async () => {
    const partner = await User.findOne({ email: BENCH_USERS.partner.email }).lean();
    expect(partner?.organisation, 'the partner’s organisation').to.not.equal(undefined);
    expect(ids.partnerOrganisation).to.equal(String(partner?.organisation));
    const mine = await Referral.find({ organisation: partner?.organisation }).lean();
    expect(mine.length).to.be.at.least(TINY.referrals * HOME_SHARE);
    expect(mine.filter((r) => r.status === 'sent').length, 'new').to.be.at.least(3);
    expect(mine.filter((r) => isOverdue(r)).length, 'overdue').to.be.at.least(4);
  });

  it('resolves a live referral of the partner’s organisation with a document shared now, and the founder’s referral with a confidential one shared after consent', async () => {
    const referral = await Referral.findOne({ _id: ids.referral }).lean();
    expect(String(referral?.organisation)).to.equal(ids.partnerOrganisation);
    expect(LIVE_STATUSES).to.include(referral?.status);
    const docs = await DossierDocument.find({ _id: trusted({ $in: referral?.shared.map((s) => s.document) ?? [] }) }).lean();
    expect(referral && docs.some((d) => isShared(referral, d)), 'a document shared now').to.equal(true);
    const own = await Referral.findOne({ _id: ids.founderReferral }).lean();
    expect(String(own?.startup)).to.equal(ids.ownStartup);
    const confidential = await DossierDocument.find({ _id: trusted({ $in: own?.consents.filter((c) => c.status === 'approved').map((c) => c.document) ?? [] }) }).lean();
    expect(own && confidential.some((d) => d.confidential && isShared(own, d)), 'a confidential document shared after consent').to.equal(true);
  });

  it('answers every referral page of the benchmark as it expects (200, its title, the user signed in)', async function () {
    this.timeout(60_000);
    const values = { ...ids, founderUserName: BENCH_USERS.founder.name };
    const pages = PAGES.filter((p) => /^\/(referrals|partners)\b/.test(p.path));
    expect(pages.length).to.be.at.least(14);
    const { app } = makeApp();
    for (const role of ['manager', 'founder', 'partner'] as const) {
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

  it('draws the one-year and five-year referrals to their definitions within the rules, and none for ten thousand startups', function () {
    this.timeout(60_000);
    for (const name of ['one-year', 'five-year'] as const) {
      const spec = DATASETS[name];
      const plan = makePlan(spec);
      const { organisations, referrals, world } = drawn(plan);
      expect(referrals.length, name).to.equal(spec.referrals);
      expect(referrals.flatMap((r) => referralFaults(r, world)).slice(0, 5), name).to.deep.equal([]);
      expect(new Set(organisations.map((o) => o.kind)).size, `${name}: kinds`).to.equal(Math.min(spec.organisations, PARTNER_KINDS.length));
      for (const status of REFERRAL_STATUSES) expect(referrals.filter((r) => r.status === status).length, `${name} ${status}`).to.be.greaterThan(0);
      for (const status of CONSENT_STATUSES) expect(referrals.filter((r) => r.consents.some((c) => c.status === status)).length, `${name} consent ${status}`).to.be.greaterThan(0);
      for (const kind of OUTCOME_KINDS) expect(referrals.filter((r) => r.outcomes.some((o) => o.kind === kind)).length, `${name} outcome ${kind}`).to.be.greaterThan(0);
      const home = String(plan.bench.partner.organisation);
      expect(referrals.filter((r) => String(r.organisation) === home).length / referrals.length, `${name}: the partner’s share`).to.be.within(HOME_SHARE - 0.02, HOME_SHARE + 0.05);
      // Most referrals older than a year are over: closed (or withdrawn).
      const old = referrals.filter((r) => r.createdAt.getTime() < plan.now.getTime() - 365 * 86_400_000);
      if (spec.years > 1) expect(old.filter((r) => r.status === 'closed').length / old.length, `${name}: old ones closed`).to.be.greaterThan(0.6);
      const days = new Set(referrals.map((r) => today(r.createdAt).slice(0, 4)));
      expect(days.size, `${name}: years with referrals`).to.be.at.least(spec.years);
    }
    const none = drawn(makePlan(DATASETS['ten-thousand']));
    expect(none.referrals.length).to.equal(0);
    expect(none.organisations.every((o) => o.kind === 'other' || o.services.length > 0), 'packs without history too').to.equal(true);
  });
});
