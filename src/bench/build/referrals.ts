import { Types } from 'mongoose';
import type { DocumentRecordOverrides } from '../../documents/factories';
import { DAY, Random, addDays } from '../random';
import { weightedPicker } from './feed';
import type { Person, Plan } from './plan';
import { HOUR, later, referralRecord, type DocRef, type OrganisationRec, type ReferralContext, type ReferralRec } from './referral-life';
import { benchReferrals, drawNeed, drawStory } from './referral-stories';
import { PARTNER_PROFILES } from './referral-texts';

/**
 * The partner organisations of a dataset with their packs (each kind as such an organisation offers
 * them), and, with history, the referrals of the programme's years: startups referred during their
 * time in the programme (weighted by its length), a fifth of them to the benchmark partner's
 * organisation, each living its life as that organisation answers (referral-stories.ts), with the
 * documents of the startup's dossier as it stood then (referral-life.ts).
 */
export interface ReferralRecords {
  organisations: OrganisationRec[];
  referrals: ReferralRec[];
}

/** Share of the referrals addressed to the benchmark partner's organisation. */
export const HOME_SHARE = 0.2;

const byTime = <T extends { createdAt: Date }>(a: T, b: T): number => a.createdAt.getTime() - b.createdAt.getTime();

export function organisationRecords(plan: Plan): OrganisationRec[] {
  const joined = addDays(plan.now, -365 * plan.spec.years - 60);
  return plan.organisations.map((o) => {
    const profile = PARTNER_PROFILES[o.kind];
    const services = profile.packs.map((p) => ({ _id: new Types.ObjectId(), name: { fr: p.fr, en: p.en }, description: p.description, typicalResponseDays: p.days }));
    return { _id: o._id, name: o.name, kind: o.kind, description: profile.description, website: profile.website, contact: { ...profile.contact }, services, createdAt: joined, updatedAt: joined };
  });
}

/** Each startup's live dossier records (deleted ones are never shared). */
function docsOf(documents: DocumentRecordOverrides[]): Map<string, DocRef[]> {
  const out = new Map<string, DocRef[]>();
  for (const d of documents) {
    if (d.deletedAt || !d._id || !d.createdAt) continue;
    const list = out.get(String(d.startup)) ?? [];
    list.push({ _id: d._id, title: d.title ?? '', version: d.version ?? 1, confidential: d.confidential ?? false, createdAt: d.createdAt });
    out.set(String(d.startup), list);
  }
  return out;
}

function partnersOf(plan: Plan): Map<string, Person[]> {
  const out = new Map<string, Person[]>();
  for (const p of plan.people) if (p.role === 'partner' && p.organisation) out.set(String(p.organisation), [...(out.get(String(p.organisation)) ?? []), p]);
  return out;
}

export function referralRecords(plan: Plan, documents: DocumentRecordOverrides[]): ReferralRecords {
  const organisations = organisationRecords(plan);
  if (!plan.spec.history || plan.spec.referrals === 0 || organisations.length === 0) return { organisations, referrals: [] };
  const rnd = new Random(plan.spec.seed * 43 + 11);
  const ctx: ReferralContext = { rnd, plan, now: plan.now, docsOf: docsOf(documents), partnersOf: partnersOf(plan) };
  const referrals = benchReferrals(ctx, organisations);
  const home = organisations.find((o) => String(o._id) === String(plan.bench.partner.organisation)) ?? organisations[0];
  const others = organisations.filter((o) => o !== home);
  const count = Math.max(0, plan.spec.referrals - referrals.length);
  const homeShare = others.length === 0 ? 1 : Math.min(1, Math.max(0, (HOME_SHARE * plan.spec.referrals - referrals.filter((r) => r.organisation === home._id).length) / Math.max(1, count)));
  const weights = others.map((o) => PARTNER_PROFILES[o.kind].weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickOther = (): OrganisationRec => {
    let r = rnd.next() * total;
    for (const [i, o] of others.entries()) if ((r -= weights[i]) < 0) return o;
    return others[others.length - 1];
  };
  // Startups are referred during their time in the programme, after their first weeks.
  const eligible = plan.startups.filter((s) => s.status !== 'applicant' && s.windowEnd.getTime() - s.windowStart.getTime() > 30 * DAY);
  if (eligible.length === 0) return { organisations, referrals: referrals.sort(byTime) };
  const pickStartup = weightedPicker(rnd, eligible);
  for (let i = 0; i < count; i += 1) {
    const s = pickStartup();
    const createdAt = rnd.between(later(s.windowStart, 20 * DAY), later(s.windowEnd, -HOUR));
    const org = rnd.chance(homeShare) ? home : pickOther();
    const need = drawNeed(rnd, org);
    referrals.push(referralRecord(ctx, s, org, need, drawStory(ctx, org, createdAt, need.days)));
  }
  // In the order the programme wrote them (a collection scan meets them in that order).
  return { organisations, referrals: referrals.sort(byTime) };
}
