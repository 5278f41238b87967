import mongoose from 'mongoose';
import { withLocks } from '../core/db/lock';
import { ValidationFailed, fieldError } from '../core/errors';
import { parisWallTime } from '../core/time';
import { Startup } from '../startups/model';
import { MentoringSession, OfficeHourSlot, TIME_HOLDING } from './model';

/** A stretch of time: [start, end). One ending at 10:00 and another starting at 10:00 do not meet. */
export interface Span {
  start: Date;
  end: Date;
}

const meets = (a: Span, b: Span) => a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();

/** dd/mm/yyyy and hh:mm in Paris (both languages write the day this way). */
export function spanWords(span: Span): { day: string; from: string; to: string } {
  const start = parisWallTime(span.start);
  const [y, m, d] = start.day.split('-');
  return { day: `${d}/${m}/${y}`, from: start.time, to: parisWallTime(span.end).time };
}

/**
 * The calendars a change touches, locked together (sorted keys): a mentor's sessions and slots,
 * a startup's sessions. The overlap check and the write it allows run inside.
 */
export function withCalendars<T>(owners: { mentor?: string; startup?: string }, work: () => Promise<T>): Promise<T> {
  const keys = [...(owners.mentor ? [`mentor-calendar:${owners.mentor}`] : []), ...(owners.startup ? [`startup-calendar:${owners.startup}`] : [])];
  return withLocks(keys, work);
}

interface Check {
  mentor?: string;
  startup?: string;
  /** The session being moved: it does not collide with itself. */
  exceptSession?: string;
  /** Also the mentor's published slots (open or booked), except this one (the slot being booked). */
  slots?: boolean;
  exceptSlot?: string;
  /** The form field the message goes under. */
  field?: string;
}

/**
 * Refuses a span that meets a session holding time (planned, held, no-show) of the same mentor or of
 * the same startup, naming that session; with `slots`, also the mentor's own office-hour slots.
 * Call inside withCalendars so that nothing lands between the check and the write.
 */
export async function refuseOverlap(span: Span, check: Check): Promise<void> {
  const field = check.field ?? 'time';
  const who = [...(check.mentor ? [{ mentor: new mongoose.Types.ObjectId(check.mentor) }] : []), ...(check.startup ? [{ startup: new mongoose.Types.ObjectId(check.startup) }] : [])];
  if (who.length) {
    const sessions = await MentoringSession.find(
      { status: mongoose.trusted({ $in: [...TIME_HOLDING] }), start: mongoose.trusted({ $lt: span.end }), end: mongoose.trusted({ $gt: span.start }), $or: who },
      { startup: 1, mentor: 1, mentorName: 1, start: 1, end: 1, topic: 1 },
    ).lean();
    const hit = sessions.find((s) => String(s._id) !== check.exceptSession && meets(s, span));
    if (hit) {
      const startup = await Startup.findOne({ _id: hit.startup }, { name: 1 }).lean();
      const sameMentor = check.mentor !== undefined && String(hit.mentor) === check.mentor;
      throw new ValidationFailed({
        [field]: fieldError(sameMentor ? 'mentoring.errors.mentorBusy' : 'mentoring.errors.startupBusy', { ...spanWords(hit), topic: hit.topic, startup: startup?.name ?? '', mentor: hit.mentorName }),
      });
    }
  }
  if (check.slots && check.mentor) {
    const slots = await OfficeHourSlot.find({ mentor: check.mentor, status: mongoose.trusted({ $in: ['open', 'booked'] }), start: mongoose.trusted({ $lt: span.end }), end: mongoose.trusted({ $gt: span.start }) }, { start: 1, end: 1 }).lean();
    const hit = slots.find((s) => String(s._id) !== check.exceptSlot && meets(s, span));
    if (hit) throw new ValidationFailed({ [field]: fieldError('mentoring.errors.slotOverlap', spanWords(hit)) });
  }
}
