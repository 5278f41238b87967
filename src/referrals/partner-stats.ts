import mongoose from 'mongoose';
import { PartnerOrganisation } from '../partners/model';
import { AWAITING_STATUSES, Referral, type ReferralStatus } from './model';
import { isOverdue } from './service';

const DAY_MS = 24 * 60 * 60 * 1000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Each organisation as the managers follow it: referrals received (sent to it), answered, accepted,
 * the acceptance rate among answers, the median days from sending to the answer, outcomes recorded,
 * those awaiting an answer and overdue; `silent` when it received some and never answered. One read
 * of the organisations and one of the referrals' few fields (hundreds of records, not a log).
 */
export async function partnerStats(now = new Date()) {
  const [organisations, referrals] = await Promise.all([
    PartnerOrganisation.find({}, { name: 1, kind: 1 }).sort({ name: 1 }).limit(500).lean(),
    Referral.find({ sentAt: mongoose.trusted({ $ne: null }) }, { organisation: 1, status: 1, sentAt: 1, answeredAt: 1, respondBy: 1, outcomes: 1, transitions: 1 }).lean(),
  ]);
  return organisations.map((o) => {
    const mine = referrals.filter((r) => String(r.organisation) === String(o._id));
    const answered = mine.filter((r) => r.answeredAt);
    const accepted = answered.filter((r) => r.transitions.some((t) => t.status === 'accepted'));
    const days = answered.flatMap((r) => (r.sentAt && r.answeredAt ? [(r.answeredAt.getTime() - r.sentAt.getTime()) / DAY_MS] : []));
    const med = median(days);
    return {
      id: String(o._id),
      name: o.name,
      kind: o.kind,
      received: mine.length,
      answered: answered.length,
      accepted: accepted.length,
      acceptanceRate: answered.length ? accepted.length / answered.length : null,
      medianResponseDays: med === null ? null : Math.round(med * 10) / 10,
      outcomes: mine.reduce((n, r) => n + r.outcomes.length, 0),
      awaiting: mine.filter((r) => AWAITING_STATUSES.includes(r.status as ReferralStatus)).length,
      overdue: mine.filter((r) => isOverdue(r, now)).length,
      silent: mine.length > 0 && answered.length === 0,
    };
  });
}
