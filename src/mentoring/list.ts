import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { translate, type Locale } from '../core/i18n';
import { can, decide } from '../core/policy';
import { toCsv } from '../startups/csv';
import { Startup } from '../startups/model';
import { MentoringSession } from './model';
import type { SessionsQuery } from './schemas';
import { sessionScope } from './scope';
import { spanWords } from './overlap';

export interface SessionRow {
  id: string;
  startupId: string;
  startupName: string;
  mentorName: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  actualMinutes?: number;
  topic: string;
  status: string;
  /** Planned, over, and not yet recorded as held or no-show. */
  toRecord: boolean;
  place: string;
  rating?: number;
  preparation?: number;
  notes?: string;
}

/** Whether this user reads `what` on the sessions of their list (managers all of them; the others' lists hold only their own). */
function reads(user: SessionUser, what: 'mentoring.notes.read' | 'mentoring.feedback.read' | 'mentoring.preparation.read'): boolean {
  return decide(user.role, can(user, 'mentoring.manage') ? 'all' : 'own', what);
}
const readsNotes = (user: SessionUser) => reads(user, 'mentoring.notes.read');

/** Which of the sessions `within` also belong to the user's own list. */
async function ownIds(user: SessionUser, within: Record<string, unknown>): Promise<Set<string>> {
  const scope = await sessionScope(user, 'list');
  if (!scope) return new Set();
  return new Set((await MentoringSession.find({ $and: [within, scope] }, { _id: 1 }).lean()).map((s) => String(s._id)));
}

/**
 * Every session of the user's list that the filters keep: upcoming first (soonest), then past
 * (latest first). `within` replaces the user's own list by sessions the caller has already
 * checked they may read (a startup's tab: all of that startup's sessions).
 */
async function matching(user: SessionUser, query: SessionsQuery, within?: Record<string, unknown>): Promise<SessionRow[]> {
  const scope = within ?? (await sessionScope(user, 'list'));
  if (!scope) return [];
  const now = new Date();
  const filters: Record<string, unknown>[] = [scope];
  if (query.startup) filters.push({ startup: new mongoose.Types.ObjectId(query.startup) });
  if (query.status) filters.push({ status: query.status });
  if (query.when === 'upcoming') filters.push({ end: mongoose.trusted({ $gt: now }) });
  if (query.when === 'past') filters.push({ end: mongoose.trusted({ $lte: now }) });
  const notes = readsNotes(user);
  const sessions = await MentoringSession.find(filters.length === 1 ? scope : { $and: filters }).lean();
  // Notes, ratings and preparation follow the user's own list: a colleague's sessions on a startup's tab show none.
  const own = within ? await ownIds(user, within) : null;
  const shown = (s: { _id: unknown }) => !own || own.has(String(s._id));
  const startups = sessions.length ? await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(sessions.map((s) => String(s.startup)))].map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  const rows = sessions
    .map((s) => ({
      id: String(s._id),
      startupId: String(s.startup),
      startupName: names.get(String(s.startup)) ?? '',
      mentorName: s.mentorName ?? '',
      start: s.start,
      end: s.end,
      durationMinutes: s.durationMinutes,
      actualMinutes: s.actualMinutes ?? undefined,
      topic: s.topic,
      status: s.status ?? 'scheduled',
      toRecord: s.status === 'scheduled' && s.end.getTime() <= now.getTime(),
      place: s.place || s.videoLink || '',
      rating: reads(user, 'mentoring.feedback.read') && shown(s) ? s.feedback?.rating : undefined,
      preparation: reads(user, 'mentoring.preparation.read') && shown(s) ? s.preparation?.rating : undefined,
      notes: notes && shown(s) ? (s.notes ?? '') : undefined,
    }))
    .filter((r) => !search || search.test(r.topic) || search.test(r.startupName) || search.test(r.mentorName));
  const t = now.getTime();
  const upcoming = rows.filter((r) => r.end.getTime() > t).sort((a, b) => a.start.getTime() - b.start.getTime());
  const past = rows.filter((r) => r.end.getTime() <= t).sort((a, b) => b.start.getTime() - a.start.getTime());
  return [...upcoming, ...past];
}

/** The sessions list (paged) of what the user may see, with the startup filter's choices. */
export async function listSessions(user: SessionUser, query: SessionsQuery, within?: Record<string, unknown>): Promise<Paged<SessionRow> & { shows: { notes: boolean; rating: boolean; preparation: boolean } }> {
  const rows = await matching(user, query, within);
  const pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(rows.slice((page - 1) * PER_PAGE, page * PER_PAGE), rows.length, page), shows: { notes: readsNotes(user), rating: reads(user, 'mentoring.feedback.read'), preparation: reads(user, 'mentoring.preparation.read') } };
}

/** The CSV of exactly what the list's filters show; the notes column only for those who read notes. */
export async function exportSessions(user: SessionUser, query: SessionsQuery, locale: Locale): Promise<{ fileName: string; body: string }> {
  const rows = await matching(user, query);
  const notes = readsNotes(user);
  const t = (key: string) => translate(locale, key);
  const rating = reads(user, 'mentoring.feedback.read');
  const preparation = reads(user, 'mentoring.preparation.read');
  const columns = ['day', 'from', 'to', 'startup', 'mentorName', 'topic', 'status', 'planned', 'held', 'place', ...(rating ? ['rating'] : []), ...(preparation ? ['preparation'] : []), ...(notes ? ['notes'] : [])];
  const body = toCsv(
    columns.map((c) => t(`mentoring.csv.${c}`)),
    rows.map((r) => {
      const when = spanWords(r);
      return [when.day, when.from, when.to, r.startupName, r.mentorName, r.topic, t(`mentoring.statuses.${r.status}`), r.durationMinutes, r.actualMinutes ?? '', r.place, ...(rating ? [r.rating ?? ''] : []), ...(preparation ? [r.preparation ?? ''] : []), ...(notes ? [r.notes ?? ''] : [])];
    }),
  );
  return { fileName: `${t('mentoring.csv.fileName')}-${new Date().toISOString().slice(0, 10)}.csv`, body };
}
