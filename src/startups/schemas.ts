import Joi from 'joi';
import { day, email, line, objectId, page, searchText, text, version } from '../core/http/schemas';
import { AREAS, STARTUP_STATUSES } from './model';
import { parseAmount } from './numbers';
import { isValidSiret } from './siret';

export const LIST_SORTS = ['name', '-name', 'stage', '-stage', '-updatedAt', 'updatedAt', '-createdAt', 'createdAt'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

const stageKey = Joi.string().trim().max(40).pattern(/^[a-z][a-z0-9_]*$/);

/** The list and the CSV export read the same query: the export is exactly what the filters show. */
export const listStartupsQuery = Joi.object<ListStartupsQuery>({
  q: searchText,
  cohort: objectId.allow('').default(''),
  stage: stageKey.allow('').default(''),
  status: Joi.string().valid(...STARTUP_STATUSES, '').default(''),
  area: Joi.string().valid(...AREAS, '').default(''),
  tag: line(30).allow('').default(''),
  sort: Joi.string().valid(...LIST_SORTS).default('name'),
  page,
});
export interface ListStartupsQuery {
  q: string;
  cohort: string;
  stage: string;
  status: string;
  area: string;
  tag: string;
  sort: ListSort;
  page: number;
}

/** Comma-separated tags → a list: trimmed, no empties, duplicates (any case) once, at most 12 of 30 characters. */
const tags = line(500)
  .allow('')
  .default('')
  .custom((value: string, helpers) => {
    const out: string[] = [];
    for (const raw of value.split(',')) {
      const tag = raw.replace(/\s+/g, ' ').trim();
      if (!tag) continue;
      if (tag.length > 30) return helpers.error('tags.tooLong');
      if (!out.some((t) => t.toLowerCase() === tag.toLowerCase())) out.push(tag);
    }
    if (out.length > 12) return helpers.error('tags.tooMany');
    return out;
  })
  .messages({ 'tags.tooLong': 'startups.errors.tagTooLong', 'tags.tooMany': 'startups.errors.tagsTooMany' });

/**
 * The team, one person per line: "Name, role" (or "Name — role"); blank lines skipped, at most 12
 * people, each part cleaned like every other text field (the line rule).
 */
const team = text(3000)
  .empty('')
  .default([])
  .custom((value: string, helpers) => {
    const people: { name: string; role: string }[] = [];
    for (const raw of value.split('\n')) {
      if (!raw.trim()) continue;
      const cut = raw.search(/,| — | - /);
      const name = (cut === -1 ? raw : raw.slice(0, cut)).trim();
      const role = (cut === -1 ? '' : raw.slice(cut).replace(/^(,| — | - )/, '')).trim();
      if (!name) return helpers.error('team.noName');
      if (name.length > 120 || role.length > 120) return helpers.error('team.tooLong');
      people.push({ name, role });
    }
    if (people.length > 12) return helpers.error('team.tooMany');
    return people;
  })
  .messages({ 'team.noName': 'startups.errors.teamNoName', 'team.tooLong': 'startups.errors.teamTooLong', 'team.tooMany': 'startups.errors.teamTooMany' });

const siret = Joi.string()
  .replace(/[\s\u00a0]/g, '')
  .empty('')
  .pattern(/^\d{14}$/)
  .custom((value: string, helpers) => (isValidSiret(value) ? value : helpers.error('siret.luhn')))
  .messages({ 'string.pattern.base': 'startups.errors.siretLength', 'siret.luhn': 'startups.errors.siretLuhn' });

/** The descriptive fields of a profile: what a founder may change on their own startup (policy: startups.edit). */
export const DESCRIPTIVE_FIELDS = ['name', 'legalName', 'siret', 'foundedAt', 'area', 'pitch', 'website', 'tags', 'team', 'contactEmail', 'contactPhone', 'linkedin'] as const;
/** The programme's fields of a profile: managers only (policy: startups.editProgrammeFields). The stage moves apart. */
export const PROGRAMME_FIELDS = ['slug', 'cohort', 'status'] as const;

const descriptive = {
  name: line(120).required(),
  legalName: line(200).allow('').default(''),
  siret,
  foundedAt: day({ min: '1900-01-01', notFuture: true }).empty('').messages({ 'date.future': 'startups.errors.futureDate' }),
  area: Joi.string().valid(...AREAS).required(),
  pitch: text(2000).allow('').default(''),
  website: Joi.string().trim().max(300).empty('').uri({ scheme: ['http', 'https'] }),
  tags,
  team,
  contactEmail: email.allow('').default(''),
  contactPhone: Joi.string().trim().max(30).allow('').default('').pattern(/^\+?[0-9][0-9 ().-]{5,28}$/).messages({ 'string.pattern.base': 'startups.errors.phone' }),
  linkedin: Joi.string().trim().max(300).allow('').default('').uri({ scheme: ['https'] }).pattern(/^https:\/\/([a-z]{2,3}\.)?linkedin\.com\//i).messages({ 'string.pattern.base': 'startups.errors.linkedin', 'string.uri': 'startups.errors.linkedin', 'string.uriCustomScheme': 'startups.errors.linkedin' }),
};

const slug = Joi.string()
  .trim()
  .lowercase()
  .max(60)
  .empty('')
  .pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .messages({ 'string.pattern.base': 'startups.errors.slugFormat' });

/** Manager's "new startup" form. The programme is the first one; the stage given is the initial one. */
export const createStartupSchema = Joi.object<CreateStartupInput>({
  ...descriptive,
  slug,
  cohort: objectId.empty(''),
  status: Joi.string().valid(...STARTUP_STATUSES).required(),
  stage: stageKey.required(),
});
export interface DescriptiveInput {
  name: string;
  legalName: string;
  siret?: string;
  foundedAt?: Date;
  area: (typeof AREAS)[number];
  pitch: string;
  website?: string;
  tags: string[];
  team?: { name: string; role: string }[];
  contactEmail?: string;
  contactPhone?: string;
  linkedin?: string;
}
export interface CreateStartupInput extends DescriptiveInput {
  slug?: string;
  cohort?: string;
  status: (typeof STARTUP_STATUSES)[number];
  stage: string;
}

/** Manager's edit form: every field but the stage (a stage changes through a move, which keeps the history). */
export const managerEditSchema = Joi.object<EditStartupInput>({ ...descriptive, slug: slug.required(), cohort: objectId.empty(''), status: Joi.string().valid(...STARTUP_STATUSES).required(), version });
/** Founder's edit form: the descriptive fields only; anything else posted is dropped. */
export const founderEditSchema = Joi.object<EditStartupInput>({ ...descriptive, version });
export interface EditStartupInput extends DescriptiveInput {
  slug?: string;
  cohort?: string;
  status?: (typeof STARTUP_STATUSES)[number];
  version: number;
}

/** A stage move: the target, a required note, the version seen, and the confirmation of missing gates. */
export const moveStageSchema = Joi.object<MoveStageInput>({
  stage: stageKey.required(),
  note: text(2000).required(),
  version,
  confirmOverride: Joi.boolean().truthy('1').falsy('0', '').default(false),
});
export interface MoveStageInput {
  stage: string;
  note: string;
  version: number;
  confirmOverride: boolean;
}

const NUMBER_MESSAGES = { 'number.base': 'validation.number', 'number.min': 'validation.numberMin', 'number.max': 'validation.numberMax', 'number.integer': 'validation.integer' };

/** An amount in euros, typed the French way ("1 500 000", "1500000,50") or not; at least 0. */
const euros = Joi.string()
  .trim()
  .max(30)
  .required()
  .custom((value: string, helpers) => {
    const n = parseAmount(value);
    if (n === undefined) return helpers.error('number.base');
    if (n < 0) return helpers.error('number.min', { limit: 0 });
    if (n > 1e12) return helpers.error('number.max', { limit: '1 000 000 000 000' });
    return n;
  })
  .messages(NUMBER_MESSAGES)
  .meta({ rule: 'amount' });

const headcount = Joi.string()
  .trim()
  .max(12)
  .required()
  .custom((value: string, helpers) => {
    const n = parseAmount(value);
    if (n === undefined) return helpers.error('number.base');
    if (!Number.isInteger(n)) return helpers.error('number.integer');
    if (n < 0) return helpers.error('number.min', { limit: 0 });
    if (n > 100000) return helpers.error('number.max', { limit: 100000 });
    return n;
  })
  .messages(NUMBER_MESSAGES)
  .meta({ rule: 'amount' });

export const figuresSchema = Joi.object<FiguresInput>({
  asOf: day({ min: '1990-01-01', notFuture: true }).required().messages({ 'string.empty': 'validation.date', 'date.future': 'startups.errors.futureDate' }),
  headcount,
  fundsRaised: euros,
  revenue: euros,
});
export interface FiguresInput {
  asOf: Date;
  headcount: number;
  fundsRaised: number;
  revenue: number;
}
