import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { dateTimeFormat, translate, type Locale } from '../core/i18n';
import { requireCan } from '../core/policy';
import { fromParisWallTime, parisWallTime } from '../core/time';
import { toCsv } from '../startups/csv';
import { Startup } from '../startups/model';
import { MentoringSession } from './model';
import type { HoursQuery } from './schemas';

export interface HoursRow {
  id: string;
  name: string;
  /** Held hours in each month of the year (January first), one decimal. */
  months: number[];
  total: number;
  sessions: number;
}

const round = (hours: number) => Math.round(hours * 10) / 10;

/**
 * Held sessions' hours for a year (Paris months), per mentor or per startup: the in-kind contribution
 * funders ask for. Rows with no hour that year are left out.
 */
async function hoursRows(query: HoursQuery): Promise<HoursRow[]> {
  const from = fromParisWallTime(`${query.year}-01-01`, '00:00') as Date;
  const to = fromParisWallTime(`${query.year + 1}-01-01`, '00:00') as Date;
  const held = await MentoringSession.find({ status: 'completed', start: mongoose.trusted({ $gte: from, $lt: to }) }, { startup: 1, mentor: 1, mentorName: 1, start: 1, actualMinutes: 1 }).lean();
  const byMentor = query.by === 'coach';
  const names = new Map<string, string>();
  if (byMentor) for (const s of held) names.set(String(s.mentor), s.mentorName ?? '');
  else {
    const ids = [...new Set(held.map((s) => String(s.startup)))];
    const startups = ids.length ? await Startup.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
    for (const s of startups) names.set(String(s._id), s.name);
  }
  const rows = new Map<string, HoursRow>();
  for (const s of held) {
    const id = String(byMentor ? s.mentor : s.startup);
    const row = rows.get(id) ?? { id, name: names.get(id) ?? '', months: Array.from({ length: 12 }, () => 0), total: 0, sessions: 0 };
    const month = Number(parisWallTime(s.start).day.slice(5, 7)) - 1;
    row.months[month] += (s.actualMinutes ?? 0) / 60;
    row.total += (s.actualMinutes ?? 0) / 60;
    row.sessions += 1;
    rows.set(id, row);
  }
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  return [...rows.values()]
    .filter((r) => !search || search.test(r.name))
    .map((r) => ({ ...r, months: r.months.map(round), total: round(r.total) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The hours report (managers): one page of rows, and the totals of every row the search keeps. */
export async function hoursReport(user: SessionUser, query: HoursQuery): Promise<Paged<HoursRow> & { totals: HoursRow }> {
  requireCan(user, 'mentoring.manage');
  const rows = await hoursRows(query);
  const totals = { id: '', name: '', months: Array.from({ length: 12 }, (_, m) => round(rows.reduce((sum, r) => sum + r.months[m], 0))), total: round(rows.reduce((sum, r) => sum + r.total, 0)), sessions: rows.reduce((sum, r) => sum + r.sessions, 0) };
  const pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(rows.slice((page - 1) * PER_PAGE, page * PER_PAGE), rows.length, page), totals };
}

/** The twelve months' short names of `year` ("janv.", "Jan"), with a kept formatter (src/core/i18n/formats.ts). */
export function monthNames(locale: Locale, year: number): string[] {
  const format = dateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => format.format(new Date(Date.UTC(year, m, 1))));
}

/** The report as CSV: every row the search keeps, a month per column, decimal comma in French. */
export async function exportHours(user: SessionUser, query: HoursQuery, locale: Locale): Promise<{ fileName: string; body: string }> {
  requireCan(user, 'mentoring.manage');
  const rows = await hoursRows(query);
  const t = (key: string, vars?: Record<string, unknown>) => translate(locale, key, vars);
  const num = (n: number) => (locale === 'fr' ? String(n).replace('.', ',') : String(n));
  const months = monthNames(locale, query.year);
  const body = toCsv([t(`mentoring.hours.by.${query.by}`), ...months, t('mentoring.hours.total'), t('mentoring.hours.sessions')], rows.map((r) => [r.name, ...r.months.map(num), num(r.total), r.sessions]));
  return { fileName: `${t('mentoring.hours.fileName')}-${query.year}.csv`, body };
}

/** Held hours and sessions of one startup, all time (its mentoring tab). */
export async function startupHours(startupId: string): Promise<{ hours: number; sessions: number }> {
  const held = await MentoringSession.find({ startup: new mongoose.Types.ObjectId(startupId), status: 'completed' }, { actualMinutes: 1 }).lean();
  return { hours: round(held.reduce((sum, s) => sum + (s.actualMinutes ?? 0), 0) / 60), sessions: held.length };
}
