import { addDays, today } from '../../hosting/days';
import type { PartnerKind } from '../../partners/model';
import type { FreeNeed, ReferralStatus } from '../../referrals/model';
import { DAY, type Random } from '../random';
import type { StartupPlan } from './plan';
import { HOUR, later, latest, referralRecord, type Extras, type Need, type OrganisationRec, type ReferralContext, type ReferralRec, type Story } from './referral-life';
import { PARTNER_PROFILES } from './referral-texts';

/**
 * How referrals go: drawn from each organisation's habits (drawStory), or written out for what the
 * benchmark users' pages must show whatever the draw (benchReferrals).
 */
/** A pack of the organisation (mostly), else one of its free needs. */
export function drawNeed(rnd: Random, org: OrganisationRec, free?: FreeNeed): Need {
  if (!free && org.services.length > 0 && rnd.chance(0.8)) {
    const pack = rnd.pick(org.services);
    return { pack: pack._id, packName: pack.name, free: null, days: pack.typicalResponseDays };
  }
  return { free: free ?? rnd.pick(PARTNER_PROFILES[org.kind].freeNeeds), days: 15 };
}

/** The end of the partner's deadline day (Paris). */
const deadlineOf = (createdAt: Date, days: number): Date => new Date(`${addDays(today(createdAt), days)}T21:00:00Z`);

/** A life drawn from the organisation's habits, cut at now (steps still to come are dropped). */
export function drawStory(ctx: ReferralContext, org: OrganisationRec, createdAt: Date, days: number): Story {
  const { rnd, now } = ctx;
  const habit = PARTNER_PROFILES[org.kind];
  const steps: Story['steps'] = [];
  const step = (status: ReferralStatus, at: Date): boolean => {
    if (at > now) return false;
    steps.push({ status, at });
    return true;
  };
  const story = { createdAt, steps };
  // A few drafts are dropped before they go out.
  if (rnd.chance(0.03)) {
    step('withdrawn', later(createdAt, rnd.int(1, 10) * DAY));
    return story;
  }
  const sentAt = later(createdAt, rnd.chance(0.85) ? rnd.int(1, 48) * HOUR : rnd.int(2, 5) * DAY);
  if (!step('sent', sentAt)) return story;
  const deadline = deadlineOf(createdAt, days);
  const answers = rnd.chance(habit.answers);
  const viewedAt = answers || rnd.chance(0.5) ? later(sentAt, rnd.int(1, 24 * Math.max(1, Math.round(days * 0.4 * habit.pace))) * HOUR) : undefined;
  // Now and then the programme withdraws it before any answer (the startup changed course).
  if (rnd.chance(0.03)) {
    const at = later(latest(sentAt, viewedAt), rnd.int(1, days) * DAY);
    if (viewedAt) step('viewed', viewedAt);
    step('withdrawn', at);
    return story;
  }
  if (viewedAt && !step('viewed', viewedAt)) return story;
  if (answers && viewedAt) {
    const answerAt = latest(later(viewedAt, HOUR), later(sentAt, days * DAY * habit.pace * (0.2 + 1.1 * rnd.next())));
    const accepted = rnd.chance(habit.accepts);
    if (!step(accepted ? 'accepted' : 'declined', answerAt)) return story;
    if (rnd.chance(0.85)) step('closed', later(answerAt, (accepted ? rnd.int(60, 300) : rnd.int(2, 45)) * DAY));
    return story;
  }
  // Never answered: well past the deadline, the programme closes or withdraws it.
  step(rnd.chance(0.6) ? 'closed' : 'withdrawn', later(latest(deadline, viewedAt), rnd.int(10, 90) * DAY));
  return story;
}


/** A referral written out: when it was drafted and each step after, in days before now. */
interface Written {
  org: OrganisationRec;
  startup: StartupPlan;
  created: number;
  steps: [ReferralStatus, number][];
  extras?: Extras;
  free?: FreeNeed;
}

