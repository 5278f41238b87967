import { writeIf } from '../core/db/safe-write';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { Conflict, NotFound } from '../core/errors';
import { requireCan } from '../core/policy';
import { axesOf } from '../programmes/axes';
import { ensureProgramme as ensure } from '../programmes/ladder';
import { Programme } from '../programmes/model';
import { Startup } from '../startups/model';
import { GATE_PREFIX, STAGE_KEY, type MoveInput, type ProgrammeInput, type StageInput } from './schemas';

type Bilingual = { fr: string; en: string };

/** A stage that still has startups cannot be deleted: the page says how many. */
export class StageInUse extends Conflict {
  constructor(public readonly count: number) {
    super(count === 1 ? 'programmes.stage.inUseOne' : 'programmes.stage.inUseMany');
  }
}

export const STALE = 'programmes.stale';

export interface LadderStage {
  key: string;
  position: number;
  label: Bilingual;
  criteria: Bilingual;
  gates: { axis: string; label: Bilingual; level: number }[];
  count: number;
  first: boolean;
  last: boolean;
}

export interface Ladder {
  id: string;
  name: string;
  description: string;
  version: number;
  stages: LadderStage[];
  /** `field`: the name of the axis's gate input in the stage form. */
  axes: { key: string; label: Bilingual; field: string }[];
}

/** The programme for its settings (managers: programme.manage), created with the default ladder when there is none yet. */
async function ensureProgramme(actor: SessionUser) {
  requireCan(actor, 'programme.manage');
  return ensure(actor);
}

/** Number of startups at each stage key. */
export async function startupsPerStage(match: Record<string, unknown> = {}): Promise<Map<string, number>> {
  const grouped = await Startup.aggregate<{ _id: string; count: number }>([{ $match: match }, { $group: { _id: '$stage', count: { $sum: 1 } } }]);
  return new Map(grouped.map((g) => [String(g._id), g.count]));
}

export async function ladder(actor: SessionUser): Promise<Ladder> {
  const programme = await ensureProgramme(actor);
  const axes = axesOf(programme);
  const axisLabels = new Map(axes.map((a) => [a.key, a.label]));
  const counts = await startupsPerStage();
  const stages = programme.stages ?? [];
  return {
    id: String(programme._id),
    name: programme.name,
    description: programme.description ?? '',
    version: programme.__v ?? 0,
    axes: axes.map((a) => ({ key: a.key, label: a.label, field: `${GATE_PREFIX}${a.key}` })),
    stages: stages.map((s, i) => ({
      key: s.key,
      position: i + 1,
      label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key },
      criteria: { fr: s.criteria?.fr ?? '', en: s.criteria?.en ?? '' },
      gates: (s.minLevels ?? []).map((g) => ({ axis: g.axis, label: axisLabels.get(g.axis) ?? { fr: g.axis, en: g.axis }, level: g.level })),
      count: counts.get(s.key) ?? 0,
      first: i === 0,
      last: i === stages.length - 1,
    })),
  };
}

/** The values of the stage form for `key` (404 for a key the ladder does not have). */
export async function stageFormValues(actor: SessionUser, key: string): Promise<Record<string, unknown>> {
  const current = await ladder(actor);
  const stage = current.stages.find((s) => s.key === key);
  if (!STAGE_KEY.test(key) || !stage) throw new NotFound();
  const values: Record<string, unknown> = {
    labelFr: stage.label.fr,
    labelEn: stage.label.en,
    criteriaFr: stage.criteria.fr,
    criteriaEn: stage.criteria.en,
    version: current.version,
  };
  for (const gate of stage.gates) values[`${GATE_PREFIX}${gate.axis}`] = gate.level;
  return values;
}

/** The programme document to change, if the form saw its current version. */
async function loadForChange(version: number) {
  const programme = await Programme.findOne({}).sort({ createdAt: 1, _id: 1 });
  if (!programme) throw new NotFound();
  if (programme.__v !== version) throw new Conflict(STALE);
  return programme;
}

/** Writes `fields` only if the programme is still at the version the page showed (writeIf): else the stale-ladder message. */
async function saveChecked(programme: Awaited<ReturnType<typeof loadForChange>>, fields: Record<string, unknown>): Promise<void> {
  await writeIf(Programme, { _id: programme._id, __v: programme.__v }, { $set: fields, $inc: { __v: 1 } }, { conflict: STALE, lockKey: `programme:${String(programme._id)}` });
}

function plainStages(programme: Awaited<ReturnType<typeof loadForChange>>) {
  return programme.stages.map((s) => ({
    key: s.key,
    label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key },
    criteria: { fr: s.criteria?.fr ?? '', en: s.criteria?.en ?? '' },
    minLevels: (s.minLevels ?? []).map((g) => ({ axis: g.axis, level: g.level })),
  }));
}

