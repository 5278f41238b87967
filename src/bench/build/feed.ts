import type { Types } from 'mongoose';
import type { ActivityEntryOverrides } from '../../core/audit/factories';
import type { NotificationOverrides } from '../../notifications/factories';
import { DAY, Random, addDays, apportion } from '../random';
import type { MilestoneRef } from './history';
import type { Person, Plan, StartupPlan } from './plan';

/** The audit trail and the notifications: the two big collections, made as streams of records. */
export interface FeedContext {
  plan: Plan;
  milestonesOf: Map<string, MilestoneRef[]>;
  documentIds: Types.ObjectId[];
}

/** Picks startups in proportion to their weight (time in the programme). */
export function weightedPicker(rnd: Random, startups: StartupPlan[]): () => StartupPlan {
  const cumulative: number[] = [];
  let sum = 0;
  for (const s of startups) {
    sum += s.weight;
    cumulative.push(sum);
  }
  return () => {
    const x = rnd.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return startups[lo];
  };
}

const STARTUP_ACTIONS = ['startup.updated', 'startup.stageMoved', 'startup.figuresRecorded', 'milestone.planned', 'milestone.submitted', 'milestone.approved', 'milestone.changesRequested', 'milestone.commented', 'readiness.assessed', 'checkin.reminded'];
const USER_ACTIONS = ['user.created', 'user.updated', 'account.updated', 'account.passwordChanged', 'user.passwordLinkIssued'];
const COHORT_ACTIONS = ['cohort.created', 'cohort.updated', 'cohort.closed'];
const PROGRAMME_ACTIONS = ['programme.updated', 'readiness.axesUpdated', 'programme.stageUpdated'];

/** `total` audit entries: 70 % about startups (weighted by their time in the programme), then documents, users, cohorts, the programme. */
export function* activityStream(ctx: FeedContext, total: number): Generator<ActivityEntryOverrides> {
  const { plan } = ctx;
  const rnd = new Random(plan.spec.seed * 7 + 1);
  const pickStartup = weightedPicker(rnd, plan.startups);
  const periodStart = addDays(plan.now, -365 * plan.spec.years);
  for (let i = 0; i < total; i += 1) {
    const r = rnd.next();
    const manager = rnd.pick(plan.managers);
    if (r < 0.7 || ctx.documentIds.length === 0) {
      const s = pickStartup();
      const actor: Person = s.founders.length > 0 && rnd.chance(0.3) ? rnd.pick(s.founders) : manager;
      const action = rnd.pick(STARTUP_ACTIONS);
      const milestone = action.startsWith('milestone.') ? rnd.pick(ctx.milestonesOf.get(String(s._id)) ?? [{ title: 'Jalon' } as MilestoneRef]) : undefined;
      yield { actor: actor._id, actorName: actor.name, action, entityType: 'Startup', entityId: String(s._id), summary: milestone ? `«${milestone.title}» — ${s.name}` : `${s.name}: ${action}`, at: rnd.between(s.windowStart, s.windowEnd) };
    } else if (r < 0.85) {
      yield { actor: manager._id, actorName: manager.name, action: rnd.chance(0.95) ? 'document.uploaded' : 'document.deleted', entityType: 'Document', entityId: String(rnd.pick(ctx.documentIds)), summary: `«Business plan» v${rnd.int(1, 3)}`, at: rnd.between(periodStart, plan.now) };
    } else if (r < 0.95) {
      const who = rnd.pick(plan.people);
      yield { actor: manager._id, actorName: manager.name, action: rnd.pick(USER_ACTIONS), entityType: 'User', entityId: String(who._id), summary: `${who.name} <${who.email}>`, at: rnd.between(who.createdAt, plan.now) };
    } else if (r < 0.98) {
      const cohort = rnd.pick(plan.cohorts);
      yield { actor: manager._id, actorName: manager.name, action: rnd.pick(COHORT_ACTIONS), entityType: 'Cohort', entityId: String(cohort._id), summary: cohort.name, at: rnd.between(new Date(Math.min(addDays(cohort.startDate, -60).getTime(), addDays(plan.now, -1).getTime())), new Date(Math.min(plan.now.getTime(), cohort.endDate.getTime()))) };
    } else {
      yield { actor: manager._id, actorName: manager.name, action: rnd.pick(PROGRAMME_ACTIONS), entityType: 'Programme', entityId: String(plan.programmeId), summary: 'Programme', at: rnd.between(periodStart, plan.now) };
    }
  }
}

