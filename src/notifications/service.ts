import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { NotFound } from '../core/errors';
import { dateTimeFormat, hasKey, translate, type Locale } from '../core/i18n';
import { pageBounds, paged, type Paged } from '../core/http/paginate';
import type { Mailer } from '../core/mail';
import type { SessionUser } from '../core/auth/session-user';
import { User } from '../users/model';
import { Notification, isLocalLink } from './model';
import type { ListNotificationsQuery } from './schemas';

export interface NotificationInput {
  /** Recipients: user ids. */
  to: string[];
  /** What happened, e.g. 'milestone.submitted'; its texts are `notifications.kinds.<kind>.{title,body}`. */
  kind: string;
  /** Values for the texts' placeholders (startup name, milestone title…). A `month` given as YYYY-MM is shown as "mars 2026". */
  params?: Record<string, string | number>;
  /** Where the notification leads (a local path). */
  link: string;
  /**
   * When it asks someone to do something (review a submission…): the task's key. completeTask(key)
   * marks it read for every recipient once the task is done, so the bell counts what is left to do.
   */
  task?: string;
}

type Params = Record<string, string | number>;

const KIND = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*){0,3}$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Plain strings and numbers under safe names (no `.` or `$` in keys: operators, and servers that refuse them). */
function cleanParams(params: Params | undefined): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params ?? {}).slice(0, 20)) {
    if (!PARAM_NAME.test(name)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    else if (typeof value === 'string') out[name] = value.slice(0, 300);
  }
  return out;
}

const MONTH_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

