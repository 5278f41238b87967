import Joi from 'joi';
import { email, line, locale, page, searchText, text, version } from '../core/http/schemas';
import { PARTNER_KINDS, type PartnerKind } from './model';

/** The partner directory's list: a search on the name, one kind ('' for all). */
export interface DirectoryQuery {
  q: string;
  kind: PartnerKind | '';
  page: number;
}
export const directoryQuery = Joi.object<DirectoryQuery>({
  q: searchText,
  kind: Joi.string().valid(...PARTNER_KINDS, '').default(''),
  page,
});

/** A manager's form for an organisation: who it is, what it does, whom to write to. */
export interface OrganisationInput {
  name: string;
  kind: PartnerKind;
  description: string;
  website: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  /** Editing: the version the form was drawn from. */
  version?: number;
}
export const organisationSchema = Joi.object<OrganisationInput>({
  name: line(160).required(),
  kind: Joi.string().valid(...PARTNER_KINDS).required(),
  description: text(4000).allow('').default(''),
  website: Joi.string().trim().max(300).allow('').default('').uri({ scheme: ['http', 'https'] }).messages({ 'string.uri': 'partners.errors.website', 'string.uriCustomScheme': 'partners.errors.website' }),
  contactName: line(120).allow('').default(''),
  contactEmail: email.allow('').default(''),
  contactPhone: Joi.string().trim().max(30).allow('').default('').pattern(/^\+?[0-9][0-9 ().-]{5,28}$/).messages({ 'string.pattern.base': 'partners.errors.phone' }),
  version: version.optional(),
});
/** Editing: the version the form was drawn from is required (a stale save is refused). */
export const organisationEditSchema = organisationSchema.keys({ version });

/** A pack the organisation offers: its name in both languages, what it holds, its usual answer time. */
export interface PackInput {
  nameFr: string;
  nameEn: string;
  description: string;
  typicalResponseDays: number;
  /** The organisation's version the form was drawn from (packs live in its document). */
  version: number;
}
export const packSchema = Joi.object<PackInput>({
  nameFr: line(160).required(),
  nameEn: line(160).required(),
  description: text(2000).allow('').default(''),
  typicalResponseDays: Joi.number().integer().min(1).max(365).required().messages({ 'number.base': 'partners.errors.days', 'number.min': 'partners.errors.days', 'number.max': 'partners.errors.days', 'number.integer': 'partners.errors.days' }),
  version,
});

/** A partner user invited from the organisation's page (their role and organisation follow from it). */
export interface MemberInput {
  name: string;
  email: string;
  locale: 'fr' | 'en';
}
export const memberSchema = Joi.object<MemberInput>({
  name: line(120).required(),
  email: email.required(),
  locale: locale.default('fr'),
});

export const versionOnly = Joi.object<{ version: number }>({ version });
