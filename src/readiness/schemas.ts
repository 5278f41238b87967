import Joi from 'joi';
import { todayInParis } from '../core/dates';
import { day, line, page, text, version } from '../core/http/schemas';

/**
 * Form schemas of the readiness feature. The axes are the programme's (six by default), so the
 * schemas are built from their keys; field names are `<field>__<axis key>`.
 */

export const MAX_JUSTIFICATION = 500;
export const MAX_AXIS_LABEL = 60;
export const MAX_LEVEL_TEXT = 200;

export const levelField = (key: string): string => `level__${key}`;
export const justificationField = (key: string): string => `justification__${key}`;
export const targetField = (key: string): string => `target__${key}`;
export const labelField = (lang: 'fr' | 'en', key: string): string => `label_${lang}__${key}`;
export const levelTextField = (n: number, lang: 'fr' | 'en', key: string): string => `l${n}_${lang}__${key}`;

/** Today in the programme's time zone, as YYYY-MM-DD (the default and the maximum of an assessment date). */
export { todayInParis };

const LEVEL_MESSAGE = 'readiness.errors.level';
const level = Joi.number()
  .integer()
  .min(1)
  .max(9)
  .messages({ 'any.required': LEVEL_MESSAGE, 'number.base': LEVEL_MESSAGE, 'number.integer': LEVEL_MESSAGE, 'number.min': LEVEL_MESSAGE, 'number.max': LEVEL_MESSAGE, 'number.infinity': LEVEL_MESSAGE });

/** A calendar day between 2000-01-01 and today (Paris): the programme's date rule, kept as YYYY-MM-DD. */
const assessmentDate = day({ min: '2000-01-01', notFuture: true, as: 'string' })
  .required()
  .messages({ 'date.range': 'validation.date', 'date.future': 'readiness.errors.dateFuture' });

export interface AssessmentInput {
  date: string;
  submissionId: string;
  scores: { axis: string; level: number; justification: string }[];
}

/** The assessment form: a level and a justification per axis, the date, the one-time submission id. */
export function assessmentSchema(axisKeys: string[]): Joi.ObjectSchema<AssessmentInput> {
  const keys: Record<string, Joi.Schema> = {
    date: assessmentDate,
    submissionId: Joi.string().guid().required().messages({ 'any.required': 'readiness.errors.submission', 'string.guid': 'readiness.errors.submission', 'string.empty': 'readiness.errors.submission', 'string.base': 'readiness.errors.submission' }),
  };
  for (const key of axisKeys) {
    keys[levelField(key)] = level.required();
    keys[justificationField(key)] = text(MAX_JUSTIFICATION).required();
  }
  return Joi.object<AssessmentInput>(keys).custom((value: Record<string, unknown>) => toAssessmentInput(value, axisKeys));
}

function toAssessmentInput(value: Record<string, unknown>, axisKeys: string[]): AssessmentInput {
  return {
    date: String(value.date),
    submissionId: String(value.submissionId),
    scores: axisKeys.map((axis) => ({ axis, level: Number(value[levelField(axis)]), justification: String(value[justificationField(axis)]) })),
  };
}

export interface TargetsInput {
  version: number;
  /** Target level per axis key; absent = no target on that axis. */
  levels: Record<string, number>;
}

const TARGET_MESSAGE = 'readiness.errors.targetLevel';

/** The targets form: '' (no target) or 1–9 per axis, and the revision the form was drawn from (0 = none yet). */
export function targetsSchema(axisKeys: string[]): Joi.ObjectSchema<TargetsInput> {
  const keys: Record<string, Joi.Schema> = { version };
  for (const key of axisKeys) {
    keys[targetField(key)] = level.empty('').messages({ 'number.base': TARGET_MESSAGE, 'number.integer': TARGET_MESSAGE, 'number.min': TARGET_MESSAGE, 'number.max': TARGET_MESSAGE, 'number.infinity': TARGET_MESSAGE });
  }
  return Joi.object<TargetsInput>(keys).custom((value: Record<string, unknown>) => toTargetsInput(value, axisKeys));
}

function toTargetsInput(value: Record<string, unknown>, axisKeys: string[]): TargetsInput {
  const levels: Record<string, number> = {};
  for (const key of axisKeys) {
    const v = value[targetField(key)];
    if (typeof v === 'number') levels[key] = v;
  }
  return { version: Number(value.version), levels };
}

export interface AxesInput {
  version: number;
  axes: { key: string; label: { fr: string; en: string }; levels: { fr: string; en: string }[] }[];
}

/** The axes settings: both labels (required) and the nine level descriptions in both languages. */
export function axesSchema(axisKeys: string[]): Joi.ObjectSchema<AxesInput> {
  const keys: Record<string, Joi.Schema> = { version };
  for (const key of axisKeys) {
    for (const lang of ['fr', 'en'] as const) {
      keys[labelField(lang, key)] = line(MAX_AXIS_LABEL).required();
      for (let n = 1; n <= 9; n += 1) keys[levelTextField(n, lang, key)] = line(MAX_LEVEL_TEXT).allow('').default('');
    }
  }
  return Joi.object<AxesInput>(keys).custom((value: Record<string, unknown>) => toAxesInput(value, axisKeys));
}

function toAxesInput(value: Record<string, unknown>, axisKeys: string[]): AxesInput {
  return {
    version: Number(value.version),
    axes: axisKeys.map((key) => ({
      key,
      label: { fr: String(value[labelField('fr', key)]), en: String(value[labelField('en', key)]) },
      levels: Array.from({ length: 9 }, (_, i) => ({ fr: String(value[levelTextField(i + 1, 'fr', key)] ?? ''), en: String(value[levelTextField(i + 1, 'en', key)] ?? '') })),
    })),
  };
}

/** The history list of the readiness tab. */
export const historyQuery = Joi.object<{ page: number }>({ page });
