import mongoose from 'mongoose';
import { DossierDocument } from '../documents/model';
import { PartnerOrganisation } from '../partners/model';
import { axesOf } from '../programmes/axes';
import { ladderOf } from '../programmes/ladder';
import { latestScores, readinessSummary } from '../readiness/service';
import { startupFor } from '../startups/access';
import { isShared, type ReferralAccess } from './access';
import { isOverdue } from './service';

/**
 * What a partner reaches of the referred startup: its name, pitch, stage and readiness radar (latest and
 * previous assessments, targets);
 * only while the referral is live (the startup's relation "addressed" is asked again: 404 otherwise).
 */
export async function referredStartup(access: ReferralAccess) {
  access.require('referrals.read');
  const startup = await startupFor(access.user, String(access.record.startup), 'startups.summary');
  const [programme, readiness, radar] = await Promise.all([startup.programme(), latestScores(startup.id), readinessSummary(startup)]);
  const stage = ladderOf(programme).find((st) => st.key === startup.record.stage);
  const axes = axesOf(programme).map((a) => ({ key: a.key, label: a.label, level: readiness?.[a.key] ?? null }));
  return { id: startup.id, name: startup.record.name, pitch: startup.record.pitch ?? '', stage: startup.record.stage, stageLabel: stage?.label ?? { fr: startup.record.stage, en: startup.record.stage }, readiness, axes, radar };
}

/** The documents shared on the referral right now (title, kind, since when), as the partner may open them. */
async function sharedDocuments(access: ReferralAccess) {
  const r = access.record;
  const ids = r.shared.filter((s) => !s.withdrawnAt).map((s) => s.document);
  if (ids.length === 0) return [];
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: ids }) }, { title: 1, kind: 1, version: 1, confidential: 1, deletedAt: 1, startup: 1 }).lean();
  return docs
    .filter((d) => !d.deletedAt && String(d.startup) === String(r.startup) && isShared(r, d))
    .map((d) => ({ id: String(d._id), title: d.title, kind: d.kind, version: d.version, since: r.shared.find((s) => String(s.document) === String(d._id) && !s.withdrawnAt)?.sharedAt }));
}

/**
 * The documents a draft will share once it is sent, for the programme to check its pick before
 * sending (confidential ones will wait for a founder's consent); nothing once sent.
 */
async function documentsToShare(access: ReferralAccess) {
  const r = access.record;
  if (r.status !== 'draft' || r.documents.length === 0 || !access.can('referrals.manage')) return [];
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: r.documents }) }, { title: 1, version: 1, confidential: 1, deletedAt: 1 }).lean();
  return docs.filter((d) => !d.deletedAt).map((d) => ({ id: String(d._id), title: d.title, version: d.version, confidential: d.confidential }));
}

/** The consent requests of the referral with their documents' titles (founders decide them, managers follow them). */
async function consentsOf(access: ReferralAccess) {
  const r = access.record;
  if (r.consents.length === 0) return [];
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: r.consents.map((c) => c.document) }) }, { title: 1, version: 1 }).lean();
  return r.consents.map((c) => {
    const doc = docs.find((d) => String(d._id) === String(c.document));
    return { document: String(c.document), title: doc?.title ?? '', version: doc?.version ?? 1, status: c.status, requestedAt: c.requestedAt, pending: c.status === 'pending', approved: c.status === 'approved' };
  });
}

/**
 * One referral as the reader may see it: its status and the organisation for everyone who reaches it;
 * the documents shared, since when; the message, thread, decline reason and outcomes only for those
 * allowed the details (never founders: "status only").
 */
export async function referralView(access: ReferralAccess, now = new Date()) {
  access.require('referrals.read');
  const r = access.record;
  const organisation = await PartnerOrganisation.findOne({ _id: r.organisation }, { name: 1 }).lean();
  const base = {
    id: access.id,
    status: r.status,
    overdue: isOverdue(r, now),
    organisation: organisation?.name ?? '',
    respondBy: r.respondBy,
    sentAt: r.sentAt,
    documents: await sharedDocuments(access),
    toShare: await documentsToShare(access),
    consents: access.can('referrals.consent') || access.can('referrals.manage') ? await consentsOf(access) : [],
  };
  if (!access.can('referrals.details')) return { ...base, details: null };
  return {
    ...base,
    details: {
      message: r.message,
      need: r.need,
      declineReason: r.declineReason,
      thread: r.thread.map((c) => ({ at: c.at, side: c.side, text: c.text, byName: c.byName })),
      outcomes: r.outcomes.map((o) => ({ kind: o.kind, on: o.on, amount: o.amount, note: o.note, byName: o.byName })),
    },
  };
}
