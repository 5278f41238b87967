import { fromParisWallTime, parisWallTime } from '../../core/time';
import { DAY, type Random } from '../random';

/** Paris working days and hours for the mentoring records, and who is busy when (no double booking). */
const QUARTER = 15 * 60_000;
/** Sessions start from 08:30 and end by 19:00, Paris time. */
const FIRST_START = 8 * 60 + 30;
const LAST_END = 19 * 60;

export interface Span {
  start: Date;
  end: Date;
}

export const parisDayOf = (instant: Date): string => parisWallTime(instant).day;

/** The day `n` days after `day` (YYYY-MM-DD). */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T12:00:00Z`).getUTCDay();

/** The working day nearest to `day` (Saturday → Friday, Sunday → Monday). */
export function workingDay(day: string): string {
  const d = weekdayOf(day);
  return d === 6 ? shiftDay(day, -1) : d === 0 ? shiftDay(day, 1) : day;
}

const clock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A Paris wall-clock time as an instant (working hours always exist, clock changes happen at night). */
export function parisAt(day: string, minutes: number): Date {
  const instant = fromParisWallTime(day, clock(minutes));
  if (!instant) throw new Error(`no such Paris time: ${day} ${clock(minutes)}`);
  return instant;
}

/** A start time on the half hour, so that the session ends by 19:00. */
export function workingMinutes(rnd: Random, durationMinutes: number): number {
  const steps = Math.max(0, Math.floor((LAST_END - durationMinutes - FIRST_START) / 30));
  return FIRST_START + 30 * rnd.int(0, steps);
}

export const spanOf = (start: Date, durationMinutes: number): Span => ({ start, end: new Date(start.getTime() + durationMinutes * 60_000) });

/** Who is busy when, by quarter hour: a mentor's or a startup's calendar. */
export class Agenda {
  private readonly busy = new Set<string>();

  private *units(owners: string[], span: Span): Generator<string> {
    const first = Math.floor(span.start.getTime() / QUARTER);
    const last = Math.ceil(span.end.getTime() / QUARTER);
    for (const owner of owners) for (let u = first; u < last; u += 1) yield `${owner}@${u}`;
  }

  free(owners: string[], span: Span): boolean {
    for (const key of this.units(owners, span)) if (this.busy.has(key)) return false;
    return true;
  }

  hold(owners: string[], span: Span): void {
    for (const key of this.units(owners, span)) this.busy.add(key);
  }

  /**
   * A free span of `durationMinutes` on a working day near `target` (the same day, else a day or a few
   * around it; no weekend), inside `bounds`; undefined when none was found in a few tries. The span is held.
   */
  place(rnd: Random, owners: string[], target: Date, durationMinutes: number, bounds: Span): Span | undefined {
    // A weekend target moves to a day of the week before or after it, any of them.
    const asked = parisDayOf(target);
    const weekday = weekdayOf(asked);
    const day = weekday === 6 ? shiftDay(asked, -rnd.int(1, 5)) : weekday === 0 ? shiftDay(asked, rnd.int(1, 5)) : asked;
    for (const offset of [0, 0, 1, -1, 2, -2, 3, -3, 4, -4]) {
      const candidate = shiftDay(day, offset);
      if (workingDay(candidate) !== candidate) continue;
      const span = spanOf(parisAt(candidate, workingMinutes(rnd, durationMinutes)), durationMinutes);
      if (span.start < bounds.start || span.end > bounds.end || !this.free(owners, span)) continue;
      this.hold(owners, span);
      return span;
    }
    return undefined;
  }

  /** A free span on that very day (any working hour; those after `after` first), held; undefined when the day is full. */
  placeOnDay(rnd: Random, owners: string[], day: string, durationMinutes: number, after?: Date): Span | undefined {
    const tries = Array.from({ length: 12 }, () => spanOf(parisAt(day, workingMinutes(rnd, durationMinutes)), durationMinutes));
    const ordered = after ? [...tries.filter((s) => s.start > after), ...tries.filter((s) => s.start <= after)] : tries;
    const span = ordered.find((s) => this.free(owners, s));
    if (span) this.hold(owners, span);
    return span;
  }
}
