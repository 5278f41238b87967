import { addDays, today } from '../src/hosting/days';
import { AWAITING_STATUSES, type ReferralStatus } from '../src/referrals/model';

/**
 * The referral rules (issue 11), checked over whole sets of records independently of the services
 * that write them (src/referrals/service.ts, consent.ts, thread.ts): the bench datasets must hold
 * them. Each check answers what breaks a rule, in words (empty: none).
 */
type Id = { toString(): string };
type Maybe<T> = T | null | undefined;
interface By {
  by?: Maybe<Id>;
}
export interface ReferralLike {
  _id: Id;
  startup: Id;
  organisation: Id;
  need: { pack?: Maybe<Id>; free?: Maybe<string> };
  documents: Id[];
  shared: ({ document: Id; sharedAt: Date; withdrawnAt?: Maybe<Date> } & By)[];
  consents: ({ document: Id; status: string; requestedAt: Date; decidedAt?: Maybe<Date> } & By)[];
  respondBy: string;
  status: string;
  sentAt?: Maybe<Date>;
  viewedAt?: Maybe<Date>;
  answeredAt?: Maybe<Date>;
  declineReason?: Maybe<string>;
  closedAt?: Maybe<Date>;
  withdrawnAt?: Maybe<Date>;
  transitions: ({ status: string; at: Date } & By)[];
  thread: ({ at: Date; side: string; text: string } & By)[];
  outcomes: ({ kind: string; on: string; amount?: Maybe<number>; note?: Maybe<string>; at: Date } & By)[];
  overdueRemindedAt?: Maybe<Date>;
  createdAt?: Maybe<Date>;
}
export interface World {
  now: Date;
  documents: Map<string, { startup: Id; confidential?: Maybe<boolean>; deletedAt?: Maybe<Date>; createdAt?: Maybe<Date> }>;
  /** Users by id: role, startups (founders), organisation (partners). */
  users: Map<string, { role: string; startups?: Id[]; organisation?: Maybe<Id> }>;
  /** Each organisation's packs. */
  packs: Map<string, string[]>;
}

/** The moves the services make (service.ts `move`): from → allowed next statuses. */
const MOVES: Record<ReferralStatus, ReferralStatus[]> = {
  draft: ['sent', 'withdrawn'],
  sent: ['viewed', 'accepted', 'declined', 'closed', 'withdrawn'],
  viewed: ['accepted', 'declined', 'closed', 'withdrawn'],
  accepted: ['closed', 'withdrawn'],
  declined: ['closed', 'withdrawn'],
  closed: [],
  withdrawn: [],
};
const PARTNER_MOVES = ['viewed', 'accepted', 'declined'];
const time = (d: Maybe<Date>): number | undefined => (d ? new Date(d).getTime() : undefined);

