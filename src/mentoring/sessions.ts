import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { writeIf } from '../core/db/safe-write';
import { Conflict, ValidationFailed, fieldError } from '../core/errors';
import { can } from '../core/policy';
import { notify } from '../notifications/service';
import { assignedAt, type StartupAccess } from '../startups/access';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import { teamOf } from '../users/team';
import { User } from '../users/model';
import type { SessionAccess } from './access';
import type { MentoringDeps } from './assignments';
import { addMinutes, wallTime } from './days';
import { MentoringSession, OfficeHourSlot } from './model';
import { refuseOverlap, spanWords, withCalendars } from './overlap';
import type { MoveInput, PlanInput, RecordInput } from './schemas';


/** Tells the startup's team and the session's mentor, except whoever did it. */
export async function tellParticipants(actor: SessionUser, session: { _id: unknown; startup: unknown; mentor: unknown; start: Date; end: Date; topic: string }, kind: string, deps: MentoringDeps, extra: Record<string, string> = {}): Promise<void> {
  const startup = await Startup.findOne({ _id: session.startup }, { name: 1 }).lean();
  const to = [...(await teamOf(String(session.startup))), String(session.mentor)].filter((id) => id !== actor.id);
  await notify({ to, kind, params: { startup: startup?.name ?? '', topic: session.topic, ...spanWords(session), ...extra }, link: `/mentoring/sessions/${String(session._id)}` }, deps.mailer, deps.baseUrl);
}

