import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A referral (DESIGN.md section 2; issue 11): the programme refers a startup to a partner
 * organisation for a need, shares dossier documents with it, and follows the answer and what came
 * of it. draft → sent → viewed → accepted | declined → closed; withdrawn from any state but closed.
 */
export const REFERRAL_STATUSES = ['draft', 'sent', 'viewed', 'accepted', 'declined', 'closed', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** States in which the partner has the referral in hand: the startup and the shared documents reach them. */
export const LIVE_STATUSES: readonly ReferralStatus[] = ['sent', 'viewed', 'accepted', 'declined'];
/** States still waiting for the partner's answer (overdue once the deadline has passed). */
export const AWAITING_STATUSES: readonly ReferralStatus[] = ['sent', 'viewed'];

/** Needs when no pack of the organisation fits (DESIGN.md section 2). */
export const FREE_NEEDS = ['funding', 'commercial_introduction', 'clinical_site', 'manufacturing', 'regulatory', 'hosting', 'other'] as const;
export type FreeNeed = (typeof FREE_NEEDS)[number];

export const CONSENT_STATUSES = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const OUTCOME_KINDS = ['meeting_held', 'pilot_started', 'agreement_signed', 'investment', 'no_fit'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const by = {
  by: { type: Schema.Types.ObjectId, ref: 'User' },
  byName: { type: String, default: '' },
};

/** One of the organisation's packs (copied: the pack may be renamed later) or a free need. */
const needSchema = new Schema(
  {
    pack: { type: Schema.Types.ObjectId },
    packName: { fr: { type: String, default: '' }, en: { type: String, default: '' } },
    free: { type: String, enum: [...FREE_NEEDS, null], default: null },
  },
  { _id: false },
);

/** A document the partner may open: from sharedAt until withdrawnAt (a manager's withdrawal, or the founder's consent withdrawn). */
const sharedSchema = new Schema(
  {
    document: { type: Schema.Types.ObjectId, ref: 'Document', required: true },
    sharedAt: { type: Date, required: true },
    withdrawnAt: { type: Date, default: null },
    ...by,
  },
  { _id: false },
);

/** A confidential document waits for a founder's consent before it is shared. */
const consentSchema = new Schema(
  {
    document: { type: Schema.Types.ObjectId, ref: 'Document', required: true },
    status: { type: String, enum: CONSENT_STATUSES, default: 'pending' },
    requestedAt: { type: Date, required: true },
    decidedAt: { type: Date },
    ...by,
  },
  { _id: false },
);

const commentSchema = new Schema(
  {
    at: { type: Date, required: true },
    /** Who speaks: the programme or the partner (shown in the thread). */
    side: { type: String, enum: ['programme', 'organisation'], required: true },
    text: { type: String, required: true, maxlength: 4000 },
    ...by,
  },
  { _id: true },
);

const outcomeSchema = new Schema(
  {
    kind: { type: String, enum: OUTCOME_KINDS, required: true },
    /** The day it happened, YYYY-MM-DD. */
    on: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    /** Euros, for an investment. */
    amount: { type: Number, min: 0 },
    /** Why it did not fit (no_fit), or a note. */
    note: { type: String, default: '', maxlength: 2000 },
    at: { type: Date, required: true },
    ...by,
  },
  { _id: true },
);

const transitionSchema = new Schema({ status: { type: String, enum: REFERRAL_STATUSES, required: true }, at: { type: Date, required: true }, ...by }, { _id: false });

const referralSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    organisation: { type: Schema.Types.ObjectId, ref: 'PartnerOrganisation', required: true },
    need: { type: needSchema, required: true },
    message: { type: String, default: '', maxlength: 4000 },
    /** The documents the manager picked (draft); on sending, they go to `shared` or, confidential, to `consents`. */
    documents: { type: [{ type: Schema.Types.ObjectId, ref: 'Document' }], default: [] },
    shared: { type: [sharedSchema], default: [] },
    consents: { type: [consentSchema], default: [] },
    /** The day the partner should have answered by, YYYY-MM-DD (inclusive). */
    respondBy: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    status: { type: String, enum: REFERRAL_STATUSES, default: 'draft' },
    sentAt: { type: Date },
    viewedAt: { type: Date },
    answeredAt: { type: Date },
    declineReason: { type: String, default: '' },
    closedAt: { type: Date },
    withdrawnAt: { type: Date },
    transitions: { type: [transitionSchema], default: [] },
    thread: { type: [commentSchema], default: [] },
    outcomes: { type: [outcomeSchema], default: [] },
    /** Set once the overdue reminder went out (only one instance wins it). */
    overdueRemindedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    createdByName: { type: String, default: '' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
referralSchema.index({ organisation: 1, status: 1 });
referralSchema.index({ startup: 1 });
referralSchema.index({ status: 1, respondBy: 1 });

export type ReferralFields = InferSchemaType<typeof referralSchema>;
export const Referral = model('Referral', referralSchema);
