import Joi from 'joi';
import { email, line, objectId, page, searchText, version } from '../core/http/schemas';
import { ROLES, rolesLinkedTo } from '../core/policy';

const name = line(120).required();

/** What a user belongs to follows their role (policy: founders to startups, partners to an organisation). */
const access = {
  name,
  role: Joi.string().valid(...ROLES).required(),
  locale: Joi.string().valid('fr', 'en').default('fr'),
  startups: Joi.when('role', {
    is: Joi.valid(...rolesLinkedTo('startups')),
    then: Joi.array().single().items(objectId).min(1).max(20).required(),
    otherwise: Joi.any().strip(),
  }),
  organisation: Joi.when('role', {
    is: Joi.valid(...rolesLinkedTo('organisation')),
    then: objectId.required(),
    otherwise: Joi.any().strip(),
  }),
};

/** Manager's "new user" form. Founders need a startup, partners an organisation. */
export const createUserSchema = Joi.object<CreateUserInput>({ email: email.required(), ...access });
export type CreateUserInput = {
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  locale: 'fr' | 'en';
  startups?: string[];
  organisation?: string;
};

/** Manager's edit form: the e-mail stays (it is the login); role, name, links. */
export const updateUserSchema = Joi.object<UpdateUserInput>({ ...access, version });
export type UpdateUserInput = Omit<CreateUserInput, 'email'> & { version: number };

export const listUsersQuery = Joi.object<ListUsersQuery>({
  q: searchText,
  role: Joi.string().valid(...ROLES, '').default(''),
  status: Joi.string().valid('active', 'invited', 'inactive', '').default(''),
  sort: Joi.string().valid('name', '-name', 'email', '-email', 'lastLoginAt', '-lastLoginAt', 'createdAt', '-createdAt').default('name'),
  page,
});
export type ListUsersQuery = { q: string; role: string; status: string; sort: string; page: number };

export const versionOnly = Joi.object<{ version: number }>({ version });
