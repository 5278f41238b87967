import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { grantAccess, relationToReferral, relationToStartup, type Access, type Action } from '../core/policy';
import { DossierDocument } from '../documents/model';
import type { DocumentAccess } from '../documents/access';
import { provideAddressedFacts, startupFacts } from '../startups/access';
import { LIVE_STATUSES, Referral, type ReferralStatus } from './model';

/** Partners reach a startup while a referral of it to their organisation is live (sent, not closed or withdrawn). */
provideAddressedFacts({
  async isAddressed(organisationId, startupId) {
    if (!isObjectId(organisationId) || !isObjectId(startupId)) return false;
    return (await Referral.exists({ organisation: organisationId, startup: startupId, status: mongoose.trusted({ $in: LIVE_STATUSES }) })) !== null;
  },
  async addressedStartupIds(organisationId) {
    if (!isObjectId(organisationId)) return [];
    const live = await Referral.find({ organisation: organisationId, status: mongoose.trusted({ $in: LIVE_STATUSES }) }, { startup: 1 }).lean();
    return [...new Set(live.map((r) => String(r.startup)))];
  },
});

/** A referral as stored (plain object). */
export type ReferralRecord = NonNullable<Awaited<ReturnType<typeof findReferral>>>;
export type ReferralAccess = Access<ReferralRecord> & { readonly id: string; readonly live: boolean };

const findReferral = (id: string) => Referral.findOne({ _id: id }).lean();

export function isLive(status: string): boolean {
  return LIVE_STATUSES.includes(status as ReferralStatus);
}

/**
 * The referral `id` as this user may reach it, from one read by _id: unknown, malformed, a draft for
 * a partner, another organisation's or another startup's are all NotFound. Every referral service
 * starts here, once per request, so that a closed or withdrawn referral stops sharing on the next one.
 */
export async function referralAccess(user: SessionUser, id: string): Promise<ReferralAccess> {
  if (!isObjectId(id)) throw new NotFound();
  const referral = await findReferral(id);
  if (!referral) throw new NotFound();
  const relation = relationToReferral(user, { startup: String(referral.startup), organisation: String(referral.organisation), sent: Boolean(referral.sentAt) });
  if (!relation) throw new NotFound();
  return { ...grantAccess(user, referral, relation), id: String(referral._id), live: isLive(referral.status) };
}

/** referralAccess, then `action` required (404 otherwise). */
export async function referralFor(user: SessionUser, id: string, action: Action): Promise<ReferralAccess> {
  const access = await referralAccess(user, id);
  access.require(action);
  return access;
}

/**
 * Whether a document is shared right now on this referral: the referral live, the document shared
 * and not withdrawn, and when confidential a founder's consent given and not withdrawn.
 */
export function isShared(referral: ReferralRecord, doc: { _id: unknown; confidential?: boolean | null }): boolean {
  if (!isLive(referral.status)) return false;
  const id = String(doc._id);
  const shared = referral.shared.some((s) => String(s.document) === id && !s.withdrawnAt);
  if (!shared) return false;
  if (!doc.confidential) return true;
  return referral.consents.some((c) => String(c.document) === id && c.status === 'approved');
}

/**
 * One document as a partner reaches it through a referral: the referral addressed to their
 * organisation and live, the startup still referred, the document live and shared on it now.
 * Anything else, a document of the dossier guessed by id included, is NotFound.
 */
export async function sharedDocumentAccess(user: SessionUser, referralId: string, docId: string): Promise<DocumentAccess> {
  const access = await referralFor(user, referralId, 'referrals.read');
  if (!isObjectId(docId)) throw new NotFound();
  const doc = await DossierDocument.findOne({ _id: docId }).lean();
  if (!doc || doc.deletedAt || String(doc.startup) !== String(access.record.startup) || !isShared(access.record, doc)) throw new NotFound();
  const relation = await relationToStartup(user, String(doc.startup), startupFacts);
  if (!relation) throw new NotFound();
  const docAccess = grantAccess(user, doc, relation);
  docAccess.require('documents.readShared');
  return docAccess;
}
