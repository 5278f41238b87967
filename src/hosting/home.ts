import mongoose from 'mongoose';
import { Startup } from '../startups/model';
import { addDays, today } from './days';
import { HostingAllocation, HostingRequest, Requirement, RequirementRecord, Site, Space } from './model';
import { EXPIRY_NOTICE_DAYS } from './tab';

const idsOf = (values: unknown[]) => [...new Set(values.map(String))].map((id) => new mongoose.Types.ObjectId(id));
const byId = (ids: unknown[]) => ({ _id: mongoose.trusted({ $in: idsOf(ids) }) });
const named = (rows: { _id: unknown; name: string }[]) => new Map(rows.map((x) => [String(x._id), x.name]));

/**
 * The managers' hosting summary: requests waiting for an answer, agreements ending within 60 days,
 * requirements of startups expiring within 60 days (a renewed one no longer counts).
 */
export async function managerHosting() {
  const day = today();
  const horizon = addDays(day, EXPIRY_NOTICE_DAYS);
  const [pending, allocations, records] = await Promise.all([
    HostingRequest.countDocuments({ status: 'pending' }),
    HostingAllocation.find({ to: mongoose.trusted({ $gte: day, $lte: horizon }) }, { startup: 1, space: 1, site: 1, to: 1, seats: 1 }).lean(),
    RequirementRecord.find({}, { startup: 1, requirement: 1, validUntil: 1 }).lean(),
  ]);
  // The latest record of each startup and requirement: expiring when it ends within the horizon.
  const latest = new Map<string, (typeof records)[number]>();
  for (const r of records) {
    const key = `${String(r.startup)}:${String(r.requirement)}`;
    if ((latest.get(key)?.validUntil ?? '') < r.validUntil) latest.set(key, r);
  }
  const expiring = [...latest.values()].filter((r) => r.validUntil >= day && r.validUntil <= horizon).sort((a, b) => a.validUntil.localeCompare(b.validUntil));
  const ending = allocations.sort((a, b) => a.to.localeCompare(b.to));
  const [startupNames, spaceNames, siteNames, requirementNames] = (
    await Promise.all([
      Startup.find(byId([...ending.map((a) => a.startup), ...expiring.map((r) => r.startup)]), { name: 1 }).lean(),
      Space.find(byId(ending.map((a) => a.space)), { name: 1 }).lean(),
      Site.find(byId(ending.map((a) => a.site)), { name: 1 }).lean(),
      Requirement.find(byId(expiring.map((r) => r.requirement)), { name: 1 }).lean(),
    ])
  ).map(named);
  return {
    pending,
    endingCount: ending.length,
    ending: ending.slice(0, 8).map((a) => ({ startupId: String(a.startup), startupName: startupNames.get(String(a.startup)) ?? '', spaceName: spaceNames.get(String(a.space)) ?? '', siteName: siteNames.get(String(a.site)) ?? '', to: a.to, seats: a.seats })),
    expiringCount: expiring.length,
    expiring: expiring.slice(0, 8).map((r) => ({ startupId: String(r.startup), startupName: startupNames.get(String(r.startup)) ?? '', name: requirementNames.get(String(r.requirement)) ?? '', validUntil: r.validUntil })),
  };
}
