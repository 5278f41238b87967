import Joi from 'joi';
import { objectId, page, searchText, text } from '../core/http/schemas';
import { FREE_NEEDS, OUTCOME_KINDS, REFERRAL_STATUSES, type OutcomeKind, type ReferralStatus } from './model';

/** The inbox's tabs: new (sent, not opened), awaiting an answer, overdue, closed (or withdrawn); none: all. */
export const INBOX_TABS = ['new', 'awaiting', 'overdue', 'closed'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/** A need of the inbox's filter: one organisation's pack (`pack:<id>`) or a free need (`free:<need>`), as the referral form names them. */
const NEED_FILTER = new RegExp(`^(pack:[0-9a-f]{24}|free:(${FREE_NEEDS.join('|')}))$`);

/**
 * The inbox's query, the same object for the page and the managers' CSV. Everyone has the tabs;
 * managers also filter by organisation, status, need and startup, and search the startup's name;
 * partners search the startup's name too (within their organisation's referrals). A bad value is
 * dropped (validateQuery), as every list of the app does, and the filter falls back to all.
 */
export interface InboxQuery {
  tab: InboxTab | '';
  /** The startup's name contains it (case-insensitive); '' for all. */
  q: string;
  /** Managers: one organisation's, one status, one need ('' for all). */
  organisation: string;
  status: ReferralStatus | '';
  need: string;
  /** One startup's (the startup page links there); founders only their own. */
  startup: string;
  page: number;
}
export const inboxQuery = Joi.object<InboxQuery>({
  tab: Joi.string().valid(...INBOX_TABS, '').default(''),
  q: searchText,
  organisation: objectId.allow('').default(''),
  status: Joi.string().valid(...REFERRAL_STATUSES, '').default(''),
  need: Joi.string().pattern(NEED_FILTER).allow('').default(''),
  startup: objectId.allow('').default(''),
  page,
});

export interface DeclineInput {
  reason: string;
}
export const declineSchema = Joi.object<DeclineInput>({
  reason: text(2000).required().messages({ 'string.empty': 'referrals.errors.reasonRequired', 'any.required': 'referrals.errors.reasonRequired' }),
});

export interface CommentInput {
  text: string;
}
export const commentSchema = Joi.object<CommentInput>({
  text: text(4000).required().messages({ 'string.empty': 'referrals.errors.commentRequired', 'any.required': 'referrals.errors.commentRequired' }),
});

export interface OutcomeForm {
  kind: OutcomeKind;
  on: string;
  amount?: number;
  note: string;
}
export const outcomeSchema = Joi.object<OutcomeForm>({
  kind: Joi.string().valid(...OUTCOME_KINDS).required(),
  on: Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/).required(),
  amount: Joi.number().min(0).max(1_000_000_000).empty('').optional(),
  note: text(2000).allow('').default(''),
});

export const CONSENT_DECISIONS = ['approve', 'refuse', 'withdraw'] as const;
export interface ConsentForm {
  decision: (typeof CONSENT_DECISIONS)[number];
}
export const consentSchema = Joi.object<ConsentForm>({ decision: Joi.string().valid(...CONSENT_DECISIONS).required() });

export interface NewReferralForm {
  startup: string;
  organisation: string;
  /** `pack:<id>` or `free:<need>`. */
  need: string;
  message: string;
  documents: string[];
  respondBy?: string;
}
export const newReferralSchema = Joi.object<NewReferralForm>({
  startup: objectId.required(),
  organisation: objectId.required().messages({ 'any.required': 'referrals.errors.unknownOrganisation', 'string.empty': 'referrals.errors.unknownOrganisation' }),
  need: Joi.string()
    .pattern(/^(pack:[0-9a-f]{24}|free:[a-z_]{2,40})$/)
    .required()
    .messages({ 'any.required': 'referrals.errors.needRequired', 'string.empty': 'referrals.errors.needRequired', 'string.pattern.base': 'referrals.errors.needRequired' }),
  message: text(4000).allow('').default(''),
  documents: Joi.array().items(objectId).single().max(50).default([]),
  respondBy: Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/).allow('').optional(),
});

export const newReferralQuery = Joi.object<{ startup: string }>({ startup: objectId.required() });
