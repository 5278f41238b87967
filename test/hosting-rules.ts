import { addDays, validUntil } from '../src/hosting/days';
import { HostingAllocation, Requirement, RequirementRecord, Space } from '../src/hosting/model';

/**
 * The hosting rules (DESIGN.md section 2), checked over a whole database independently of the app's
 * write path (src/hosting/capacity.ts): the seed and the bench datasets must hold them.
 */

/** Every day on which a space's allocations hold more seats than it has, as "space day: taken/capacity". */
export async function overbookedDays(): Promise<string[]> {
  const spaces = await Space.find({}, { name: 1, capacity: 1 }).lean();
  const allocations = await HostingAllocation.find({}, { space: 1, seats: 1, from: 1, to: 1 }).lean();
  const out: string[] = [];
  for (const space of spaces) {
    // Seats change on the first day of an allocation and on the day after its last (inclusive ranges).
    const delta = new Map<string, number>();
    for (const a of allocations.filter((x) => String(x.space) === String(space._id))) {
      delta.set(a.from, (delta.get(a.from) ?? 0) + a.seats);
      const after = addDays(a.to, 1);
      delta.set(after, (delta.get(after) ?? 0) - a.seats);
    }
    let taken = 0;
    for (const day of [...delta.keys()].sort()) {
      taken += delta.get(day) ?? 0;
      if (taken > space.capacity) out.push(`${space.name} ${day}: ${taken}/${space.capacity}`);
    }
  }
  return out;
}

/**
 * Allocations that break a rule of their own: a requirement of the space not held by the startup on
 * every day of the period (one record obtained by the first day, valid through the last), a range
 * backwards, a first day before the space opened, seats above its capacity, another site than the space's.
 */
export async function faultyAllocations(): Promise<string[]> {
  const spaces = new Map((await Space.find({}).lean()).map((s) => [String(s._id), s]));
  const records = await RequirementRecord.find({}).lean();
  const out: string[] = [];
  for (const a of await HostingAllocation.find({}).lean()) {
    const space = spaces.get(String(a.space));
    const name = `${String(a._id)} (${space?.name ?? '?'} ${a.from} → ${a.to})`;
    if (!space) {
      out.push(`${name}: no space`);
      continue;
    }
    if (a.to < a.from) out.push(`${name}: backwards`);
    if (a.from < space.openedOn) out.push(`${name}: before the space opened on ${space.openedOn}`);
    if (a.seats > space.capacity) out.push(`${name}: ${a.seats} seats of ${space.capacity}`);
    if (String(a.site) !== String(space.site)) out.push(`${name}: another site`);
    for (const requirement of space.requirements) {
      const held = records.some((r) => String(r.startup) === String(a.startup) && String(r.requirement) === String(requirement) && r.obtainedOn <= a.from && r.validUntil >= a.to);
      if (!held) out.push(`${name}: requirement ${String(requirement)} not held throughout`);
    }
  }
  return out;
}

/** Records whose last valid day is not the one their requirement's validity gives. */
export async function miscomputedRecords(): Promise<string[]> {
  const months = new Map((await Requirement.find({}).lean()).map((r) => [String(r._id), r.validityMonths]));
  return (await RequirementRecord.find({}).lean())
    .filter((r) => r.validUntil !== validUntil(r.obtainedOn, months.get(String(r.requirement)) ?? 0))
    .map((r) => `${String(r._id)}: ${r.obtainedOn} → ${r.validUntil}`);
}
