/** Months and days of the check-in, in the programme's time zone (Europe/Paris). */
import { dateTimeFormat } from '../core/i18n';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Paris as YYYY-MM-DD. */
export function parisDay(now = new Date()): string {
  return dayFormat.format(now);
}

/** The current month in Paris as YYYY-MM. */
export function currentMonth(now = new Date()): string {
  return parisDay(now).slice(0, 7);
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** "novembre 2026" / "November 2026". */
export function monthName(month: string): { fr: string; en: string } {
  const date = new Date(`${month}-15T12:00:00.000Z`);
  const name = (tag: string) => dateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  return { fr: name('fr-FR'), en: name('en-GB') };
}

/** A Paris day (YYYY-MM-DD) as the Date the figures history stores (UTC midnight, as the figures form does). */
export function dayAsDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
