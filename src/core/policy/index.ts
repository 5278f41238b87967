/**
 * The one place that decides who may do what (DESIGN.md section 3) and the only code that knows
 * roles: the role table (table.ts), the database-free decision (decide.ts), and the reach of a
 * user over records (reach.ts) that features resolve once per request.
 */
export { ROLES, coachRoles, linkOf, rolesLinkedTo, speaksForStartup, type Role, type RoleLink } from './roles';
export { RULES, type Action, type Grant, type Relation } from './table';
export { can, decide, reachOf, rolesFor } from './decide';
export { grantAccess, requireCan, relationToSession, relationToStartup, startupReach, type Access, type StartupFacts, type StartupReach } from './reach';

/** Route-level permission: an action of the table, or one of the two open levels. */
export type Permission = import('./table').Action | 'public' | 'authenticated';
