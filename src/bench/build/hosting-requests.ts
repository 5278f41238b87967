import { Types } from 'mongoose';
import { addDays } from '../../hosting/days';
import type { RequestStatus, SpaceKind } from '../../hosting/model';
import { DAY } from '../random';
import { dayBetween, momentOf, pickKind, recordsNeeded, windowOf, type HostingContext, type RequestRec } from './hosting-context';
import type { SpaceRec } from './hosting-places';
import { PROPOSAL_REASONS, REJECT_REASONS, REQUEST_NOTES } from './hosting-texts';
import { teamOf } from './mentoring-sessions';
import type { StartupPlan } from './plan';

/**
 * The requests of a dataset that led to no allocation: pending and proposed ones for the months to
 * come (a proposal standing today fits its space's seats and requirements, as proposeSpace checks),
 * rejected ones with their reason, declined proposals and withdrawn requests over the years. The
 * benchmark founder's startup has a pending request for an L2 bench, whose training it lacks.
 */
type OpenStatus = Exclude<RequestStatus, 'approved'>;

/** A request of the startup for a space of the kind (or a given space), not answered yet. */
function request(ctx: HostingContext, s: StartupPlan, kind: SpaceKind, space: SpaceRec | undefined, range: { from: string; to: string }, seats: number, createdAt: Date): RequestRec {
  const { rnd } = ctx;
  const team = teamOf(s);
  const by = s.featured ? ctx.plan.bench.founder : team.length > 0 ? rnd.pick(team) : undefined;
  return { _id: new Types.ObjectId(), startup: s._id, kind, space: space?._id, seats, ...range, note: rnd.pick(REQUEST_NOTES[kind]), status: 'pending', requestedBy: by?._id, requestedByName: by?.name ?? `Équipe ${s.name}`, reason: '', createdAt, updatedAt: createdAt };
}

/** A space of another kind than the one asked, that suits the request today (for a standing proposal), else any. */
function proposalFor(ctx: HostingContext, s: StartupPlan, r: RequestRec, mustFit: boolean): SpaceRec | undefined {
  const others = ctx.places.spaces.filter((sp) => sp.kind !== r.kind && sp.capacity >= r.seats && sp.openedOn <= r.from);
  const candidates = ctx.rnd.sample(others, 6);
  if (!mustFit) return candidates[0];
  return candidates.find((sp) => ctx.load.fits(sp, r.from, r.to, r.seats) && recordsNeeded(ctx, s, sp, r.from, r.to, false)?.length === 0);
}

/** Gives the request its answer (or none), as a manager and then the founders would. */
function answer(ctx: HostingContext, s: StartupPlan, r: RequestRec, status: OpenStatus): boolean {
  const { rnd, plan } = ctx;
  const cap = new Date(plan.now.getTime() - 3_600_000);
  const manager = rnd.pick(plan.managers);
  const decidedAt = new Date(Math.min(r.createdAt.getTime() + rnd.int(1, 8) * DAY, cap.getTime()));
  const decided = { decidedBy: manager._id, decidedByName: manager.name, decidedAt, updatedAt: decidedAt };
  if (status === 'pending') return true;
  if (status === 'withdrawn') {
    Object.assign(r, { status, updatedAt: new Date(Math.min(r.createdAt.getTime() + rnd.int(1, 15) * DAY, cap.getTime())) });
    return true;
  }
  if (status === 'rejected') {
    Object.assign(r, { status, reason: rnd.pick(REJECT_REASONS), ...decided });
    return true;
  }
  const space = proposalFor(ctx, s, r, status === 'proposed');
  if (!space) return false;
  Object.assign(r, { status, reason: rnd.pick(PROPOSAL_REASONS), proposal: { space: space._id, pricePerSeat: space.pricePerSeat }, ...decided });
  if (status === 'declined') r.updatedAt = new Date(Math.min(decidedAt.getTime() + rnd.int(1, 6) * DAY, cap.getTime()));
  return true;
}

/** The benchmark founder's pending request for an L2 bench (any, when the dataset has none given). */
function featuredRequest(ctx: HostingContext): RequestRec {
  const l2 = ctx.places.spaces.find((sp) => sp.kind === 'lab_l2');
  const from = addDays(ctx.today, 30);
  const r = request(ctx, ctx.plan.featured, 'lab_l2', l2, { from, to: addDays(from, 179) }, 1, new Date(ctx.plan.now.getTime() - 2 * DAY));
  r.note = 'Validation du dispositif sur échantillons sanguins.';
  return r;
}

/** Draws `counts` requests of each status (the pending ones include the featured startup's). */
export function hostingRequests(ctx: HostingContext, counts: Map<OpenStatus, number>): void {
  const { rnd, plan } = ctx;
  const cap = new Date(plan.now.getTime() - 2 * 3_600_000);
  const current = plan.startups.filter((s) => s.status === 'active' || s.status === 'applicant');
  const past = plan.startups.filter((s) => s.status !== 'applicant');
  const left = new Map(counts);
  if ((left.get('pending') ?? 0) > 0) {
    ctx.requests.push(featuredRequest(ctx));
    left.set('pending', (left.get('pending') ?? 0) - 1);
  }
  for (const [status, wanted] of left) {
    const ahead = status === 'pending' || status === 'proposed';
    const pool = ahead ? current : past;
    let made = 0;
    for (let attempt = 0; made < wanted && attempt < wanted * 30 && pool.length > 0; attempt += 1) {
      const s = rnd.pick(pool);
      const kind = pickKind(rnd, s);
      const spaces = ctx.places.spaces.filter((sp) => sp.kind === kind);
      const given = spaces.length > 0 && rnd.chance(0.4) ? rnd.pick(spaces) : undefined;
      const seats = rnd.int(1, Math.min(3, given?.capacity ?? 3));
      const length = kind === 'meeting_room' ? 1 : rnd.int(60, 300);
      let from: string;
      let createdAt: Date;
      if (ahead) {
        from = addDays(ctx.today, rnd.int(7, 150));
        createdAt = momentOf(addDays(ctx.today, -rnd.int(0, 20)), cap);
      } else {
        const w = windowOf(ctx, s);
        if (w.first > w.lastFrom) continue;
        from = dayBetween(rnd, w.first, w.lastFrom);
        createdAt = momentOf(addDays(from, -rnd.int(10, 60)), cap);
      }
      if (given && given.openedOn > from) continue;
      const r = request(ctx, s, kind, given, { from, to: addDays(from, length - 1) }, seats, createdAt);
      if (s.featured && kind === 'lab_l2') continue;
      if (!answer(ctx, s, r, status)) continue;
      // The featured startup never holds an L2 bench, not even by a standing proposal.
      if (s.featured && r.proposal && ctx.places.spaces.find((sp) => sp._id === r.proposal?.space)?.kind === 'lab_l2') continue;
      ctx.requests.push(r);
      made += 1;
    }
  }
}
