import type { Mailer } from '../core/mail';
import { notify } from '../notifications/service';
import { PartnerOrganisation } from '../partners/model';
import { Startup } from '../startups/model';
import { membersOf, teamOf, usersWho } from '../users/team';

export interface ReferralDeps {
  mailer?: Mailer;
  baseUrl?: string;
}

/** Who may be told of a referral: the programme (managers), the organisation's users, the startup's team (status only). */
export type Audience = 'programme' | 'organisation' | 'team';

interface ReferralRef {
  _id: unknown;
  startup: unknown;
  organisation: unknown;
}

/** The names a notification shows: the startup's and the organisation's. */
export async function namesOf(referral: ReferralRef): Promise<{ startup: string; organisation: string }> {
  const [startup, organisation] = await Promise.all([Startup.findOne({ _id: referral.startup }, { name: 1 }).lean(), PartnerOrganisation.findOne({ _id: referral.organisation }, { name: 1 }).lean()]);
  return { startup: startup?.name ?? '', organisation: organisation?.name ?? '' };
}

async function recipients(referral: ReferralRef, audience: Audience): Promise<string[]> {
  switch (audience) {
    case 'programme':
      return usersWho('referrals.manage');
    case 'organisation':
      return membersOf(String(referral.organisation));
    case 'team':
      return teamOf(String(referral.startup));
  }
}

/**
 * Tells `audiences` of what happened to a referral (kind `referral.<event>`), except whoever did
 * it. Founders' texts carry the status only: never the thread, the message or a reason.
 */
export async function tell(referral: ReferralRef, event: string, audiences: Audience[], deps: ReferralDeps, actorId?: string, params: Record<string, string | number> = {}): Promise<void> {
  const to = new Set<string>();
  for (const audience of audiences) for (const id of await recipients(referral, audience)) to.add(id);
  if (actorId) to.delete(actorId);
  if (to.size === 0) return;
  const names = await namesOf(referral);
  await notify({ to: [...to], kind: `referral.${event}`, params: { ...names, ...params }, link: `/referrals/${String(referral._id)}` }, deps.mailer, deps.baseUrl ?? '');
}
