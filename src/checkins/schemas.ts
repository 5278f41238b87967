import Joi from 'joi';
import { objectId, page, searchText, text, version } from '../core/http/schemas';
import { figuresSchema } from '../startups/schemas';

/**
 * Form schemas of the monthly check-in. The form follows the programme's axes and the startup's open
 * milestones, so its schema is built from their keys; field names are `<field>__<key>`.
 */

export const MAX_PROGRESS_NOTE = 1000;
export const MAX_SELF_NOTE = 500;

export const levelField = (axis: string): string => `level__${axis}`;
export const selfNoteField = (axis: string): string => `note__${axis}`;
export const progressField = (milestoneId: string): string => `progress__${milestoneId}`;
export const percentField = (milestoneId: string): string => `percent__${milestoneId}`;

const LEVEL_MESSAGE = 'checkins.errors.level';
const level = Joi.number()
  .integer()
  .min(1)
  .max(9)
  .required()
  .messages({ 'any.required': LEVEL_MESSAGE, 'number.base': LEVEL_MESSAGE, 'number.integer': LEVEL_MESSAGE, 'number.min': LEVEL_MESSAGE, 'number.max': LEVEL_MESSAGE, 'number.infinity': LEVEL_MESSAGE });

const PERCENT_MESSAGE = 'checkins.errors.percent';
const percent = Joi.number()
  .integer()
  .min(0)
  .max(100)
  .empty('')
  .messages({ 'number.base': PERCENT_MESSAGE, 'number.integer': PERCENT_MESSAGE, 'number.min': PERCENT_MESSAGE, 'number.max': PERCENT_MESSAGE, 'number.infinity': PERCENT_MESSAGE });

export interface CheckinInput {
  month: string;
  /** Revision of the check-in the form was drawn from; 0 = none yet this month. */
  version: number;
  headcount: number;
  fundsRaised: number;
  revenue: number;
  milestones: { milestone: string; note: string; percent?: number }[];
  selfAssessment: { axis: string; level: number; note: string }[];
}

/**
 * The check-in form: the three headline figures (read the French way or not, as the figures form
 * reads them: its own field rules are reused), a note and an optional percentage per open milestone,
 * a level (required) and a note per axis, the month and the revision.
 */
export function checkinSchema(axisKeys: string[], milestoneIds: string[]): Joi.ObjectSchema<CheckinInput> {
  const keys: Record<string, Joi.Schema> = {
    month: Joi.string().pattern(/^\d{4}-(0[1-9]|1[0-2])$/).required(),
    version,
    headcount: figuresSchema.extract('headcount'),
    fundsRaised: figuresSchema.extract('fundsRaised'),
    revenue: figuresSchema.extract('revenue'),
  };
  for (const id of milestoneIds) {
    keys[progressField(id)] = text(MAX_PROGRESS_NOTE).allow('').default('');
    keys[percentField(id)] = percent;
  }
  for (const axis of axisKeys) {
    keys[levelField(axis)] = level;
    keys[selfNoteField(axis)] = text(MAX_SELF_NOTE).allow('').default('');
  }
  return Joi.object<CheckinInput>(keys).custom((value: Record<string, unknown>) => toCheckinInput(value, axisKeys, milestoneIds));
}

/** Only the milestones the founders said something about (a note or a percentage) are kept. */
function toCheckinInput(value: Record<string, unknown>, axisKeys: string[], milestoneIds: string[]): CheckinInput {
  const milestones: CheckinInput['milestones'] = [];
  for (const id of milestoneIds) {
    const note = String(value[progressField(id)] ?? '');
    const p = value[percentField(id)];
    if (!note && typeof p !== 'number') continue;
    milestones.push(typeof p === 'number' ? { milestone: id, note, percent: p } : { milestone: id, note });
  }
  return {
    month: String(value.month),
    version: Number(value.version),
    headcount: Number(value.headcount),
    fundsRaised: Number(value.fundsRaised),
    revenue: Number(value.revenue),
    milestones,
    selfAssessment: axisKeys.map((axis) => ({ axis, level: Number(value[levelField(axis)]), note: String(value[selfNoteField(axis)] ?? '') })),
  };
}

export const FOLLOW_STATUSES = ['missing', 'done'] as const;

/** The managers' list: month (default: the current one), cohort, search, who did / did not check in. */
export const followQuery = Joi.object<FollowQuery>({
  month: Joi.string().pattern(/^\d{4}-(0[1-9]|1[0-2])$/).allow('').default(''),
  cohort: objectId.allow('').default(''),
  status: Joi.string().valid(...FOLLOW_STATUSES, '').default(''),
  q: searchText,
  page,
});
export interface FollowQuery {
  month: string;
  cohort: string;
  status: string;
  q: string;
  page: number;
}

/** Reminder buttons carry the list's filters, to come back to the same page. */
export const remindBody = Joi.object<RemindBody>({
  cohort: objectId.allow('').default(''),
  status: Joi.string().valid(...FOLLOW_STATUSES, '').default(''),
  q: searchText,
  page,
});
export type RemindBody = Omit<FollowQuery, 'month'>;
