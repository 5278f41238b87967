import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { writeIf } from '../core/db/safe-write';
import { ValidationFailed, fieldError } from '../core/errors';
import { today } from '../hosting/days';
import type { ReferralAccess } from './access';
import { Referral, type OutcomeKind } from './model';
import { tell, type ReferralDeps } from './tell';

/** Statuses in which the programme and the partner may still write to each other. */
const OPEN_FOR_COMMENTS = ['sent', 'viewed', 'accepted', 'declined'];

/**
 * A comment in the thread between the programme and the partner (never shown to founders). The
 * other side is told. A referral closed or withdrawn meanwhile refuses it (Conflict).
 */
export async function addComment(access: ReferralAccess, text: string, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.comment');
  const body = text.trim();
  if (!body) throw new ValidationFailed({ text: fieldError('referrals.errors.commentRequired') });
  const side = access.can('referrals.manage') ? 'programme' : 'organisation';
  await writeIf(
    Referral,
    { _id: access.record._id, status: mongoose.trusted({ $in: OPEN_FOR_COMMENTS }) },
    { $push: { thread: { at: new Date(), side, text: body, by: access.user.id, byName: access.user.name } } },
    { conflict: 'referrals.errors.closed' },
  );
  await audit(access.user, { action: 'referral.commented', entityType: 'Referral', entityId: access.id, summary: body.slice(0, 120) });
  await tell(access.record, 'commented', [side === 'programme' ? 'organisation' : 'programme'], deps, access.user.id);
}

export interface OutcomeInput {
  kind: OutcomeKind;
  /** YYYY-MM-DD, not in the future. */
  on: string;
  amount?: number;
  note: string;
}

/**
 * The partner records what came of an accepted referral (several over time): a meeting held, a pilot
 * or evaluation started, an agreement signed, an investment (with its amount), no fit (with the
 * reason). The programme and the startup's team (status only) are told.
 */
export async function recordOutcome(access: ReferralAccess, input: OutcomeInput, deps: ReferralDeps = {}): Promise<void> {
  access.require('referrals.respond');
  if (input.on > today()) throw new ValidationFailed({ on: fieldError('referrals.errors.futureDate') });
  if (input.kind === 'investment' && !(typeof input.amount === 'number' && input.amount > 0)) throw new ValidationFailed({ amount: fieldError('referrals.errors.amountRequired') });
  if (input.kind === 'no_fit' && !input.note.trim()) throw new ValidationFailed({ note: fieldError('referrals.errors.reasonRequired') });
  const outcome = { kind: input.kind, on: input.on, amount: input.kind === 'investment' ? input.amount : undefined, note: input.note.trim(), at: new Date(), by: access.user.id, byName: access.user.name };
  await writeIf(Referral, { _id: access.record._id, status: 'accepted' }, { $push: { outcomes: outcome } }, { conflict: 'referrals.errors.invalidTransition' });
  await audit(access.user, { action: 'referral.outcome', entityType: 'Referral', entityId: access.id, summary: `${input.kind} · ${input.on}` });
  await tell(access.record, 'outcome', ['programme', 'team'], deps, access.user.id);
}
