import type { Types } from 'mongoose';
import { hashPassword } from '../core/auth/password';
import { Cohort } from '../programmes/cohort.model';
import { DEFAULT_STAGES, Programme } from '../programmes/model';
import { PartnerOrganisation, type PARTNER_KINDS } from '../partners/model';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup, type AREAS, type STAGE_DIRECTIONS, type STARTUP_STATUSES } from '../startups/model';
import { type Role } from '../core/policy';
import { User } from '../users/model';
import { nextNumber as next } from '../core/sequence';

/**
 * Builders of valid records, shared by the seed, the tests and the benchmarks.
 * Each takes overrides; defaults are unique per call. `make…` saves one record; `build…` returns an
 * unsaved document of the model (validated when saved or passed to Model.insertMany), for bulk loads.
 * The other features' builders live next to their models and are re-exported at the end of this file.
 */

export async function makeProgramme(overrides: Partial<{ name: string }> = {}) {
  return Programme.create({ name: overrides.name ?? `Programme ${next()}`, stages: DEFAULT_STAGES });
}

export interface CohortOverrides {
  name?: string;
  status?: 'planned' | 'active' | 'closed';
  /** 'fixed' (the default here: tests and data sets state the status they want) or 'dates'. */
  statusSource?: 'dates' | 'fixed';
  startDate?: Date;
  endDate?: Date;
  createdAt?: Date;
}

export function buildCohort(programmeId: Types.ObjectId, overrides: CohortOverrides = {}) {
  const n = next();
  return new Cohort({
    programme: programmeId,
    name: overrides.name ?? `Cohort ${n}`,
    startDate: overrides.startDate ?? new Date('2026-03-01'),
    endDate: overrides.endDate ?? new Date('2026-12-31'),
    status: overrides.status ?? 'active',
    statusSource: overrides.statusSource ?? 'fixed',
    ...(overrides.createdAt ? { createdAt: overrides.createdAt, updatedAt: overrides.createdAt } : {}),
  });
}

export async function makeCohort(programmeId: Types.ObjectId, overrides: CohortOverrides = {}) {
  return buildCohort(programmeId, overrides).save();
}

export interface StageMoveInput {
  stage: string;
  from: string | null;
  at: Date;
  direction: (typeof STAGE_DIRECTIONS)[number];
  by?: Types.ObjectId;
  byName?: string;
  note?: string;
}

export interface FiguresInput {
  asOf: Date;
  headcount: number;
  fundsRaised: number;
  revenue: number;
  recordedAt: Date;
  by?: Types.ObjectId;
  byName?: string;
}

export interface StartupOverrides {
  _id?: Types.ObjectId;
  name?: string;
  slug?: string;
  programme?: Types.ObjectId;
  cohort?: Types.ObjectId;
  stage?: string;
  status?: (typeof STARTUP_STATUSES)[number];
  area?: (typeof AREAS)[number];
  pitch?: string;
  legalName?: string;
  foundedAt?: Date;
  website?: string;
  tags?: string[];
  stageHistory?: StageMoveInput[];
  figures?: FiguresInput[];
  createdAt?: Date;
  updatedAt?: Date;
}

export function buildStartup(overrides: StartupOverrides = {}) {
  const n = next();
  const { name, slug, pitch, area, stage, status, ...rest } = overrides;
  return new Startup({
    ...rest,
    name: name ?? `Startup ${n}`,
    slug: slug ?? `startup-${n}-${Date.now().toString(36)}`,
    pitch: pitch ?? '',
    area: area ?? 'medtech',
    stage: stage ?? 'ideation',
    status: status ?? 'active',
  });
}

export async function makeStartup(overrides: StartupOverrides = {}) {
  return buildStartup(overrides).save();
}

export function buildOrganisation(overrides: Partial<{ _id: Types.ObjectId; name: string; kind: (typeof PARTNER_KINDS)[number] }> = {}) {
  return new PartnerOrganisation({ _id: overrides._id, name: overrides.name ?? `Partner ${next()}`, kind: overrides.kind ?? 'investor' });
}

export async function makeOrganisation(overrides: Partial<{ name: string; kind: (typeof PARTNER_KINDS)[number] }> = {}) {
  return buildOrganisation(overrides).save();
}

export interface MakeUserOptions {
  role?: Role;
  email?: string;
  name?: string;
  password?: string | null;
  locale?: 'fr' | 'en';
  startups?: Types.ObjectId[];
  organisation?: Types.ObjectId;
  active?: boolean;
}

/** Default password of factory users (long enough, not common). */
export const FACTORY_PASSWORD = 'correct horse battery staple';

export interface BuildUserOptions extends Omit<MakeUserOptions, 'password'> {
  _id?: Types.ObjectId;
  /** An argon2 hash computed once by the caller (hashing is slow on purpose); absent = invited, no password yet. */
  passwordHash?: string;
  lastLoginAt?: Date;
  createdAt?: Date;
}

export function buildUser(options: BuildUserOptions = {}) {
  const n = next();
  const role = options.role ?? 'manager';
  return new User({
    _id: options._id,
    email: options.email ?? `${role}${n}.${Date.now().toString(36)}@example.test`,
    name: options.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${n}`,
    role,
    locale: options.locale ?? 'fr',
    passwordHash: options.passwordHash,
    passwordChangedAt: options.passwordHash && options.createdAt ? options.createdAt : undefined,
    startups: options.startups ?? [],
    organisation: options.organisation,
    active: options.active ?? true,
    lastLoginAt: options.lastLoginAt,
    ...(options.createdAt ? { createdAt: options.createdAt, updatedAt: options.createdAt } : {}),
  });
}

/** argon2id is slow on purpose: the default password is hashed once per process, not once per user. */
let factoryHash: Promise<string> | undefined;
function hashOf(password: string): Promise<string> {
  if (password !== FACTORY_PASSWORD) return hashPassword(password);
  factoryHash ??= hashPassword(FACTORY_PASSWORD);
  return factoryHash;
}

export async function makeUser(options: MakeUserOptions = {}) {
  const password = options.password === undefined ? FACTORY_PASSWORD : options.password;
  const { password: _password, ...rest } = options;
  return buildUser({ ...rest, passwordHash: password ? await hashOf(password) : undefined }).save();
}

export function buildAssignment(fields: { mentor: Types.ObjectId; startup: Types.ObjectId; from?: Date; to?: Date }) {
  return new MentorAssignment({ mentor: fields.mentor, startup: fields.startup, from: fields.from ?? new Date(), to: fields.to });
}

export async function makeAssignment(fields: { mentor: Types.ObjectId; startup: Types.ObjectId; from?: Date; to?: Date }) {
  return buildAssignment(fields).save();
}

export { buildActivityEntry } from '../core/audit/factories';
export { buildCheckin, buildCheckinReminder } from '../checkins/factories';
export { buildDocumentRecord } from '../documents/factories';
export { makeActionItem, makeMentorProfile, makeSession, makeSlot } from '../mentoring/factories';
export { makeAllocation, makeHostingRequest, makeRequirement, makeRequirementRecord, makeSite, makeSpace } from '../hosting/factories';
export { buildMilestone, makeMilestone } from '../milestones/factories';
export { buildNotification, makeNotification } from '../notifications/factories';
export { buildAssessment, buildTarget } from '../readiness/factories';
export { makePartnerOrganisation, makeReferral } from '../referrals/factories';
