import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { kept } from '../core/cache';
import { parisWallTime } from '../core/time';
import { Startup } from '../startups/model';
import { addDays, dayStart } from './days';
import { mentorRows } from './directory';
import { ActionItem, MentoringSession } from './model';
import { sessionScope } from './scope';

const ids = (list: string[]) => mongoose.trusted({ $in: list.map((id) => new mongoose.Types.ObjectId(id)) });

/** Today and the next 7 days (Paris days). */
function week(now = new Date()) {
  const today = dayStart(parisWallTime(now).day);
  return { today, tomorrow: dayStart(parisWallTime(addDays(today, 1.1)).day), weekEnd: dayStart(parisWallTime(addDays(today, 7.1)).day) };
}

async function startupNames(startupIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(startupIds)];
  const startups = unique.length ? await Startup.find({ _id: ids(unique) }, { name: 1 }).lean() : [];
  return new Map(startups.map((s) => [String(s._id), s.name]));
}

type Row = { _id: unknown; startup: unknown; mentorName?: string | null; start: Date; end: Date; topic: string };
const sessionRow = (names: Map<string, string>) => (s: Row) => ({ id: String(s._id), startupName: names.get(String(s.startup)) ?? '', mentorName: s.mentorName ?? '', start: s.start, end: s.end, topic: s.topic });

/** A mentor's home: today's and this week's sessions, those to record, the action items they owe. */
export async function mentorMentoring(user: SessionUser) {
  const scope = await sessionScope(user, 'list');
  if (!scope) return { mentoring: { today: [], week: [], toRecord: [], items: [] } };
  const { today, tomorrow, weekEnd } = week();
  const now = new Date();
  const [upcoming, toRecord, items] = await Promise.all([
    MentoringSession.find({ ...scope, status: 'scheduled', start: mongoose.trusted({ $gte: today, $lt: weekEnd }) }).lean(),
    MentoringSession.find({ ...scope, status: 'scheduled', end: mongoose.trusted({ $lte: now }) }).lean(),
    ActionItem.find({ mentor: new mongoose.Types.ObjectId(user.id), owner: 'coach', done: false }).lean(),
  ]);
  const names = await startupNames([...upcoming, ...toRecord, ...items].map((s) => String(s.startup)));
  const row = sessionRow(names);
  upcoming.sort((a, b) => a.start.getTime() - b.start.getTime());
  toRecord.sort((a, b) => a.start.getTime() - b.start.getTime());
  return {
    mentoring: {
      today: upcoming.filter((s) => s.start.getTime() < tomorrow.getTime()).map(row),
      week: upcoming.filter((s) => s.start.getTime() >= tomorrow.getTime()).map(row),
      toRecord: toRecord.map(row),
      items: items.map((i) => ({ id: String(i._id), sessionId: String(i.session), text: i.text, due: i.due, startupName: names.get(String(i.startup)) ?? '', overdue: Boolean(i.due && i.due.getTime() < now.getTime()) })),
    },
  };
}

/** A founder's home: their team's open action items and the sessions to come. */
export async function founderMentoring(user: SessionUser) {
  const scope = await sessionScope(user, 'list');
  if (!scope) return { mentoring: { items: [], upcoming: [] } };
  const now = new Date();
  const [items, upcoming] = await Promise.all([
    ActionItem.find({ startup: ids(user.startups), owner: 'startup', done: false }).lean(),
    MentoringSession.find({ ...scope, status: 'scheduled', end: mongoose.trusted({ $gt: now }) }).lean(),
  ]);
  const names = await startupNames([...items, ...upcoming].map((s) => String(s.startup)));
  upcoming.sort((a, b) => a.start.getTime() - b.start.getTime());
  items.sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity));
  return {
    mentoring: {
      items: items.map((i) => ({ id: String(i._id), sessionId: String(i.session), text: i.text, due: i.due, startupName: names.get(String(i.startup)) ?? '', overdue: Boolean(i.due && i.due.getTime() < now.getTime()) })),
      upcoming: upcoming.slice(0, 5).map(sessionRow(names)),
    },
  };
}

/** Days without a session after which a startup shows on the managers' home. */
export const QUIET_DAYS = 60;

/** How old the managers' mentoring summary may be (it scans every session of the programme). */
const SUMMARY_FRESH_MS = 60_000;

/** A manager's home: this week's sessions, active startups without a session for 60 days, mentors over capacity (kept up to a minute). */
export function managerMentoring() {
  return kept('home:managerMentoring', SUMMARY_FRESH_MS, computeManagerMentoring);
}

async function computeManagerMentoring() {
  const { today, weekEnd } = week();
  const quietSince = addDays(new Date(), -QUIET_DAYS);
  const [thisWeek, recent, active, mentors] = await Promise.all([
    MentoringSession.find({ status: 'scheduled', start: mongoose.trusted({ $gte: today, $lt: weekEnd }) }).lean(),
    // The startups coached lately, grouped by the server (not every session of the last 60 days).
    MentoringSession.aggregate<{ _id: unknown }>([{ $match: { status: { $in: ['scheduled', 'completed'] }, start: { $gte: quietSince } } }, { $group: { _id: '$startup' } }]),
    Startup.find({ status: 'active' }, { name: 1 }).lean(),
    mentorRows(),
  ]);
  const names = await startupNames(thisWeek.map((s) => String(s.startup)));
  const coached = new Set(recent.map((s) => String(s._id)));
  thisWeek.sort((a, b) => a.start.getTime() - b.start.getTime());
  const quiet = active.filter((s) => !coached.has(String(s._id))).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return {
    mentoring: {
      week: thisWeek.slice(0, 10).map(sessionRow(names)),
      weekCount: thisWeek.length,
      quiet: quiet.slice(0, 10).map((s) => ({ id: String(s._id), name: s.name })),
      quietCount: quiet.length,
      overCapacity: mentors
        .filter((m) => m.load.startups > m.capacityStartups || m.load.quarterHours > m.capacityHours * 3)
        .map((m) => ({ id: m.id, name: m.name, startups: m.load.startups, capacityStartups: m.capacityStartups, quarterHours: m.load.quarterHours, quarterCapacity: m.capacityHours * 3 })),
    },
  };
}
