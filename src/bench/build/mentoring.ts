import { Types } from 'mongoose';
import { EXPERTISE, LANGUAGES, type Expertise, type Language } from '../../mentoring/model';
import { DAY, Random, addDays, apportion } from '../random';
import { Agenda, parisAt, parisDayOf, shiftDay, spanOf, weekdayOf, workingDay, type Span } from './agenda';
import { actionItems, sessionRecord, teamOf, type ActionItemRecord, type CoachingPair, type ItemOwner, type SessionContext, type SessionRecord } from './mentoring-sessions';
import { AVAILABILITIES, BIOS, BOOKED_TOPICS, PLACES } from './mentoring-texts';
import type { Person, Plan } from './plan';

/**
 * The mentoring of a dataset with history, as the programme would hold it after its years: every
 * mentor's profile; office hours (a weekly slot or two per mentor over the past year and the next
 * eight weeks, the past ones mostly booked); sessions between each mentor and the startups assigned
 * to them, spread over each assignment period (and planned six weeks ahead for running ones);
 * action items of the held ones; a few calendar feeds. The benchmark's mentor and founder get what
 * their pages show: sessions today and this week, some to record, open items, open slots.
 */
export interface ProfileRecord {
  _id: Types.ObjectId;
  expertise: Expertise[];
  bio: string;
  languages: Language[];
  availability: string;
  capacityStartups: number;
  capacityHours: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SlotRecord {
  _id: Types.ObjectId;
  mentor: Types.ObjectId;
  mentorName: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  place: string;
  videoLink: string;
  status: 'open' | 'booked' | 'cancelled';
  startup?: Types.ObjectId;
  bookedBy?: Types.ObjectId;
  bookedByName?: string;
  session?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export interface FeedRecord {
  _id: string;
  user: Types.ObjectId;
  createdAt: Date;
}

export interface MentoringRecords {
  profiles: ProfileRecord[];
  slots: SlotRecord[];
  sessions: SessionRecord[];
  items: ActionItemRecord[];
  feeds: FeedRecord[];
}

/** Running assignments have their sessions planned this far ahead. */
const PLAN_AHEAD_DAYS = 42;
const DURATIONS = [30, 45, 60, 60, 60, 90, 90, 120];
const byTime = <T extends { createdAt: Date }>(a: T, b: T): number => a.createdAt.getTime() - b.createdAt.getTime();
const owners = (p: CoachingPair): string[] => [`m${String(p.mentor._id)}`, `s${String(p.startup._id)}`];

/** The mentor–startup periods of the plan's assignments (overlapping periods of the same pair merged). */
export function coachingPairs(plan: Plan): CoachingPair[] {
  const byPair = new Map<string, CoachingPair[]>();
  for (const s of plan.startups) {
    for (const m of s.mentors) {
      const key = `${String(m.mentor._id)}:${String(s._id)}`;
      byPair.set(key, [...(byPair.get(key) ?? []), { mentor: m.mentor, startup: s, from: m.from, to: m.to ?? addDays(plan.now, PLAN_AHEAD_DAYS), open: !m.to }]);
    }
  }
  const pairs: CoachingPair[] = [];
  for (const periods of byPair.values()) {
    periods.sort((a, b) => a.from.getTime() - b.from.getTime());
    const merged: CoachingPair[] = [];
    for (const p of periods) {
      const last = merged.at(-1);
      if (last && p.from <= last.to) {
        last.to = new Date(Math.max(last.to.getTime(), p.to.getTime()));
        last.open ||= p.open;
      } else merged.push({ ...p });
    }
    pairs.push(...merged);
  }
  return pairs;
}

function profileRecords(rnd: Random, plan: Plan): ProfileRecord[] {
  return plan.mentors.map((m) => {
    const expertise = rnd.sample(EXPERTISE, rnd.int(1, 3));
    // The benchmark's mentor shows in the directory's filtered page (?expertise=ip).
    if (m === plan.bench.mentor) for (const e of ['regulatory', 'ip'] as const) if (!expertise.includes(e)) expertise.push(e);
    const languages: Language[] = ['fr'];
    if (rnd.chance(0.6)) languages.push('en');
    if (rnd.chance(0.1)) languages.push(rnd.pick(LANGUAGES.filter((l) => l !== 'fr' && l !== 'en')));
    return { _id: m._id, expertise, bio: rnd.pick(BIOS), languages, availability: rnd.pick(AVAILABILITIES), capacityStartups: rnd.int(2, 5), capacityHours: rnd.int(4, 12), createdAt: m.createdAt, updatedAt: rnd.between(m.createdAt, plan.now) };
  });
}

/**
 * Each mentor's weekly office hours (same weekday and time, one or two slots in a row) over the past
 * year and the next eight weeks. Past slots: mostly booked by a founder of a startup the mentor
 * coached then (a session each), else left open or withdrawn; slots to come: mostly open, some booked.
 * The benchmark mentor's first two slots to come stay open (the founder's page lists them).
 */
function officeHours(ctx: SessionContext, plan: Plan, agenda: Agenda, pairs: CoachingPair[], out: MentoringRecords): void {
  const { rnd, now } = ctx;
  const yearAgo = addDays(now, -364);
  const horizon = addDays(now, 56);
  for (const m of plan.mentors) {
    const mine = pairs.filter((p) => p.mentor === m && teamOf(p.startup).length > 0);
    const weekday = rnd.int(1, 5);
    const first = rnd.pick([9 * 60, 10 * 60, 14 * 60, 16 * 60]);
    const duration = rnd.pick([30, 45, 60]);
    const perWeek = rnd.int(1, 2);
    const inPerson = rnd.chance(0.5);
    const place = inPerson ? rnd.pick(PLACES) : '';
    const videoLink = inPerson ? '' : `https://visio.example.org/permanence-${m.email.split('@')[0]}`;
    let openAhead = 0;
    for (let w = -52; w <= 8; w += 1) {
      const base = parisDayOf(addDays(now, 7 * w));
      const day = shiftDay(base, weekday - weekdayOf(base));
      for (let k = 0; k < perWeek; k += 1) {
        const span = spanOf(parisAt(day, first + k * duration), duration);
        if (span.start < m.createdAt || span.start < yearAgo || span.start > horizon || !agenda.free([`m${String(m._id)}`], span)) continue;
        const past = span.start <= now;
        const candidates = mine.filter((p) => p.from <= span.start && span.end <= p.to && agenda.free(owners(p), span));
        const r = rnd.next();
        let status: SlotRecord['status'];
        if (m === plan.bench.mentor && !past && openAhead < 2) status = 'open';
        else if (candidates.length > 0 && r < (past ? 0.75 : 0.2)) status = 'booked';
        else status = r < (past ? 0.9 : 0.95) ? 'open' : 'cancelled';
        if (!past && status === 'open') openAhead += 1;
        const createdAt = new Date(Math.min(now.getTime() - 60_000, span.start.getTime() - rnd.int(7, 42) * DAY));
        const slot: SlotRecord = { _id: new Types.ObjectId(), mentor: m._id, mentorName: m.name, ...span, durationMinutes: duration, place, videoLink, status, createdAt, updatedAt: createdAt };
        if (status !== 'cancelled') agenda.hold([`m${String(m._id)}`], span);
        if (status === 'booked') {
          const pair = rnd.pick(candidates);
          const founder = rnd.pick(teamOf(pair.startup));
          const session = sessionRecord(ctx, pair, span, { slot: slot._id, bookedBy: founder, topic: rnd.pick(BOOKED_TOPICS) });
          session.place = place;
          session.videoLink = videoLink;
          session.createdAt = rnd.between(createdAt, new Date(Math.min(now.getTime() - 60_000, span.start.getTime())));
          session.updatedAt = new Date(Math.max(session.updatedAt.getTime(), session.createdAt.getTime()));
          Object.assign(slot, { startup: pair.startup._id, bookedBy: founder._id, bookedByName: founder.name, session: session._id, updatedAt: session.createdAt });
          agenda.hold(owners(pair), span);
          out.sessions.push(session);
          if (session.status === 'completed') out.items.push(...actionItems(ctx, session, pair));
        }
        out.slots.push(slot);
      }
    }
  }
}

/**
 * What the benchmark mentor's pages must show, whatever the draw: with each startup they coach now a
 * session this week; with the first two, one today and a held one with open items; with the first
 * three, one past still to record. The featured startup (the benchmark founder's) comes first.
 */
function benchSessions(ctx: SessionContext, plan: Plan, agenda: Agenda, pairs: CoachingPair[], out: MentoringRecords): void {
  const { rnd, now } = ctx;
  const today = parisDayOf(now);
  const mine = pairs.filter((p) => p.mentor === plan.bench.mentor && p.open).sort((a, b) => Number(b.startup.featured) - Number(a.startup.featured));
  const add = (p: CoachingPair, span: Span | undefined, status: 'scheduled' | 'completed', open?: ItemOwner[]): void => {
    if (!span || span.start < p.from) return;
    const session = sessionRecord(ctx, p, span, { status });
    out.sessions.push(session);
    if (status === 'completed') out.items.push(...actionItems(ctx, session, p, open));
  };
  mine.forEach((p, i) => {
    if (i < 2) add(p, agenda.placeOnDay(rnd, owners(p), today, 60, now), 'scheduled');
    add(p, agenda.placeOnDay(rnd, owners(p), workingDay(shiftDay(today, rnd.int(1, 5))), rnd.pick(DURATIONS)), 'scheduled');
    if (i < 3) add(p, agenda.placeOnDay(rnd, owners(p), workingDay(shiftDay(today, -rnd.int(2, 7))), 60), 'scheduled');
    if (i < 2) add(p, agenda.placeOnDay(rnd, owners(p), workingDay(shiftDay(today, -rnd.int(8, 12))), 90), 'completed', i === 0 ? ['startup', 'startup', 'coach'] : ['coach']);
  });
}

/** The rest of the dataset's sessions, shared among the periods by their length and spaced evenly (with some play) in each. */
function regularSessions(ctx: SessionContext, plan: Plan, agenda: Agenda, pairs: CoachingPair[], out: MentoringRecords): void {
  const { rnd } = ctx;
  const wanted = Math.max(0, plan.spec.mentoringSessions - out.sessions.length);
  const counts = apportion(wanted, pairs.map((p) => (p.to.getTime() - p.from.getTime()) / DAY));
  pairs.forEach((p, i) => {
    const spacing = (p.to.getTime() - p.from.getTime()) / Math.max(1, counts[i]);
    for (let k = 0; k < counts[i]; k += 1) {
      const target = new Date(p.from.getTime() + (k + 0.2 + 0.6 * rnd.next()) * spacing);
      const span = agenda.place(rnd, owners(p), target, rnd.pick(DURATIONS), { start: p.from, end: p.to });
      if (!span) continue;
      const session = sessionRecord(ctx, p, span);
      out.sessions.push(session);
      if (session.status === 'completed') out.items.push(...actionItems(ctx, session, p));
    }
  });
}

/** A feed secret's stored hash: 64 hex digits (from the seeded draw, so the dataset stays the same). */
const hashLike = (rnd: Random): string => Array.from({ length: 8 }, () => Math.floor(rnd.next() * 2 ** 32).toString(16).padStart(8, '0')).join('');

function feedRecords(rnd: Random, plan: Plan): FeedRecord[] {
  const founders = plan.startups.flatMap((s) => teamOf(s));
  const users: Person[] = [plan.bench.mentor, plan.bench.manager, plan.bench.founder, ...plan.mentors.filter((m) => m !== plan.bench.mentor && rnd.chance(0.3)), ...founders.filter((f) => f !== plan.bench.founder && rnd.chance(0.1))];
  return users.map((u) => ({ _id: hashLike(rnd), user: u._id, createdAt: rnd.between(new Date(Math.max(u.createdAt.getTime(), plan.now.getTime() - 300 * DAY)), plan.now) }));
}

export function mentoringRecords(plan: Plan): MentoringRecords {
  const out: MentoringRecords = { profiles: [], slots: [], sessions: [], items: [], feeds: [] };
  if (!plan.spec.history) return out;
  const rnd = new Random(plan.spec.seed * 17 + 3);
  const ctx: SessionContext = { rnd, now: plan.now, managers: plan.managers };
  const pairs = coachingPairs(plan);
  const agenda = new Agenda();
  out.profiles = profileRecords(rnd, plan);
  officeHours(ctx, plan, agenda, pairs, out);
  benchSessions(ctx, plan, agenda, pairs, out);
  regularSessions(ctx, plan, agenda, pairs, out);
  out.feeds = feedRecords(rnd, plan);
  // In the order the programme wrote them (a collection scan meets them in that order).
  out.slots.sort(byTime);
  out.sessions.sort(byTime);
  out.items.sort(byTime);
  return out;
}
