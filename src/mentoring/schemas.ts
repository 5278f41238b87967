import Joi from 'joi';
import { day as dayRule, line, objectId, page, searchText, text as cleanText, version } from '../core/http/schemas';
import { ACTION_OWNERS, EXPERTISE, LANGUAGES, SESSION_STATUSES, type ActionOwner, type Expertise, type Language, type SessionStatus } from './model';

/**
 * A day typed in a date field, by the one date rule of every form (src/core/http/schemas.ts: a real
 * calendar day, "2026-02-30" refused, never rolled over), kept as its YYYY-MM-DD text: the mentoring
 * services place it on the Paris calendar with a time of day (days.ts).
 */
const day = dayRule({ min: '2000-01-01', max: '2100-12-31', as: 'string' });
const time = Joi.string().trim().pattern(/^([01]\d|2[0-3]):[0-5]\d$/).messages({ 'string.pattern.base': 'mentoring.errors.time', 'string.empty': 'validation.required' });
/** Optional free text, cleaned by the one text normalisation (multi-line: a textarea). */
const text = (max: number) => cleanText(max).allow('').default('');
/** Optional one-line free text (a place, an availability note), cleaned the same way. */
const oneLine = (max: number) => line(max).allow('').default('');
const videoLink = Joi.string().trim().max(500).empty('').uri({ scheme: ['http', 'https'] });

export const directoryQuery = Joi.object<DirectoryQuery>({
  q: searchText,
  expertise: Joi.string().valid('', ...EXPERTISE).default(''),
  language: Joi.string().valid('', ...LANGUAGES).default(''),
  free: Joi.boolean().truthy('1').falsy('0', '').default(false),
  page,
});
export type DirectoryQuery = { q: string; expertise: Expertise | ''; language: string; free: boolean; page: number };

export const profileSchema = Joi.object<ProfileInput>({
  expertise: Joi.array().single().items(Joi.string().valid(...EXPERTISE)).max(EXPERTISE.length).default([]),
  languages: Joi.array().single().items(Joi.string().valid(...LANGUAGES)).min(1).max(LANGUAGES.length).required(),
  bio: text(2000),
  availability: oneLine(300),
  capacityStartups: Joi.number().integer().min(0).max(50).required(),
  capacityHours: Joi.number().integer().min(0).max(200).required(),
  version: Joi.number().integer().min(0).default(0),
});
export type ProfileInput = { expertise: Expertise[]; languages: Language[]; bio: string; availability: string; capacityStartups: number; capacityHours: number; version: number };

export const assignSchema = Joi.object<AssignInput>({
  mentor: objectId.required().messages({ 'any.required': 'mentoring.errors.mentorRequired', 'string.empty': 'mentoring.errors.mentorRequired' }),
  from: day.required(),
  to: day.empty(''),
  note: text(1000),
});
export type AssignInput = { mentor: string; from: string; to?: string; note: string };

export const endSchema = Joi.object<{ version: number; note: string }>({ version, note: text(1000) });
export const extendSchema = Joi.object<{ version: number; to?: string; note: string }>({ version, to: day.empty(''), note: text(1000) });

/** A session planned (or moved): a Paris day and time, a length, where, what about. */
const sessionFields = {
  day: day.required(),
  time: time.required(),
  durationMinutes: Joi.number().integer().min(15).max(480).required(),
  place: oneLine(200),
  videoLink,
  topic: line(300).required(),
};
export const planSchema = Joi.object<PlanInput>({ ...sessionFields, mentor: objectId.empty('') });
export type PlanInput = { day: string; time: string; durationMinutes: number; place: string; videoLink?: string; topic: string; mentor?: string };
export const moveSchema = Joi.object<MoveInput>({ ...sessionFields, version });
export type MoveInput = { day: string; time: string; durationMinutes: number; place: string; videoLink?: string; topic: string; version: number };

export const cancelSchema = Joi.object<{ reason: string; version: number }>({ reason: cleanText(1000).required(), version });
export const recordSchema = Joi.object<RecordInput>({
  outcome: Joi.string().valid('held', 'no_show').required(),
  actualMinutes: Joi.when('outcome', { is: 'held', then: Joi.number().integer().min(5).max(600).required(), otherwise: Joi.any().strip() }),
  version,
});
export type RecordInput = { outcome: 'held' | 'no_show'; actualMinutes?: number; version: number };
export const notesSchema = Joi.object<{ notes: string; version: number }>({ notes: text(10_000), version });
export const actionItemSchema = Joi.object<ActionItemInput>({ text: line(500).required(), owner: Joi.string().valid(...ACTION_OWNERS).required(), due: day.empty('') });
export type ActionItemInput = { text: string; owner: ActionOwner; due?: string };
export const ratingSchema = Joi.object<{ rating: number; comment: string }>({
  rating: Joi.number().integer().min(1).max(5).required().messages({ 'any.required': 'mentoring.errors.rating', 'number.base': 'mentoring.errors.rating', 'number.min': 'mentoring.errors.rating', 'number.max': 'mentoring.errors.rating' }),
  comment: text(2000),
});

export const slotSchema = Joi.object<SlotInput>({
  day: day.required(),
  time: time.required(),
  durationMinutes: Joi.number().integer().min(15).max(240).required(),
  place: oneLine(200),
  videoLink,
  repeatWeeks: Joi.number().integer().min(1).max(26).default(1),
});
export type SlotInput = { day: string; time: string; durationMinutes: number; place: string; videoLink?: string; repeatWeeks: number };
export const bookSchema = Joi.object<{ startup: string; topic: string }>({ startup: objectId.required(), topic: line(300).required() });

export const hoursQuery = Joi.object<HoursQuery>({
  year: Joi.number().integer().min(2000).max(2100).default(() => new Date().getFullYear()),
  by: Joi.string().valid('coach', 'startup').default('coach'),
  q: searchText,
  page,
});
export type HoursQuery = { year: number; by: 'coach' | 'startup'; q: string; page: number };

export const sessionsQuery = Joi.object<SessionsQuery>({
  q: searchText,
  status: Joi.string().valid('', ...SESSION_STATUSES).default(''),
  when: Joi.string().valid('', 'upcoming', 'past').default(''),
  startup: objectId.allow('').default(''),
  page,
});
export type SessionsQuery = { q: string; status: SessionStatus | ''; when: '' | 'upcoming' | 'past'; startup: string; page: number };
