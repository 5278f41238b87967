import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { can, coachRoles } from '../core/policy';
import { startupFacts } from '../startups/access';

const ids = (list: string[]) => mongoose.trusted({ $in: list.map((id) => new mongoose.Types.ObjectId(id)) });

/**
 * The sessions a user has in their own lists and calendar feed, as a filter, or null when none:
 * a mentor their own sessions on the startups they coach now (an ended assignment takes them out at
 * once); the startup's team its sessions; a manager every session in the list, and in the feed those
 * they planned.
 */
export async function sessionScope(user: SessionUser, purpose: 'list' | 'feed'): Promise<Record<string, unknown> | null> {
  if (can(user, 'mentoring.manage')) return purpose === 'list' ? {} : { plannedBy: new mongoose.Types.ObjectId(user.id) };
  if (coachRoles().includes(user.role)) {
    const startups = await startupFacts.assignedStartupIds(user.id);
    return startups.length ? { mentor: new mongoose.Types.ObjectId(user.id), startup: ids(startups) } : null;
  }
  if (can(user, 'officeHours.book')) return user.startups.length ? { startup: ids(user.startups) } : null;
  return null;
}
