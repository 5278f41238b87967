import { Types } from 'mongoose';
import { addDays, dayNumber, daysIncluded, today, validUntil } from '../../hosting/days';
import type { RequestStatus, SpaceKind } from '../../hosting/model';
import type { Random } from '../random';
import type { Places, SpaceRec } from './hosting-places';
import { KIND_WEIGHTS, LAB_PEOPLE } from './hosting-texts';
import { teamOf } from './mentoring-sessions';
import type { Plan, StartupPlan } from './plan';

/** The hosting records of a dataset as the builders make them, and what they share while drawing them. */
export interface RecordRec {
  _id: Types.ObjectId;
  startup: Types.ObjectId;
  requirement: Types.ObjectId;
  person: string;
  obtainedOn: string;
  validUntil: string;
  recordedBy: Types.ObjectId;
  recordedByName: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChangeRec {
  to: string;
  previousTo: string;
  reason: string;
  by: Types.ObjectId;
  byName: string;
  at: Date;
}

export interface AllocationRec {
  _id: Types.ObjectId;
  space: Types.ObjectId;
  site: Types.ObjectId;
  startup: Types.ObjectId;
  seats: number;
  from: string;
  to: string;
  pricePerSeat: number;
  request: Types.ObjectId;
  approvedBy: Types.ObjectId;
  approvedByName: string;
  changes: ChangeRec[];
  createdAt: Date;
  updatedAt: Date;
}

/** Seats taken per space and day, from the first day a space opened to the last day anything is planned. */
export class SeatLoad {
  private readonly taken = new Map<string, Int16Array>();

  constructor(private readonly first: string, private readonly last: string) {}

  private days(space: SpaceRec): Int16Array {
    const key = String(space._id);
    let found = this.taken.get(key);
    if (!found) this.taken.set(key, (found = new Int16Array(daysIncluded(this.first, this.last))));
    return found;
  }

  /** Whether `seats` more fit on every day of the range (and the range lies within the load's days). */
  fits(space: SpaceRec, from: string, to: string, seats: number): boolean {
    if (from < this.first || to > this.last) return false;
    const days = this.days(space);
    const start = dayNumber(from) - dayNumber(this.first);
    for (let i = start; i <= start + daysIncluded(from, to) - 1; i += 1) if (days[i] + seats > space.capacity) return false;
    return true;
  }

  add(space: SpaceRec, from: string, to: string, seats: number): void {
    const days = this.days(space);
    const start = dayNumber(from) - dayNumber(this.first);
    for (let i = start; i <= start + daysIncluded(from, to) - 1; i += 1) days[i] += seats;
  }
}

export interface RequestRec {
  _id: Types.ObjectId;
  startup: Types.ObjectId;
  kind: SpaceKind;
  space?: Types.ObjectId;
  seats: number;
  from: string;
  to: string;
  note: string;
  status: RequestStatus;
  requestedBy?: Types.ObjectId;
  requestedByName: string;
  reason: string;
  proposal?: { space: Types.ObjectId; pricePerSeat: number };
  decidedBy?: Types.ObjectId;
  decidedByName?: string;
  decidedAt?: Date;
  allocation?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export interface HostingRecords extends Places {
  records: RecordRec[];
  allocations: AllocationRec[];
  requests: RequestRec[];
}

/** What the builders share: the draw, the plan, today, the places and what is placed so far. */
export interface HostingContext {
  rnd: Random;
  plan: Plan;
  today: string;
  periodStart: string;
  /** The last day an allocation may reach. */
  horizon: string;
  places: Places;
  load: SeatLoad;
  records: RecordRec[];
  allocations: AllocationRec[];
  requests: RequestRec[];
}

/** A moment of a day (mid-morning UTC: the same day in Paris), never after `cap`. */
export const momentOf = (day: string, cap?: Date): Date => {
  const at = new Date(`${day}T09:30:00Z`);
  return cap && at > cap ? cap : at;
};

export const dayOf = (d: Date): string => today(d);

/** A day drawn between two days (both included). */
export const dayBetween = (rnd: Random, from: string, to: string): string => addDays(from, rnd.int(0, Math.max(0, daysIncluded(from, to) - 1)));

/** The days a startup may be hosted: from its entry to its exit (active ones: some months ahead too). */
export function windowOf(ctx: HostingContext, s: StartupPlan): { first: string; lastFrom: string; lastTo: string } {
  const first = dayOf(s.windowStart) > ctx.periodStart ? dayOf(s.windowStart) : ctx.periodStart;
  if (s.status === 'active') return { first, lastFrom: addDays(ctx.today, 75), lastTo: ctx.horizon };
  const end = dayOf(s.windowEnd);
  return { first, lastFrom: addDays(end, -30), lastTo: end };
}

export function pickKind(rnd: Random, s: StartupPlan): SpaceKind {
  if (rnd.chance(0.06)) return 'meeting_room';
  const weights = KIND_WEIGHTS[s.area];
  const total = weights.reduce((a, [, w]) => a + w, 0);
  let r = rnd.next() * total;
  for (const [kind, w] of weights) if ((r -= w) < 0) return kind;
  return weights[0][0];
}

/**
 * The records the startup lacks to hold the space's requirements from `from` through `to`: each
 * obtained a little before `from` (never after today) and valid through `to`. Undefined when a
 * requirement cannot be valid that long (the allocation is then not made).
 */
export function recordsNeeded(ctx: HostingContext, s: StartupPlan, space: SpaceRec, from: string, to: string, create: boolean): RecordRec[] | undefined {
  const needed: RecordRec[] = [];
  for (const id of space.requirements) {
    const held = ctx.records.some((r) => r.startup === s._id && r.requirement === id && r.obtainedOn <= from && r.validUntil >= to);
    if (held) continue;
    if (!create) return undefined;
    const requirement = ctx.places.requirements.find((r) => r._id === id);
    if (!requirement) return undefined;
    const latest = from < ctx.today ? from : ctx.today;
    let obtainedOn = addDays(from, -ctx.rnd.int(0, 45));
    if (obtainedOn > latest || validUntil(obtainedOn, requirement.validityMonths) < to) obtainedOn = latest;
    if (validUntil(obtainedOn, requirement.validityMonths) < to) return undefined;
    const recorder = ctx.rnd.pick(ctx.plan.managers);
    const team = teamOf(s);
    const at = momentOf(addDays(obtainedOn, ctx.rnd.int(0, 5)), new Date(ctx.plan.now.getTime() - 3_600_000));
    const person = team.length > 0 && ctx.rnd.chance(0.5) ? ctx.rnd.pick(team).name : ctx.rnd.pick(LAB_PEOPLE);
    needed.push({ _id: new Types.ObjectId(), startup: s._id, requirement: id, person, obtainedOn, validUntil: validUntil(obtainedOn, requirement.validityMonths), recordedBy: recorder._id, recordedByName: recorder.name, createdAt: at, updatedAt: at });
  }
  return needed;
}

