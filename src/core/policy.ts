import mongoose from 'mongoose';
import type { Role, SessionUser } from '../users/model';

/**
 * The one place that decides who may do what (DESIGN.md section 3).
 * Role-level rules answer "may this role use this page at all" (403 when not);
 * scope functions answer "which records can this user reach" (404 outside).
 */
export const PERMISSIONS = {
  /** Home page and navigation. */
  home: ['manager', 'founder', 'mentor', 'partner', 'observer'],
  /** My account: name, language, password. */
  'account.self': ['manager', 'founder', 'mentor', 'partner', 'observer'],
  /** Create users, deactivate them, issue set-password links. */
  'users.manage': ['manager'],
  /** Read the audit trail. */
  'activity.read': ['manager'],
  /** List and read startups (scoped by startupScope). */
  'startups.read': ['manager', 'founder', 'mentor'],
  /** Aggregated indicators. */
  'indicators.read': ['manager', 'founder', 'observer'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** Route-level permission: an action of the table, or one of the two open levels. */
export type Permission = Action | 'public' | 'authenticated';

export function can(user: SessionUser | undefined, action: Action): boolean {
  if (!user) return false;
  return (PERMISSIONS[action] as readonly Role[]).includes(user.role);
}

/**
 * Startups this user may read: a Mongo filter, or null when none at all.
 * Mentors reach assigned startups once mentoring assignments exist (issue to come): none yet.
 */
export function startupScope(user: SessionUser): Record<string, unknown> | null {
  switch (user.role) {
    case 'manager':
      return {};
    case 'founder':
      return { _id: mongoose.trusted({ $in: user.startups.map((id) => new mongoose.Types.ObjectId(id)) }) };
    default:
      return null;
  }
}
