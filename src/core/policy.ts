import mongoose from 'mongoose';
import type { Role, SessionUser } from '../users/model';
import { MentorAssignment } from '../startups/assignment.model';

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
  /** Programme settings: maturity ladder, readiness axes, cohorts. */
  'programme.manage': ['manager'],
  /** List and read startups (scoped by startupScope: all, own, assigned). */
  'startups.read': ['manager', 'founder', 'mentor'],
  /** Create startups, export the list. */
  'startups.create': ['manager'],
  'startups.export': ['manager'],
  /** Edit a profile: managers every field, founders their own startup's descriptive fields. */
  'startups.edit': ['manager', 'founder'],
  /** Move a startup along the maturity ladder. */
  'startups.moveStage': ['manager'],
  /** Update headline figures (headcount, funds raised, revenue). */
  'startups.figures': ['manager', 'founder'],
  /** Record a readiness assessment (mentors: assigned startups only). */
  'readiness.assess': ['manager', 'mentor'],
  /** Set target levels for the end of the cohort. */
  'readiness.target': ['manager'],
  /** Dossier: upload (founders: own startup), download (scoped by documentScope), delete. */
  'documents.upload': ['manager', 'founder'],
  'documents.read': ['manager', 'founder', 'mentor'],
  'documents.delete': ['manager'],
  /** Milestones: plan (managers; founders propose for their own startup), submit evidence (founders, own),
   * review (managers decide; assigned mentors comment only), the review queue and tracks (managers). */
  'milestones.read': ['manager', 'founder', 'mentor'],
  'milestones.plan': ['manager', 'founder'],
  'milestones.submit': ['founder'],
  'milestones.review': ['manager'],
  'milestones.comment': ['manager', 'mentor'],
  'milestones.tracks': ['manager'],
  /** Monthly check-in: founders fill it for their own startup; managers follow who has not and remind them. */
  'checkins.submit': ['founder'],
  'checkins.follow': ['manager'],
  /** Everyone's own in-app notifications. */
  'notifications.self': ['manager', 'founder', 'mentor', 'partner', 'observer'],
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

/** Profile fields a founder may change on their own startup; the rest (status, stage, cohort, slug…) are the managers'. */
export const FOUNDER_EDITABLE_STARTUP_FIELDS = ['name', 'legalName', 'siret', 'foundedAt', 'area', 'pitch', 'website', 'tags'] as const;

/** Ids of the startups a mentor is assigned to today. */
export async function assignedStartupIds(mentorId: string, at = new Date()): Promise<mongoose.Types.ObjectId[]> {
  const assignments = await MentorAssignment.find({
    mentor: mentorId,
    from: mongoose.trusted({ $lte: at }),
    $or: [{ to: null }, { to: mongoose.trusted({ $gte: at }) }],
  }).lean();
  return assignments.map((a) => a.startup);
}

/**
 * Startups this user may read: a Mongo filter, or null when none at all.
 * Managers: all; founders: their own; mentors: currently assigned; others: none.
 */
export async function startupScope(user: SessionUser): Promise<Record<string, unknown> | null> {
  switch (user.role) {
    case 'manager':
      return {};
    case 'founder':
      return { _id: mongoose.trusted({ $in: user.startups.map((id) => new mongoose.Types.ObjectId(id)) }) };
    case 'mentor':
      return { _id: mongoose.trusted({ $in: await assignedStartupIds(user.id) }) };
    default:
      return null;
  }
}

/** Whether a startup is the user's own (founder) or assigned (mentor) — the "own"/"assigned" of the table. */
export async function relationTo(user: SessionUser, startupId: string): Promise<'all' | 'own' | 'assigned' | null> {
  if (user.role === 'manager') return 'all';
  if (user.role === 'founder') return user.startups.includes(startupId) ? 'own' : null;
  if (user.role === 'mentor') return (await assignedStartupIds(user.id)).some((id) => String(id) === startupId) ? 'assigned' : null;
  return null;
}
