import { Types } from 'mongoose';
import { dayEnd } from '../../mentoring/days';
import type { ActionOwner, SessionStatus } from '../../mentoring/model';
import { DAY, type Random } from '../random';
import { parisDayOf, shiftDay, type Span } from './agenda';
import { CANCEL_REASONS, FEEDBACK_COMMENTS, ITEM_TEXTS, PLACES, PREPARATION_COMMENTS, TOPICS, noteText } from './mentoring-texts';
import type { Person, StartupPlan } from './plan';

/** One mentoring session and its action items, as a programme records them over time. */
export interface CoachingPair {
  mentor: Person;
  startup: StartupPlan;
  from: Date;
  /** The end of the period; for a running assignment, the last day sessions are planned ahead. */
  to: Date;
  open: boolean;
}

export interface RatingRecord {
  rating: number;
  comment: string;
  by: Types.ObjectId;
  byName: string;
  at: Date;
}

export interface SessionRecord {
  _id: Types.ObjectId;
  startup: Types.ObjectId;
  mentor: Types.ObjectId;
  mentorName: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  place: string;
  videoLink: string;
  topic: string;
  status: SessionStatus;
  cancelReason: string;
  actualMinutes?: number;
  recordedAt?: Date;
  notes: string;
  feedback?: RatingRecord;
  preparation?: RatingRecord;
  slot?: Types.ObjectId;
  plannedBy: Types.ObjectId;
  plannedByName: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The startup's team, or the mentor ('coach'). */
export type ItemOwner = ActionOwner;

export interface ActionItemRecord {
  session: Types.ObjectId;
  startup: Types.ObjectId;
  mentor: Types.ObjectId;
  text: string;
  owner: ItemOwner;
  due?: Date;
  done: boolean;
  doneAt?: Date;
  doneByName?: string;
  remindedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionContext {
  rnd: Random;
  now: Date;
  managers: Person[];
}

export interface SessionOptions {
  /** Decided by the caller (the benchmark users' guaranteed records); else drawn from the time. */
  status?: SessionStatus;
  /** Booked on an office-hour slot, by this founder. */
  slot?: Types.ObjectId;
  bookedBy?: Person;
  topic?: string;
}

const latest = (dates: (Date | undefined)[]): Date => new Date(Math.max(...dates.filter((d): d is Date => d !== undefined).map((d) => d.getTime())));
const earliest = (...dates: Date[]): Date => new Date(Math.min(...dates.map((d) => d.getTime())));

/** The founders who signed in at least once: they give feedback and tick items off. */
export const teamOf = (s: StartupPlan): Person[] => s.founders.filter((f) => !f.invited);

/**
 * What became of a session, by its time: ahead of today planned (a few cancelled already); past ones
 * mostly held, some cancelled or missed, and some not recorded yet ("to record": many among the last
 * ten days' sessions, very few older ones). Office-hour bookings are not cancelled here.
 */
function statusFor(rnd: Random, span: Span, now: Date, cancellable: boolean): SessionStatus {
  if (span.start > now) return cancellable && rnd.chance(0.04) ? 'cancelled' : 'scheduled';
  if (span.end > now) return 'scheduled';
  const ageDays = (now.getTime() - span.end.getTime()) / DAY;
  if (rnd.chance(ageDays < 10 ? 0.3 : 0.002)) return 'scheduled';
  const r = rnd.next();
  if (cancellable && r < 0.1) return 'cancelled';
  return r < 0.95 ? 'completed' : 'no_show';
}

/** Founders rate mostly 4 or 5. */
function rating(rnd: Random): number {
  const r = rnd.next();
  return r < 0.03 ? 1 : r < 0.1 ? 2 : r < 0.3 ? 3 : r < 0.7 ? 4 : 5;
}

export function sessionRecord(ctx: SessionContext, pair: CoachingPair, span: Span, options: SessionOptions = {}): SessionRecord {
  const { rnd, now } = ctx;
  const { mentor, startup } = pair;
  const status = options.status ?? statusFor(rnd, span, now, options.slot === undefined);
  const durationMinutes = Math.round((span.end.getTime() - span.start.getTime()) / 60_000);
  const planner = options.bookedBy ?? (rnd.chance(0.75) ? mentor : rnd.pick(ctx.managers));
  const inPerson = rnd.chance(0.55);
  const createdAt = earliest(new Date(now.getTime() - 60_000), new Date(span.start.getTime() - rnd.int(2, 21) * DAY));
  const record: SessionRecord = {
    _id: new Types.ObjectId(),
    startup: startup._id,
    mentor: mentor._id,
    mentorName: mentor.name,
    start: span.start,
    end: span.end,
    durationMinutes,
    place: inPerson ? rnd.pick(PLACES) : '',
    videoLink: inPerson ? '' : `https://visio.example.org/boost-${startup.slug}-${rnd.int(1000, 9999)}`,
    topic: options.topic ?? rnd.pick(TOPICS),
    status,
    cancelReason: status === 'cancelled' ? rnd.pick(CANCEL_REASONS) : '',
    notes: '',
    slot: options.slot,
    plannedBy: planner._id,
    plannedByName: planner.name,
    createdAt,
    updatedAt: createdAt,
  };
  if (status === 'completed' || status === 'no_show') {
    record.recordedAt = earliest(now, new Date(span.end.getTime() + rnd.int(0, 72) * 3_600_000));
    record.actualMinutes = status === 'completed' ? Math.min(600, Math.max(10, durationMinutes + 5 * rnd.int(-3, 3))) : 0;
  }
  if (status === 'completed' && record.recordedAt) {
    const ageDays = (now.getTime() - span.end.getTime()) / DAY;
    if (rnd.chance(0.85)) record.notes = noteText((items) => rnd.pick(items), (p) => rnd.chance(p));
    const team = teamOf(startup);
    if (team.length > 0 && rnd.chance(ageDays > 14 ? 0.7 : 0.35)) {
      const founder = rnd.pick(team);
      record.feedback = { rating: rating(rnd), comment: rnd.pick(FEEDBACK_COMMENTS), by: founder._id, byName: founder.name, at: earliest(now, new Date(record.recordedAt.getTime() + rnd.int(1, 120) * 3_600_000)) };
    }
    if (rnd.chance(0.6)) record.preparation = { rating: Math.max(2, rating(rnd)), comment: rnd.pick(PREPARATION_COMMENTS), by: mentor._id, byName: mentor.name, at: record.recordedAt };
  }
  record.updatedAt = latest([createdAt, record.recordedAt, record.feedback?.at, record.preparation?.at]);
  return record;
}

/**
 * 0 to 3 action items of a held session (or exactly `forceOpen`: open items of these owners, due
 * in the days to come). Due one to four weeks after the session; those long due are mostly done,
 * the recent ones mostly open. Items due before tomorrow were reminded the day before.
 */
export function actionItems(ctx: SessionContext, session: SessionRecord, pair: CoachingPair, forceOpen?: ItemOwner[]): ActionItemRecord[] {
  const { rnd, now } = ctx;
  const createdAt = session.recordedAt ?? session.end;
  const owners: ItemOwner[] = forceOpen ?? Array.from({ length: rnd.int(0, 3) }, () => (rnd.chance(0.65) ? 'startup' : 'coach'));
  const team = teamOf(pair.startup);
  return owners.map((owner) => {
    const dueDay = forceOpen ? shiftDay(parisDayOf(now), rnd.int(2, 10)) : shiftDay(parisDayOf(session.end), rnd.int(7, 28));
    const due = forceOpen || rnd.chance(0.9) ? dayEnd(dueDay) : undefined;
    const dueRef = due ?? new Date(session.end.getTime() + 14 * DAY);
    const late = now.getTime() - dueRef.getTime();
    const done = !forceOpen && rnd.chance(late > 3 * DAY ? 0.9 : late > 0 ? 0.55 : 0.2);
    const doneAt = done ? rnd.between(earliest(now, new Date(createdAt.getTime() + 3_600_000)), earliest(now, new Date(dueRef.getTime() + 5 * DAY))) : undefined;
    const doer = owner === 'coach' ? pair.mentor : team.length > 0 ? rnd.pick(team) : rnd.pick(ctx.managers);
    const reminder = due ? new Date(due.getTime() - 17 * 3_600_000) : undefined;
    return {
      session: session._id,
      startup: session.startup,
      mentor: session.mentor,
      text: rnd.pick(ITEM_TEXTS[owner]),
      owner,
      due,
      done,
      doneAt,
      doneByName: done ? doer.name : undefined,
      remindedAt: reminder && reminder <= now && (!doneAt || doneAt > reminder) ? reminder : undefined,
      createdAt,
      updatedAt: doneAt ?? createdAt,
    };
  });
}
