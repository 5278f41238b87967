import { Forbidden, NotFound } from '../errors';
import type { SessionUser } from '../auth/session-user';
import { can, decide } from './decide';
import type { Action, Relation } from './table';

/**
 * What a request may do with one record, resolved once per request and passed down to the services
 * (NodeBB-style privileges): the record, how the user stands to it, and the policy's answer for each action.
 */
export interface Access<T> {
  readonly user: SessionUser;
  readonly record: T;
  readonly relation: Relation;
  can(action: Action): boolean;
  /** Throws NotFound when the user may not do `action` here: outside one's reach, nothing more is told. */
  require(action: Action): void;
}

/**
 * For services that act on no particular record (create a startup, manage users, settings): a
 * role that may not do `action` at all is refused (403), whoever called the service.
 */
export function requireCan(user: SessionUser, action: Action): void {
  if (!can(user, action)) throw new Forbidden();
}

export function grantAccess<T>(user: SessionUser, record: T, relation: Relation): Access<T> {
  const can = (action: Action): boolean => decide(user.role, relation, action);
  return {
    user,
    record,
    relation,
    can,
    require(action) {
      if (!can(action)) throw new NotFound();
    },
  };
}

/**
 * Facts about a user and startups that the relation needs and only the database knows. The features
 * that own them supply an implementation (src/startups/access.ts); the policy asks only for what
 * the user's role makes relevant (a manager's request never looks up mentor assignments).
 */
export interface StartupFacts {
  /** Whether the mentor coaches this startup today. */
  isAssigned(mentorId: string, startupId: string): Promise<boolean>;
  /** The startups the mentor coaches today. */
  assignedStartupIds(mentorId: string): Promise<string[]>;
}

/** How the user stands to one startup: all (managers), own (founders), assigned (mentors), or nothing. */
export async function relationToStartup(user: SessionUser, startupId: string, facts: StartupFacts): Promise<Relation | null> {
  switch (user.role) {
    case 'manager':
      return 'all';
    case 'founder':
      return user.startups.includes(startupId) ? 'own' : null;
    case 'mentor':
      return (await facts.isAssigned(user.id, startupId)) ? 'assigned' : null;
    default:
      return null;
  }
}

/** The startups a user reaches for `action`: every one, some ids, or none (null). */
export interface StartupReach {
  relation: Relation;
  ids: 'all' | string[];
}

export async function startupReach(user: SessionUser, action: Action, facts: StartupFacts): Promise<StartupReach | null> {
  let reach: StartupReach | null;
  switch (user.role) {
    case 'manager':
      reach = { relation: 'all', ids: 'all' };
      break;
    case 'founder':
      reach = { relation: 'own', ids: [...user.startups] };
      break;
    case 'mentor':
      reach = { relation: 'assigned', ids: await facts.assignedStartupIds(user.id) };
      break;
    default:
      reach = null;
  }
  return reach && decide(user.role, reach.relation, action) ? reach : null;
}

/**
 * How the user stands to a mentoring session (startup and mentor known): managers all; founders their
 * startup's (own); mentors their own session, or a colleague's on a startup they coach (assigned),
 * and nothing once the assignment has ended.
 */
export async function relationToSession(user: SessionUser, session: { startup: string; mentor: string }, facts: StartupFacts): Promise<Relation | null> {
  switch (user.role) {
    case 'manager':
      return 'all';
    case 'founder':
      return user.startups.includes(session.startup) ? 'own' : null;
    case 'mentor':
      if (!(await facts.isAssigned(user.id, session.startup))) return null;
      return session.mentor === user.id ? 'own' : 'assigned';
    default:
      return null;
  }
}
