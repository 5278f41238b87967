import Joi from 'joi';
import { page, searchText, version } from '../core/http/schemas';

export const COHORT_STATUSES = ['planned', 'active', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

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

const cohortFields = {
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
};
export const cohortSchema = Joi.object<CohortInput>(cohortFields);
export type CohortInput = { name: string; startDate: Date; endDate: Date; status: CohortStatus };

export const cohortUpdateSchema = Joi.object<CohortUpdateInput>({ ...cohortFields, version });
export type CohortUpdateInput = CohortInput & { version: number };

export const COHORT_SORTS = ['-startDate', 'startDate', 'name'] as const;

export const listCohortsQuery = Joi.object<ListCohortsQuery>({
  q: searchText,
  status: Joi.string().valid(...COHORT_STATUSES, '').default(''),
  sort: Joi.string().valid(...COHORT_SORTS).default('-startDate'),
  page,
});
export type ListCohortsQuery = { q: string; status: CohortStatus | ''; sort: (typeof COHORT_SORTS)[number]; page: number };

export const versionOnly = Joi.object<{ version: number }>({ version });
