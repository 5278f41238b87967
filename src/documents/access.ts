import mongoose from 'mongoose';
import { assignedStartupIds } from '../core/policy';
import type { SessionUser } from '../users/model';

/**
 * Dossier documents this user may list and download, as a Mongo filter (null: none at all).
 * Managers: every startup; founders: their own startups; mentors: assigned startups, never a
 * confidential document; partners: documents shared on an addressed referral — referrals do not
 * exist yet, so none; observers: none. Deleted documents are never reachable.
 * (Candidate for src/core/policy.ts as `documentScope`.)
 */
export async function documentScope(user: SessionUser): Promise<Record<string, unknown> | null> {
  const live = { deletedAt: null };
  switch (user.role) {
    case 'manager':
      return live;
    case 'founder':
      return { ...live, startup: mongoose.trusted({ $in: user.startups.map((id) => new mongoose.Types.ObjectId(id)) }) };
    case 'mentor':
      return { ...live, startup: mongoose.trusted({ $in: await assignedStartupIds(user.id) }), confidential: false };
    default:
      return null;
  }
}

/** Whether this user sees confidential documents of a startup they can reach. */
export function seesConfidential(user: SessionUser): boolean {
  return user.role === 'manager' || user.role === 'founder';
}
