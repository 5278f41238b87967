import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, ValidationFailed, fieldError } from '../core/errors';
import { requireCan } from '../core/policy';
import { DossierDocument } from '../documents/model';
import { addDays, today } from '../hosting/days';
import { PartnerOrganisation, packsOf } from '../partners/model';
import { startupFor } from '../startups/access';
import type { ReferralAccess } from './access';
import { AWAITING_STATUSES, FREE_NEEDS, LIVE_STATUSES, Referral, type FreeNeed, type ReferralStatus } from './model';
import { namesOf, tell, type ReferralDeps } from './tell';

/** Days the partner has to answer when the need is free (a pack says its own). */
export const DEFAULT_RESPONSE_DAYS = 15;

export interface ReferralInput {
  startup: string;
  organisation: string;
  /** One of the organisation's packs (its id), or else a free need. */
  pack?: string;
  free?: FreeNeed;
  message: string;
  documents: string[];
  /** YYYY-MM-DD; none: today plus the pack's typical response days. */
  respondBy?: string;
}

/** The documents of the startup among `ids` that are not deleted; an unknown one is a form error. */
async function dossierDocuments(startupId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.some((id) => !isObjectId(id))) throw new ValidationFailed({ documents: fieldError('referrals.errors.unknownDocument') });
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: unique }) }).lean();
  const live = docs.filter((d) => !d.deletedAt && String(d.startup) === startupId);
  if (live.length !== unique.length) throw new ValidationFailed({ documents: fieldError('referrals.errors.unknownDocument') });
  return live;
}

/** A manager drafts a referral of a startup to an organisation: the need, a message, the documents picked, the deadline. */
export async function createReferral(user: SessionUser, input: ReferralInput): Promise<string> {
  requireCan(user, 'referrals.manage');
  const startup = await startupFor(user, input.startup, 'startups.read');
  const organisation = isObjectId(input.organisation) ? await PartnerOrganisation.findOne({ _id: input.organisation }).lean() : null;
  if (!organisation) throw new ValidationFailed({ organisation: fieldError('referrals.errors.unknownOrganisation') });
  const pack = input.pack ? packsOf(organisation).find((p) => String(p._id) === input.pack) : undefined;
  if (input.pack && !pack) throw new ValidationFailed({ need: fieldError('referrals.errors.unknownPack') });
  if (!pack && !(input.free && FREE_NEEDS.includes(input.free))) throw new ValidationFailed({ need: fieldError('referrals.errors.needRequired') });
  const documents = await dossierDocuments(startup.id, input.documents);
  const respondBy = input.respondBy ?? addDays(today(), pack?.typicalResponseDays ?? DEFAULT_RESPONSE_DAYS);
  if (respondBy < today()) throw new ValidationFailed({ respondBy: fieldError('referrals.errors.deadlinePast') });
  const referral = await Referral.create({
    startup: startup.record._id,
    organisation: organisation._id,
    need: pack ? { pack: pack._id, packName: { fr: pack.name?.fr ?? '', en: pack.name?.en ?? '' } } : { free: input.free },
    message: input.message,
    documents: documents.map((d) => d._id),
    respondBy,
    transitions: [{ status: 'draft', at: new Date(), by: user.id, byName: user.name }],
    createdBy: user.id,
    createdByName: user.name,
  });
  await audit(user, { action: 'referral.created', entityType: 'Referral', entityId: String(referral._id), summary: `${startup.record.name} → ${organisation.name}` });
  return String(referral._id);
}

/**
 * Moves the referral from one of `from` to `to` in one conditional write: of two answers given at
 * once, exactly one wins and the other is a Conflict. The transition is kept with its time and author.
 */
async function move(access: ReferralAccess, from: readonly ReferralStatus[], to: ReferralStatus, set: Record<string, unknown> = {}): Promise<Date> {
  if (!from.includes(access.record.status as ReferralStatus)) throw new Conflict('referrals.errors.invalidTransition');
  const at = new Date();
  await writeIf(
    Referral,
    { _id: access.record._id, status: mongoose.trusted({ $in: from }), ...(set.shared ? { __v: access.record.__v } : {}) },
    { $set: { status: to, ...set }, $push: { transitions: { status: to, at, by: access.user.id, byName: access.user.name } }, $inc: { __v: 1 } },
    { conflict: 'referrals.errors.invalidTransition' },
  );
  const names = await namesOf(access.record);
  await audit(access.user, { action: `referral.${to}`, entityType: 'Referral', entityId: access.id, summary: `${names.startup} → ${names.organisation}` });
  return at;
}

/**
 * A manager sends a draft: the documents that are not confidential are shared from now on; the
 * confidential ones wait for a founder's consent (the team is asked). The organisation's users are told.
 */
