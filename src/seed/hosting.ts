import mongoose, { type Types } from 'mongoose';
import { refuseOverCapacity, refuseUnmet } from '../hosting/capacity';
import { addDays, today, validUntil } from '../hosting/days';
import { HostingAllocation, HostingRequest, Requirement, RequirementRecord, Site, Space, type SpaceKind } from '../hosting/model';
import { PartnerOrganisation } from '../partners/model';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { ALLOCATIONS, ALLOCATION_NOTES, HOSTING_OPERATORS, RECORDS, REQUESTS, REQUIREMENTS, SITES, type RequirementKey } from './hosting-data';

interface SpaceRef {
  _id: Types.ObjectId;
  site: Types.ObjectId;
  kind: SpaceKind;
  pricePerSeat: number;
}

/** A moment of a day counted from today (mid-morning, so that it is the same day in Paris). */
const momentOf = (day: string): Date => new Date(`${day}T09:30:00Z`);

/** Finds a record by its natural key or creates it, counting what it created. */
async function ensure<T>(count: { created: number }, find: () => Promise<T | null>, create: () => Promise<T>): Promise<T> {
  const found = await find();
  if (found) return found;
  count.created += 1;
  return create();
}

/** The operators, requirements, sites and spaces: found by name, created when missing. */
async function ensurePlaces(count: { created: number }) {
  const operators = new Map<string, Types.ObjectId>();
  for (const o of HOSTING_OPERATORS) {
    const org = await ensure(count, () => PartnerOrganisation.findOne({ name: o.name }), () => PartnerOrganisation.create({ ...o, services: 'Hébergement de startups santé : bureaux, postes et laboratoires.' }));
    operators.set(o.name, org._id);
  }
  const requirements = new Map<RequirementKey, { _id: Types.ObjectId; validityMonths: number }>();
  for (const r of REQUIREMENTS) {
    const doc = await ensure(count, () => Requirement.findOne({ name: r.name }), () => Requirement.create({ name: r.name, kind: r.kind, validityMonths: r.validityMonths }));
    requirements.set(r.key, doc);
  }
  const sites: Types.ObjectId[] = [];
  const spaces = new Map<string, SpaceRef>();
  for (const s of SITES) {
    const site = await ensure(count, () => Site.findOne({ name: s.name }), () => Site.create({ name: s.name, address: s.address, operator: operators.get(s.operator), accessNotes: s.accessNotes }));
    sites.push(site._id);
    for (const sp of s.spaces) {
      const ids = sp.requirements.flatMap((k) => requirements.get(k)?._id ?? []);
      const space = await ensure(count, () => Space.findOne({ site: site._id, name: sp.name }), () => Space.create({ ...sp, site: site._id, requirements: ids }));
      spaces.set(sp.name, { _id: space._id, site: space.site, kind: space.kind, pricePerSeat: space.pricePerSeat });
    }
  }
  return { requirements, sites, spaces };
}

/**
 * The hosting demo (src/seed/hosting-data.ts): two sites run by incubators, one with offices, desks
 * and a meeting room, one with lab benches L1 and L2 and a cold room; the safety requirements of the
 * labs and the startups' records of them (one expiring within 60 days, the demo founder's startup
 * without the L2 training); a year of agreements, each with its approved request; requests pending,
 * proposed, rejected, declined and withdrawn. Each agreement is checked with the app's capacity and
 * requirements rules before it is written. Idempotent: places are found by name; the history
 * (records, agreements, requests) is written once, when the demo sites have no agreement yet, since
 * its days are counted from the day the seed first runs.
 */
