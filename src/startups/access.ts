import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { grantAccess, relationToStartup, startupReach, type Access, type Action, type StartupFacts } from '../core/policy';
import { programmeOf, type ProgrammeRecord } from '../programmes/ladder';
import { MentorAssignment } from './assignment.model';
import { Startup, type StartupDoc } from './model';

/** Assignments in force at `at`: started, and not ended (inclusive end date; none = open-ended). */
export function assignedAt(at: Date) {
  return { from: mongoose.trusted({ $lte: at }), $or: [{ to: null }, { to: mongoose.trusted({ $gte: at }) }] };
}

/** What the policy needs to know from the database about mentors and startups. */
export const startupFacts: StartupFacts = {
  async isAssigned(mentorId, startupId) {
    return (await MentorAssignment.exists({ mentor: mentorId, startup: startupId, ...assignedAt(new Date()) })) !== null;
  },
  async assignedStartupIds(mentorId) {
    const assignments = await MentorAssignment.find({ mentor: mentorId, ...assignedAt(new Date()) }, { startup: 1 }).lean();
    return [...new Set(assignments.map((a) => String(a.startup)))];
  },
};

/** One startup as a request may use it: the record, the relation, the policy's answers, and its programme (read once, when asked). */
export interface StartupAccess extends Access<StartupDoc> {
  readonly id: string;
  programme(): Promise<ProgrammeRecord | null>;
}

/**
 * The startup `id` as this user may reach it, from one read of the startup (and, for a mentor,
 * one of their assignments): unknown, malformed or out-of-reach ids are all NotFound. Every
 * page and service that works on one startup starts here, once per request.
 */
export async function startupAccess(user: SessionUser, id: string): Promise<StartupAccess> {
  if (!isObjectId(id)) throw new NotFound();
  const [startup, relation] = await Promise.all([Startup.findOne({ _id: id }), relationToStartup(user, id, startupFacts)]);
  if (!startup || !relation) throw new NotFound();
  let programme: Promise<ProgrammeRecord | null> | undefined;
  return {
    ...grantAccess(user, startup, relation),
    id: String(startup._id),
    programme: () => (programme ??= programmeOf(startup.programme)),
  };
}

/** startupAccess, then `action` required on it (404 otherwise): the usual first line of a service. */
export async function startupFor(user: SessionUser, id: string, action: Action): Promise<StartupAccess> {
  const access = await startupAccess(user, id);
  access.require(action);
  return access;
}

/**
 * The startups a user reaches for `action`, as a Mongo filter on Startup `_id` (or on the field
 * `field` of another collection), or null when none at all.
 */
export async function startupFilter(user: SessionUser, action: Action, field = '_id'): Promise<Record<string, unknown> | null> {
  const reach = await startupReach(user, action, startupFacts);
  if (!reach) return null;
  if (reach.ids === 'all') return {};
  return { [field]: mongoose.trusted({ $in: reach.ids.map((id) => new mongoose.Types.ObjectId(id)) }) };
}
