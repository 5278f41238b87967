import Joi from 'joi';
import { day as dayRule, line, objectId, page, searchText, text as cleanText, version } from '../core/http/schemas';
import { SPACE_KINDS, REQUEST_STATUSES, type SpaceKind, type RequestStatus } from './model';

/**
 * A day typed in a date field, by the one date rule of every form (src/core/http/schemas.ts: a real
 * calendar day, "2026-02-30" refused, never rolled over), kept as its YYYY-MM-DD text for the
 * hosting services' day arithmetic (days.ts).
 */
const day = dayRule({ min: '2000-01-01', max: '2100-12-31', as: 'string' });
const month = Joi.string()
  .trim()
  .pattern(/^(20\d\d)-(0[1-9]|1[0-2])$/)
  .messages({ 'string.pattern.base': 'hosting.errors.month' });
/** Optional free text (an address, notes, a reason), cleaned by the one text normalisation. */
const text = (max: number) => cleanText(max).allow('').default('');
/** A required name, one line, cleaned the same way. */
const name = (max: number) => line(max).required();
const kind = Joi.string().valid(...SPACE_KINDS);
const seats = Joi.number().integer().min(1).max(500).required().messages({ 'number.min': 'hosting.errors.seats', 'number.base': 'hosting.errors.seats', 'number.integer': 'hosting.errors.seats' });
const price = Joi.number().min(0).max(1_000_000).precision(2).required().messages({ 'number.min': 'hosting.errors.price', 'number.base': 'hosting.errors.price' });
const optionalId = objectId.empty('');

export const listQuery = Joi.object<ListQuery>({ q: searchText, page });
export type ListQuery = { q: string; page: number };

export const siteSchema = Joi.object<SiteInput>({ name: name(160), address: text(500), operator: optionalId, accessNotes: text(2000), version: Joi.number().integer().min(0).default(0) });
export type SiteInput = { name: string; address: string; operator?: string; accessNotes: string; version: number };

export const spaceSchema = Joi.object<SpaceInput>({
  name: name(160),
  kind: kind.required(),
  capacity: Joi.number().integer().min(1).max(500).required().messages({ 'number.min': 'hosting.errors.capacity', 'number.base': 'hosting.errors.capacity' }),
  areaM2: Joi.number().min(0).max(100_000).empty(''),
  pricePerSeat: price,
  openedOn: day.required(),
  requirements: Joi.array().single().items(objectId).max(50).default([]),
  version: Joi.number().integer().min(0).default(0),
});
export type SpaceInput = { name: string; kind: SpaceKind; capacity: number; areaM2?: number; pricePerSeat: number; openedOn: string; requirements: string[]; version: number };

export const requirementSchema = Joi.object<RequirementInput>({
  name: name(200),
  kind: Joi.string().valid('training', 'document').required(),
  validityMonths: Joi.number().integer().min(1).max(240).required().messages({ 'number.min': 'hosting.errors.validity', 'number.max': 'hosting.errors.validity', 'number.base': 'hosting.errors.validity' }),
});
export type RequirementInput = { name: string; kind: 'training' | 'document'; validityMonths: number };

export const recordSchema = Joi.object<RecordInput>({ requirement: objectId.required().messages({ 'any.required': 'hosting.errors.requirementRequired', 'string.empty': 'hosting.errors.requirementRequired' }), person: text(160), obtainedOn: day.required(), document: optionalId });
export type RecordInput = { requirement: string; person: string; obtainedOn: string; document?: string };

export const requestSchema = Joi.object<RequestForm>({ kind: kind.required(), space: optionalId, seats, from: day.required(), to: day.required(), note: text(2000) });
export type RequestForm = { kind: SpaceKind; space?: string; seats: number; from: string; to: string; note: string };

export const decisionSchema = Joi.object<DecisionForm>({
  decision: Joi.string().valid('approve', 'propose', 'reject').required(),
  space: optionalId,
  pricePerSeat: Joi.number().min(0).max(1_000_000).precision(2).empty('').messages({ 'number.min': 'hosting.errors.price', 'number.base': 'hosting.errors.price' }),
  reason: text(2000),
});
export type DecisionForm = { decision: 'approve' | 'propose' | 'reject'; space?: string; pricePerSeat?: number; reason: string };

export const changeSchema = Joi.object<{ to: string; reason: string; version: number }>({ to: day.required(), reason: text(1000), version });

export const requestsQuery = Joi.object<RequestsQuery>({ q: searchText, status: Joi.string().valid('', ...REQUEST_STATUSES).default('pending'), page });
export type RequestsQuery = { q: string; status: RequestStatus | ''; page: number };

export const monthQuery = Joi.object<{ month?: string }>({ month: month.empty('') });
export const timelineQuery = Joi.object<{ from?: string }>({ from: month.empty('') });
