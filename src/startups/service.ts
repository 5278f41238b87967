import mongoose from 'mongoose';
import { audit, type Actor } from '../core/audit';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { escapeRegex, pageBounds, paged, sortSpec, type Paged } from '../core/http/paginate';
import { FOUNDER_EDITABLE_STARTUP_FIELDS, can, relationTo, startupScope } from '../core/policy';
import { Cohort } from '../programmes/cohort.model';
import { Programme } from '../programmes/model';
import type { SessionUser } from '../users/model';
import { findStartupFor } from './access';
import { latestFigures, type FiguresView } from './figures';
import { startupHeader } from './header';
import { withStartupLock } from './lock';
import { AREAS, STARTUP_STATUSES, Startup, type StartupDoc } from './model';
import type { CreateStartupInput, EditStartupInput, ListStartupsQuery } from './schemas';

type Bilingual = { fr: string; en: string };

/** Fields a manager's edit form sets (the stage moves through stage.service.ts, never here). */
export const MANAGER_EDITABLE_STARTUP_FIELDS = [...FOUNDER_EDITABLE_STARTUP_FIELDS, 'slug', 'cohort', 'status'] as const;

/** The programme a startup belongs to, or the first one (one programme per installation today). */
export async function programmeOf(programmeId?: unknown) {
  if (programmeId) {
    const found = await Programme.findOne({ _id: programmeId }).lean();
    if (found) return found;
  }
  return Programme.findOne({}).sort({ createdAt: 1 }).lean();
}

export type Ladder = { key: string; label: Bilingual; criteria: Bilingual; minLevels: { axis: string; level: number }[] }[];

export function ladderOf(programme: Awaited<ReturnType<typeof programmeOf>>): Ladder {
  return (programme?.stages ?? []).map((s) => ({
    key: s.key,
    label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key },
    criteria: { fr: s.criteria?.fr ?? '', en: s.criteria?.en ?? '' },
    minLevels: (s.minLevels ?? []).map((g) => ({ axis: g.axis, level: g.level })),
  }));
}

const stageLabel = (ladder: Ladder, key: string): Bilingual => ladder.find((s) => s.key === key)?.label ?? { fr: key, en: key };

/** "CardioSense Médical" → "cardiosense-medical". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'startup';
}

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

/** The Mongo filter of the list: the user's scope and the filters of the query string. Null: nothing in reach. */
async function listFilter(user: SessionUser, query: ListStartupsQuery): Promise<Record<string, unknown> | null> {
  const scope = await startupScope(user);
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

/** Choices of the list filters, limited to what the user can reach (a founder never sees other cohorts' names). */
export async function listOptions(user: SessionUser) {
  const scope = (await startupScope(user)) ?? { _id: null };
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
    /** What the empty list says to someone who cannot create startups. */
    emptyKey: user.role === 'mentor' ? 'startups.list.emptyMentor' : 'startups.list.emptyFounder',
  };
}