function milestoneLink(s: StartupPlan, m: MilestoneRef | undefined): string {
  return m ? `/startups/${String(s._id)}/milestones#m-${String(m._id)}` : `/startups/${String(s._id)}/milestones`;
}

/**
 * Notifications: every manager hears of every submission, so each gets the benchmark manager's count
 * (the newest few hundred still unread, a few percent for the others); founders share the rest
 * (decisions and check-in reminders, unread for most of the last month's).
 */
export function* notificationStream(ctx: FeedContext): Generator<NotificationOverrides> {
  const { plan } = ctx;
  const spec = plan.spec;
  const rnd = new Random(spec.seed * 13 + 5);
  const pickStartup = weightedPicker(rnd, plan.startups.filter((s) => s.status !== 'applicant'));
  const periodStart = addDays(plan.now, -365 * spec.years);
  const perManager = Math.min(spec.benchManagerNotifications, Math.floor(spec.notifications / plan.managers.length));
  const read = (createdAt: Date): Date => new Date(Math.min(plan.now.getTime(), createdAt.getTime() + rnd.int(1, 120) * 3_600_000));
  for (const [m, manager] of plan.managers.entries()) {
    const dates = Array.from({ length: perManager }, () => rnd.between(periodStart, plan.now)).sort((a, b) => b.getTime() - a.getTime());
    const unread = m === 0 ? spec.benchManagerUnread : Math.round(perManager * 0.05);
    for (const [k, createdAt] of dates.entries()) {
      const s = pickStartup();
      const milestone = rnd.pick(ctx.milestonesOf.get(String(s._id)) ?? [undefined]);
      yield { user: manager._id, kind: 'milestone.submitted', params: { startup: s.name, milestone: milestone?.title ?? 'Jalon' }, link: milestoneLink(s, milestone), readAt: k < unread ? null : read(createdAt), createdAt };
    }
  }
  const founders = plan.startups.flatMap((s) => s.founders.filter((f) => !f.invited).map((f) => ({ f, s })));
  if (founders.length === 0) return;
  const rest = spec.notifications - perManager * plan.managers.length;
  const counts = apportion(Math.max(0, rest), founders.map(({ s }) => s.weight / Math.max(1, s.founders.length)));
  for (const [i, { f, s }] of founders.entries()) {
    for (let k = 0; k < counts[i]; k += 1) {
      const createdAt = rnd.between(s.windowStart, s.windowEnd);
      const recent = plan.now.getTime() - createdAt.getTime() < 30 * DAY;
      const r = rnd.next();
      const milestone = rnd.pick(ctx.milestonesOf.get(String(s._id)) ?? [undefined]);
      const month = createdAt.toISOString().slice(0, 7);
      const note: { kind: string; params: Record<string, string>; link: string } =
        r < 0.4
          ? { kind: 'milestone.approved', params: { startup: s.name, milestone: milestone?.title ?? 'Jalon' }, link: milestoneLink(s, milestone) }
          : r < 0.6
            ? { kind: 'milestone.changesRequested', params: { startup: s.name, milestone: milestone?.title ?? 'Jalon' }, link: milestoneLink(s, milestone) }
            : { kind: 'checkin.reminder', params: { startup: s.name, month }, link: `/startups/${String(s._id)}/checkin` };
      yield { user: f._id, ...note, readAt: recent && rnd.chance(0.6) ? null : read(createdAt), createdAt };
    }
  }
}

export function notificationTotal(plan: Plan): number {
  const perManager = Math.min(plan.spec.benchManagerNotifications, Math.floor(plan.spec.notifications / plan.managers.length));
  const hasFounders = plan.startups.some((s) => s.founders.some((f) => !f.invited));
  return perManager * plan.managers.length + (hasFounders ? Math.max(0, plan.spec.notifications - perManager * plan.managers.length) : 0);
}
