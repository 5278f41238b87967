import type { Types } from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { writeIf } from '../core/db/safe-write';
import { Conflict, ValidationFailed, fieldError } from '../core/errors';
import { requireCan } from '../core/policy';
import { Cohort } from '../programmes/cohort.model';
import { ladderOf, programmeOf } from '../programmes/ladder';
import type { StartupAccess } from './access';
import { startupHeader } from './header';
import { AREAS, STARTUP_STATUSES, Startup, type StartupDoc } from './model';
import { DESCRIPTIVE_FIELDS, PROGRAMME_FIELDS, type CreateStartupInput, type EditStartupInput } from './schemas';

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

async function checkCohort(programmeId: Types.ObjectId | null | undefined, cohort: string | undefined): Promise<void> {
  if (cohort && !(await Cohort.exists({ _id: cohort, programme: programmeId ?? undefined }))) throw new ValidationFailed({ cohort: fieldError('validation.choice') });
}

export async function createStartup(actor: SessionUser, input: CreateStartupInput): Promise<string> {
  requireCan(actor, 'startups.create');
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
      team: input.team,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone,
      linkedin: input.linkedin,
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

export interface StartupEditor {
  /** Managers: the programme's fields (status, cohort, slug) too. */
  full: boolean;
  fields: readonly string[];
}

/** Who edits what: managers every field, founders the descriptive fields of their own startup; 404 for others. */
export function startupEditor(access: StartupAccess): StartupEditor {
  access.require('startups.edit');
  const full = access.can('startups.editProgrammeFields');
  return { full, fields: full ? [...DESCRIPTIVE_FIELDS, ...PROGRAMME_FIELDS] : DESCRIPTIVE_FIELDS };
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
    team: ((d.team as { name: string; role?: string }[] | undefined) ?? []).map((p) => (p.role ? `${p.name}, ${p.role}` : p.name)).join('\n'),
    contactEmail: d.contactEmail ?? '',
    contactPhone: d.contactPhone ?? '',
    linkedin: d.linkedin ?? '',
    cohort: d.cohort ? String(d.cohort) : '',
    status: d.status,
    version: d.__v ?? 0,
  };
}

/** What the edit page needs: the header, who edits what, and the current stored values. */
export async function editPage(access: StartupAccess) {
  const editor = startupEditor(access);
  return { header: await startupHeader(access), editor, values: formValues(access.record), ...(await formOptions()) };
}

/**
 * Saves the profile. Only the fields this user may change are read from `input`, whatever the
 * form posted; the write only applies to the version the form was drawn from (writeIf), so a
 * stale save is refused (Conflict) and two saves at once cannot both pass.
 */
export async function updateStartup(access: StartupAccess, input: EditStartupInput): Promise<void> {
  const editor = startupEditor(access);
  const startup = access.record;
  if (startup.__v !== input.version) throw new Conflict('errors.staleEdit');
  const values = input as unknown as Record<string, unknown>;
  if (editor.fields.includes('cohort')) await checkCohort(startup.programme ?? (await programmeOf())?._id, input.cohort);
  for (const field of editor.fields) {
    const value = values[field];
    if (field === 'website') startup.set('website', value ?? '');
    else startup.set(field, value === undefined ? undefined : value);
  }
  const changed = startup.modifiedPaths().filter((p) => editor.fields.includes(p));
  if (changed.length === 0) return;
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const field of changed) {
    const value = startup.get(field) as unknown;
    if (value === undefined || value === null) $unset[field] = '';
    else $set[field] = value;
  }
  try {
    await startup.validate(changed);
    await writeIf(Startup, { _id: startup._id, __v: input.version }, { $set, ...(Object.keys($unset).length ? { $unset } : {}), $inc: { __v: 1 } }, { lockKey: `startup:${access.id}` });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ValidationFailed({ slug: fieldError('startups.errors.slugTaken', { slug: String(values.slug) }) });
    throw err;
  }
  await audit(access.user, { action: 'startup.updated', entityType: 'Startup', entityId: access.id, summary: `${startup.name}: ${changed.join(', ')}` });
}