/** Choices of the create and edit forms. */
export async function formOptions() {
  const programme = await programmeOf();
  const cohorts = programme ? await Cohort.find({ programme: programme._id }, { name: 1, status: 1 }).sort({ startDate: -1, name: 1 }).lean() : [];
  return {
    cohorts: cohorts.map((c) => ({ id: String(c._id), name: c.name, status: c.status })),
    stages: ladderOf(programme).map((s) => ({ key: s.key, label: s.label })),
    statuses: STARTUP_STATUSES,
    areas: AREAS,
  };
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

async function checkCohort(programmeId: mongoose.Types.ObjectId | null | undefined, cohort: string | undefined): Promise<void> {
  if (cohort && !(await Cohort.exists({ _id: cohort, programme: programmeId ?? undefined }))) throw new ValidationFailed({ cohort: fieldError('validation.choice') });
}

export async function createStartup(actor: Actor, input: CreateStartupInput): Promise<string> {
  const programme = await programmeOf();
  if (!programme) throw new ValidationFailed({ stage: fieldError('startups.errors.noProgramme') });
  if (!programme.stages.some((s) => s.key === input.stage)) throw new ValidationFailed({ stage: fieldError('validation.choice') });
  await checkCohort(programme._id, input.cohort);
  const slug = input.slug ?? slugify(input.name);
  const now = new Date();
  let startup;
  try {
    startup = await Startup.create({
      name: input.name,
      slug,
      legalName: input.legalName,
      siret: input.siret,
      foundedAt: input.foundedAt,
      area: input.area,
      pitch: input.pitch,
      website: input.website ?? '',
      tags: input.tags,
      programme: programme._id,
      cohort: input.cohort,
      status: input.status,
      stage: input.stage,
      stageHistory: [{ stage: input.stage, from: null, at: now, by: actor.id, byName: actor.name, note: '', direction: 'initial' }],
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ValidationFailed({ slug: fieldError('startups.errors.slugTaken', { slug }) });
    throw err;
  }
  const id = String(startup._id);
  await audit(actor, { action: 'startup.created', entityType: 'Startup', entityId: id, summary: `${startup.name} (${slug})` });
  return id;
}

/** Who edits what: managers every field, founders the descriptive fields of their own startup. 404 outside reach. */
export async function startupEditor(user: SessionUser, id: string): Promise<{ full: boolean; fields: readonly string[] }> {
  await findStartupFor(user, id);
  const relation = await relationTo(user, id);
  if (!can(user, 'startups.edit') || (relation !== 'all' && relation !== 'own')) throw new NotFound();
  return relation === 'all' ? { full: true, fields: MANAGER_EDITABLE_STARTUP_FIELDS } : { full: false, fields: FOUNDER_EDITABLE_STARTUP_FIELDS };
}

/** The stored values as the edit form shows them. */
export function formValues(s: StartupDoc): Record<string, unknown> {
  const d = s.toObject() as Record<string, unknown>;
  const date = d.foundedAt instanceof Date ? d.foundedAt.toISOString().slice(0, 10) : '';
  return {
    name: d.name,
    slug: d.slug,
    legalName: d.legalName ?? '',
    siret: d.siret ?? '',
    foundedAt: date,
    area: d.area,
    pitch: d.pitch ?? '',
    website: d.website ?? '',
    tags: ((d.tags as string[] | undefined) ?? []).join(', '),
    cohort: d.cohort ? String(d.cohort) : '',
    status: d.status,
    version: d.__v ?? 0,
  };
}

/** What the edit page needs: the header, who edits what, and the current stored values. */
export async function editPage(user: SessionUser, id: string) {
  const editor = await startupEditor(user, id);
  const startup = await findStartupFor(user, id);
  return { header: await startupHeader(user, startup), editor, values: formValues(startup), ...(await formOptions()) };
}

/**
 * Saves the profile. Only the fields this user may change are read from `input` (the list of
 * policy.ts for founders), whatever the form posted; a stale version is refused (Conflict).
 */
export async function updateStartup(user: SessionUser, id: string, input: EditStartupInput): Promise<void> {
  await startupEditor(user, id);
  // One writer at a time per startup: the version check below is then race-free on FerretDB too (lock.ts).
  await withStartupLock(id, () => saveProfile(user, id, input));
}

async function saveProfile(user: SessionUser, id: string, input: EditStartupInput): Promise<void> {
  const editor = await startupEditor(user, id);
  const startup = await findStartupFor(user, id);
  if (startup.__v !== input.version) throw new Conflict('errors.staleEdit');
  const values = input as unknown as Record<string, unknown>;
  if (editor.fields.includes('cohort')) await checkCohort(startup.programme ?? (await programmeOf())?._id, input.cohort);
  for (const field of editor.fields) {
    const value = values[field];
    if (field === 'website') startup.set('website', value ?? '');
    else startup.set(field, value === undefined ? undefined : value);
  }
  const changed = startup.modifiedPaths().filter((p) => (editor.fields as readonly string[]).includes(p));
  if (changed.length === 0) return;
  try {
    await startup.save();
  } catch (err) {
    if (err instanceof mongoose.Error.VersionError) throw new Conflict('errors.staleEdit');
    if (isDuplicateKey(err)) throw new ValidationFailed({ slug: fieldError('startups.errors.slugTaken', { slug: String(values.slug) }) });
    throw err;
  }
  await audit(user, { action: 'startup.updated', entityType: 'Startup', entityId: id, summary: `${startup.name}: ${changed.join(', ')}` });
}
