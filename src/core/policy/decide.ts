import { ROLES, type Role } from './roles';
import { RULES, type Action, type Grant, type Relation } from './table';

function grantOf(role: Role, action: Action): Grant | undefined {
  return (RULES[action] as Partial<Record<Role, Grant>>)[role];
}

/**
 * The policy's one decision, without the database: may a user of `role`, standing in `relation`
 * to a record (null: no relation, or no record), do `action`?
 */
export function decide(role: Role, relation: Relation | null, action: Action): boolean {
  const grant = grantOf(role, action);
  if (grant === undefined) return false;
  if (grant === 'any') return true;
  return relation !== null && grant.includes(relation);
}

/** Whether the role may use the pages of `action` at all (else 403); which records it reaches is another question (404). */
export function can(user: { role: Role } | undefined, action: Action): boolean {
  return user !== undefined && grantOf(user.role, action) !== undefined;
}

/** The roles that may do `action` (under `relation` when given): who is told of a task, who counts as "a manager". */
export function rolesFor(action: Action, relation?: Relation): Role[] {
  return ROLES.filter((role) => {
    const grant = grantOf(role, action);
    if (grant === undefined) return false;
    return relation === undefined || grant === 'any' || grant.includes(relation);
  });
}

/**
 * How far the role reaches for `action` over a collection: every record, records in some relation
 * (own, assigned…), or none. Lists use it to choose their wording ("your startup", "assigned to you").
 */
export function reachOf(role: Role, action: Action): 'all' | Relation | 'none' {
  const grant = grantOf(role, action);
  if (grant === undefined) return 'none';
  if (grant === 'any' || grant.includes('all')) return 'all';
  return grant[0] ?? 'none';
}
