import { Types } from 'mongoose';
import { addDays, today } from '../../hosting/days';
import type { PartnerKind } from '../../partners/model';
import type { ConsentStatus, FreeNeed, OutcomeKind, ReferralStatus } from '../../referrals/model';
import { DAY, type Random } from '../random';
import { teamOf } from './mentoring-sessions';
import type { Person, Plan, StartupPlan } from './plan';
import { COMMENTS, DECLINE_REASONS, MESSAGES, NO_FIT_NOTES, OUTCOME_NOTES, PARTNER_PROFILES } from './referral-texts';

/**
 * One referral's life as the services would have written it: drafted by a manager, sent (documents
 * shared, the confidential ones waiting for a founder's consent), viewed and answered by the
 * organisation's users (or never), commented, its outcomes recorded while accepted, closed or
 * withdrawn by the programme. A story is the dated steps after the draft, none after now.
 */
export const HOUR = 3_600_000;

export interface Actor {
  by?: Types.ObjectId;
  byName: string;
}

export interface PackRec {
  _id: Types.ObjectId;
  name: { fr: string; en: string };
  description: string;
  typicalResponseDays: number;
}

export interface OrganisationRec {
  _id: Types.ObjectId;
  name: string;
  kind: PartnerKind;
  description: string;
  website: string;
  contact: { name: string; email: string; phone: string };
  services: PackRec[];
  createdAt: Date;
  updatedAt: Date;
}

/** A dossier record as a referral may pick it. */
export interface DocRef {
  _id: Types.ObjectId;
  title: string;
  version: number;
  confidential: boolean;
  createdAt: Date;
}

export interface Need {
  pack?: Types.ObjectId;
  packName?: { fr: string; en: string };
  free: FreeNeed | null;
  days: number;
}

export interface Story {
  createdAt: Date;
  steps: { status: ReferralStatus; at: Date }[];
}

/** What the caller wants for sure: a confidential document with this consent, comments, outcomes, a shared document that is not confidential. */
export interface Extras {
  consent?: ConsentStatus;
  comments?: number;
  outcomes?: OutcomeKind[];
  openDocument?: boolean;
}

export interface ReferralRec {
  _id: Types.ObjectId;
  startup: Types.ObjectId;
  organisation: Types.ObjectId;
  need: { pack?: Types.ObjectId; packName?: { fr: string; en: string }; free: FreeNeed | null };
  message: string;
  documents: Types.ObjectId[];
  shared: ({ document: Types.ObjectId; sharedAt: Date; withdrawnAt: Date | null } & Actor)[];
  consents: ({ document: Types.ObjectId; status: ConsentStatus; requestedAt: Date; decidedAt?: Date } & Actor)[];
  respondBy: string;
  status: ReferralStatus;
  sentAt?: Date;
  viewedAt?: Date;
  answeredAt?: Date;
  declineReason: string;
  closedAt?: Date;
  withdrawnAt?: Date;
  transitions: ({ status: ReferralStatus; at: Date } & Actor)[];
  thread: ({ at: Date; side: 'programme' | 'organisation'; text: string } & Actor)[];
  outcomes: ({ kind: OutcomeKind; on: string; amount?: number; note: string; at: Date } & Actor)[];
  overdueRemindedAt: Date | null;
  createdBy: Types.ObjectId;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReferralContext {
  rnd: Random;
  plan: Plan;
  now: Date;
  /** Each startup's dossier records, live ones only, in upload order. */
  docsOf: Map<string, DocRef[]>;
  /** Each organisation's partner users. */
  partnersOf: Map<string, Person[]>;
}

export const later = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
export const latest = (...dates: (Date | undefined)[]): Date => new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));
const actor = (p: Person): Actor => ({ by: p._id, byName: p.name });

/** A partner user of the organisation who had an account then; else its contact, by name (the organisation answered before its users came). */
function partnerAt(ctx: ReferralContext, org: OrganisationRec, at: Date): Actor {
  const users = (ctx.partnersOf.get(String(org._id)) ?? []).filter((u) => u.createdAt <= at && !u.invited);
  return users.length > 0 ? actor(ctx.rnd.pick(users)) : { byName: org.contact.name };
}

