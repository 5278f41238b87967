import type { ProgrammeFields } from '../programmes/model';

export interface AxisDefinition {
  key: string;
  label: { fr: string; en: string };
  /** Nine descriptions, index 0 = level 1 (may be empty strings until written). */
  levels: { fr: string; en: string }[];
}

const emptyLevels = (): { fr: string; en: string }[] => Array.from({ length: 9 }, () => ({ fr: '', en: '' }));

/**
 * The six default axes, after the KTH Innovation Readiness Level. The readiness feature fills in
 * the level descriptions (technology: the nine EU technology readiness levels).
 */
export const DEFAULT_AXES: AxisDefinition[] = [
  { key: 'customer', label: { fr: 'Client', en: 'Customer' }, levels: emptyLevels() },
  { key: 'technology', label: { fr: 'Technologie', en: 'Technology' }, levels: emptyLevels() },
  { key: 'business_model', label: { fr: 'Modèle économique', en: 'Business model' }, levels: emptyLevels() },
  { key: 'ipr', label: { fr: 'Propriété intellectuelle', en: 'Intellectual property' }, levels: emptyLevels() },
  { key: 'team', label: { fr: 'Équipe', en: 'Team' }, levels: emptyLevels() },
  { key: 'funding', label: { fr: 'Financement', en: 'Funding' }, levels: emptyLevels() },
];

/** The programme's axes, or the defaults when it has not customised them. */
export function axesOf(programme: Pick<ProgrammeFields, 'readinessAxes'> | null | undefined): AxisDefinition[] {
  const custom = programme?.readinessAxes ?? [];
  if (custom.length === 0) return DEFAULT_AXES;
  return custom.map((a) => ({
    key: a.key,
    label: { fr: a.label?.fr ?? a.key, en: a.label?.en ?? a.key },
    levels: Array.from({ length: 9 }, (_, i) => ({ fr: a.levels[i]?.fr ?? '', en: a.levels[i]?.en ?? '' })),
  }));
}
