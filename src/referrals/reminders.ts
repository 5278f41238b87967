import mongoose from 'mongoose';
import { today } from '../hosting/days';
import { AWAITING_STATUSES, Referral } from './model';
import { tell, type ReferralDeps } from './tell';

/**
 * Tells the managers and the organisation's users of each referral still unanswered after its
 * deadline, once: marked by a conditional update that only one instance wins, before anyone is told.
 * Returns how many were announced (a housekeeping chore).
 */
export async function remindOverdue(deps: ReferralDeps = {}, now = new Date()): Promise<number> {
  const day = today(now);
  const waiting = await Referral.find({ status: mongoose.trusted({ $in: AWAITING_STATUSES }), overdueRemindedAt: null }, { startup: 1, organisation: 1, respondBy: 1 }).lean();
  let told = 0;
  for (const r of waiting) {
    if (r.respondBy >= day) continue;
    const won = await Referral.updateOne({ _id: r._id, overdueRemindedAt: null, status: mongoose.trusted({ $in: AWAITING_STATUSES }) }, { $set: { overdueRemindedAt: now } });
    if (won.modifiedCount !== 1) continue;
    await tell(r, 'overdue', ['programme', 'organisation'], deps);
    told += 1;
  }
  return told;
}
