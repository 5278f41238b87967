import { fromParisWallTime, parisWallTime } from '../core/time';
import { ValidationFailed, fieldError } from '../core/errors';

const DAY = 24 * 60 * 60 * 1000;

/** The instant a Paris day begins. */
export function dayStart(day: string): Date {
  const at = fromParisWallTime(day, '00:00');
  if (!at) throw new ValidationFailed({ from: fieldError('validation.date') });
  return at;
}

/** The last instant of a Paris day (an inclusive end date). */
export function dayEnd(day: string): Date {
  const next = parisWallTime(new Date(dayStart(day).getTime() + 26 * 60 * 60 * 1000)).day;
  return new Date(dayStart(next).getTime() - 1);
}

/** A Paris day and time as an instant, or the form's message at `field` when that time does not exist. */
export function wallTime(day: string, time: string, field = 'time'): Date {
  const at = fromParisWallTime(day, time);
  if (!at) throw new ValidationFailed({ [field]: fieldError('mentoring.errors.noSuchTime') });
  return at;
}

/** An instant as the form shows it: Paris day and time. */
export function formDayTime(at: Date): { day: string; time: string } {
  return parisWallTime(at);
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY);
}
