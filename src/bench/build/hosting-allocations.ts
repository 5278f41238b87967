import { Types } from 'mongoose';
import { addDays, daysIncluded } from '../../hosting/days';
import type { SpaceKind } from '../../hosting/model';
import { DAY, type Random } from '../random';
import type { SpaceRec } from './hosting-places';
import { dayBetween, momentOf, pickKind, recordsNeeded, windowOf, type AllocationRec, type ChangeRec, type HostingContext } from './hosting-context';
import { ASKED_INSTEAD, ENDED_REASONS, EXTENDED_REASONS, PROPOSAL_REASONS, REQUEST_NOTES } from './hosting-texts';
import { teamOf } from './mentoring-sessions';
import type { StartupPlan } from './plan';

/**
 * The allocations of a dataset: the seats of the spaces given to the startups over their time in the
 * programme (past, running and upcoming; some ended early or extended), each with its approved
 * request, placed on a day-by-day count of each space's seats so that the capacity rule holds on
 * every day, and with the lab requirements' records made as each lab allocation needs them.
 */

function seatsFor(rnd: Random, space: SpaceRec): number {
  switch (space.kind) {
    case 'desk':
      return rnd.int(1, Math.min(3, space.capacity));
    case 'office':
      return rnd.chance(0.6) ? space.capacity : rnd.int(1, space.capacity);
    case 'meeting_room':
      return rnd.int(Math.min(4, space.capacity), space.capacity);
    default:
      return rnd.int(1, Math.min(2, space.capacity));
  }
}

/** Days an allocation of the kind lasts (lab ones within a year: their requirements are valid 12 months). */
function daysFor(rnd: Random, kind: SpaceKind): number {
  if (kind === 'meeting_room') return 1;
  if (kind === 'lab_l1' || kind === 'lab_l2') return rnd.int(60, 330);
  return kind === 'office' ? rnd.int(90, 540) : rnd.int(60, 365);
}

/** An end changed by a manager: earlier (ended early, from a day it still ran) or later (extended before it ended). */
function changeOf(ctx: HostingContext, from: string, to: string): { to: string; change?: Omit<ChangeRec, 'by' | 'byName'> } {
  const { rnd } = ctx;
  const length = daysIncluded(from, to);
  if (length < 60) return { to };
  const r = rnd.next();
  const lastAt = to < ctx.today ? to : ctx.today;
  if (r < 0.08 && addDays(from, 10) < lastAt) {
    const at = dayBetween(rnd, addDays(from, 10), addDays(lastAt, -1));
    const newTo = dayBetween(rnd, at, addDays(to, -10));
    if (newTo < to) return { to: newTo, change: { to: newTo, previousTo: to, reason: rnd.pick(ENDED_REASONS), at: momentOf(at) } };
  } else if (r < 0.18) {
    const previousTo = addDays(to, -rnd.int(30, Math.min(120, length - 30)));
    // Not before its first day: the allocation was approved by then.
    const earliest = from > ctx.periodStart ? from : ctx.periodStart;
    const latest = previousTo < ctx.today ? previousTo : ctx.today;
    if (earliest <= latest) return { to, change: { to, previousTo, reason: rnd.pick(EXTENDED_REASONS), at: momentOf(dayBetween(rnd, earliest, latest), new Date(ctx.plan.now.getTime() - 3_600_000)) } };
  }
  return { to };
}

/**
 * Places an allocation of the space to the startup when it fits: open by then, no other period of the
 * startup in that space meeting it, seats free on every day, the requirements held (records made as
 * needed), its end changed later by a manager now and then (unless told not to). Writes its approved
 * request beside it. Answers the allocation, or undefined when it does not fit.
 */
