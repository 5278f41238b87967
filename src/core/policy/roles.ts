/** The five kinds of users (DESIGN.md section 1). Only the policy folder reasons about them. */
export const ROLES = ['manager', 'founder', 'mentor', 'partner', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The record a user of a role belongs to: founders to the startups of their team, partners to
 * their organisation; the other roles to nothing.
 */
export type RoleLink = 'startups' | 'organisation';
const LINKS: Record<Role, RoleLink | null> = {
  manager: null,
  founder: 'startups',
  mentor: null,
  partner: 'organisation',
  observer: null,
};

export function linkOf(role: Role): RoleLink | null {
  return LINKS[role];
}

/** Roles whose users belong to `link` (the user form asks for startups or an organisation for those). */
export function rolesLinkedTo(link: RoleLink): Role[] {
  return ROLES.filter((role) => LINKS[role] === link);
}

/** Whether a role speaks for a startup (its team) rather than for the programme: "proposed by the startup". */
export function speaksForStartup(role: string | null | undefined): boolean {
  return (ROLES as readonly string[]).includes(role ?? '') && LINKS[role as Role] === 'startups';
}

/** The roles whose users coach startups (the mentor directory lists them, assignments name them). */
export function coachRoles(): Role[] {
  return ROLES.filter((role) => role === 'mentor');
}