/**
 * What the benchmark users' pages need, whatever the draw. The founder's startup: accepted after the
 * founder approved a confidential document (with a meeting held), viewed by the benchmark partner's
 * organisation with a consent pending, closed long ago after an investment (consent withdrawn since),
 * declined (consent refused), a draft, a withdrawn one. The benchmark partner's organisation: three
 * new ones, four overdue, one accepted with documents, a thread and a meeting, one awaiting, one declined.
 */
export function benchReferrals(ctx: ReferralContext, orgs: OrganisationRec[]): ReferralRec[] {
  const { plan, now, rnd } = ctx;
  const home = orgs.find((o) => String(o._id) === String(plan.bench.partner.organisation)) ?? orgs[0];
  const answering = orgs.filter((o) => o !== home && PARTNER_PROFILES[o.kind].answers > 0);
  const other = (kind: PartnerKind) => answering.find((o) => o.kind === kind) ?? answering[0] ?? home;
  const f = plan.featured;
  // The featured startup's stories shrink to fit its time in the programme.
  const span = Math.max(10, (now.getTime() - f.windowStart.getTime()) / DAY - 2);
  const k = Math.min(1, span / 100);
  const scaled = (w: Written): Written => ({ ...w, created: w.created * k, steps: w.steps.map(([s, d]) => [s, d * k]) });
  const peers = plan.startups.filter((s) => s.status === 'active' && s !== f).sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime());
  const peer = (i: number): StartupPlan => (peers.length > 0 ? peers[i % peers.length] : f);
  const written: Written[] = [
    ...[
      { org: other('hospital'), startup: f, created: 31, steps: [['sent', 30], ['viewed', 28], ['accepted', 12]], extras: { consent: 'approved', outcomes: ['meeting_held'], comments: 2, openDocument: true } },
      { org: home, startup: f, created: 6, steps: [['sent', 5], ['viewed', 3]], extras: { consent: 'pending', openDocument: true } },
      { org: other('bioproduction'), startup: f, created: 60, steps: [['sent', 59], ['viewed', 55], ['declined', 40]], extras: { consent: 'refused' } },
      { org: home, startup: f, created: 1, steps: [] },
      { org: other('industry'), startup: f, created: 90, steps: [['sent', 89], ['withdrawn', 70]] },
    ].map((w) => scaled(w as Written)),
    { org: other('investor'), startup: f, created: span * 0.9, steps: [['sent', span * 0.9 - 1], ['viewed', span * 0.9 - 3], ['accepted', span * 0.75], ['closed', span * 0.2]], extras: { consent: 'withdrawn', outcomes: ['meeting_held', 'investment'] } },
    ...[0.4, 1.6, 3.6].map((d, i): Written => ({ org: home, startup: peer(i), created: d, steps: [['sent', d - 0.1]] })),
    ...[26, 33, 46, 61].map((d, i): Written => ({ org: home, startup: peer(3 + i), created: d, steps: i % 2 === 0 ? [['sent', d - 0.1], ['viewed', d - 2]] : [['sent', d - 0.1]], free: i % 2 === 0 ? 'funding' : 'commercial_introduction' })),
    { org: home, startup: peer(7), created: 51, steps: [['sent', 50], ['viewed', 48], ['accepted', 35]], extras: { comments: 3, outcomes: ['meeting_held'], openDocument: true } },
    { org: home, startup: peer(8), created: 4, steps: [['sent', 3.9], ['viewed', 2]], extras: { openDocument: true } },
    { org: home, startup: peer(9), created: 20, steps: [['sent', 19.8], ['viewed', 18], ['declined', 8]] },
  ];
  const ago = (days: number): Date => later(now, -days * DAY);
  return written.map((w) => {
    const story: Story = { createdAt: ago(w.created), steps: w.steps.map(([status, d]) => ({ status, at: ago(d) })) };
    return referralRecord(ctx, w.startup, w.org, drawNeed(rnd, w.org, w.free), story, w.extras);
  });
}