export async function seedHosting(): Promise<number> {
  const count = { created: 0 };
  const { requirements, sites, spaces } = await ensurePlaces(count);
  if (await HostingAllocation.exists({ site: mongoose.trusted({ $in: sites }) })) return count.created;
  const t = today();
  const day = (n: number): string => addDays(t, n);
  const startups = new Map((await Startup.find({}, { slug: 1, name: 1 }).lean()).map((s) => [s.slug, s]));
  const manager = await User.findOne({ email: 'manager@demo.boost' }).lean();
  const founder = await User.findOne({ email: 'founder@demo.boost' }).lean();
  const decided = { decidedBy: manager?._id, decidedByName: manager?.name ?? '' };

  for (const r of RECORDS) {
    const startup = startups.get(r.startup);
    const requirement = requirements.get(r.requirement);
    if (!startup || !requirement) continue;
    const obtainedOn = day(r.obtained);
    await RequirementRecord.create({ startup: startup._id, requirement: requirement._id, person: r.person, obtainedOn, validUntil: validUntil(obtainedOn, requirement.validityMonths), recordedBy: manager?._id, recordedByName: manager?.name ?? '' });
    count.created += 1;
  }

  for (const a of ALLOCATIONS) {
    const startup = startups.get(a.startup);
    const space = spaces.get(a.space);
    if (!startup || !space) continue;
    const range = { from: day(a.from), to: day(a.to) };
    // The demo is made by the rules it shows: a mistake in the data fails here, naming the day or the requirement.
    await refuseUnmet(String(startup._id), String(space._id), range);
    await refuseOverCapacity(String(space._id), range, a.seats);
    const agreedTo = a.change ? day(a.change.previousTo) : range.to;
    const made = momentOf(day(Math.min(a.from - 30, -1)));
    const decidedAt = new Date(Math.min(made.getTime() + 3 * 86_400_000, Date.now() - 3_600_000));
    const pricePerSeat = a.pricePerSeat ?? space.pricePerSeat;
    const request = await HostingRequest.create({ startup: startup._id, kind: space.kind, space: space._id, seats: a.seats, from: range.from, to: agreedTo, note: ALLOCATION_NOTES[space.kind], status: 'approved', requestedByName: `Équipe ${startup.name}`, ...decided, decidedAt, createdAt: made });
    const changes = a.change ? [{ to: range.to, previousTo: agreedTo, reason: a.change.reason, by: manager?._id, byName: manager?.name ?? '', at: momentOf(day(a.change.at)) }] : [];
    const allocation = await HostingAllocation.create({ space: space._id, site: space.site, startup: startup._id, seats: a.seats, from: range.from, to: range.to, pricePerSeat, request: request._id, approvedBy: manager?._id, approvedByName: manager?.name ?? '', changes, createdAt: decidedAt });
    await HostingRequest.updateOne({ _id: request._id }, { $set: { allocation: allocation._id } });
    count.created += 2;
  }

  for (const r of REQUESTS) {
    const startup = startups.get(r.startup);
    if (!startup) continue;
    const range = { from: day(r.from), to: day(r.to) };
    const proposed = r.proposal ? spaces.get(r.proposal.space) : undefined;
    if (r.status === 'proposed' && proposed) {
      // A proposal standing today must suit the request, as proposeSpace checks.
      await refuseUnmet(String(startup._id), String(proposed._id), range);
      await refuseOverCapacity(String(proposed._id), range, r.seats);
    }
    const made = momentOf(day(r.made));
    const answered = r.status !== 'pending' ? { ...decided, decidedAt: new Date(made.getTime() + 2 * 86_400_000) } : {};
    const by = r.byFounder && founder ? { requestedBy: founder._id, requestedByName: founder.name } : { requestedByName: `Équipe ${startup.name}` };
    await HostingRequest.create({
      startup: startup._id,
      kind: r.kind,
      space: r.space ? spaces.get(r.space)?._id : undefined,
      seats: r.seats,
      ...range,
      note: r.note,
      status: r.status,
      reason: r.reason ?? '',
      proposal: proposed && r.proposal ? { space: proposed._id, pricePerSeat: r.proposal.pricePerSeat } : undefined,
      ...by,
      ...(r.status === 'withdrawn' ? {} : answered),
      createdAt: made,
    });
    count.created += 1;
  }
  return count.created;
}
