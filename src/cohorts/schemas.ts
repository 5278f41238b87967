import Joi from 'joi';
import { day, line, objectId, page, searchText, version } from '../core/http/schemas';
import { COHORT_STATUSES, type CohortStatus } from '../programmes/cohort.model';

export { COHORT_STATUSES, type CohortStatus };
/** The form's status: 'auto' (follows the dates, the default) or one a manager forces. */
export const STATUS_CHOICES = ['auto', ...COHORT_STATUSES] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number];

const cohortFields = {
  name: line(120).required(),
  startDate: day({ min: '1990-01-01' }).required(),
  endDate: day({ min: '1990-01-01', after: 'startDate' }).required().messages({ 'date.after': 'programmes.cohorts.endBeforeStart' }),
  status: Joi.string().valid(...STATUS_CHOICES).default('auto'),
};
export const cohortSchema = Joi.object<CohortInput>(cohortFields);
export type CohortInput = { name: string; startDate: Date; endDate: Date; status: StatusChoice };

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

/** Startups added to a cohort from its page (checkboxes). */
export const addStartupsSchema = Joi.object<AddStartupsInput>({
  startups: Joi.array().single().items(objectId).min(1).max(200).required().messages({ 'array.min': 'programmes.cohorts.pickStartups', 'any.required': 'programmes.cohorts.pickStartups' }),
});
export type AddStartupsInput = { startups: string[] };
