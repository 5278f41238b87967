import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { escapeRegex, pageBounds, paged, sortSpec, type Paged } from '../core/http/paginate';
import { can, reachOf } from '../core/policy';
import { Cohort } from '../programmes/cohort.model';
import { ladderOf, programmeOf, stageLabel, type Ladder } from '../programmes/ladder';
import { startupFilter } from './access';
import { latestFigures, type FiguresView } from './figures';
import { AREAS, STARTUP_STATUSES, Startup } from './model';
import type { ListStartupsQuery } from './schemas';

type Bilingual = { fr: string; en: string };

export interface StartupRow {
  id: string;
  name: string;
  slug: string;
  legalName: string;
  siret: string;
  foundedAt?: Date;
  website: string;
  area: string;
  cohortName: string;
  status: string;
  stage: Bilingual;
  tags: string[];
  figures: FiguresView | null;
  updatedAt?: Date;
}

/** The Mongo filter of the list: the user's reach and the filters of the query string. Null: nothing in reach. */
async function listFilter(user: SessionUser, query: ListStartupsQuery): Promise<Record<string, unknown> | null> {
  const scope = await startupFilter(user, 'startups.read');
  if (!scope) return null;
  const and: Record<string, unknown>[] = [scope];
  if (query.q) and.push({ name: new RegExp(escapeRegex(query.q), 'i') });
  if (query.cohort) and.push({ cohort: query.cohort });
  if (query.stage) and.push({ stage: query.stage });
  if (query.status) and.push({ status: query.status });
  if (query.area) and.push({ area: query.area });
  if (query.tag) and.push({ tags: query.tag });
  return { $and: and };
}

/** Ids in list order. The ladder order is the programme's, not the alphabet: that sort is done here. */
async function orderedIds(filter: Record<string, unknown>, sort: ListStartupsQuery['sort'], ladder: Ladder): Promise<mongoose.Types.ObjectId[]> {
  if (sort === 'stage' || sort === '-stage') {
    const rank = new Map(ladder.map((s, i) => [s.key, i]));
    const docs = await Startup.find(filter, { _id: 1, name: 1, stage: 1 }).lean();
    const dir = sort === 'stage' ? 1 : -1;
    docs.sort((a, b) => dir * ((rank.get(a.stage) ?? 999) - (rank.get(b.stage) ?? 999)) || a.name.localeCompare(b.name, 'fr') || String(a._id).localeCompare(String(b._id)));
    return docs.map((d) => d._id);
  }
  const docs = await Startup.find(filter, { _id: 1 }).sort(sortSpec(sort)).lean();
  return docs.map((d) => d._id);
}

async function toRows(ids: mongoose.Types.ObjectId[], ladder: Ladder): Promise<StartupRow[]> {
  if (ids.length === 0) return [];
  const docs = await Startup.find({ _id: mongoose.trusted({ $in: ids }) }).select('-stageHistory').lean();
  const cohortIds = [...new Set(docs.map((d) => String(d.cohort ?? '')).filter(Boolean))];
  const cohorts = cohortIds.length ? await Cohort.find({ _id: mongoose.trusted({ $in: cohortIds }) }, { name: 1 }).lean() : [];
  const cohortNames = new Map(cohorts.map((c) => [String(c._id), c.name]));
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  return ids.flatMap((id) => {
    const d = byId.get(String(id));
    if (!d) return [];
    return [
      {
        id: String(d._id),
        name: d.name,
        slug: d.slug,
        legalName: d.legalName ?? '',
        siret: d.siret ?? '',
        foundedAt: d.foundedAt ?? undefined,
        website: d.website ?? '',
        area: d.area ?? 'other',
        cohortName: cohortNames.get(String(d.cohort)) ?? '',
        status: d.status ?? 'applicant',
        stage: stageLabel(ladder, d.stage ?? ''),
        tags: d.tags ?? [],
        figures: latestFigures(d.figures ?? []),
        updatedAt: d.updatedAt ?? undefined,
      },
    ];
  });
}

/** The list page: scoped (managers all, founders own, mentors assigned), filtered, sorted, paginated. */
/**
 * Below this many startups (a mentor with two, a founder with one) the list shows no filter bar:
 * seven filters over two rows are noise. A filter already in the address keeps the bar shown.
 */
export const FILTERS_FROM = 10;

export function needsFilters(total: number, filtered: boolean): boolean {
  return filtered || total > FILTERS_FROM;
}

export async function listStartups(user: SessionUser, query: ListStartupsQuery): Promise<Paged<StartupRow>> {
  const filter = await listFilter(user, query);
  if (!filter) return paged([], 0, query.page);
  const ladder = ladderOf(await programmeOf());
  const { skip, limit } = pageBounds(query.page);
  if (query.sort === 'stage' || query.sort === '-stage') {
    const ids = await orderedIds(filter, query.sort, ladder);
    return paged(await toRows(ids.slice(skip, skip + limit), ladder), ids.length, query.page);
  }
  const [docs, total] = await Promise.all([Startup.find(filter, { _id: 1 }).sort(sortSpec(query.sort)).skip(skip).limit(limit).lean(), Startup.countDocuments(filter)]);
  return paged(await toRows(docs.map((d) => d._id), ladder), total, query.page);
}

/** Every row the current filters show (all pages), in the list's order: the CSV export. */
export async function exportStartups(user: SessionUser, query: ListStartupsQuery): Promise<StartupRow[]> {
  const filter = await listFilter(user, query);
  if (!filter) return [];
  const ladder = ladderOf(await programmeOf());
  const ids = await orderedIds(filter, query.sort, ladder);
  const rows: StartupRow[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await toRows(ids.slice(i, i + 500), ladder)));
  return rows;
}

/** What the empty list says, by how far the user reaches (assigned startups, their own…). */
const EMPTY_KEYS: Record<string, string> = { assigned: 'startups.list.emptyMentor' };

/** Choices of the list filters, limited to what the user can reach (a founder never sees other cohorts' names). */
export async function listOptions(user: SessionUser) {
  const scope = (await startupFilter(user, 'startups.read')) ?? { _id: null };
  const [cohortIds, tags, programme] = await Promise.all([Startup.distinct('cohort', scope), Startup.distinct('tags', scope), programmeOf()]);
  const ids = cohortIds.filter(Boolean);
  const cohorts = ids.length ? await Cohort.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1 }).sort({ startDate: -1, name: 1 }).lean() : [];
  return {
    cohorts: cohorts.map((c) => ({ id: String(c._id), name: c.name })),
    tags: (tags as string[]).filter(Boolean).sort((a, b) => a.localeCompare(b, 'fr')),
    stages: ladderOf(programme).map((s) => ({ key: s.key, label: s.label })),
    statuses: STARTUP_STATUSES,
    areas: AREAS,
    canCreate: can(user, 'startups.create'),
    canExport: can(user, 'startups.export'),
    canPlan: can(user, 'milestones.plan'),
    emptyKey: EMPTY_KEYS[reachOf(user.role, 'startups.read')] ?? 'startups.list.emptyFounder',
  };
}
