import Joi from 'joi';
import { page, searchText } from '../core/http/schemas';

export const ENTITY_TYPES = ['User', 'Programme', 'Startup', 'Cohort', 'Document', 'Referral', 'PartnerOrganisation'] as const;

/** The trail's filters; `archive`: the entries older than the live trail's year. */
export const activityQuery = Joi.object<ActivityQuery>({
  q: searchText,
  entityType: Joi.string().valid('', ...ENTITY_TYPES).default(''),
  archive: Joi.boolean().truthy('1').falsy('0', '').default(false),
  page,
});
export type ActivityQuery = { q: string; entityType: string; archive: boolean; page: number };
