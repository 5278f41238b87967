import mongoose from 'mongoose';
import { withLocks } from '../core/db/lock';
import { ValidationFailed, fieldError } from '../core/errors';
import { Startup } from '../startups/model';
import { addDays, dayNumber, dayWords, daysIncluded } from './days';
import { HostingAllocation, Requirement, RequirementRecord, Space } from './model';

/** An inclusive range of days (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

/** The seats a space has given on each day of a range, and what collides with a new allocation. */
export interface SpaceLoad {
  capacity: number;
  /** The fewest free seats on any day of the range, and the first day it happens. */
  worstFree: number;
  worstDay: string;
  /** Seats taken on each day of the range, in order. */
  taken: number[];
  /** The allocations of the space that meet the range (the form shows them). */
  collisions: { id: string; startupName: string; seats: number; from: string; to: string }[];
}

/** How long to wait for a space's lock: twenty managers approving at once queue behind it. */
const SPACE_LOCK = { waitMs: 20_000 };

/**
 * The locks under which a space's allocations are checked and written (capacity holds across
 * requests and instances), with the request being decided when there is one.
 */
export function withSpace<T>(spaceIds: string[], work: () => Promise<T>, requestId?: string): Promise<T> {
  return withLocks([...spaceIds.map((id) => `hosting-space:${id}`), ...(requestId ? [`hosting-request:${requestId}`] : [])], work, SPACE_LOCK);
}

/** Allocations of a space that hold seats on some day of the range, except one (the one being changed). */
async function meeting(spaceId: string, range: DayRange, except?: string) {
  // Read by space, then matched here: the embedded server serves only _id lookups from an index.
  const all = await HostingAllocation.find({ space: new mongoose.Types.ObjectId(spaceId) }, { startup: 1, seats: 1, from: 1, to: 1 }).lean();
  return all.filter((a) => String(a._id) !== except && a.from <= range.to && a.to >= range.from);
}

interface Held {
  _id: unknown;
  startup: unknown;
  seats: number;
  from: string;
  to: string;
}

/** Seats taken on each day of the range by these allocations (those of one space that meet it), and its worst day. */
export function loadOf(capacity: number, hits: Held[], range: DayRange): Omit<SpaceLoad, 'collisions'> {
  const length = daysIncluded(range.from, range.to);
  const start = dayNumber(range.from);
  // Seats added on the first day each allocation meets the range, removed the day after its last.
  const delta = new Array<number>(length + 1).fill(0);
  for (const a of hits) {
    delta[Math.max(0, dayNumber(a.from) - start)] += a.seats;
    delta[Math.min(length, dayNumber(a.to) - start + 1)] -= a.seats;
  }
  const taken: number[] = [];
  let worst = { taken: -1, day: range.from };
  for (let i = 0; i < length; i += 1) {
    taken.push((taken[i - 1] ?? 0) + delta[i]);
    if (taken[i] > worst.taken) worst = { taken: taken[i], day: addDays(range.from, i) };
  }
  return { capacity, worstFree: capacity - Math.max(0, worst.taken), worstDay: worst.day, taken };
}

/** The collisions as the form lists them: startup, seats, dates, earliest first. */
export async function collisionsOf(hits: Held[]): Promise<SpaceLoad['collisions']> {
  const ids = [...new Set(hits.map((a) => String(a.startup)))].map((id) => new mongoose.Types.ObjectId(id));
  const names = new Map((ids.length ? await Startup.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1 }).lean() : []).map((s) => [String(s._id), s.name]));
  return [...hits].sort((a, b) => a.from.localeCompare(b.from)).map((a) => ({ id: String(a._id), startupName: names.get(String(a.startup)) ?? '', seats: a.seats, from: a.from, to: a.to }));
}

/** The seats taken on each day of the range, and the allocations that meet it. */
export async function spaceLoad(spaceId: string, range: DayRange, except?: string): Promise<SpaceLoad> {
  const space = await Space.findOne({ _id: spaceId }, { capacity: 1 }).lean();
  const hits = await meeting(spaceId, range, except);
  return { ...loadOf(space?.capacity ?? 0, hits, range), collisions: await collisionsOf(hits) };
}

/**
 * Refuses `seats` more on the space over the range when some day would exceed its capacity, naming
 * the first such day and the seats still free then. Call inside withSpace.
 */
export async function refuseOverCapacity(spaceId: string, range: DayRange, seats: number, except?: string, field = 'seats'): Promise<void> {
  const load = await spaceLoad(spaceId, range, except);
  if (seats <= load.worstFree) return;
  if (seats > load.capacity) throw new ValidationFailed({ [field]: fieldError('hosting.errors.aboveCapacity', { capacity: load.capacity }) });
  // The first day they do not fit, and what is free that day.
  const first = load.taken.findIndex((t) => load.capacity - t < seats);
  throw new ValidationFailed({ [field]: fieldError('hosting.errors.full', { day: dayWords(addDays(range.from, first)), free: load.capacity - load.taken[first] }) });
}

/** A requirement of a space the startup does not meet over a range: missing, or expiring before its end. */
export interface Unmet {
  requirement: string;
  name: string;
  /** The last valid day of the latest record, when one covers the start but not the end. */
  expiresOn?: string;
}

interface RecordHeld {
  requirement: unknown;
  obtainedOn: string;
  validUntil: string;
}

/** Of these requirements (a space's), those the records (a startup's) do not cover on every day of the range. */
export function unmetOf(requirements: { _id: unknown; name: string }[], records: RecordHeld[], range: DayRange): Unmet[] {
  const unmet: Unmet[] = [];
  for (const r of requirements) {
    const mine = records.filter((rec) => String(rec.requirement) === String(r._id) && rec.obtainedOn <= range.from);
    if (mine.some((rec) => rec.validUntil >= range.to)) continue;
    const current = mine.filter((rec) => rec.validUntil >= range.from).sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0];
    unmet.push({ requirement: String(r._id), name: r.name, expiresOn: current?.validUntil });
  }
  return unmet.sort((a, b) => a.name.localeCompare(b.name));
}

/** The requirements of a space that the startup does not meet on every day of the range. */
export async function unmetRequirements(startupId: string, spaceId: string, range: DayRange): Promise<Unmet[]> {
  const space = await Space.findOne({ _id: spaceId }, { requirements: 1 }).lean();
  const ids = (space?.requirements ?? []).map(String);
  if (!ids.length) return [];
  const [requirements, records] = await Promise.all([
    Requirement.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean(),
    RequirementRecord.find({ startup: new mongoose.Types.ObjectId(startupId) }, { requirement: 1, obtainedOn: 1, validUntil: 1 }).lean(),
  ]);
  return unmetOf(requirements, records, range);
}

/** Refuses an allocation whose space requires what the startup does not hold for the whole range, naming it. */
export async function refuseUnmet(startupId: string, spaceId: string, range: DayRange, field = 'space'): Promise<void> {
  const unmet = await unmetRequirements(startupId, spaceId, range);
  if (!unmet.length) return;
  const first = unmet[0];
  throw new ValidationFailed({
    [field]: first.expiresOn
      ? fieldError('hosting.errors.requirementExpires', { name: first.name, day: dayWords(first.expiresOn) })
      : fieldError('hosting.errors.requirementMissing', { name: first.name }),
  });
}