/** The dossier's latest version of each title uploaded by then; 1 to 3 of them (a confidential or an open one when asked). */
function pickDocuments(ctx: ReferralContext, s: StartupPlan, at: Date, extras: Extras): DocRef[] {
  const byTitle = new Map<string, DocRef>();
  for (const d of ctx.docsOf.get(String(s._id)) ?? []) if (d.createdAt <= at && (byTitle.get(d.title)?.version ?? 0) < d.version) byTitle.set(d.title, d);
  const all = [...byTitle.values()];
  const picked = ctx.rnd.sample(all, ctx.rnd.int(1, 3));
  const wanted = (confidential: boolean) => {
    const one = all.find((d) => d.confidential === confidential && !picked.includes(d));
    if (one && !picked.some((d) => d.confidential === confidential)) picked.push(one);
  };
  if (extras.consent) wanted(true);
  if (extras.openDocument) wanted(false);
  return picked;
}

/** Investments of 100 k€ to 2 M€, meetings first, then what the organisation does, or no fit. */
function drawOutcomes(rnd: Random, kind: PartnerKind): OutcomeKind[] {
  const out: OutcomeKind[] = rnd.chance(0.8) ? ['meeting_held'] : [];
  const r = rnd.next();
  if (r < 0.35) out.push(rnd.pick(PARTNER_PROFILES[kind].successes));
  else if (r < 0.55) out.push('no_fit');
  return out;
}

export function referralRecord(ctx: ReferralContext, s: StartupPlan, org: OrganisationRec, need: Need, story: Story, extras: Extras = {}): ReferralRec {
  const { rnd, plan, now } = ctx;
  const { createdAt, steps } = story;
  const at = (status: ReferralStatus) => steps.find((x) => x.status === status)?.at;
  const answer = steps.find((x) => x.status === 'accepted' || x.status === 'declined');
  const [sentAt, closedAt, withdrawnAt] = [at('sent'), at('closed'), at('withdrawn')];
  const end = closedAt ?? withdrawnAt ?? now;
  const creator = rnd.pick(plan.managers);
  const { days, ...needFields } = need;
  const respondBy = addDays(today(createdAt), days);
  const actorOf = (status: ReferralStatus, when: Date): Actor => (status === 'sent' ? actor(creator) : status === 'closed' || status === 'withdrawn' ? actor(rnd.pick(plan.managers)) : partnerAt(ctx, org, when));
  const documents = pickDocuments(ctx, s, createdAt, extras);
  const rec: ReferralRec = {
    _id: new Types.ObjectId(),
    startup: s._id,
    organisation: org._id,
    need: needFields,
    message: rnd.pick(MESSAGES).replace('{startup}', s.name),
    documents: documents.map((d) => d._id),
    shared: [],
    consents: [],
    respondBy,
    status: steps.at(-1)?.status ?? 'draft',
    sentAt,
    viewedAt: at('viewed'),
    answeredAt: answer?.at,
    declineReason: answer?.status === 'declined' ? rnd.pick(DECLINE_REASONS) : '',
    closedAt,
    withdrawnAt,
    transitions: [{ status: 'draft', at: createdAt, ...actor(creator) }, ...steps.map((x) => ({ ...x, ...actorOf(x.status, x.at) }))],
    thread: [],
    outcomes: [],
    overdueRemindedAt: null,
    createdBy: creator._id,
    createdByName: creator.name,
    createdAt,
    updatedAt: createdAt,
  };
  if (sentAt) {
    share(ctx, rec, s, documents, sentAt, end, actor(creator), extras.consent);
    converse(ctx, rec, org, sentAt, end, extras.comments);
    if (answer?.status === 'accepted') record(ctx, rec, org, answer.at, end, extras.outcomes ?? drawOutcomes(rnd, org.kind));
    // The housekeeping's reminder, the morning after the deadline, when no answer had come by then.
    const reminded = new Date(`${addDays(respondBy, 1)}T05:${String(rnd.int(0, 59)).padStart(2, '0')}:00Z`);
    if (reminded >= sentAt && reminded <= now && (answer?.at ?? closedAt ?? withdrawnAt ?? now) >= reminded) rec.overdueRemindedAt = reminded;
  }
  const times = [createdAt, ...rec.transitions.map((x) => x.at), ...rec.shared.flatMap((x) => [x.sharedAt, x.withdrawnAt ?? undefined]), ...rec.consents.map((c) => c.decidedAt), ...rec.thread.map((c) => c.at), ...rec.outcomes.map((o) => o.at)];
  rec.updatedAt = latest(...times);
  return rec;
}

