import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { grantAccess, relationToSession, type Access } from '../core/policy';
import { startupFacts } from '../startups/access';
import { MentoringSession } from './model';

const findSession = (id: string) => MentoringSession.findOne({ _id: id }).lean();
export type SessionRecord = NonNullable<Awaited<ReturnType<typeof findSession>>>;
export type SessionAccess = Access<SessionRecord>;

/**
 * A mentoring session as this user may reach it, from one read (by _id) and, for a mentor, one
 * look at their assignment: unknown, malformed or out of reach (a mentor no longer assigned) are
 * all NotFound. What the user may do with it: access.can('mentoring.edit'), …notes.read, …
 */
export async function sessionAccess(user: SessionUser, id: string): Promise<SessionAccess> {
  if (!isObjectId(id)) throw new NotFound();
  const session = await findSession(id);
  if (!session) throw new NotFound();
  const relation = await relationToSession(user, { startup: String(session.startup), mentor: String(session.mentor) }, startupFacts);
  if (!relation) throw new NotFound();
  const access = grantAccess(user, session, relation);
  access.require('mentoring.read');
  return access;
}
