import { dateTimeFormat } from './i18n/formats';

/** Calendar days as forms type them (`<input type="date">`: YYYY-MM-DD) and as the programme counts them (Paris). */

/** Today in the programme's time zone, as YYYY-MM-DD. */
export function todayInParis(now = new Date()): string {
  return dateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A real calendar day typed as YYYY-MM-DD, as the UTC midnight of that day; null for anything else.
 * '2026-02-30' is refused, never rolled over to 2 March.
 */
export function parseDay(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const day = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  return date;
}

/** "YYYY-MM-DD" of a stored day, for a date input ('' when there is none). */
export function dayValue(d: Date | string | null | undefined): string {
  if (!d) return '';
  const date = new Date(d);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
