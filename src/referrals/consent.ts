import { audit } from '../core/audit';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound } from '../core/errors';
import { DossierDocument } from '../documents/model';
import { isLive, type ReferralAccess } from './access';
import { Referral, type ConsentStatus } from './model';
import { tell, type ReferralDeps } from './tell';

type Decision = 'approve' | 'refuse' | 'withdraw';

/** What each decision needs the consent to be, what it becomes, and what the programme is told. */
const DECISIONS: Record<Decision, { from: ConsentStatus; to: ConsentStatus; event: string }> = {
  approve: { from: 'pending', to: 'approved', event: 'consentGiven' },
  refuse: { from: 'pending', to: 'refused', event: 'consentRefused' },
  withdraw: { from: 'approved', to: 'withdrawn', event: 'consentWithdrawn' },
};

/**
 * A founder of the startup decides on a confidential document of a referral: approving shares it
 * from now on; refusing keeps it from the partner; withdrawing an approval ends its sharing on the
 * partner's next request. One conditional write on the referral's version: two decisions at once,
 * one wins. The managers are told; the same decision again changes nothing.
 */
export async function decideConsent(access: ReferralAccess, docId: string, decision: Decision, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.consent');
  const r = access.record;
  const rule = DECISIONS[decision];
  const consent = r.consents.find((c) => String(c.document) === docId);
  if (!consent) throw new NotFound();
  if (consent.status === rule.to) return;
  if (consent.status !== rule.from || (decision !== 'withdraw' && !isLive(r.status))) throw new Conflict('referrals.errors.consentDecided');
  const now = new Date();
  const actor = { by: access.user.id, byName: access.user.name };
  const consents = r.consents.map((c) => (c === consent ? { ...c, status: rule.to, decidedAt: now, ...actor } : c));
  let shared: unknown[] = r.shared;
  if (decision === 'approve') shared = [...r.shared, { document: consent.document, sharedAt: now, withdrawnAt: null, ...actor }];
  if (decision === 'withdraw') shared = r.shared.map((s) => (String(s.document) === docId && !s.withdrawnAt ? { ...s, withdrawnAt: now } : s));
  await writeIf(Referral, { _id: r._id, __v: r.__v }, { $set: { consents, shared }, $inc: { __v: 1 } }, { conflict: 'referrals.errors.consentDecided' });
  const doc = await DossierDocument.findOne({ _id: docId }, { title: 1 }).lean();
  await audit(access.user, { action: `referral.${rule.event}`, entityType: 'Referral', entityId: access.id, summary: doc?.title ?? docId });
  await tell(r, rule.event, ['programme'], deps, access.user.id, { document: doc?.title ?? '' });
}
