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
  const ids = mentorIds?.map((id) => new mongoose.Types.ObjectId(id));
  const only = ids ? { mentor: mongoose.trusted({ $in: ids }) } : {};
  // Sums per mentor computed by the server: five years of sessions never travel to the app.
  const perMentor = (match: Record<string, unknown>, value: string) =>
    MentoringSession.aggregate<{ _id: unknown; sum: number; n: number }>([{ $match: { ...(ids ? { mentor: { $in: ids } } : {}), ...match } }, { $group: { _id: '$mentor', sum: { $sum: value }, n: { $sum: 1 } } }]);
  const [assignments, heldSums, ratedSums] = await Promise.all([
    MentorAssignment.find({ ...assignedAt(now), ...only }, { mentor: 1, startup: 1 }).lean(),
    perMentor({ status: 'completed', start: { $gte: quarterStart(now) } }, '$actualMinutes'),
    perMentor({ 'feedback.rating': { $gte: 1 } }, '$feedback.rating'),
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
  for (const h of heldSums) of(h._id).quarterHours = (h.sum ?? 0) / 60;
  for (const r of ratedSums) {
    const load = of(r._id);
    load.ratings = r.n;
    load.rating = r.n ? Math.round((r.sum / r.n) * 10) / 10 : null;
  }
  for (const load of loads.values()) load.quarterHours = Math.round(load.quarterHours * 10) / 10;
  return loads;
}
