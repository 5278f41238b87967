import Joi from 'joi';
import { page, searchText, version } from '../core/http/schemas';

export const COHORT_STATUSES = ['planned', 'active', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

/** A stage key in a URL: the shape the model allows, nothing else reaches a query. */
export const STAGE_KEY = /^[a-z][a-z0-9_]{0,59}$/;

/** The programme's name and description. */
export const programmeSchema = Joi.object({
  name: Joi.string().trim().min(1).max(120).required(),
  description: Joi.string().trim().max(4000).allow('').default(''),
  version,
});
export type ProgrammeInput = { name: string; description: string; version: number };

/** Form fields of the gates: `gate_<axis key>` = '' (no gate) or a level 1–9. */
export const GATE_PREFIX = 'gate_';
const GATE_MESSAGE = 'programmes.stage.gateLevel';
const gateField = Joi.number()
  .integer()
  .min(1)
  .max(9)
  .empty('')
  .messages({ 'number.base': GATE_MESSAGE, 'number.integer': GATE_MESSAGE, 'number.min': GATE_MESSAGE, 'number.max': GATE_MESSAGE, 'number.infinity': GATE_MESSAGE });

const stageFields = {
  labelFr: Joi.string().trim().min(1).max(120).required(),
  labelEn: Joi.string().trim().min(1).max(120).required(),
  criteriaFr: Joi.string().trim().max(2000).allow('').default(''),
  criteriaEn: Joi.string().trim().max(2000).allow('').default(''),
  version,
};

/** Add or edit a stage; the gates are read from the `gate_*` fields (the axes are the programme's). */
export const stageSchema = Joi.object({
  ...stageFields,
  /** Add form only: the key of the stage to insert after, '' = at the start, absent/'_end' = at the end. */
  after: Joi.string().allow('').pattern(/^(_end|[a-z][a-z0-9_]{0,59})$/).default('_end'),
})
  .pattern(new RegExp(`^${GATE_PREFIX}[a-z][a-z0-9_]{0,59}$`), gateField);
export type StageInput = {
  labelFr: string;
  labelEn: string;
  criteriaFr: string;
  criteriaEn: string;
  after: string;
  version: number;
  [gate: `gate_${string}`]: number | undefined;
};

export const moveSchema = Joi.object({ direction: Joi.string().valid('up', 'down').required(), version });
export type MoveInput = { direction: 'up' | 'down'; version: number };

export const versionOnly = Joi.object({ version });

/** A calendar day typed in an `<input type="date">` (YYYY-MM-DD); '2026-02-30' is refused, not rolled over. */
function parseDay(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
  const day = value.trim();
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  const year = date.getUTCFullYear();
  return year >= 1990 && year <= 2100 ? date : null;
}

const day = Joi.string()
  .trim()
  .required()
  .custom((value: string, helpers) => parseDay(value) ?? helpers.error('date.base'))
  .messages({ 'date.base': 'validation.date' });

export const cohortSchema = Joi.object({
  name: Joi.string().trim().min(1).max(120).required(),
  startDate: day,
  endDate: Joi.string()
    .trim()
    .required()
    .custom((value: string, helpers) => {
      const end = parseDay(value);
      if (!end) return helpers.error('date.base');
      const start = parseDay((helpers.state.ancestors[0] as Record<string, unknown>).startDate);
      return start && end.getTime() <= start.getTime() ? helpers.error('date.greater') : end;
    })
    .messages({ 'date.base': 'validation.date', 'date.greater': 'programmes.cohorts.endBeforeStart' }),
  status: Joi.string().valid(...COHORT_STATUSES).required(),
});
export type CohortInput = { name: string; startDate: Date; endDate: Date; status: CohortStatus };

export const cohortUpdateSchema = cohortSchema.keys({ version });
export type CohortUpdateInput = CohortInput & { version: number };

export const COHORT_SORTS = ['-startDate', 'startDate', 'name'] as const;

export const listCohortsQuery = Joi.object({
  q: searchText,
  status: Joi.string().valid(...COHORT_STATUSES, '').default(''),
  sort: Joi.string().valid(...COHORT_SORTS).default('-startDate'),
  page,
});
export type ListCohortsQuery = { q: string; status: CohortStatus | ''; sort: (typeof COHORT_SORTS)[number]; page: number };