export async function sendReferral(access: ReferralAccess, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.manage');
  const docs = await dossierDocuments(String(access.record.startup), access.record.documents.map(String)).catch(() => {
    throw new Conflict('referrals.errors.documentGone');
  });
  const now = new Date();
  const shared = docs.filter((d) => !d.confidential).map((d) => ({ document: d._id, sharedAt: now, by: access.user.id, byName: access.user.name }));
  const consents = docs.filter((d) => d.confidential).map((d) => ({ document: d._id, status: 'pending', requestedAt: now }));
  await move(access, ['draft'], 'sent', { sentAt: now, shared, consents });
  await tell(access.record, 'received', ['organisation'], deps, access.user.id);
  if (consents.length > 0) await tell(access.record, 'consentRequested', ['team'], deps, access.user.id, { count: consents.length });
}

/**
 * A partner opens the referral: the first time, it is marked viewed (a manager or founder looking
 * changes nothing). True when the referral changed (viewed now, or answered meanwhile): the page
 * reads it again so that it shows what is stored.
 */
export async function openReferral(access: ReferralAccess): Promise<boolean> {
  access.require('referrals.read');
  if (!access.can('referrals.respond') || access.record.status !== 'sent') return false;
  try {
    await move(access, ['sent'], 'viewed', { viewedAt: new Date() });
  } catch (err) {
    // Opened on another tab a moment ago, or answered meanwhile: nothing to mark.
    if (!(err instanceof Conflict)) throw err;
  }
  return true;
}

/** The partner accepts; the programme and the startup's team (status only) are told. The same answer again changes nothing. */
export async function acceptReferral(access: ReferralAccess, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.respond');
  if (access.record.status === 'accepted') return;
  await move(access, AWAITING_STATUSES, 'accepted', { answeredAt: new Date() });
  await tell(access.record, 'accepted', ['programme', 'team'], deps, access.user.id);
}

/** The partner declines, with a reason the programme reads (the team is told the status only). */
export async function declineReferral(access: ReferralAccess, reason: string, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.respond');
  const why = reason.trim();
  if (!why) throw new ValidationFailed({ reason: fieldError('referrals.errors.reasonRequired') });
  if (access.record.status === 'declined' && access.record.declineReason === why) return;
  await move(access, AWAITING_STATUSES, 'declined', { answeredAt: new Date(), declineReason: why });
  await tell(access.record, 'declined', ['programme'], deps, access.user.id, { reason: why });
  await tell(access.record, 'declinedStatus', ['team'], deps, access.user.id);
}

/** A manager closes a live referral: sharing ends on the partner's next request. */
export async function closeReferral(access: ReferralAccess, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.manage');
  await move(access, LIVE_STATUSES, 'closed', { closedAt: new Date() });
  await tell(access.record, 'closed', ['organisation'], deps, access.user.id);
}

/** A manager withdraws a referral (a draft, or one the partner has): sharing ends on the partner's next request. */
export async function withdrawReferral(access: ReferralAccess, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.manage');
  const wasSent = access.record.status !== 'draft';
  await move(access, ['draft', ...LIVE_STATUSES], 'withdrawn', { withdrawnAt: new Date() });
  if (wasSent) await tell(access.record, 'withdrawn', ['organisation'], deps, access.user.id);
}

/**
 * A manager withdraws one document from a referral: from a draft it is simply no longer picked; once
 * sent, its sharing ends now (and a consent still pending for it is withdrawn).
 */
export async function withdrawDocument(access: ReferralAccess, docId: string): Promise<void> {
  access.require('referrals.manage');
  const r = access.record;
  const now = new Date();
  const documents = r.documents.filter((d) => String(d) !== docId);
  const shared = r.shared.map((s) => (String(s.document) === docId && !s.withdrawnAt ? { ...s, withdrawnAt: now, by: access.user.id, byName: access.user.name } : s));
  const consents = r.consents.map((c) => (String(c.document) === docId && c.status === 'pending' ? { ...c, status: 'withdrawn', decidedAt: now, by: access.user.id, byName: access.user.name } : c));
  const touched = documents.length !== r.documents.length || shared.some((s, i) => s !== r.shared[i]) || consents.some((c, i) => c !== r.consents[i]);
  if (!touched) return;
  await writeIf(Referral, { _id: r._id, __v: r.__v }, { $set: { documents, shared, consents }, $inc: { __v: 1 } });
  const doc = await DossierDocument.findOne({ _id: docId }, { title: 1 }).lean();
  await audit(access.user, { action: 'referral.documentWithdrawn', entityType: 'Referral', entityId: access.id, summary: doc?.title ?? docId });
}

/** Whether the referral waits for an answer past its deadline (inclusive). */
export function isOverdue(referral: { status: string; respondBy: string }, now = new Date()): boolean {
  return AWAITING_STATUSES.includes(referral.status as ReferralStatus) && referral.respondBy < today(now);
}
