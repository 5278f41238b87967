import mongoose from 'mongoose';
import { audit, type Actor } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import type { Mailer } from '../core/mail';
import { requireCan, rolesLinkedTo } from '../core/policy';
import { notify, type NotificationInput } from '../notifications/service';
import { Cohort } from '../programmes/cohort.model';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { Checkin, CheckinReminder } from './model';
import { currentMonth, monthName, parisDay } from './month';
import type { FollowQuery, RemindBody } from './schemas';

export interface FollowRow {
  id: string;
  name: string;
  cohortName: string;
  done: boolean;
  at?: Date;
  byName?: string;
  lastReminder?: Date;
  remindedToday: boolean;
}

export interface FollowPage {
  month: string;
  monthName: { fr: string; en: string };
  isCurrent: boolean;
  counts: { total: number; done: number; missing: number };
  result: Paged<FollowRow>;
  cohorts: { id: string; name: string }[];
}

/** Active startups matching the filters (an accelerator follows tens or hundreds: read at once, sorted here). */
async function activeStartups(filter: { cohort: string; q: string }) {
  const query: Record<string, unknown> = { status: 'active' };
  if (filter.cohort) query.cohort = filter.cohort;
  if (filter.q) query.name = new RegExp(escapeRegex(filter.q), 'i');
  return Startup.find(query, { name: 1, cohort: 1 }).sort({ name: 1, _id: 1 }).limit(5000).lean();
}

/**
 * Who checked in for the month (default: the current one), among the active startups: those who have
 * not come first, then by name. Filters by cohort, name and status (missing / done), paginated.
 */
export async function followList(user: SessionUser, query: FollowQuery, now = new Date()): Promise<FollowPage> {
  requireCan(user, 'checkins.follow');
  const month = query.month || currentMonth(now);
  const today = parisDay(now);
  const [startups, cohorts] = await Promise.all([activeStartups(query), Cohort.find({}, { name: 1 }).sort({ startDate: -1, name: 1 }).limit(500).lean()]);
  const ids = startups.map((s) => s._id);
  const [checkins, reminders] = await Promise.all([
    Checkin.find({ month, startup: mongoose.trusted({ $in: ids }) }, { startup: 1, createdAt: 1, updatedAt: 1, submittedByName: 1 }).lean(),
    CheckinReminder.find({ month, startup: mongoose.trusted({ $in: ids }) }).sort({ createdAt: 1 }).lean(),
  ]);
  const checkinOf = new Map(checkins.map((c) => [String(c.startup), c]));
  const reminderOf = new Map(reminders.map((r) => [String(r.startup), r]));
  const cohortName = new Map(cohorts.map((c) => [String(c._id), c.name]));
  const rows: FollowRow[] = startups.map((s) => {
    const c = checkinOf.get(String(s._id));
    const r = reminderOf.get(String(s._id));
    return {
      id: String(s._id),
      name: s.name,
      cohortName: s.cohort ? (cohortName.get(String(s.cohort)) ?? '') : '',
      done: Boolean(c),
      at: c ? (c.updatedAt ?? c.createdAt) : undefined,
      byName: c?.submittedByName ?? undefined,
      lastReminder: r?.createdAt,
      remindedToday: r?.day === today,
    };
  });
  const done = rows.filter((r) => r.done).length;
  const shown = rows.filter((r) => (query.status === 'missing' ? !r.done : query.status === 'done' ? r.done : true));
  // Missing first; the stable sort keeps the names in order within each group.
  shown.sort((a, b) => Number(a.done) - Number(b.done));
  const start = (query.page - 1) * PER_PAGE;
  return {
    month,
    monthName: monthName(month),
    isCurrent: month === currentMonth(now),
    counts: { total: rows.length, done, missing: rows.length - done },
    result: paged(shown.slice(start, start + PER_PAGE), shown.length, query.page),
    cohorts: cohorts.map((c) => ({ id: String(c._id), name: c.name })),
  };
}

export interface RemindDeps {
  mailer: Mailer;
  /** Public address of the app, for the link in the reminder mail. */
  baseUrl?: string;
  /** The shared notification service; replaceable so that a test can see who was notified. */
  notify?: (input: NotificationInput, mailer?: Mailer, baseUrl?: string) => Promise<void>;
}

/** Who a reminder goes to: the active founder accounts of the startup. */
export async function reminderRecipients(startupId: mongoose.Types.ObjectId): Promise<string[]> {
  const founders = await User.find({ role: mongoose.trusted({ $in: rolesLinkedTo('startups') }), active: true, startups: startupId }, { _id: 1 }).lean();
  return founders.map((f) => String(f._id));
}

export type RemindOutcome = 'sent' | 'alreadyToday' | 'alreadyDone' | 'noFounder';

/**
 * Reminds the founders (active accounts) of one active startup that this month's check-in is due:
 * at most once a day per startup (the unique index of CheckinReminder decides, even under concurrent
 * presses), never when the check-in is already done.
 */
async function remindStartup(actor: Actor, startup: { _id: mongoose.Types.ObjectId; name: string }, deps: RemindDeps, now: Date): Promise<{ outcome: RemindOutcome; recipients: number }> {
  const month = currentMonth(now);
  if (await Checkin.exists({ startup: startup._id, month })) return { outcome: 'alreadyDone', recipients: 0 };
  const founders = await reminderRecipients(startup._id);
  if (founders.length === 0) return { outcome: 'noFounder', recipients: 0 };
  try {
    await CheckinReminder.create({ startup: startup._id, month, day: parisDay(now), sentBy: actor.id, sentByName: actor.name, recipients: founders.length });
  } catch (err) {
    if ((err as { code?: number } | null)?.code === 11000) return { outcome: 'alreadyToday', recipients: 0 };
    throw err;
  }
  const id = String(startup._id);
  await (deps.notify ?? notify)({ to: founders, kind: 'checkin.reminder', params: { startup: startup.name, month }, link: `/startups/${id}/checkin` }, deps.mailer, deps.baseUrl);
  await audit(actor, { action: 'checkin.reminded', entityType: 'Startup', entityId: id, summary: `${startup.name} — ${month} · ${founders.length}` });
  return { outcome: 'sent', recipients: founders.length };
}

/** One startup's reminder (the row's button). Unknown ids and startups that are not active: 404. */
export async function remindOne(actor: SessionUser, startupId: string, deps: RemindDeps, now = new Date()) {
  requireCan(actor, 'checkins.follow');
  if (!isObjectId(startupId)) throw new NotFound();
  const startup = await Startup.findOne({ _id: startupId }, { name: 1, status: 1 }).lean();
  if (startup?.status !== 'active') throw new NotFound();
  return { name: startup.name, ...(await remindStartup(actor, startup, deps, now)) };
}

/** "Remind all missing": every active startup of the filters without a check-in this month. */
export async function remindMissing(actor: SessionUser, filter: RemindBody, deps: RemindDeps, now = new Date()): Promise<{ sent: number; alreadyToday: number; noFounder: number }> {
  requireCan(actor, 'checkins.follow');
  const month = currentMonth(now);
  const startups = await activeStartups(filter);
  const done = new Set((await Checkin.find({ month, startup: mongoose.trusted({ $in: startups.map((s) => s._id) }) }, { startup: 1 }).lean()).map((c) => String(c.startup)));
  const counts = { sent: 0, alreadyToday: 0, noFounder: 0 };
  for (const startup of startups) {
    if (done.has(String(startup._id))) continue;
    const { outcome } = await remindStartup(actor, startup, deps, now);
    if (outcome !== 'alreadyDone') counts[outcome] += 1;
  }
  return counts;
}
