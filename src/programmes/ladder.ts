import { audit, type Actor } from '../core/audit';
import { translate } from '../core/i18n';
import { DEFAULT_STAGES, Programme } from './model';

type Bilingual = { fr: string; en: string };

/** The programme a record follows (its own when given and found, else the first one: the app runs one programme). */
export async function programmeOf(programmeId?: unknown) {
  if (programmeId) {
    const found = await Programme.findOne({ _id: programmeId }).lean();
    if (found) return found;
  }
  return Programme.findOne({}).sort({ createdAt: 1, _id: 1 }).lean();
}

export type ProgrammeRecord = NonNullable<Awaited<ReturnType<typeof programmeOf>>>;

export type Ladder = { key: string; label: Bilingual; criteria: Bilingual; minLevels: { axis: string; level: number }[] }[];

/** The maturity ladder of a programme, in order, with labels and criteria in both languages. */
export function ladderOf(programme: ProgrammeRecord | null | undefined): Ladder {
  return (programme?.stages ?? []).map((s) => ({
    key: s.key,
    label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key },
    criteria: { fr: s.criteria?.fr ?? '', en: s.criteria?.en ?? '' },
    minLevels: (s.minLevels ?? []).map((g) => ({ axis: g.axis, level: g.level })),
  }));
}

/** A stage's label; a key no longer on the ladder shows itself. */
export function stageLabel(ladder: Ladder, key: string): Bilingual {
  return ladder.find((s) => s.key === key)?.label ?? { fr: key, en: key };
}

/** The programme, created with the default ladder when there is none yet (a manager opening the settings). */
export async function ensureProgramme(actor: Actor): Promise<ProgrammeRecord> {
  const existing = await programmeOf();
  if (existing) return existing;
  const created = await Programme.create({ name: translate('fr', 'programmes.defaultName'), stages: DEFAULT_STAGES });
  await audit(actor, { action: 'programme.created', entityType: 'Programme', entityId: String(created._id), summary: created.name });
  return (await programmeOf()) ?? created.toObject();
}
