import Joi from 'joi';
import { page, searchText } from '../core/http/schemas';

export const ENTITY_TYPES = ['User', 'Programme', 'Startup', 'Cohort', 'Document'] as const;

export const activityQuery = Joi.object<ActivityQuery>({ q: searchText, entityType: Joi.string().valid('', ...ENTITY_TYPES).default(''), page });
export type ActivityQuery = { q: string; entityType: string; page: number };
