import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { rolesLinkedTo } from '../core/policy';
import type { MemberInput } from '../partners/schemas';
import { findOrganisation } from '../partners/service';
import { User } from '../users/model';
import { createUser, setActive, type LinkDeps } from '../users/service';

/**
 * Invites a partner user from the organisation's page: the account is the organisation's (a
 * partner user belongs to exactly one), the invitation link is mailed and handed back to the manager.
 */
export async function inviteMember(actor: SessionUser, organisationId: string, input: MemberInput, deps: LinkDeps): Promise<{ id: string; link: string }> {
  const organisation = await findOrganisation(actor, organisationId);
  const [role] = rolesLinkedTo('organisation');
  return createUser(actor, { ...input, role, organisation: organisation.id }, deps);
}

/**
 * Deactivates (their sessions end at once, their links stop working) or reactivates one of the
 * organisation's users, from the version the page was drawn from; someone else's user is 404.
 */
export async function setMemberActive(actor: SessionUser, organisationId: string, userId: string, active: boolean, version: number): Promise<string> {
  const organisation = await findOrganisation(actor, organisationId);
  if (!isObjectId(userId)) throw new NotFound();
  const member = await User.findOne({ _id: userId }, { organisation: 1, role: 1, name: 1 }).lean();
  if (!member || String(member.organisation) !== organisation.id || !rolesLinkedTo('organisation').includes(member.role)) throw new NotFound();
  await setActive(actor, userId, active, version);
  return member.name;
}
