import { withLock } from '../core/db/lock';
import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { endSessionsOf } from '../core/auth/sessions';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { escapeRegex, pageBounds, paged, sortSpec, type Paged } from '../core/http/paginate';
import type { Mailer } from '../core/mail';
import { translate } from '../core/i18n';
import { PartnerOrganisation } from '../partners/model';
import { Startup } from '../startups/model';
import { User } from './model';
import { can, linkOf, requireCan, rolesFor, type Role } from '../core/policy';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './schemas';
import { TOKEN_LIFETIME_HOURS, issueToken, revokeTokens } from './tokens';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  hasPassword: boolean;
  lastLoginAt?: Date;
}

export interface UserDetail extends UserRow {
  locale: 'fr' | 'en';
  version: number;
  startups: { id: string; name: string }[];
  organisation?: { id: string; name: string };
  createdAt?: Date;
}

export interface LinkDeps {
  mailer: Mailer;
  baseUrl: string;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

function findScoped(id: string) {
  if (!mongoose.isValidObjectId(id)) throw new NotFound();
  return User.findOne({ _id: id });
}

export async function listUsers(user: SessionUser, query: ListUsersQuery): Promise<Paged<UserRow>> {
  requireCan(user, 'users.manage');
  const filter: Record<string, unknown> = {};
  if (query.q) {
    const re = new RegExp(escapeRegex(query.q), 'i');
    filter.$or = [{ name: re }, { email: re }];
  }
  if (query.role) filter.role = query.role;
  if (query.status === 'active') Object.assign(filter, { active: true, passwordHash: mongoose.trusted({ $exists: true }) });
  if (query.status === 'invited') Object.assign(filter, { active: true, passwordHash: mongoose.trusted({ $exists: false }) });
  if (query.status === 'inactive') filter.active = false;
  const { skip, limit } = pageBounds(query.page);
  const [docs, total] = await Promise.all([
    User.find(filter).sort(sortSpec(query.sort)).skip(skip).limit(limit).lean(),
    User.countDocuments(filter),
  ]);
  return paged(docs.map(toRow), total, query.page);
}

/** What the list and the user page show of a user (never the hash). */
function toRow(u: { _id: unknown; name: string; email: string; role: string; active?: boolean | null; passwordHash?: string | null; lastLoginAt?: Date | null }): UserRow {
  return {
    id: String(u._id),
    name: u.name,
    email: u.email,
    role: u.role as Role,
    active: u.active ?? true,
    hasPassword: Boolean(u.passwordHash),
    lastLoginAt: u.lastLoginAt ?? undefined,
  };
}

export async function getUser(actor: SessionUser, id: string): Promise<UserDetail> {
  requireCan(actor, 'users.manage');
  const user = await findScoped(id).populate<{ startups: { _id: unknown; name: string }[] }>('startups', 'name').populate<{
    organisation: { _id: unknown; name: string } | null;
  }>('organisation', 'name').lean();
  if (!user) throw new NotFound();
  return {
    ...toRow(user),
    locale: user.locale === 'en' ? 'en' : 'fr',
    version: user.__v ?? 0,
    startups: (user.startups ?? []).filter(Boolean).map((s) => ({ id: String(s._id), name: s.name })),
    organisation: user.organisation ? { id: String(user.organisation._id), name: user.organisation.name } : undefined,
    createdAt: user.createdAt,
  };
}

/** Choices for the startup and organisation selects of the user forms. */
export async function userFormOptions(actor: SessionUser): Promise<{ startups: { id: string; name: string }[]; organisations: { id: string; name: string }[] }> {
  requireCan(actor, 'users.manage');
  const [startups, organisations] = await Promise.all([
    Startup.find({}, { name: 1 }).sort({ name: 1 }).limit(1000).lean(),
    PartnerOrganisation.find({}, { name: 1 }).sort({ name: 1 }).limit(1000).lean(),
  ]);
  return {
    startups: startups.map((s) => ({ id: String(s._id), name: s.name })),
    organisations: organisations.map((o) => ({ id: String(o._id), name: o.name })),
  };
}

/** Checks that the linked startups / organisation exist; returns the links the role keeps. */
async function resolveLinks(input: { role: Role; startups?: string[]; organisation?: string }) {
  const startups = linkOf(input.role) === 'startups' ? [...new Set(input.startups ?? [])] : [];
  if (startups.length > 0) {
    const found = await Startup.countDocuments({ _id: mongoose.trusted({ $in: startups }) });
    if (found !== startups.length) throw new ValidationFailed({ startups: fieldError('validation.choice') });
  }
  const organisation = linkOf(input.role) === 'organisation' ? input.organisation : undefined;
  if (organisation && !(await PartnerOrganisation.exists({ _id: organisation }))) {
    throw new ValidationFailed({ organisation: fieldError('validation.choice') });
  }
  return { startups, organisation };
}

export async function sendLink(user: { email: string; name: string; locale?: string | null }, token: string, purpose: 'invite' | 'reset', deps: LinkDeps): Promise<string> {
  const link = `${deps.baseUrl}/set-password/${token}`;
  const locale = user.locale === 'en' ? 'en' : 'fr';
  await deps.mailer.send({
    to: user.email,
    subject: translate(locale, `mail.${purpose}.subject`),
    text: translate(locale, `mail.${purpose}.body`, { name: user.name, link, hours: TOKEN_LIFETIME_HOURS }),
  });
  return link;
}

export async function createUser(actor: SessionUser, input: CreateUserInput, deps: LinkDeps): Promise<{ id: string; link: string }> {
  requireCan(actor, 'users.manage');
  const links = await resolveLinks(input);
  let user;
  try {
    user = await User.create({ email: input.email, name: input.name, role: input.role, locale: input.locale, ...links });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ValidationFailed({ email: fieldError('users.emailTaken') });
    throw err;
  }
  const id = String(user._id);
  await audit(actor, { action: 'user.created', entityType: 'User', entityId: id, summary: `${user.email} (${user.role})` });
  const token = await issueToken(id, 'invite');
  const link = await sendLink(user, token, 'invite', deps);
  return { id, link };
}

/** The roles that manage users ("managers"): the programme must always keep one active. */
const managing = (role: string): boolean => can({ role: role as Role }, 'users.manage');
const MANAGING_ROLES = () => mongoose.trusted({ $in: rolesFor('users.manage') });

/** Refuses to leave the programme without an active manager. */
async function assertAnotherManager(userId: string): Promise<void> {
  const others = await User.countDocuments({ role: MANAGING_ROLES(), active: true, _id: mongoose.trusted({ $ne: userId }) });
  if (others === 0) throw new Conflict('users.lastManager');
}

/**
 * The check above can race (the last two managers demoting or deactivating each other at once):
 * after the write, if no active manager is left, put the user back as they were and refuse.
 * Of concurrent changes the last to recount sees them all, so at least one manager stays.
 */
async function undoIfNoManagerLeft(userId: string, previous: Record<string, unknown>): Promise<void> {
  if ((await User.countDocuments({ role: MANAGING_ROLES(), active: true })) > 0) return;
  await User.updateOne({ _id: userId }, { $set: previous, $inc: { __v: 1 } });
  throw new Conflict('users.lastManager');
}

/**
 * Role and activation changes run one at a time (core/db/lock.ts): the "one active manager at least"
 * rule and the version check read, then write, and "never leave the programme without a manager" spans documents.
 */
export function updateUser(actor: SessionUser, id: string, input: UpdateUserInput): Promise<void> {
  requireCan(actor, 'users.manage');
  return withLock('users:access', () => updateUserNow(actor, id, input));
}

export function setActive(actor: SessionUser, id: string, active: boolean, version: number): Promise<void> {
  requireCan(actor, 'users.manage');
  return withLock('users:access', () => setActiveNow(actor, id, active, version));
}

async function updateUserNow(actor: SessionUser, id: string, input: UpdateUserInput): Promise<void> {
  const user = await findScoped(id);
  if (!user) throw new NotFound();
  if (user.__v !== input.version) throw new Conflict('errors.staleEdit');
  const demoted = managing(user.role) && !managing(input.role);
  if (demoted) await assertAnotherManager(id);
  const links = await resolveLinks(input);
  const roleChanged = user.role !== input.role;
  const previous = { name: user.name, role: user.role, locale: user.locale, startups: [...user.startups], organisation: user.organisation ?? null, sessionEpoch: user.sessionEpoch };
  user.set({ name: input.name, role: input.role, locale: input.locale, startups: links.startups, organisation: links.organisation ?? null });
  // A change of role or of links changes what the user may reach: end their sessions so nothing stale stays open.
  if (roleChanged) user.sessionEpoch = (user.sessionEpoch ?? 0) + 1;
  try {
    await user.save();
  } catch (err) {
    if (err instanceof mongoose.Error.VersionError) throw new Conflict('errors.staleEdit');
    throw err;
  }
  if (demoted) await undoIfNoManagerLeft(id, previous);
  if (roleChanged) await endSessionsOf(id);
  await audit(actor, { action: 'user.updated', entityType: 'User', entityId: id, summary: `${user.email} (${user.role})` });
}

async function setActiveNow(actor: SessionUser, id: string, active: boolean, version: number): Promise<void> {
  if (actor.id === id && !active) throw new Conflict('users.cannotDeactivateSelf');
  const user = await findScoped(id);
  if (!user) throw new NotFound();
  if (user.__v !== version) throw new Conflict('errors.staleEdit');
  if (!active && managing(user.role)) await assertAnotherManager(id);
  const previous = { active: user.active, sessionEpoch: user.sessionEpoch };
  user.active = active;
  if (!active) user.sessionEpoch = (user.sessionEpoch ?? 0) + 1;
  try {
    await user.save();
  } catch (err) {
    if (err instanceof mongoose.Error.VersionError) throw new Conflict('errors.staleEdit');
    throw err;
  }
  if (!active && managing(user.role)) await undoIfNoManagerLeft(id, previous);
  if (!active) {
    await endSessionsOf(id);
    // A link issued before the deactivation must not come back to life with a reactivation.
    await revokeTokens(id);
  }
  await audit(actor, { action: active ? 'user.reactivated' : 'user.deactivated', entityType: 'User', entityId: id, summary: user.email });
}

/** A new set-password link (the old ones stop working), mailed to the user and returned to the manager. */
export async function issuePasswordLink(actor: SessionUser, id: string, deps: LinkDeps): Promise<string> {
  requireCan(actor, 'users.manage');
  const user = await findScoped(id).lean();
  if (!user) throw new NotFound();
  if (!user.active) throw new Conflict('users.inactiveNoLink');
  const purpose = user.passwordHash ? 'reset' : 'invite';
  const token = await issueToken(id, purpose);
  const link = await sendLink(user, token, purpose, deps);
  await audit(actor, { action: 'user.passwordLinkIssued', entityType: 'User', entityId: id, summary: user.email });
  return link;
}