/** A stage key made from the French label: ascii, lower case, `_` between words, unique in the ladder. */
export function stageKeyFrom(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let base = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  if (!/^[a-z]/.test(base)) base = base ? `stage_${base}` : 'stage';
  let key = base;
  for (let n = 2; used.has(key); n += 1) key = `${base}_${n}`;
  return key;
}

/** Gates from the form (one field per axis of the programme); gates on axes no longer listed are kept. */
function gatesFrom(input: StageInput, axisKeys: string[], previous: { axis: string; level: number }[]) {
  const fromForm = axisKeys.flatMap((axis) => {
    const level = input[`${GATE_PREFIX}${axis}`];
    return typeof level === 'number' ? [{ axis, level }] : [];
  });
  const kept = previous.filter((g) => !axisKeys.includes(g.axis));
  return [...fromForm, ...kept];
}

export async function updateProgramme(actor: SessionUser, input: ProgrammeInput): Promise<void> {
  requireCan(actor, 'programme.manage');
  const programme = await loadForChange(input.version);
  await saveChecked(programme, { name: input.name, description: input.description });
  await audit(actor, { action: 'programme.updated', entityType: 'Programme', entityId: String(programme._id), summary: input.name });
}

export async function addStage(actor: SessionUser, input: StageInput): Promise<{ key: string; label: Bilingual }> {
  requireCan(actor, 'programme.manage');
  const programme = await loadForChange(input.version);
  const stages = plainStages(programme);
  const key = stageKeyFrom(input.labelFr, stages.map((s) => s.key));
  const stage = {
    key,
    label: { fr: input.labelFr, en: input.labelEn },
    criteria: { fr: input.criteriaFr, en: input.criteriaEn },
    minLevels: gatesFrom(input, axesOf(programme).map((a) => a.key), []),
  };
  // '' = at the start; the key of a stage = after it; '_end' (or a key no longer there) = at the end.
  const afterIndex = input.after === '' ? -1 : stages.findIndex((s) => s.key === input.after);
  const at = input.after === '' ? 0 : afterIndex >= 0 ? afterIndex + 1 : stages.length;
  stages.splice(at, 0, stage);
  await saveChecked(programme, { stages });
  await audit(actor, { action: 'programme.stageAdded', entityType: 'Programme', entityId: String(programme._id), summary: `${input.labelFr} (${key}), position ${at + 1}` });
  return { key, label: stage.label };
}

export async function updateStage(actor: SessionUser, key: string, input: StageInput): Promise<{ label: Bilingual }> {
  requireCan(actor, 'programme.manage');
  const programme = await loadForChange(input.version);
  const stages = plainStages(programme);
  const stage = stages.find((s) => s.key === key);
  if (!stage) throw new NotFound();
  stage.label = { fr: input.labelFr, en: input.labelEn };
  stage.criteria = { fr: input.criteriaFr, en: input.criteriaEn };
  stage.minLevels = gatesFrom(input, axesOf(programme).map((a) => a.key), stage.minLevels);
  await saveChecked(programme, { stages });
  const gates = stage.minLevels.map((g) => `${g.axis} ≥ ${g.level}`).join(', ');
  await audit(actor, { action: 'programme.stageUpdated', entityType: 'Programme', entityId: String(programme._id), summary: `${input.labelFr} (${key})${gates ? ` — ${gates}` : ''}` });
  return { label: stage.label };
}

export async function moveStage(actor: SessionUser, key: string, input: MoveInput): Promise<{ label: Bilingual }> {
  requireCan(actor, 'programme.manage');
  const programme = await loadForChange(input.version);
  const stages = plainStages(programme);
  const from = stages.findIndex((s) => s.key === key);
  if (from < 0) throw new NotFound();
  const to = input.direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= stages.length) throw new Conflict('programmes.stage.cannotMove');
  const [stage] = stages.splice(from, 1);
  stages.splice(to, 0, stage);
  await saveChecked(programme, { stages });
  await audit(actor, { action: 'programme.stageMoved', entityType: 'Programme', entityId: String(programme._id), summary: `${stage.label.fr} (${key}): ${from + 1} → ${to + 1}` });
  return { label: stage.label };
}

export async function deleteStage(actor: SessionUser, key: string, version: number): Promise<{ label: Bilingual }> {
  requireCan(actor, 'programme.manage');
  const programme = await loadForChange(version);
  const stages = plainStages(programme);
  const index = stages.findIndex((s) => s.key === key);
  if (index < 0) throw new NotFound();
  if (stages.length === 1) throw new Conflict('programmes.stage.lastStage');
  const inUse = await Startup.countDocuments({ stage: key });
  if (inUse > 0) throw new StageInUse(inUse);
  const [stage] = stages.splice(index, 1);
  await saveChecked(programme, { stages });
  await audit(actor, { action: 'programme.stageDeleted', entityType: 'Programme', entityId: String(programme._id), summary: `${stage.label.fr} (${key})` });
  return { label: stage.label };
}