/** What breaks a rule in one referral, in words. */
export function referralFaults(r: ReferralLike, world: World): string[] {
  const out: string[] = [];
  const fault = (why: string) => out.push(`${String(r._id)} (${r.status}): ${why}`);
  const now = world.now.getTime();
  const t = r.transitions;
  const userIs = (by: Maybe<Id>, check: (u: { role: string; startups?: Id[]; organisation?: Maybe<Id> }) => boolean) => !by || (world.users.has(String(by)) && check(world.users.get(String(by)) as never));
  const partnerOf = (u: { role: string; organisation?: Maybe<Id> }) => u.role === 'partner' && String(u.organisation) === String(r.organisation);
  const founderOf = (u: { role: string; startups?: Id[] }) => u.role === 'founder' && (u.startups ?? []).some((s) => String(s) === String(r.startup));
  const managerOf = (u: { role: string }) => u.role === 'manager';
  // The history: a draft first, each move allowed, in time, ending at the status; the dates of each step.
  if (t[0]?.status !== 'draft' || time(t[0]?.at) !== time(r.createdAt)) fault('history does not start with the draft');
  for (let i = 1; i < t.length; i += 1) {
    if (!MOVES[t[i - 1].status as ReferralStatus]?.includes(t[i].status as ReferralStatus)) fault(`move ${t[i - 1].status} → ${t[i].status}`);
    if (t[i].at < t[i - 1].at) fault('history out of time order');
    if (!userIs(t[i].by, PARTNER_MOVES.includes(t[i].status) ? partnerOf : managerOf)) fault(`${t[i].status} by someone who may not`);
  }
  if (t.at(-1)?.status !== r.status) fault('status is not the last step');
  if (t.some((x) => new Date(x.at).getTime() > now)) fault('a step in the future');
  const at = (status: string) => time(t.find((x) => x.status === status)?.at);
  const answer = t.find((x) => x.status === 'accepted' || x.status === 'declined');
  if (time(r.sentAt) !== at('sent') || time(r.viewedAt) !== at('viewed') || time(r.answeredAt) !== time(answer?.at) || time(r.closedAt) !== at('closed') || time(r.withdrawnAt) !== at('withdrawn')) fault('dates differ from the history');
  if (Boolean(r.declineReason) !== (answer?.status === 'declined')) fault('decline reason without declining, or the reverse');
  if (r.createdAt && r.respondBy < today(r.createdAt)) fault('deadline before the day it was drafted');
  if (!r.need.pack === !r.need.free) fault('need is neither a pack nor a free need');
  if (r.need.pack && !(world.packs.get(String(r.organisation)) ?? []).includes(String(r.need.pack))) fault('pack of another organisation');
  // Documents: the startup's, live, uploaded by the draft; shared from sending, confidential ones only after consent.
  for (const id of r.documents) {
    const d = world.documents.get(String(id));
    if (!d || String(d.startup) !== String(r.startup) || d.deletedAt || (time(d.createdAt) ?? 0) > (time(r.createdAt) ?? now)) fault(`document ${String(id)} not of the dossier as it was`);
  }
  const sent = r.sentAt ? new Date(r.sentAt).getTime() : undefined;
  const end = time(r.closedAt) ?? time(r.withdrawnAt) ?? now;
  if (sent === undefined && (r.shared.length || r.consents.length || r.thread.length || r.outcomes.length)) fault('never sent, yet shared, commented or with outcomes');
  for (const s of r.shared) {
    const d = world.documents.get(String(s.document));
    const consent = r.consents.find((c) => String(c.document) === String(s.document));
    if (!r.documents.some((x) => String(x) === String(s.document))) fault('shared a document not picked');
    if (sent === undefined || s.sharedAt.getTime() < sent || s.sharedAt.getTime() > now) fault('shared before sending or in the future');
    if (d?.confidential && (!consent || !['approved', 'withdrawn'].includes(consent.status) || (consent.status === 'withdrawn') !== Boolean(s.withdrawnAt))) fault('confidential document shared without consent');
    if (s.withdrawnAt && (s.withdrawnAt < s.sharedAt || s.withdrawnAt.getTime() > now)) fault('sharing ended before it began');
  }
  for (const c of r.consents) {
    if (!world.documents.get(String(c.document))?.confidential) fault('consent asked for an open document');
    if (time(c.requestedAt) !== sent) fault('consent not asked on sending');
    if ((c.status === 'pending') !== !c.decidedAt || !userIs(c.by, founderOf) || (c.status !== 'pending' && !c.by)) fault(`consent ${c.status} not decided by a founder`);
    if (c.decidedAt && ((c.status !== 'withdrawn' && c.decidedAt.getTime() > end) || c.decidedAt.getTime() > now)) fault('consent decided once the referral was over');
  }
  for (const c of r.thread) if (sent === undefined || c.at.getTime() < sent || c.at.getTime() > end || !userIs(c.by, c.side === 'programme' ? managerOf : partnerOf)) fault('comment out of the open time or by the wrong side');
  // Outcomes: recorded while accepted, by the partner, not before the day they tell of.
  const accepted = at('accepted');
  for (const o of r.outcomes) {
    if (accepted === undefined || o.at.getTime() < accepted || o.at.getTime() > end) fault(`outcome ${o.kind} outside the accepted time`);
    if (o.on > today(o.at)) fault('outcome recorded before its day');
    if (o.kind === 'investment' && !(Number(o.amount) > 0)) fault('investment without an amount');
    if (o.kind === 'no_fit' && !o.note) fault('no fit without its reason');
    if (!userIs(o.by, partnerOf)) fault('outcome by someone not of the organisation');
  }
  // The overdue reminder goes out once, after the deadline, while the answer is awaited.
  if (r.overdueRemindedAt) {
    const when = r.overdueRemindedAt.getTime();
    const answeredBy = time(answer?.at) ?? end;
    if (r.respondBy >= today(r.overdueRemindedAt) || sent === undefined || when < sent || when > answeredBy) fault('reminded while not overdue');
  } else if (AWAITING_STATUSES.includes(r.status as ReferralStatus) && addDays(r.respondBy, 1) < today(world.now)) fault('overdue since yesterday and never reminded');
  return out;
}
