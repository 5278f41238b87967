import Joi from 'joi';
import { day, line, objectId, page, text, version } from '../core/http/schemas';
import { fieldError, ValidationFailed, type FieldErrors } from '../core/errors';
import { DOCUMENT_KINDS, type DocumentKind } from '../documents/model';
import { MILESTONE_DIMENSIONS } from './model';

export type Dimension = (typeof MILESTONE_DIMENSIONS)[number];

/** A due date: the programme's date rule (a real calendar day, 2000–2100), with the milestone's own message. */
const dueDate = day({ min: '2000-01-01' })
  .required()
  .messages({ 'any.required': 'validation.required', 'string.empty': 'validation.required', 'string.base': 'milestones.errors.dueDate', 'date.base': 'milestones.errors.dueDate', 'date.range': 'milestones.errors.dueDate' });

/** Plan (manager), propose (founder) and edit (manager): same fields; edit adds the version. */
const milestoneFields = {
  title: line(200).required(),
  description: text(4000).allow('').default(''),
  dimension: Joi.string().valid(...MILESTONE_DIMENSIONS).required(),
  dueDate,
};
export const milestoneSchema = Joi.object<MilestoneInput>(milestoneFields);
export type MilestoneInput = { title: string; description: string; dimension: Dimension; dueDate: Date };

export const editMilestoneSchema = Joi.object<EditMilestoneInput>({ ...milestoneFields, version });
export type EditMilestoneInput = MilestoneInput & { version: number };

export const versionOnly = Joi.object<{ version: number }>({ version });

/** The submission form (multipart): evidence, documents picked, and an optional new upload's title and kind. */
export const submitSchema = Joi.object<SubmitInput>({
  version,
  evidence: text(8000).required().messages({ 'any.required': 'milestones.errors.evidenceRequired', 'string.empty': 'milestones.errors.evidenceRequired' }),
  documents: Joi.array().single().items(objectId).max(40).default([]).messages({ 'string.hex': 'milestones.errors.documentChoice', 'string.length': 'milestones.errors.documentChoice' }),
  docTitle: line(200).allow('').default(''),
  docKind: Joi.string().valid(...DOCUMENT_KINDS, '').default(''),
});
export type SubmitInput = { version: number; evidence: string; documents: string[]; docTitle: string; docKind: DocumentKind | '' };

/** A reviewer's answer from the one comment box: approve, request changes (a comment needed), or comment only. */
export const decisionSchema = Joi.object<DecisionInput>({
  version,
  decision: Joi.string().valid('approve', 'changes', 'comment').required(),
  comment: Joi.when('decision', {
    is: Joi.valid('changes', 'comment'),
    then: text(4000).required().messages({ 'any.required': 'milestones.errors.commentRequired', 'string.empty': 'milestones.errors.commentRequired' }),
    otherwise: text(4000).allow('').default(''),
  }),
});
export type DecisionInput = { version: number; decision: 'approve' | 'changes' | 'comment'; comment: string };

/** A comment in the thread (its own field name: the decision form on the same page has a `comment` too). */
export const commentSchema = Joi.object<CommentInput>({
  note: text(4000).required(),
});
export type CommentInput = { note: string };

export const applyTrackSchema = Joi.object<ApplyTrackInput>({ track: objectId.required() });
export type ApplyTrackInput = { track: string };

export const reviewQuery = Joi.object<ReviewQuery>({
  cohort: Joi.alternatives().try(objectId, Joi.string().valid('')).default(''),
  dimension: Joi.string().valid(...MILESTONE_DIMENSIONS, '').default(''),
  page,
});
export type ReviewQuery = { cohort: string; dimension: Dimension | ''; page: number };

/** How many step rows the track form shows (filled ones plus empty ones to add steps without script). */
export const MAX_STEPS = 20;
export const EMPTY_ROWS = 3;

export interface TrackStepInput {
  title: { fr: string; en: string };
  description: { fr: string; en: string };
  dimension: Dimension;
  offsetDays: number;
}
export interface TrackInput {
  nameFr: string;
  nameEn: string;
  version?: number;
  steps: TrackStepInput[];
}

const optionalLine = (max: number) => line(max).allow('').default('');
const optionalText = (max: number) => text(max).allow('').default('');
const stepKeys: Record<string, Joi.Schema> = {};
for (let i = 0; i < MAX_STEPS; i++) {
  stepKeys[`titleFr_${i}`] = optionalLine(200);
  stepKeys[`titleEn_${i}`] = optionalLine(200);
  stepKeys[`descFr_${i}`] = optionalText(2000);
  stepKeys[`descEn_${i}`] = optionalText(2000);
  stepKeys[`dimension_${i}`] = Joi.string().valid(...MILESTONE_DIMENSIONS, '').default('');
  stepKeys[`offset_${i}`] = Joi.alternatives().try(Joi.number().integer().min(0).max(3650), Joi.string().valid('')).default('');
}

/** The track form, flat (the app parses forms without nested keys): name, then rows `<field>_<n>`. */
export const trackSchema = Joi.object<Record<string, unknown>>({
  nameFr: line(200).required(),
  nameEn: optionalLine(200),
  version: Joi.number().integer().min(0),
  ...stepKeys,
});

/** Turns the flat rows into steps: empty rows dropped, a row begun but incomplete is an error on its title. */
export function toTrackInput(value: Record<string, unknown>): TrackInput {
  const steps: TrackStepInput[] = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < MAX_STEPS; i++) {
    const get = (k: string) => value[`${k}_${i}`] as string | number | undefined;
    const filled = ['titleFr', 'titleEn', 'descFr', 'descEn', 'dimension', 'offset'].some((k) => get(k) !== undefined && get(k) !== '');
    if (!filled) continue;
    const titleFr = String(get('titleFr') ?? '');
    const dimension = String(get('dimension') ?? '');
    const offset = get('offset');
    if (!titleFr || !dimension || offset === '' || offset === undefined) {
      errors[`titleFr_${i}`] = fieldError('milestones.errors.stepIncomplete', { n: i + 1 });
      continue;
    }
    steps.push({
      title: { fr: titleFr, en: String(get('titleEn') ?? '') || titleFr },
      description: { fr: String(get('descFr') ?? ''), en: String(get('descEn') ?? '') || String(get('descFr') ?? '') },
      dimension: dimension as Dimension,
      offsetDays: Number(offset),
    });
  }
  if (Object.keys(errors).length) throw new ValidationFailed(errors);
  if (steps.length === 0) throw new ValidationFailed({ titleFr_0: fieldError('milestones.errors.trackSteps') });
  return { nameFr: String(value.nameFr), nameEn: String(value.nameEn ?? '') || String(value.nameFr), version: value.version as number | undefined, steps };
}
