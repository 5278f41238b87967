import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { translate, type Locale } from '../core/i18n';
import { can, decide, relationToSession } from '../core/policy';
import { toCsv } from '../startups/csv';
import { startupFacts } from '../startups/access';
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

/**
 * Which of these sessions (found within another scope: a startup's tab) are the user's own, as the
 * policy relates a user to a session; whether the user coaches a startup is asked once per startup.
 */
async function ownIds(user: SessionUser, sessions: { _id: unknown; startup: unknown; mentor: unknown }[]): Promise<Set<string>> {
  const assigned = new Map<string, Promise<boolean>>();
  const isAssigned = (mentor: string, startup: string) => {
    let known = assigned.get(startup);
    if (!known) {
      known = startupFacts.isAssigned(mentor, startup);
      assigned.set(startup, known);
    }
    return known;
  };
  const facts = { ...startupFacts, isAssigned };
  const relations = await Promise.all(sessions.map((s) => relationToSession(user, { startup: String(s.startup), mentor: String(s.mentor) }, facts)));
  return new Set(sessions.filter((_s, i) => relations[i] === 'own' || relations[i] === 'all').map((s) => String(s._id)));
}

/**
 * The filter of the sessions the user's list holds under the query's filters, or null for none.
 * `within` replaces the user's own list by sessions the caller has already checked they may read
 * (a startup's tab: all of that startup's sessions). The search matches the topic, the mentor or
 * the startup's name.
 */
async function filterOf(user: SessionUser, query: SessionsQuery, within?: Record<string, unknown>): Promise<Record<string, unknown>[] | null> {
  const scope = within ?? (await sessionScope(user, 'list'));
  if (!scope) return null;
  const filters: Record<string, unknown>[] = [scope];
  if (query.startup) filters.push({ startup: new mongoose.Types.ObjectId(query.startup) });
  if (query.status) filters.push({ status: query.status });
  if (query.q) {
    const search = new RegExp(escapeRegex(query.q), 'i');
    const startups = (await Startup.find({}, { name: 1 }).lean()).filter((st) => search.test(st.name)).map((st) => st._id);
    filters.push({ $or: [{ topic: search }, { mentorName: search }, ...(startups.length ? [{ startup: mongoose.trusted({ $in: startups }) }] : [])] });
  }
  return filters;
}

type StoredSession = Awaited<ReturnType<typeof readSessions>>[number];

function readSessions(filters: Record<string, unknown>[], sort: Record<string, 1 | -1>, skip = 0, limit = 0) {
  const query = MentoringSession.find(filters.length === 1 ? filters[0] : { $and: filters }).sort(sort);
  if (skip) query.skip(skip);
  if (limit) query.limit(limit);
  return query.lean();
}

/** Rows of the list: notes, ratings and preparation only where the user reads them (`own`: which sessions are theirs, when found within another scope). */
async function rowsOf(user: SessionUser, sessions: StoredSession[], own: Set<string> | null): Promise<SessionRow[]> {
  const now = Date.now();
  const startups = sessions.length ? await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(sessions.map((s) => String(s.startup)))].map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean() : [];
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const shown = (s: { _id: unknown }) => !own || own.has(String(s._id));
  const [notes, rating, preparation] = [readsNotes(user), reads(user, 'mentoring.feedback.read'), reads(user, 'mentoring.preparation.read')];
  return sessions.map((s) => ({
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
    toRecord: s.status === 'scheduled' && s.end.getTime() <= now,
    place: s.place || s.videoLink || '',
    rating: rating && shown(s) ? s.feedback?.rating : undefined,
    preparation: preparation && shown(s) ? s.preparation?.rating : undefined,
    notes: notes && shown(s) ? (s.notes ?? '') : undefined,
  }));
}

/** The two halves of the list: upcoming first (soonest first), then past (latest first). */
function halves(filters: Record<string, unknown>[], when: SessionsQuery['when']) {
  const now = new Date();
  return {
    upcoming: when === 'past' ? null : [...filters, { end: mongoose.trusted({ $gt: now }) }],
    past: when === 'upcoming' ? null : [...filters, { end: mongoose.trusted({ $lte: now }) }],
  };
}

/**
 * The sessions list (paged) of what the user may see. One read of the matching sessions' times only
 * (the embedded server scans a collection for any filter but _id, and five years hold tens of
 * thousands of sessions: the scan is paid once, for small documents), ordered here, then the page's
 * twenty sessions read whole by _id.
 */
export async function listSessions(user: SessionUser, query: SessionsQuery, within?: Record<string, unknown>): Promise<Paged<SessionRow> & { shows: { notes: boolean; rating: boolean; preparation: boolean } }> {
  const shows = { notes: readsNotes(user), rating: reads(user, 'mentoring.feedback.read'), preparation: reads(user, 'mentoring.preparation.read') };
  const filters = await filterOf(user, query, within);
  if (!filters) return { ...paged([], 0, 1), shows };
  const now = Date.now();
  const times = await MentoringSession.find(filters.length === 1 ? filters[0] : { $and: filters }, { start: 1, end: 1 }).lean();
  const byStart = (a: { start: Date; _id: unknown }, b: { start: Date; _id: unknown }) => a.start.getTime() - b.start.getTime() || String(a._id).localeCompare(String(b._id));
  const upcoming = query.when === 'past' ? [] : times.filter((s) => s.end.getTime() > now).sort(byStart);
  const past = query.when === 'upcoming' ? [] : times.filter((s) => s.end.getTime() <= now).sort((a, b) => byStart(b, a));
  const ordered = [...upcoming, ...past];
  const page = Math.min(query.page, Math.max(1, Math.ceil(ordered.length / PER_PAGE)));
  const ids = ordered.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((s) => s._id);
  const found = await Promise.all(ids.map((id) => MentoringSession.findOne({ _id: id }).lean()));
  const sessions = found.filter((s): s is NonNullable<typeof s> => s !== null);
  const own = within ? await ownIds(user, sessions) : null;
  return { ...paged(await rowsOf(user, sessions, own), ordered.length, page), shows };
}

/** The CSV of exactly what the list's filters show; the notes column only for those who read notes. */
export async function exportSessions(user: SessionUser, query: SessionsQuery, locale: Locale): Promise<{ fileName: string; body: string }> {
  const filters = await filterOf(user, query);
  const { upcoming, past } = halves(filters ?? [], query.when);
  const sessions = filters ? [...(upcoming ? await readSessions(upcoming, { start: 1, _id: 1 }) : []), ...(past ? await readSessions(past, { start: -1, _id: -1 }) : [])] : [];
  const rows = await rowsOf(user, sessions, null);
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