/**
 * Sending shares the open documents at once; each confidential one waits for a founder who had an
 * account then: approved (then shared from that moment, and now and then withdrawn later), refused,
 * or still pending (a decision only counts while the referral is live). A manager sometimes stops
 * sharing an open document.
 */
function share(ctx: ReferralContext, rec: ReferralRec, s: StartupPlan, documents: DocRef[], sentAt: Date, end: Date, sender: Actor, forced?: ConsentStatus): void {
  const { rnd, now } = ctx;
  for (const d of documents.filter((x) => !x.confidential)) {
    const stopped = rnd.chance(0.03) ? rnd.between(sentAt, end) : null;
    rec.shared.push({ document: d._id, sharedAt: sentAt, withdrawnAt: stopped, ...(stopped ? actor(rnd.pick(ctx.plan.managers)) : sender) });
  }
  for (const d of documents.filter((x) => x.confidential)) {
    const r = rnd.next();
    const decision: ConsentStatus = forced ?? (r < 0.55 ? 'approved' : r < 0.65 ? 'withdrawn' : r < 0.8 ? 'refused' : 'pending');
    const decidedAt = later(sentAt, rnd.int(2, 144) * HOUR);
    const team = teamOf(s).filter((f) => f.createdAt <= decidedAt);
    if (decision === 'pending' || team.length === 0 || decidedAt > end) {
      rec.consents.push({ document: d._id, status: 'pending', requestedAt: sentAt, byName: '' });
      continue;
    }
    const founder = actor(rnd.pick(team));
    if (decision === 'refused') {
      rec.consents.push({ document: d._id, status: 'refused', requestedAt: sentAt, decidedAt, ...founder });
      continue;
    }
    const withdrawn = decision === 'withdrawn' && later(decidedAt, 2 * HOUR) < now ? rnd.between(later(decidedAt, HOUR), later(now, -HOUR)) : null;
    rec.consents.push({ document: d._id, status: withdrawn ? 'withdrawn' : 'approved', requestedAt: sentAt, decidedAt: withdrawn ?? decidedAt, ...founder });
    rec.shared.push({ document: d._id, sharedAt: decidedAt, withdrawnAt: withdrawn, ...founder });
  }
}

/** A few messages between the programme and the partner while the referral is open. */
function converse(ctx: ReferralContext, rec: ReferralRec, org: OrganisationRec, from: Date, to: Date, wanted?: number): void {
  const { rnd } = ctx;
  const count = to.getTime() - from.getTime() < 3 * HOUR ? 0 : (wanted ?? (rnd.chance(0.25) ? rnd.int(1, 3) : 0));
  const times = Array.from({ length: count }, () => rnd.between(later(from, HOUR), later(to, -HOUR))).sort((a, b) => a.getTime() - b.getTime());
  let side: 'programme' | 'organisation' = rnd.chance(0.5) ? 'programme' : 'organisation';
  for (const at of times) {
    const who = side === 'programme' ? actor(rnd.pick(ctx.plan.managers)) : partnerAt(ctx, org, at);
    rec.thread.push({ at, side, text: rnd.pick(COMMENTS[side]), ...who });
    side = side === 'programme' ? 'organisation' : 'programme';
  }
}

/** Outcomes recorded by the partner while the referral is accepted, each some days after the previous one. */
function record(ctx: ReferralContext, rec: ReferralRec, org: OrganisationRec, acceptedAt: Date, end: Date, kinds: OutcomeKind[]): void {
  const { rnd, now } = ctx;
  let after = acceptedAt;
  for (const kind of kinds) {
    const happened = later(after, rnd.int(3, 40) * DAY);
    const at = later(happened, rnd.int(1, 72) * HOUR);
    if (at > end || at > now) return;
    const note = kind === 'no_fit' ? rnd.pick(NO_FIT_NOTES) : rnd.pick(OUTCOME_NOTES[kind] ?? ['']);
    rec.outcomes.push({ kind, on: today(happened), amount: kind === 'investment' ? rnd.int(2, 40) * 50_000 : undefined, note, at, ...partnerAt(ctx, org, at) });
    after = happened;
  }
}