function place(ctx: HostingContext, s: StartupPlan, space: SpaceRec, from: string, wantedTo: string, seats: number, options = { changes: true }): AllocationRec | undefined {
  const { rnd, plan } = ctx;
  if (from < space.openedOn || wantedTo < from) return undefined;
  const { to, change } = options.changes ? changeOf(ctx, from, wantedTo) : { to: wantedTo, change: undefined };
  if (ctx.allocations.some((a) => a.space === space._id && a.startup === s._id && a.from <= to && a.to >= from)) return undefined;
  if (!ctx.load.fits(space, from, to, seats)) return undefined;
  const records = recordsNeeded(ctx, s, space, from, to, true);
  if (!records) return undefined;
  ctx.records.push(...records);
  ctx.load.add(space, from, to, seats);
  const manager = rnd.pick(plan.managers);
  const team = teamOf(s);
  const by = team.length > 0 ? rnd.pick(team) : undefined;
  const lastMoment = new Date(plan.now.getTime() - 2 * 3_600_000);
  const createdAt = momentOf(addDays(from, -rnd.int(10, 60)), lastMoment);
  const decidedAt = new Date(Math.min(createdAt.getTime() + rnd.int(1, 10) * DAY, plan.now.getTime() - 3_600_000));
  const viaProposal = rnd.chance(0.2);
  const allocation: AllocationRec = {
    _id: new Types.ObjectId(),
    space: space._id,
    site: space.site,
    startup: s._id,
    seats,
    from,
    to,
    pricePerSeat: rnd.chance(0.15) ? Math.round((space.pricePerSeat * 0.9) / 10) * 10 : space.pricePerSeat,
    request: new Types.ObjectId(),
    approvedBy: manager._id,
    approvedByName: manager.name,
    changes: change ? [{ ...change, by: manager._id, byName: manager.name }] : [],
    createdAt: decidedAt,
    updatedAt: change ? change.at : decidedAt,
  };
  ctx.allocations.push(allocation);
  ctx.requests.push({
    _id: allocation.request,
    startup: s._id,
    kind: viaProposal ? ASKED_INSTEAD[space.kind] : space.kind,
    space: !viaProposal && rnd.chance(0.5) ? space._id : undefined,
    seats,
    from,
    to: change?.previousTo ?? to,
    note: rnd.pick(REQUEST_NOTES[space.kind]),
    status: 'approved',
    requestedBy: by?._id,
    requestedByName: by?.name ?? `Équipe ${s.name}`,
    reason: viaProposal ? rnd.pick(PROPOSAL_REASONS) : '',
    proposal: viaProposal ? { space: space._id, pricePerSeat: allocation.pricePerSeat } : undefined,
    decidedBy: manager._id,
    decidedByName: manager.name,
    decidedAt,
    allocation: allocation._id,
    createdAt,
    updatedAt: decidedAt,
  });
  return allocation;
}

/**
 * What the benchmark founder's hosting pages show, whatever the draw: an office now, a desk before
 * (when its time in the programme allows), a cold room to come. Its startup never gets an L2 bench,
 * so its pending L2 request (hosting-requests.ts) names the missing training.
 */
function featuredAllocations(ctx: HostingContext): void {
  const s = ctx.plan.featured;
  const { rnd } = ctx;
  const ofKind = (kind: SpaceKind) => ctx.places.spaces.filter((sp) => sp.kind === kind);
  // Their ends stay as agreed: the office runs today whatever the draw.
  const fixed = { changes: false };
  for (const office of ofKind('office')) if (place(ctx, s, office, addDays(ctx.today, -rnd.int(60, 150)), addDays(ctx.today, rnd.int(90, 200)), Math.min(2, office.capacity), fixed)) break;
  const start = windowOf(ctx, s).first;
  if (addDays(start, 200) < addDays(ctx.today, -160)) for (const desk of ofKind('desk')) if (place(ctx, s, desk, start, addDays(start, 179), Math.min(2, desk.capacity), fixed)) break;
  for (const cold of ofKind('cold_room')) if (place(ctx, s, cold, addDays(ctx.today, 20), addDays(ctx.today, 200), 1, fixed)) break;
}

/** The other startups' allocations, drawn until the dataset's number or until the spaces are full. */
function regularAllocations(ctx: HostingContext): void {
  const { rnd, plan } = ctx;
  const eligible = plan.startups.filter((s) => s.status !== 'applicant' && s !== plan.featured);
  const byKind = new Map<SpaceKind, SpaceRec[]>();
  for (const sp of ctx.places.spaces) byKind.set(sp.kind, [...(byKind.get(sp.kind) ?? []), sp]);
  const target = plan.spec.hostingAllocations;
  for (let attempt = 0; ctx.allocations.length < target && attempt < target * 40 && eligible.length > 0; attempt += 1) {
    const s = rnd.pick(eligible);
    const spaces = byKind.get(pickKind(rnd, s));
    if (!spaces) continue;
    const space = rnd.pick(spaces);
    const w = windowOf(ctx, s);
    const first = w.first > space.openedOn ? w.first : space.openedOn;
    if (first > w.lastFrom) continue;
    const from = dayBetween(rnd, first, w.lastFrom);
    const to = addDays(from, daysFor(rnd, space.kind) - 1);
    place(ctx, s, space, from, to < w.lastTo ? to : w.lastTo, seatsFor(rnd, space));
  }
}

/** The featured startup's allocations, then the others'. */
export function hostingAllocations(ctx: HostingContext): void {
  featuredAllocations(ctx);
  regularAllocations(ctx);
}
