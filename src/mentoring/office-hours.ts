import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { can, requireCan } from '../core/policy';
import { notify } from '../notifications/service';
import { assignedAt } from '../startups/access';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import type { MentoringDeps } from './assignments';
import { addMinutes, wallTime } from './days';
import { MentoringSession, OfficeHourSlot } from './model';
import { refuseOverlap, spanWords, withCalendars } from './overlap';
import type { SlotInput } from './schemas';
import { parisWallTime } from '../core/time';

/** The Paris day `weeks` weeks after `day` (the same wall-clock time is kept across clock changes). */
function weeksLater(day: string, weeks: number): string {
  const noon = new Date(`${day}T12:00:00Z`);
  return parisWallTime(new Date(noon.getTime() + weeks * 7 * 24 * 3_600_000)).day;
}

export interface SlotRow {
  id: string;
  mentorId: string;
  mentorName: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  place: string;
  videoLink: string;
  status: string;
  startupName?: string;
  bookedByName?: string;
  sessionId?: string;
}

const slotRow = (s: { _id: unknown; mentor: unknown; mentorName?: string | null; start: Date; end: Date; durationMinutes: number; place?: string | null; videoLink?: string | null; status?: string | null; bookedByName?: string | null; session?: unknown }, names: Map<string, string>, startup?: unknown): SlotRow => ({
  id: String(s._id),
  mentorId: String(s.mentor),
  mentorName: s.mentorName ?? '',
  start: s.start,
  end: s.end,
  durationMinutes: s.durationMinutes,
  place: s.place ?? '',
  videoLink: s.videoLink ?? '',
  status: s.status ?? 'open',
  startupName: startup ? names.get(String(startup)) : undefined,
  bookedByName: s.bookedByName ?? undefined,
  sessionId: s.session ? String(s.session) : undefined,
});

/** For each startup of the founder, the mentors coaching it now (whose open slots the founder may book). */
async function coachesOf(user: SessionUser): Promise<Map<string, string[]>> {
  const ids = user.startups.filter(isObjectId).map((id) => new mongoose.Types.ObjectId(id));
  const assignments = ids.length ? await MentorAssignment.find({ startup: mongoose.trusted({ $in: ids }), ...assignedAt(new Date()) }, { mentor: 1, startup: 1 }).lean() : [];
  const byMentor = new Map<string, string[]>();
  for (const a of assignments) byMentor.set(String(a.mentor), [...(byMentor.get(String(a.mentor)) ?? []), String(a.startup)]);
  return byMentor;
}

/**
 * The office-hours page. A mentor: their slots to come (open and booked), paged. A founder: the open
 * slots to come of the mentors coaching their startups (paged), and the startups they may book for.
 */
