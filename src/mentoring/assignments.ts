import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { withLock } from '../core/db/lock';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import type { Mailer } from '../core/mail';
import { coachRoles } from '../core/policy';
import { notify } from '../notifications/service';
import type { StartupAccess } from '../startups/access';
import { MentorAssignment } from '../startups/assignment.model';
import { User } from '../users/model';
import { dayEnd, dayStart } from './days';
import { mentorRows } from './directory';
import type { AssignInput } from './schemas';
import { suggestMentors, weakAxes } from './suggestions';

export interface MentoringDeps {
  mailer?: Mailer;
  baseUrl: string;
}

/** The assignment form: every active mentor with their load, and the suggestions for this startup. */
export async function assignForm(access: StartupAccess) {
  access.require('mentoring.manage');
  const now = Date.now();
  const [mentors, weak, assignments] = await Promise.all([mentorRows(), weakAxes(access), MentorAssignment.find({ startup: access.record._id }, { mentor: 1, from: 1, to: 1 }).lean()]);
  const coaching = new Set(assignments.filter((a) => !a.to || a.to.getTime() >= now).map((a) => String(a.mentor)));
  return { startupId: access.id, mentors, weak, suggestions: suggestMentors(weak, mentors, coaching), coaching: [...coaching] };
}

/** The inclusive end instant of an optional end day, refused when it comes before the start. */
function periodEnd(from: Date, to: string | undefined, field = 'to'): Date | undefined {
  if (!to) return undefined;
  const end = dayEnd(to);
  if (end.getTime() < from.getTime()) throw new ValidationFailed({ [field]: fieldError('mentoring.errors.endBeforeStart') });
  return end;
}

const overlaps = (a: { from: Date; to?: Date | null }, from: Date, to: Date | undefined) => a.from.getTime() <= (to?.getTime() ?? Infinity) && (a.to?.getTime() ?? Infinity) >= from.getTime();

/**
 * Assigns a mentor to the startup for a period. Two periods of the same mentor and startup may not
 * overlap (checked under the pair's lock); the same form posted twice finds its own assignment and
 * succeeds without a second one. The mentor is told.
 */
export async function assignMentor(access: StartupAccess, input: AssignInput, deps: MentoringDeps): Promise<{ mentorName: string; created: boolean }> {
  access.require('mentoring.manage');
  const mentor = isObjectId(input.mentor) ? await User.findOne({ _id: input.mentor }, { name: 1, role: 1, active: 1 }).lean() : null;
  if (!mentor || !mentor.active || !coachRoles().includes(mentor.role as never)) throw new ValidationFailed({ mentor: fieldError('mentoring.errors.mentorRequired') });
  const from = dayStart(input.from);
  const to = periodEnd(from, input.to);
  const created = await withLock(`mentor-assignment:${input.mentor}:${access.id}`, async () => {
    const existing = await MentorAssignment.find({ mentor: mentor._id, startup: access.record._id }).lean();
    const same = existing.find((a) => a.from.getTime() === from.getTime() && (a.to?.getTime() ?? null) === (to?.getTime() ?? null));
    if (same) return false;
    if (existing.some((a) => overlaps(a, from, to))) throw new ValidationFailed({ mentor: fieldError('mentoring.errors.alreadyAssigned', { name: mentor.name }) });
    await MentorAssignment.create({ mentor: mentor._id, startup: access.record._id, from, to, assignedByName: access.user.name, note: input.note });
    return true;
  });
  if (created) {
    await audit(access.user, { action: 'mentoring.assigned', entityType: 'Startup', entityId: access.id, summary: `${mentor.name} → ${access.record.name}` });
    await notify({ to: [String(mentor._id)], kind: 'mentoring.assigned', params: { startup: access.record.name }, link: `/startups/${access.id}/mentoring` }, deps.mailer, deps.baseUrl);
  }
  return { mentorName: mentor.name, created };
}

/** One assignment of the startup (404 when it belongs to another one). */
export async function findAssignment(access: StartupAccess, id: string) {
  access.require('mentoring.manage');
  if (!isObjectId(id)) throw new NotFound();
  const assignment = await MentorAssignment.findOne({ _id: id }).lean();
  if (!assignment || String(assignment.startup) !== access.id) throw new NotFound();
  const mentor = await User.findOne({ _id: assignment.mentor }, { name: 1 }).lean();
  return { ...assignment, mentorName: mentor?.name ?? '' };
}

/**
 * Ends an assignment now: from the mentor's next request they no longer reach the startup, its
 * pages, documents and sessions, nor see them in their calendar feed. Only from the version shown,
 * and only while it has not ended already.
 */
export async function endAssignment(access: StartupAccess, id: string, input: { version: number; note: string }): Promise<string> {
  const assignment = await findAssignment(access, id);
  const now = new Date();
  if (assignment.to && assignment.to.getTime() < now.getTime()) throw new Conflict('mentoring.errors.alreadyEnded');
  await writeIf(MentorAssignment, { _id: assignment._id, __v: input.version }, { $set: { to: now, endedByName: access.user.name, ...(input.note ? { note: input.note } : {}) }, $inc: { __v: 1 } });
  await audit(access.user, { action: 'mentoring.assignmentEnded', entityType: 'Startup', entityId: access.id, summary: `${assignment.mentorName} → ${access.record.name}` });
  return assignment.mentorName;
}

/** Moves the end of a running (or future) assignment: a later day, or none (open-ended). */
export async function extendAssignment(access: StartupAccess, id: string, input: { version: number; to?: string; note: string }): Promise<string> {
  const assignment = await findAssignment(access, id);
  const now = new Date();
  if (assignment.to && assignment.to.getTime() < now.getTime()) throw new Conflict('mentoring.errors.alreadyEnded');
  const to = periodEnd(assignment.from, input.to);
  if (to && to.getTime() < now.getTime()) throw new ValidationFailed({ to: fieldError('mentoring.errors.endInPast') });
  await writeIf(MentorAssignment, { _id: assignment._id, __v: input.version }, { ...(to ? { $set: { to, note: input.note } } : { $set: { note: input.note }, $unset: { to: 1 } }), $inc: { __v: 1 } });
  await audit(access.user, { action: 'mentoring.assignmentExtended', entityType: 'Startup', entityId: access.id, summary: `${assignment.mentorName} → ${access.record.name}` });
  return assignment.mentorName;
}
