import mongoose from 'mongoose';
import { DossierDocument } from '../documents/model';
import { PartnerOrganisation } from '../partners/model';
import type { StartupAccess } from '../startups/access';
import { isShared, type ReferralRecord } from './access';
import { Referral } from './model';
import { isOverdue } from './service';

/**
 * The startup's referrals as its page shows them (managers and the startup's founders): each one's
 * organisation, status and which documents are shared since when, consents waiting for the founders.
 * Never the message or the thread. Founders see only referrals that were sent.
 */
export async function startupReferrals(access: StartupAccess) {
  if (!access.can('referrals.read')) return null;
  const all = await Referral.find({ startup: access.record._id }).sort({ createdAt: -1 }).limit(50).lean();
  // A draft stays the programme's until it is sent.
  const referrals = access.can('referrals.manage') ? all : all.filter((r) => r.sentAt);
  if (referrals.length === 0) return { items: [], canRefer: access.can('referrals.manage') };
  const docIds = referrals.flatMap((r) => [...r.shared.map((s) => s.document), ...r.consents.map((c) => c.document)]);
  const [organisations, docs] = await Promise.all([
    PartnerOrganisation.find({ _id: mongoose.trusted({ $in: [...new Set(referrals.map((r) => String(r.organisation)))] }) }, { name: 1 }).lean(),
    docIds.length ? DossierDocument.find({ _id: mongoose.trusted({ $in: docIds }) }, { title: 1, confidential: 1, deletedAt: 1 }).lean() : [],
  ]);
  const shared = (r: ReferralRecord) =>
    docs
      .filter((d) => !d.deletedAt && isShared(r, d))
      .map((d) => ({ title: d.title, since: r.shared.find((s) => String(s.document) === String(d._id) && !s.withdrawnAt)?.sharedAt }));
  return {
    canRefer: access.can('referrals.manage'),
    items: referrals.map((r) => ({
      id: String(r._id),
      organisation: organisations.find((o) => String(o._id) === String(r.organisation))?.name ?? '',
      status: r.status,
      overdue: isOverdue(r),
      sentAt: r.sentAt,
      shared: shared(r),
      pendingConsents: r.consents.filter((c) => c.status === 'pending').length,
    })),
  };
}
