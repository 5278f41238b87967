import { createHash, randomBytes } from 'node:crypto';
import { createEvents, type EventAttributes } from 'ics';
import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { NotFound } from '../core/errors';
import { translate } from '../core/i18n';
import { requireCan } from '../core/policy';
import { Startup } from '../startups/model';
import { toSessionUser, User } from '../users/model';
import { CalendarFeed, MentoringSession } from './model';
import { sessionScope } from './scope';

/** How far back a feed goes: calendars keep what they already have. */
const FEED_DAYS_BACK = 400;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A token is stored only as its SHA-256: the database never holds a working feed address. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether the user has a feed, and since when. */
export async function feedStatus(user: SessionUser): Promise<{ since: Date | null }> {
  requireCan(user, 'calendar.self');
  const feed = await CalendarFeed.findOne({ user: new mongoose.Types.ObjectId(user.id) }, { createdAt: 1 }).lean();
  return { since: feed?.createdAt ?? null };
}

/**
 * A new secret feed token for the user (the previous address stops working). It is returned once,
 * to be shown once; only its hash is kept.
 */
export async function newFeedToken(user: SessionUser): Promise<string> {
  requireCan(user, 'calendar.self');
  const token = randomBytes(32).toString('base64url');
  for (let attempt = 0; ; attempt += 1) {
    await CalendarFeed.deleteMany({ user: new mongoose.Types.ObjectId(user.id) });
    try {
      await CalendarFeed.create({ _id: hashOf(token), user: user.id });
      return token;
    } catch (err) {
      // Another request of the same user made one between the two lines: replace it again.
      if ((err as { code?: number } | null)?.code !== 11000 || attempt > 2) throw err;
    }
  }
}

/** Turns the feed off: its address answers 404 from now on. */
export async function removeFeed(user: SessionUser): Promise<void> {
  requireCan(user, 'calendar.self');
  await CalendarFeed.deleteMany({ user: new mongoose.Types.ObjectId(user.id) });
}

/**
 * The iCalendar text of the feed a token opens, or NotFound (malformed, replaced, removed, user
 * deactivated). Times are written in UTC, which places them exactly whatever the season; cancelled
 * sessions stay in the feed as cancelled so that calendars remove them. Notes never go in.
 */
export async function feedCalendar(token: string, baseUrl: string): Promise<string> {
  if (!TOKEN.test(token)) throw new NotFound();
  const feed = await CalendarFeed.findOne({ _id: hashOf(token) }).lean();
  const stored = feed ? await User.findOne({ _id: feed.user }).lean() : null;
  if (!stored?.active) throw new NotFound();
  const user = toSessionUser(stored);
  const scope = await sessionScope(user, 'feed');
  const since = new Date(Date.now() - FEED_DAYS_BACK * 24 * 3_600_000);
  const sessions = scope ? await MentoringSession.find({ ...scope, start: mongoose.trusted({ $gte: since }) }, { notes: 0 }).lean() : [];
  const startups = sessions.length ? await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(sessions.map((s) => String(s.startup)))].map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const t = (key: string, vars?: Record<string, unknown>) => translate(user.locale, key, vars);
  const events: EventAttributes[] = sessions.map((s) => {
    const url = `${baseUrl}/mentoring/sessions/${String(s._id)}`;
    return {
      uid: `${String(s._id)}@boost-tracker`,
      sequence: s.__v ?? 0,
      start: s.start.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: s.end.getTime(),
      endInputType: 'utc',
      endOutputType: 'utc',
      title: t('mentoring.feed.title', { startup: names.get(String(s.startup)) ?? '', topic: s.topic }),
      description: [t('mentoring.feed.mentor', { name: s.mentorName }), s.videoLink, url].filter(Boolean).join('\n'),
      location: s.place || s.videoLink || undefined,
      url,
      status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      ...(s.updatedAt ? { lastModified: s.updatedAt.getTime() } : {}),
    };
  });
  const { error, value } = createEvents(events, { productId: 'boost-tracker/mentoring', calName: t('mentoring.feed.calendarName') });
  if (error || value === null) throw error ?? new Error('ics: no calendar');
  return value;
}
