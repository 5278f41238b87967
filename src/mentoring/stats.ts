import mongoose from 'mongoose';
import { assignedAt } from '../startups/access';
import { MentorAssignment } from '../startups/assignment.model';
import { MentoringSession } from './model';


/** The first day of the quarter of `now` (UTC months: the programme's quarters). */
export function quarterStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
}

export interface MentorLoad {
  startups: number;
  /** Held hours since the start of the quarter. */
  quarterHours: number;
  /** Average of the founders' ratings, null without any. */
  rating: number | null;
  ratings: number;
}

/**
 * Each mentor's load and rating, from one read of the current assignments, of this quarter's held
 * sessions and of the rated ones (the directory, the suggestions, the managers' home).
 */
export async function mentorLoads(mentorIds?: string[], now = new Date()): Promise<Map<string, MentorLoad>> {
  const only = mentorIds ? { mentor: mongoose.trusted({ $in: mentorIds.map((id) => new mongoose.Types.ObjectId(id)) }) } : {};
  const [assignments, held, rated] = await Promise.all([
    MentorAssignment.find({ ...assignedAt(now), ...only }, { mentor: 1, startup: 1 }).lean(),
    MentoringSession.find({ ...only, status: 'completed', start: mongoose.trusted({ $gte: quarterStart(now) }) }, { mentor: 1, actualMinutes: 1 }).lean(),
    MentoringSession.find({ ...only, 'feedback.rating': mongoose.trusted({ $gte: 1 }) }, { mentor: 1, feedback: 1 }).lean(),
  ]);
  const loads = new Map<string, MentorLoad>();
  const of = (id: unknown): MentorLoad => {
    const key = String(id);
    if (!loads.has(key)) loads.set(key, { startups: 0, quarterHours: 0, rating: null, ratings: 0 });
    return loads.get(key) as MentorLoad;
  };
  const coached = new Map<string, Set<string>>();
  for (const a of assignments) {
    const set = coached.get(String(a.mentor)) ?? new Set<string>();
    set.add(String(a.startup));
    coached.set(String(a.mentor), set);
  }
  for (const [mentor, set] of coached) of(mentor).startups = set.size;
  for (const s of held) of(s.mentor).quarterHours += (s.actualMinutes ?? 0) / 60;
  const sums = new Map<string, number>();
  for (const s of rated) {
    const load = of(s.mentor);
    load.ratings += 1;
    sums.set(String(s.mentor), (sums.get(String(s.mentor)) ?? 0) + (s.feedback?.rating ?? 0));
  }
  for (const [mentor, sum] of sums) {
    const load = of(mentor);
    load.rating = Math.round((sum / load.ratings) * 10) / 10;
  }
  for (const load of loads.values()) load.quarterHours = Math.round(load.quarterHours * 10) / 10;
  return loads;
}