export async function officeHoursPage(user: SessionUser, page: number): Promise<Paged<SlotRow> & { startups: { id: string; name: string }[]; publishes: boolean }> {
  const now = new Date();
  const publishes = can(user, 'officeHours.publish');
  if (!publishes) requireCan(user, 'officeHours.book');
  const coaches = publishes ? new Map<string, string[]>() : await coachesOf(user);
  const filter: Record<string, unknown> = publishes
    ? { mentor: new mongoose.Types.ObjectId(user.id), status: mongoose.trusted({ $in: ['open', 'booked'] }), end: mongoose.trusted({ $gt: now }) }
    : { mentor: mongoose.trusted({ $in: [...coaches.keys()].map((id) => new mongoose.Types.ObjectId(id)) }), status: 'open', start: mongoose.trusted({ $gt: now }) };
  const slots = publishes || coaches.size ? await OfficeHourSlot.find(filter).lean() : [];
  slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  const startupIds = [...new Set([...slots.map((s) => String(s.startup ?? '')).filter(isObjectId), ...user.startups.filter(isObjectId)])];
  const startups = startupIds.length ? await Startup.find({ _id: mongoose.trusted({ $in: startupIds.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const pages = Math.max(1, Math.ceil(slots.length / PER_PAGE));
  const current = Math.min(page, pages);
  const rows = slots.slice((current - 1) * PER_PAGE, current * PER_PAGE).map((s) => ({ ...slotRow(s, names, s.startup), bookableFor: (coaches.get(String(s.mentor)) ?? []).map((id) => ({ id, name: names.get(id) ?? '' })) }));
  return { ...paged(rows, slots.length, current), startups: user.startups.filter(isObjectId).map((id) => ({ id, name: names.get(id) ?? '' })), publishes };
}

/**
 * Publishes office-hour slots: one, or the same day and time each week for `repeatWeeks` weeks
 * (Paris wall clock kept across clock changes). None may meet another of the mentor's slots or
 * sessions: the first that does is named and nothing is published. Slots already published with the
 * same times (the form posted twice) are kept, not doubled.
 */
export async function publishSlots(user: SessionUser, input: SlotInput): Promise<number> {
  requireCan(user, 'officeHours.publish');
  const spans = Array.from({ length: input.repeatWeeks }, (_, week) => {
    const start = wallTime(weeksLater(input.day, week), input.time, week === 0 ? 'time' : 'repeatWeeks');
    return { start, end: addMinutes(start, input.durationMinutes) };
  });
  if (spans[0].start.getTime() <= Date.now()) throw new ValidationFailed({ day: fieldError('mentoring.errors.slotInPast') });
  return withCalendars({ mentor: user.id }, async () => {
    const mine = await OfficeHourSlot.find({ mentor: user.id, status: mongoose.trusted({ $in: ['open', 'booked'] }), end: mongoose.trusted({ $gt: spans[0].start }) }, { start: 1, end: 1 }).lean();
    const fresh = spans.filter((span) => !mine.some((s) => s.start.getTime() === span.start.getTime() && s.end.getTime() === span.end.getTime()));
    for (const span of fresh) await refuseOverlap(span, { mentor: user.id, slots: true, field: 'day' });
    if (fresh.length) await OfficeHourSlot.insertMany(fresh.map((span) => ({ mentor: user.id, mentorName: user.name, ...span, durationMinutes: input.durationMinutes, place: input.place, videoLink: input.videoLink ?? '' })));
    if (fresh.length) await audit(user, { action: 'mentoring.slotsPublished', entityType: 'User', entityId: user.id, summary: `${fresh.length} × ${spanWords(fresh[0]).from}` });
    return spans.length;
  });
}

/** A mentor withdraws one of their open slots (a booked one is cancelled through its session). */
export async function cancelSlot(user: SessionUser, slotId: string): Promise<void> {
  requireCan(user, 'officeHours.publish');
  if (!isObjectId(slotId)) throw new NotFound();
  const slot = await OfficeHourSlot.findOne({ _id: slotId }).lean();
  if (!slot || String(slot.mentor) !== user.id) throw new NotFound();
  if (slot.status === 'cancelled') return;
  await writeIf(OfficeHourSlot, { _id: slot._id, status: 'open' }, { $set: { status: 'cancelled' } }, { conflict: 'mentoring.errors.slotBooked' });
  await audit(user, { action: 'mentoring.slotCancelled', entityType: 'User', entityId: user.id, summary: spanWords(slot).day });
}

/**
 * A founder books an open slot for one of their startups that the slot's mentor coaches now. Under
 * the mentor's and the startup's calendar locks: the slot is taken only if still open (the first of
 * two simultaneous bookings wins, the other is told), the startup must be free then, and the
 * session is created; if that fails the slot is open again. Booked twice by the same founder for
 * the same startup (the form resent): success, one session.
 */
export async function bookSlot(user: SessionUser, slotId: string, input: { startup: string; topic: string }, deps: MentoringDeps): Promise<{ sessionId: string; mentorName: string }> {
  requireCan(user, 'officeHours.book');
  if (!isObjectId(slotId)) throw new NotFound();
  const slot = await OfficeHourSlot.findOne({ _id: slotId }).lean();
  const coaches = await coachesOf(user);
  if (!slot || !coaches.has(String(slot.mentor))) throw new NotFound();
  if (!user.startups.includes(input.startup) || !(coaches.get(String(slot.mentor)) ?? []).includes(input.startup)) throw new ValidationFailed({ startup: fieldError('mentoring.errors.startupNotCoached') });
  const mine = (s: { status?: string | null; bookedBy?: unknown; startup?: unknown; session?: unknown }) => s.status === 'booked' && String(s.bookedBy) === user.id && String(s.startup) === input.startup && s.session;
  if (mine(slot)) return { sessionId: String(slot.session), mentorName: slot.mentorName ?? '' };
  if (slot.status !== 'open') throw new Conflict('mentoring.errors.slotTaken');
  if (slot.start.getTime() <= Date.now()) throw new Conflict('mentoring.errors.slotPast');
  const outcome = await withCalendars({ mentor: String(slot.mentor), startup: input.startup }, async () => {
    // Read again under the locks: the same booking posted twice finds the session the first one made.
    const now = await OfficeHourSlot.findOne({ _id: slot._id }).lean();
    if (now && mine(now)) return { again: String(now.session) };
    await refuseOverlap(slot, { startup: input.startup, field: 'startup' });
    await writeIf(OfficeHourSlot, { _id: slot._id, status: 'open' }, { $set: { status: 'booked', startup: input.startup, bookedBy: user.id, bookedByName: user.name } }, { conflict: 'mentoring.errors.slotTaken' });
    try {
      const created = await MentoringSession.create({ startup: input.startup, mentor: slot.mentor, mentorName: slot.mentorName, start: slot.start, end: slot.end, durationMinutes: slot.durationMinutes, place: slot.place, videoLink: slot.videoLink, topic: input.topic, slot: slot._id, plannedBy: user.id, plannedByName: user.name });
      await OfficeHourSlot.updateOne({ _id: slot._id }, { $set: { session: created._id } });
      return { created };
    } catch (err) {
      await OfficeHourSlot.updateOne({ _id: slot._id, bookedBy: user.id }, { $set: { status: 'open' }, $unset: { startup: 1, bookedBy: 1, bookedByName: 1 } });
      throw err;
    }
  });
  const session = outcome.created;
  if (!session) return { sessionId: outcome.again ?? '', mentorName: slot.mentorName ?? '' };
  const startup = await Startup.findOne({ _id: input.startup }, { name: 1 }).lean();
  await audit(user, { action: 'mentoring.slotBooked', entityType: 'Startup', entityId: input.startup, summary: `${slot.mentorName} · ${input.topic}` });
  await notify({ to: [String(slot.mentor)], kind: 'mentoring.booked', params: { startup: startup?.name ?? '', topic: input.topic, ...spanWords(slot) }, link: `/mentoring/sessions/${String(session._id)}` }, deps.mailer, deps.baseUrl);
  return { sessionId: String(session._id), mentorName: slot.mentorName ?? '' };
}