/** The mentors coaching the startup now (a manager picks one of them to plan a session). */
export async function currentMentors(startupId: string): Promise<{ id: string; name: string }[]> {
  const assignments = await MentorAssignment.find({ startup: new mongoose.Types.ObjectId(startupId), ...assignedAt(new Date()) }, { mentor: 1 }).lean();
  const ids = [...new Set(assignments.map((a) => String(a.mentor)))];
  const users = ids.length ? await User.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }), active: true }, { name: 1 }).lean() : [];
  return users.map((u) => ({ id: String(u._id), name: u.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The plan form: who may be picked as mentor (managers), or the mentor themself. */
export async function planForm(access: StartupAccess) {
  access.require('mentoring.plan');
  const mentors = can(access.user, 'mentoring.manage') ? await currentMentors(access.id) : [];
  return { startupId: access.id, mentors, picksMentor: can(access.user, 'mentoring.manage') };
}

/**
 * Plans a session (a mentor for a startup they coach; a manager for any mentor coaching it now).
 * Neither the mentor nor the startup may have another session then, nor the mentor an office-hour
 * slot; checked and written under both calendars' locks. The same form posted twice finds the
 * session it made. The team and the mentor are told.
 */
export async function planSession(access: StartupAccess, input: PlanInput, deps: MentoringDeps): Promise<{ id: string; created: boolean }> {
  access.require('mentoring.plan');
  const picks = can(access.user, 'mentoring.manage');
  const mentors = picks ? await currentMentors(access.id) : [{ id: access.user.id, name: access.user.name }];
  const mentor = mentors.find((m) => m.id === (picks ? input.mentor : access.user.id));
  if (!mentor) throw new ValidationFailed({ mentor: fieldError('mentoring.errors.mentorRequired') });
  const start = wallTime(input.day, input.time);
  const span = { start, end: addMinutes(start, input.durationMinutes) };
  const result = await withCalendars({ mentor: mentor.id, startup: access.id }, async () => {
    const twin = await MentoringSession.findOne({ mentor: mentor.id, startup: access.record._id, start: span.start, end: span.end, topic: input.topic, status: 'scheduled' }, { _id: 1 }).lean();
    if (twin) return { id: String(twin._id), created: false };
    await refuseOverlap(span, { mentor: mentor.id, startup: access.id, slots: true });
    const session = await MentoringSession.create({
      startup: access.record._id,
      mentor: mentor.id,
      mentorName: mentor.name,
      ...span,
      durationMinutes: input.durationMinutes,
      place: input.place,
      videoLink: input.videoLink ?? '',
      topic: input.topic,
      plannedBy: access.user.id,
      plannedByName: access.user.name,
    });
    return { id: String(session._id), created: true, session };
  });
  if (result.session) {
    await audit(access.user, { action: 'mentoring.sessionPlanned', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${mentor.name} · ${input.topic}` });
    await tellParticipants(access.user, result.session, 'mentoring.planned', deps);
  }
  return { id: result.id, created: result.created };
}

function mustBeScheduled(access: SessionAccess): void {
  access.require('mentoring.edit');
  if (access.record.status !== 'scheduled') throw new Conflict('mentoring.errors.notScheduled');
}

/**
 * A status change posted twice (a double click, a resent form): when the session already stands as
 * asked, the second post is a success that changes nothing (true); otherwise the usual refusal.
 */
async function alreadyDone(access: SessionAccess, status: string, write: () => Promise<void>): Promise<boolean> {
  if (access.record.status === status) return true;
  try {
    await write();
    return false;
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
    const now = await MentoringSession.findOne({ _id: access.record._id }, { status: 1 }).lean();
    if (now?.status === status) return true;
    throw err;
  }
}

/** Moves a planned session (same overlap rules; its office-hour slot, if any, no longer describes it and is let go). */
export async function moveSession(access: SessionAccess, input: MoveInput, deps: MentoringDeps): Promise<void> {
  mustBeScheduled(access);
  const s = access.record;
  const start = wallTime(input.day, input.time);
  const span = { start, end: addMinutes(start, input.durationMinutes) };
  await withCalendars({ mentor: String(s.mentor), startup: String(s.startup) }, async () => {
    await refuseOverlap(span, { mentor: String(s.mentor), startup: String(s.startup), exceptSession: String(s._id), slots: true, exceptSlot: s.slot ? String(s.slot) : undefined });
    await writeIf(
      MentoringSession,
      { _id: s._id, __v: input.version, status: 'scheduled' },
      { $set: { ...span, durationMinutes: input.durationMinutes, place: input.place, videoLink: input.videoLink ?? '', topic: input.topic }, $inc: { __v: 1 } },
    );
    if (s.slot) await OfficeHourSlot.updateOne({ _id: s.slot, status: 'booked' }, { $set: { status: 'cancelled' } });
  });
  await audit(access.user, { action: 'mentoring.sessionMoved', entityType: 'MentoringSession', entityId: String(s._id), startup: String(s.startup), summary: `${input.topic} · ${spanWords(span).day}` });
  await tellParticipants(access.user, { ...s, ...span, topic: input.topic }, 'mentoring.moved', deps);
}

/** Cancels a planned session with a reason; a booked office hour still to come opens again. */
export async function cancelSession(access: SessionAccess, input: { reason: string; version: number }, deps: MentoringDeps): Promise<void> {
  access.require('mentoring.edit');
  const s = access.record;
  const again = await alreadyDone(access, 'cancelled', async () => {
    mustBeScheduled(access);
    await writeIf(MentoringSession, { _id: s._id, __v: input.version, status: 'scheduled' }, { $set: { status: 'cancelled', cancelReason: input.reason }, $inc: { __v: 1 } });
  });
  if (again) return;
  if (s.slot && s.start.getTime() > Date.now()) {
    await OfficeHourSlot.updateOne({ _id: s.slot, status: 'booked', session: s._id }, { $set: { status: 'open' }, $unset: { startup: 1, bookedBy: 1, bookedByName: 1, session: 1 } });
  }
  await audit(access.user, { action: 'mentoring.sessionCancelled', entityType: 'MentoringSession', entityId: String(s._id), startup: String(s.startup), summary: `${s.topic} · ${input.reason}` });
  await tellParticipants(access.user, s, 'mentoring.cancelled', deps, { reason: input.reason });
}

/** After its end, the mentor (or a manager) records a planned session as held (how long) or as a no-show. */
export async function recordSession(access: SessionAccess, input: RecordInput, deps: MentoringDeps): Promise<void> {
  access.require('mentoring.edit');
  const s = access.record;
  const held = input.outcome === 'held';
  const again = await alreadyDone(access, held ? 'completed' : 'no_show', async () => {
    mustBeScheduled(access);
    if (s.end.getTime() > Date.now()) throw new Conflict('mentoring.errors.notEnded');
    await writeIf(
      MentoringSession,
      { _id: s._id, __v: input.version, status: 'scheduled' },
      { $set: { status: held ? 'completed' : 'no_show', actualMinutes: held ? input.actualMinutes : 0, recordedAt: new Date() }, $inc: { __v: 1 } },
    );
  });
  if (again) return;
  await audit(access.user, { action: held ? 'mentoring.sessionHeld' : 'mentoring.sessionNoShow', entityType: 'MentoringSession', entityId: String(s._id), startup: String(s.startup), summary: s.topic });
  if (held) await notify({ to: await teamOf(String(s.startup)), kind: 'mentoring.feedbackRequested', params: { topic: s.topic, mentor: s.mentorName, ...spanWords(s) }, link: `/mentoring/sessions/${String(s._id)}#feedback` }, deps.mailer, deps.baseUrl);
}
