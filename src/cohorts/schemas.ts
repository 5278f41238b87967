import Joi from 'joi';
import { day, line, page, searchText, version } from '../core/http/schemas';

export const COHORT_STATUSES = ['planned', 'active', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

const cohortFields = {
  name: line(120).required(),
  startDate: day({ min: '1990-01-01' }).required(),
  endDate: day({ min: '1990-01-01', after: 'startDate' }).required().messages({ 'date.after': 'programmes.cohorts.endBeforeStart' }),
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
