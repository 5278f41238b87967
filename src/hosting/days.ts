import { parisWallTime } from '../core/time';

/**
 * Calendar days as hosting counts them: YYYY-MM-DD text, inclusive ranges. Arithmetic runs on day
 * numbers (days since 1970-01-01), so no time zone or daylight saving enters a count of days.
 */
const DAY_MS = 86_400_000;

export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOfNumber(dayNumber(day) + days);
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysIncluded(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Today in Paris. */
export function today(now = new Date()): string {
  return parisWallTime(now).day;
}

/** YYYY-MM of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The first and last days of a month (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string; days: number } {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(days).padStart(2, '0')}`, days };
}

/** The month `n` months after `month` (YYYY-MM; n may be negative). */
export function addMonthsToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The last day a requirement obtained on `day` is valid, `months` later: obtained on 15 March for
 * 12 months, valid until 14 March of the next year. A day missing in the target month (31st) takes
 * that month's last day.
 */
export function validUntil(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = addMonthsToMonth(`${y}-${String(m).padStart(2, '0')}`, months);
  const { days } = monthRange(target);
  return addDays(`${target}-${String(Math.min(d, days)).padStart(2, '0')}`, -1);
}

/** The days shared by two inclusive ranges (0 when they do not meet). */
export function overlapDays(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from > to ? 0 : daysIncluded(from, to);
}

/** dd/mm/yyyy, as both languages write a day on these pages. */
export function dayWords(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
