import { addDays, validUntil } from '../src/hosting/days';
import { HostingAllocation, Requirement, RequirementRecord, Space } from '../src/hosting/model';

/**
 * The hosting rules (DESIGN.md section 2), checked over whole sets of records independently of the
 * app's write path (src/hosting/capacity.ts): the seed and the bench datasets must hold them. Each
 * check answers what breaks a rule, in words (empty: none).
 */
type Id = { toString(): string };
interface SpaceLike { _id: Id; site: Id; name: string; capacity: number; openedOn: string; requirements: Id[] }
interface AllocationLike { _id: Id; space: Id; site: Id; startup: Id; seats: number; from: string; to: string }
interface RecordLike { _id: Id; startup: Id; requirement: Id; obtainedOn: string; validUntil: string }

/** Every day on which a space's allocations hold more seats than it has, as "space day: taken/capacity". */
export function overbooked(spaces: SpaceLike[], allocations: AllocationLike[]): string[] {
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
export function faulty(spaces: SpaceLike[], allocations: AllocationLike[], records: RecordLike[]): string[] {
  const byId = new Map(spaces.map((s) => [String(s._id), s]));
  const out: string[] = [];
  for (const a of allocations) {
    const space = byId.get(String(a.space));
    const name = `${String(a._id)} (${space?.name ?? '?'} ${a.from} → ${a.to})`;
    if (!space) {
      out.push(`${name}: no space`);
      continue;
    }
    if (a.to < a.from) out.push(`${name}: backwards`);
    if (a.from < space.openedOn) out.push(`${name}: before the space opened on ${space.openedOn}`);
    if (a.seats < 1 || a.seats > space.capacity) out.push(`${name}: ${a.seats} seats of ${space.capacity}`);
    if (String(a.site) !== String(space.site)) out.push(`${name}: another site`);
    for (const requirement of space.requirements) {
      const held = records.some((r) => String(r.startup) === String(a.startup) && String(r.requirement) === String(requirement) && r.obtainedOn <= a.from && r.validUntil >= a.to);
      if (!held) out.push(`${name}: requirement ${String(requirement)} not held throughout`);
    }
  }
  return out;
}

export async function overbookedDays(): Promise<string[]> {
  return overbooked(await Space.find({}).lean(), await HostingAllocation.find({}).lean());
}

export async function faultyAllocations(): Promise<string[]> {
  return faulty(await Space.find({}).lean(), await HostingAllocation.find({}).lean(), await RequirementRecord.find({}).lean());
}

/** Records whose last valid day is not the one their requirement's validity gives. */
export async function miscomputedRecords(): Promise<string[]> {
  const months = new Map((await Requirement.find({}).lean()).map((r) => [String(r._id), r.validityMonths]));
  return (await RequirementRecord.find({}).lean())
    .filter((r) => r.validUntil !== validUntil(r.obtainedOn, months.get(String(r.requirement)) ?? 0))
    .map((r) => `${String(r._id)}: ${r.obtainedOn} → ${r.validUntil}`);
}
