import type { Types } from 'mongoose';
import { ActionItem, MentoringSession, MentorProfile, OfficeHourSlot, type ActionOwner, type Expertise } from './model';

export interface SessionOverrides {
  start?: Date;
  durationMinutes?: number;
  topic?: string;
  status?: 'scheduled' | 'completed' | 'cancelled' | 'no_show';
  actualMinutes?: number;
  notes?: string;
  mentorName?: string;
  cancelReason?: string;
  feedback?: { rating: number; comment?: string; by?: Types.ObjectId; byName?: string };
}

/** A mentoring session between a mentor and a startup (tests and seeds; no rule checked). */
export async function makeSession(mentor: Types.ObjectId, startup: Types.ObjectId, overrides: SessionOverrides = {}) {
  const start = overrides.start ?? new Date(Date.now() + 24 * 3_600_000);
  const durationMinutes = overrides.durationMinutes ?? 60;
  return MentoringSession.create({
    mentor,
    startup,
    mentorName: overrides.mentorName ?? 'Mentor',
    start,
    end: new Date(start.getTime() + durationMinutes * 60_000),
    durationMinutes,
    topic: overrides.topic ?? 'Point d’étape',
    status: overrides.status ?? 'scheduled',
    actualMinutes: overrides.actualMinutes ?? (overrides.status === 'completed' ? durationMinutes : undefined),
    notes: overrides.notes ?? '',
    cancelReason: overrides.cancelReason ?? '',
    feedback: overrides.feedback ? { comment: '', at: new Date(), ...overrides.feedback } : undefined,
  });
}

/** An office-hour slot of a mentor (open unless told). */
export async function makeSlot(mentor: Types.ObjectId, start: Date, overrides: { durationMinutes?: number; mentorName?: string; status?: 'open' | 'booked' | 'cancelled' } = {}) {
  const durationMinutes = overrides.durationMinutes ?? 30;
  return OfficeHourSlot.create({ mentor, mentorName: overrides.mentorName ?? 'Mentor', start, end: new Date(start.getTime() + durationMinutes * 60_000), durationMinutes, status: overrides.status ?? 'open' });
}

/** An action item of a session. */
export async function makeActionItem(session: { _id: Types.ObjectId; startup: Types.ObjectId; mentor: Types.ObjectId }, overrides: { text?: string; owner?: ActionOwner; due?: Date; done?: boolean } = {}) {
  return ActionItem.create({ session: session._id, startup: session.startup, mentor: session.mentor, text: overrides.text ?? 'Envoyer le protocole', owner: overrides.owner ?? 'startup', due: overrides.due, done: overrides.done ?? false });
}

/** A mentor's profile. */
export async function makeMentorProfile(mentor: Types.ObjectId, overrides: { expertise?: Expertise[]; capacityStartups?: number; capacityHours?: number; languages?: ('fr' | 'en' | 'de' | 'es' | 'it')[] } = {}) {
  return MentorProfile.create({ _id: mentor, expertise: overrides.expertise ?? [], languages: overrides.languages ?? ['fr'], capacityStartups: overrides.capacityStartups ?? 3, capacityHours: overrides.capacityHours ?? 8 });
}