function showValue(locale: Locale, name: string, value: string | number): string {
  if (name === 'month' && typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    return dateTimeFormat(MONTH_LOCALE[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
  }
  return String(value);
}

/** Fills `{name}` in one pass; a missing value shows as "…" rather than the placeholder. */
function fill(locale: Locale, template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => (Object.hasOwn(params, name) ? showValue(locale, name, params[name]) : '…'));
}

/** Title and body of a notification in `locale`; an unknown kind gets the generic texts, never an error. */
export function notificationText(locale: Locale, kind: string, params: unknown): { title: string; body: string } {
  const known = typeof kind === 'string' && KIND.test(kind) && hasKey(locale, `notifications.kinds.${kind}.title`);
  const base = known ? `notifications.kinds.${kind}` : 'notifications.generic';
  const values = cleanParams((params && typeof params === 'object' ? params : {}) as Params);
  return {
    title: fill(locale, translate(locale, `${base}.title`), values),
    body: hasKey(locale, `${base}.body`) ? fill(locale, translate(locale, `${base}.body`), values) : '',
  };
}

/**
 * Creates one in-app notification per distinct active recipient and, when a mailer is given, mails
 * each of them in their own language (subject = title, body = body + the full link).
 * A mail that fails is logged and changes nothing else: the notifications stay, the caller goes on.
 * A link that is not a local path is a programming error: nothing is written and it throws.
 */
export async function notify(input: NotificationInput, mailer?: Mailer, baseUrl = '', logger?: Pick<Logger, 'warn'>): Promise<void> {
  if (!isLocalLink(input.link)) throw new Error(`notify: the link must be a local path, got ${JSON.stringify(input.link)}`);
  const ids = [...new Set((input.to ?? []).map(String).filter((id) => OBJECT_ID.test(id)))];
  if (ids.length === 0) return;
  const recipients = await User.find({ _id: mongoose.trusted({ $in: ids }), active: true }, { email: 1, name: 1, locale: 1 }).lean();
  if (recipients.length === 0) return;
  const params = cleanParams(input.params);
  await Notification.insertMany(recipients.map((r) => ({ user: r._id, kind: input.kind, params, link: input.link, ...(input.task ? { task: input.task } : {}) })));
  await User.updateMany({ _id: mongoose.trusted({ $in: recipients.map((r) => r._id) }) }, { $inc: { unreadNotifications: 1 } });
  if (!mailer) return;
  const url = `${baseUrl.replace(/\/+$/, '')}${input.link}`;
  await Promise.all(
    recipients.map(async (r) => {
      const locale: Locale = r.locale === 'en' ? 'en' : 'fr';
      const { title, body } = notificationText(locale, input.kind, params);
      const text = [
        translate(locale, 'notifications.mailGreeting', { name: r.name }),
        '',
        body,
        '',
        translate(locale, 'notifications.mailOpen', { url }),
        '',
        '-- ',
        translate(locale, 'notifications.mailFooter'),
      ].join('\n');
      try {
        await mailer.send({ to: r.email, subject: title, text });
      } catch (err) {
        logger?.warn({ err, userId: String(r._id), kind: input.kind }, 'notification mail failed');
      }
    }),
  );
}

/** Unread notifications of a user, counted (the notifications page; the bell reads the user's own number). */
export function countUnread(userId: string): Promise<number> {
  return Notification.countDocuments({ user: userId, readAt: null });
}

/** Lowers the bell's number by what was just read. */
async function lowerUnread(userId: string, read: number): Promise<void> {
  if (read > 0) await User.updateOne({ _id: userId }, { $inc: { unreadNotifications: -read } });
}

/**
 * Sets the bell's number to the count (the notifications page does it with the count it shows):
 * whatever drift a crash between two writes may have left goes away the next time the user looks.
 */
async function settleUnread(userId: string, count: number): Promise<void> {
  await User.updateOne({ _id: userId, unreadNotifications: mongoose.trusted({ $ne: count }) }, { $set: { unreadNotifications: count } });
}

/**
 * For users from before the bell's number was kept with them: counts theirs once. Cheap when there
 * is nothing to do (run at start).
 */
export async function backfillUnreadCounts(): Promise<number> {
  const users = await User.find({ unreadNotifications: mongoose.trusted({ $exists: false }) }, { _id: 1 }).lean();
  for (const u of users) await settleUnread(String(u._id), await countUnread(String(u._id)));
  return users.length;
}

export interface NotificationRow {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  read: boolean;
}

/** The user's own notifications, newest first, in the reader's language. */
export async function listNotifications(user: SessionUser, locale: Locale, query: ListNotificationsQuery): Promise<Paged<NotificationRow> & { unread: number }> {
  const filter: Record<string, unknown> = { user: user.id };
  if (query.filter === 'unread') filter.readAt = null;
  const { skip, limit } = pageBounds(query.page);
  const [docs, counts] = await Promise.all([
    Notification.find(filter).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean(),
    // Both numbers of the page from one read of the user's notifications.
    Notification.aggregate<{ all: number; unread: number }>([
      { $match: { user: new mongoose.Types.ObjectId(user.id) } },
      { $group: { _id: null, all: { $sum: 1 }, unread: { $sum: { $cond: [{ $eq: [{ $ifNull: ['$readAt', null] }, null] }, 1, 0] } } } },
    ]),
  ]);
  const unread = counts[0]?.unread ?? 0;
  const total = query.filter === 'unread' ? unread : (counts[0]?.all ?? 0);
  await settleUnread(user.id, unread);
  const items = docs.map((n) => ({
    id: String(n._id),
    ...notificationText(locale, n.kind, n.params),
    createdAt: n.createdAt,
    read: Boolean(n.readAt),
  }));
  return { ...paged(items, total, query.page), unread };
}

/** One of the user's own notifications; anyone else's, or a malformed id, is not found. */
async function findOwn(user: SessionUser, id: string) {
  if (!OBJECT_ID.test(id)) throw new NotFound();
  const found = await Notification.findOne({ _id: id }).lean();
  if (!found || String(found.user) !== user.id) throw new NotFound();
  return found;
}

async function markOwnRead(user: SessionUser, id: string) {
  const found = await findOwn(user, id);
  if (!found.readAt) {
    const result = await Notification.updateOne({ _id: found._id, user: user.id, readAt: null }, { $set: { readAt: new Date() } });
    await lowerUnread(user.id, result.modifiedCount);
  }
  return found;
}

export async function markRead(user: SessionUser, id: string): Promise<void> {
  await markOwnRead(user, id);
}

/** Marks it read and answers where to go: its link, or the list when the stored link is not local. */
export async function openNotification(user: SessionUser, id: string): Promise<string> {
  const found = await markOwnRead(user, id);
  return isLocalLink(found.link) ? found.link : '/notifications';
}

/**
 * A task is done (a submission was decided, by whoever): its notifications are read for everyone who
 * was asked, and their bells go down. Each one is marked on its own condition (still unread), so a
 * recipient who reads it at the same moment is not counted twice. Returns how many were still unread.
 */
export async function completeTask(task: string): Promise<number> {
  const open = await Notification.find({ task, readAt: null }, { _id: 1, user: 1 }).lean();
  let done = 0;
  for (const n of open) {
    const result = await Notification.updateOne({ _id: n._id, readAt: null }, { $set: { readAt: new Date() } });
    await lowerUnread(String(n.user), result.modifiedCount);
    done += result.modifiedCount;
  }
  return done;
}

/** Marks every unread notification of the user as read; answers how many were. */
export async function markAllRead(user: SessionUser): Promise<number> {
  const result = await Notification.updateMany({ user: user.id, readAt: null }, { $set: { readAt: new Date() } });
  await lowerUnread(user.id, result.modifiedCount);
  return result.modifiedCount;
}

/** How long a notification stays once read: it pointed to something that has its own page and history. */
export const READ_KEPT_DAYS = 90;

/**
 * Removes notifications read more than READ_KEPT_DAYS ago (unread ones stay, whatever their age), so
 * that every user's list reads a few months, not years. Safe on every instance at once.
 */
export async function pruneReadNotifications(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - READ_KEPT_DAYS * 24 * 60 * 60 * 1000);
  const result = await Notification.deleteMany({ readAt: mongoose.trusted({ $ne: null, $lt: cutoff }) });
  return result.deletedCount;
}
