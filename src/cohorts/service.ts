import { writeIf } from '../core/db/safe-write';
import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { escapeRegex, pageBounds, paged, sortSpec, type Paged } from '../core/http/paginate';
import { requireCan } from '../core/policy';
import { Cohort, cohortStatus, cohortStatusFilter, statusByDates } from '../programmes/cohort.model';
import { ensureProgramme, programmeOf } from '../programmes/ladder';
import { Startup } from '../startups/model';
import type { CohortInput, CohortStatus, CohortUpdateInput, ListCohortsQuery, StatusChoice } from './schemas';

type Bilingual = { fr: string; en: string };

export interface CohortRow {
  id: string;
  name: string;
  startDate: Date;
  endDate: Date;
  status: CohortStatus;
  /** Whether the status follows the dates (else a manager set it). */
  auto: boolean;
  startups: number;
}

export interface CohortDetail extends Omit<CohortRow, 'startups'> {
  version: number;
  startups: { id: string; name: string; stage: { key: string; label: Bilingual; known: boolean }; status: string }[];
  /** Every stage of the ladder, in order, with how many of the cohort's startups sit there (zero included). */
  byStage: { key: string; label: Bilingual; count: number }[];
  /** Startups whose stage is not on the ladder any more. */
  offLadder: number;
}

const NAME_TAKEN = 'programmes.cohorts.nameTaken';
const STALE = 'errors.staleEdit';

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

/** Unknown and malformed ids are the same 404. */
function cohortId(id: string): string {
  if (!isObjectId(id)) throw new NotFound();
  return id;
}

export async function listCohorts(user: SessionUser, query: ListCohortsQuery): Promise<Paged<CohortRow>> {
  requireCan(user, 'programme.manage');
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = new RegExp(escapeRegex(query.q), 'i');
  if (query.status) Object.assign(filter, cohortStatusFilter(query.status));
  const { skip, limit } = pageBounds(query.page);
  const [docs, total] = await Promise.all([Cohort.find(filter).sort(sortSpec(query.sort)).skip(skip).limit(limit).lean(), Cohort.countDocuments(filter)]);
  const counts = docs.length
    ? await Startup.aggregate<{ _id: unknown; count: number }>([
        { $match: { cohort: mongoose.trusted({ $in: docs.map((d) => d._id) }) } },
        { $group: { _id: '$cohort', count: { $sum: 1 } } },
      ])
    : [];
  const byCohort = new Map(counts.map((c) => [String(c._id), c.count]));
  const items = docs.map((c) => ({
    id: String(c._id),
    name: c.name,
    startDate: c.startDate,
    endDate: c.endDate,
    status: cohortStatus(c),
    auto: c.statusSource !== 'fixed',
    startups: byCohort.get(String(c._id)) ?? 0,
  }));
  return paged(items, total, query.page);
}

export async function getCohort(user: SessionUser, id: string): Promise<CohortDetail> {
  requireCan(user, 'programme.manage');
  const cohort = await Cohort.findOne({ _id: cohortId(id) }).lean();
  if (!cohort) throw new NotFound();
  const [programme, startups] = await Promise.all([programmeOf(), Startup.find({ cohort: cohort._id }).sort({ name: 1, _id: 1 }).limit(1000).lean()]);
  const stages = (programme?.stages ?? []).map((s) => ({ key: s.key, label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key } }));
  const labels = new Map(stages.map((s) => [s.key, s.label]));
  const counts = new Map<string, number>();
  for (const s of startups) counts.set(s.stage, (counts.get(s.stage) ?? 0) + 1);
  return {
    id: String(cohort._id),
    name: cohort.name,
    startDate: cohort.startDate,
    endDate: cohort.endDate,
    status: cohortStatus(cohort),
    auto: cohort.statusSource !== 'fixed',
    version: cohort.__v ?? 0,
    startups: startups.map((s) => ({
      id: String(s._id),
      name: s.name,
      stage: { key: s.stage, label: labels.get(s.stage) ?? { fr: s.stage, en: s.stage }, known: labels.has(s.stage) },
      status: s.status,
    })),
    byStage: stages.map((s) => ({ ...s, count: counts.get(s.key) ?? 0 })),
    offLadder: startups.filter((s) => !labels.has(s.stage)).length,
  };
}

/** What the form's status choice stores: 'auto' follows the dates (the stored status is kept in step for reading), else the manager's choice. */
function statusFields(input: { status: StatusChoice; startDate: Date; endDate: Date }): { status: CohortStatus; statusSource: 'dates' | 'fixed' } {
  return input.status === 'auto' ? { status: statusByDates(input.startDate, input.endDate), statusSource: 'dates' } : { status: input.status, statusSource: 'fixed' };
}

/** A calendar day for `<input type="date">`. */
const dayValue = (d: Date | null | undefined): string => (d ? new Date(d).toISOString().slice(0, 10) : '');

export async function cohortFormValues(user: SessionUser, id: string): Promise<{ cohort: CohortDetail; values: Record<string, unknown> }> {
  const cohort = await getCohort(user, id);
  return {
    cohort,
    values: { name: cohort.name, startDate: dayValue(cohort.startDate), endDate: dayValue(cohort.endDate), status: cohort.auto ? 'auto' : cohort.status, version: cohort.version },
  };
}

/**
 * Names are unique in the programme whatever their case ("Boost 2026" and "boost 2026" are the same cohort).
 * Compared here rather than with a case-insensitive regex: mongo-java-server cannot run a regex against the
 * compound unique index {programme, name}. A programme has few cohorts.
 */
