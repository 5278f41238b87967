import { NotFound } from '../core/errors';
import { Startup } from '../startups/model';
import type { ReferralAccess } from './access';
import { AWAITING_STATUSES, OUTCOME_KINDS, type ReferralStatus } from './model';
import { referralView, referredStartup } from './view';

/**
 * What the referral page shows the reader: the referral as they may see it (founders: status only),
 * the startup (a partner: its summary, only while the referral is live), and which actions they have.
 */
export async function referralPage(access: ReferralAccess) {
  const view = await referralView(access);
  const partnerSide = access.can('referrals.respond');
  let summary: Awaited<ReturnType<typeof referredStartup>> | null = null;
  if (partnerSide && access.live) summary = await referredStartup(access).catch((err: unknown) => (err instanceof NotFound ? null : Promise.reject(err)));
  const startup = summary ?? (await Startup.findOne({ _id: access.record.startup }, { name: 1 }).lean());
  const awaiting = AWAITING_STATUSES.includes(access.record.status as ReferralStatus);
  return {
    referral: view,
    startup: { id: String(access.record.startup), name: startup?.name ?? '' },
    summary,
    canAnswer: partnerSide && awaiting,
    canComment: access.can('referrals.comment') && access.live,
    canConsent: access.can('referrals.consent'),
    manage: access.can('referrals.manage') ? { send: access.record.status === 'draft', close: access.live, withdraw: access.record.status === 'draft' || access.live, documents: access.live } : null,
    canRecordOutcome: partnerSide && access.record.status === 'accepted',
    outcomeKinds: OUTCOME_KINDS,
    linkStartup: !partnerSide,
    downloads: partnerSide,
  };
}
