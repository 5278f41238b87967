import mongoose from 'mongoose';
import { AWAITING_STATUSES, OUTCOME_KINDS, Referral, type OutcomeKind, type ReferralStatus } from './model';
import { DEFAULT_RESPONSE_DAYS, isOverdue } from './service';

const DAY_MS = 24 * 60 * 60 * 1000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The few fields of a sent referral the partners' figures need. An answer is an acceptance unless
 * it declined, and a decline always holds its reason: `declineReason` tells them apart (reading the
 * transitions for it made the directory read far more of every referral).
 */
export const STATS_FIELDS = { organisation: 1, startup: 1, status: 1, sentAt: 1, answeredAt: 1, respondBy: 1, outcomes: 1, declineReason: 1 } as const;
export type StatsRow = {
  _id: unknown;
  organisation: unknown;
  startup: unknown;
  status: string;
  sentAt?: Date | null;
  answeredAt?: Date | null;
  respondBy: string;
  outcomes: { kind: string; on: string; amount?: number | null; note?: string | null }[];
  declineReason?: string | null;
};

/** The sent referrals (never a draft), of one organisation or of all. */
export function sentReferrals(organisationId?: string): Promise<StatsRow[]> {
  const filter: Record<string, unknown> = { sentAt: mongoose.trusted({ $ne: null }) };
  if (organisationId) filter.organisation = new mongoose.Types.ObjectId(organisationId);
  return Referral.find(filter, STATS_FIELDS).lean() as unknown as Promise<StatsRow[]>;
}

/**
 * An organisation's figures as the managers follow it: referrals received (sent to it), answered,
 * accepted, the acceptance rate among answers, the median days from sending to the answer, the
 * outcomes recorded (by kind, with the sum invested), those awaiting an answer and overdue;
 * `silent` when it received some and never answered, `slow` when its median answer comes later
 * than the time it says it takes (`usualDays`: its packs' longest, else the default deadline).
 */
export function statsOf(mine: StatsRow[], now = new Date(), usualDays = DEFAULT_RESPONSE_DAYS) {
  const answered = mine.filter((r) => r.answeredAt);
  const accepted = answered.filter((r) => !r.declineReason);
  const days = answered.flatMap((r) => (r.sentAt && r.answeredAt ? [(r.answeredAt.getTime() - r.sentAt.getTime()) / DAY_MS] : []));
  const med = median(days);
  const outcomes = mine.flatMap((r) => r.outcomes);
  const byKind = Object.fromEntries(OUTCOME_KINDS.map((k) => [k, 0])) as Record<OutcomeKind, number>;
  for (const o of outcomes) if (o.kind in byKind) byKind[o.kind as OutcomeKind] += 1;
  return {
    received: mine.length,
    answered: answered.length,
    accepted: accepted.length,
    acceptanceRate: answered.length ? accepted.length / answered.length : null,
    medianResponseDays: med === null ? null : Math.round(med * 10) / 10,
    outcomes: outcomes.length,
    outcomesByKind: OUTCOME_KINDS.map((kind) => ({ kind, count: byKind[kind] })),
    invested: outcomes.reduce((sum, o) => sum + (o.kind === 'investment' ? (o.amount ?? 0) : 0), 0),
    awaiting: mine.filter((r) => AWAITING_STATUSES.includes(r.status as ReferralStatus)).length,
    overdue: mine.filter((r) => isOverdue(r, now)).length,
    silent: mine.length > 0 && answered.length === 0,
    slow: med !== null && med > usualDays,
    usualDays,
  };
}
export type PartnerStats = ReturnType<typeof statsOf>;

/** How many days an organisation says it takes to answer: its packs' longest usual time, else the default deadline. */
export function usualDaysOf(packs: { typicalResponseDays: number }[]): number {
  return packs.length ? Math.max(...packs.map((p) => p.typicalResponseDays)) : DEFAULT_RESPONSE_DAYS;
}

/** Each organisation's sent referrals, by organisation id (one read of the referrals' few fields). */
export async function referralsByOrganisation(): Promise<Map<string, StatsRow[]>> {
  const byOrganisation = new Map<string, StatsRow[]>();
  for (const r of await sentReferrals()) {
    const key = String(r.organisation);
    const list = byOrganisation.get(key);
    if (list) list.push(r);
    else byOrganisation.set(key, [r]);
  }
  return byOrganisation;
}