async function assertNameFree(programme: unknown, name: string, exceptId?: string): Promise<void> {
  const wanted = name.toLowerCase();
  const filter: Record<string, unknown> = { programme };
  const cohorts = await Cohort.find(filter, { name: 1 }).lean();
  const taken = cohorts.some((c) => String(c._id) !== exceptId && c.name.toLowerCase() === wanted);
  if (taken) throw new ValidationFailed({ name: fieldError(NAME_TAKEN) });
}

export async function createCohort(actor: SessionUser, input: CohortInput): Promise<{ id: string }> {
  requireCan(actor, 'programme.manage');
  const programme = await ensureProgramme(actor);
  await assertNameFree(programme._id, input.name);
  let cohort;
  try {
    cohort = await Cohort.create({ programme: programme._id, name: input.name, startDate: input.startDate, endDate: input.endDate, ...statusFields(input) });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ValidationFailed({ name: fieldError(NAME_TAKEN) });
    throw err;
  }
  const id = String(cohort._id);
  await audit(actor, { action: 'cohort.created', entityType: 'Cohort', entityId: id, summary: `${input.name} (${input.status})` });
  return { id };
}

async function loadForChange(id: string, version: number) {
  const cohort = await Cohort.findOne({ _id: cohortId(id) });
  if (!cohort) throw new NotFound();
  if (cohort.__v !== version) throw new Conflict(STALE);
  return cohort;
}

/** Writes `fields` only if the cohort is still at the version the page showed (writeIf). */
async function saveChecked(cohort: Awaited<ReturnType<typeof loadForChange>>, fields: Record<string, unknown>): Promise<void> {
  try {
    await writeIf(Cohort, { _id: cohort._id, __v: cohort.__v }, { $set: fields, $inc: { __v: 1 } }, { conflict: STALE, lockKey: `cohort:${String(cohort._id)}` });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ValidationFailed({ name: fieldError(NAME_TAKEN) });
    throw err;
  }
}

export async function updateCohort(actor: SessionUser, id: string, input: CohortUpdateInput): Promise<{ name: string }> {
  requireCan(actor, 'programme.manage');
  const cohort = await loadForChange(id, input.version);
  await assertNameFree(cohort.programme, input.name, id);
  const before = `${cohort.name} (${cohort.statusSource === 'fixed' ? cohortStatus(cohort) : 'auto'})`;
  await saveChecked(cohort, { name: input.name, startDate: input.startDate, endDate: input.endDate, ...statusFields(input) });
  await audit(actor, { action: 'cohort.updated', entityType: 'Cohort', entityId: id, summary: `${before} → ${input.name} (${input.status})` });
  return { name: input.name };
}

export async function closeCohort(actor: SessionUser, id: string, version: number): Promise<{ name: string }> {
  requireCan(actor, 'programme.manage');
  const cohort = await loadForChange(id, version);
  if (cohortStatus(cohort) === 'closed') throw new Conflict('programmes.cohorts.alreadyClosed');
  await saveChecked(cohort, { status: 'closed', statusSource: 'fixed' });
  await audit(actor, { action: 'cohort.closed', entityType: 'Cohort', entityId: id, summary: cohort.name });
  return { name: cohort.name };
}

/** The programme's startups that are not in the cohort, for the cohort page's picker (name and current cohort). */
export async function startupsToAdd(user: SessionUser, id: string): Promise<{ id: string; name: string; cohortName: string }[]> {
  requireCan(user, 'programme.manage');
  const cohort = await Cohort.findOne({ _id: cohortId(id) }, { programme: 1 }).lean();
  if (!cohort) throw new NotFound();
  const [startups, cohorts] = await Promise.all([
    Startup.find({ programme: cohort.programme }, { name: 1, cohort: 1 }).sort({ name: 1, _id: 1 }).limit(2000).lean(),
    Cohort.find({ programme: cohort.programme }, { name: 1 }).lean(),
  ]);
  const names = new Map(cohorts.map((c) => [String(c._id), c.name]));
  return startups.filter((s) => String(s.cohort ?? '') !== id).map((s) => ({ id: String(s._id), name: s.name, cohortName: names.get(String(s.cohort ?? '')) ?? '' }));
}

/**
 * Puts startups of the programme into the cohort (a manager's field of their profiles): each one's
 * version goes up, so a profile form opened before shows what changed instead of undoing it.
 */
export async function addStartups(actor: SessionUser, id: string, startupIds: string[]): Promise<{ name: string; count: number }> {
  requireCan(actor, 'programme.manage');
  const cohort = await Cohort.findOne({ _id: cohortId(id) }).lean();
  if (!cohort) throw new NotFound();
  const wanted = [...new Set(startupIds)].map((s) => new mongoose.Types.ObjectId(s));
  const found = await Startup.find({ _id: mongoose.trusted({ $in: wanted }), programme: cohort.programme }, { name: 1, cohort: 1 }).lean();
  if (found.length !== wanted.length) throw new ValidationFailed({ startups: fieldError('validation.choice') });
  const moving = found.filter((s) => String(s.cohort ?? '') !== id);
  if (moving.length > 0) await Startup.updateMany({ _id: mongoose.trusted({ $in: moving.map((s) => s._id) }) }, { $set: { cohort: cohort._id }, $inc: { __v: 1 } });
  for (const s of moving) await audit(actor, { action: 'startup.updated', entityType: 'Startup', entityId: String(s._id), summary: `${s.name}: cohort → ${cohort.name}` });
  return { name: cohort.name, count: moving.length };
}
