import type { Types } from 'mongoose';
import { hashPassword } from '../core/auth/password';
import { Cohort } from '../programmes/cohort.model';
import { DEFAULT_STAGES, Programme } from '../programmes/model';
import { PartnerOrganisation, type PARTNER_KINDS } from '../partners/model';
import { Startup, type AREAS, type STARTUP_STATUSES } from '../startups/model';
import { User } from '../users/model';
import { type Role } from '../core/policy';

/**
 * Builders of valid records, shared by the seed, the tests and the benchmarks.
 * Each takes overrides; defaults are unique per call.
 */
let counter = 0;
const next = (): number => {
  counter += 1;
  return counter;
};

export async function makeProgramme(overrides: Partial<{ name: string }> = {}) {
  return Programme.create({ name: overrides.name ?? `Programme ${next()}`, stages: DEFAULT_STAGES });
}

export async function makeCohort(programmeId: Types.ObjectId, overrides: Partial<{ name: string; status: 'planned' | 'active' | 'closed'; startDate: Date; endDate: Date }> = {}) {
  const n = next();
  return Cohort.create({
    programme: programmeId,
    name: overrides.name ?? `Cohort ${n}`,
    startDate: overrides.startDate ?? new Date('2026-03-01'),
    endDate: overrides.endDate ?? new Date('2026-12-31'),
    status: overrides.status ?? 'active',
  });
}

export async function makeStartup(overrides: Partial<{ name: string; slug: string; programme: Types.ObjectId; cohort: Types.ObjectId; stage: string; status: (typeof STARTUP_STATUSES)[number]; area: (typeof AREAS)[number]; pitch: string }> = {}) {
  const n = next();
  const name = overrides.name ?? `Startup ${n}`;
  return Startup.create({
    name,
    slug: overrides.slug ?? `startup-${n}-${Date.now().toString(36)}`,
    pitch: overrides.pitch ?? '',
    area: overrides.area ?? 'medtech',
    programme: overrides.programme,
    cohort: overrides.cohort,
    stage: overrides.stage ?? 'ideation',
    status: overrides.status ?? 'active',
  });
}

export async function makeOrganisation(overrides: Partial<{ name: string; kind: (typeof PARTNER_KINDS)[number] }> = {}) {
  return PartnerOrganisation.create({ name: overrides.name ?? `Partner ${next()}`, kind: overrides.kind ?? 'investor' });
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

/** argon2id is slow on purpose: the default password is hashed once per process, not once per user. */
let factoryHash: Promise<string> | undefined;
function hashOf(password: string): Promise<string> {
  if (password !== FACTORY_PASSWORD) return hashPassword(password);
  factoryHash ??= hashPassword(FACTORY_PASSWORD);
  return factoryHash;
}

export async function makeUser(options: MakeUserOptions = {}) {
  const n = next();
  const role = options.role ?? 'manager';
  const password = options.password === undefined ? FACTORY_PASSWORD : options.password;
  return User.create({
    email: options.email ?? `${role}${n}.${Date.now().toString(36)}@example.test`,
    name: options.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${n}`,
    role,
    locale: options.locale ?? 'fr',
    passwordHash: password ? await hashOf(password) : undefined,
    startups: options.startups ?? [],
    organisation: options.organisation,
    active: options.active ?? true,
  });
}
