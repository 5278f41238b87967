import { axesOf } from '../programmes/axes';
import { ReadinessTarget } from '../readiness/model';
import { latestScores } from '../readiness/service';
import type { StartupAccess } from '../startups/access';
import type { Expertise } from './model';
import type { MentorRow } from './directory';

/** Which expertise helps on which readiness axis (KTH-style axes of the programme). */
export const AXIS_EXPERTISE: Record<string, Expertise[]> = {
  customer: ['market_access', 'go_to_market'],
  technology: ['regulatory', 'clinical', 'quality', 'bioproduction', 'digital_health'],
  business_model: ['market_access', 'go_to_market', 'fundraising'],
  ipr: ['ip'],
  team: ['hr'],
  funding: ['fundraising'],
};

export interface WeakAxis {
  key: string;
  label: { fr: string; en: string };
  level: number | null;
  target: number | null;
}

export interface Suggestion {
  mentor: MentorRow;
  /** The weak axes this mentor's expertise covers, weakest first, with the expertise that matches. */
  reasons: (WeakAxis & { expertise: Expertise[] })[];
}

/**
 * The startup's weakest readiness axes: the largest gaps to its targets first, else the lowest latest
 * levels (5 or less), three at most. Empty when it was never assessed.
 */
export async function weakAxes(access: StartupAccess): Promise<WeakAxis[]> {
  const [scores, target, programme] = await Promise.all([latestScores(access.id), ReadinessTarget.findOne({ startup: access.record._id }).lean(), access.programme()]);
  if (!scores) return [];
  const targets = new Map((target?.levels ?? []).map((l) => [l.axis, l.level]));
  return axesOf(programme)
    .map((a) => ({ key: a.key, label: a.label, level: scores[a.key] ?? null, target: targets.get(a.key) ?? null }))
    .filter((a) => a.level !== null && ((a.target !== null && a.target > a.level) || a.level <= 5))
    .sort((a, b) => gap(b) - gap(a) || (a.level ?? 0) - (b.level ?? 0))
    .slice(0, 3);
}

const gap = (a: WeakAxis): number => (a.target !== null && a.level !== null ? a.target - a.level : 0);

/**
 * Mentors to suggest for the startup: those with a free place whose expertise covers its weakest
 * axes, the weakest axis counting most; those already coaching it left out. The manager decides.
 */
export function suggestMentors(weak: WeakAxis[], mentors: MentorRow[], coaching: Set<string>): Suggestion[] {
  return mentors
    .filter((m) => m.free > 0 && !coaching.has(m.id))
    .map((mentor) => {
      const reasons = weak.flatMap((axis) => {
        const expertise = (AXIS_EXPERTISE[axis.key] ?? []).filter((e) => mentor.expertise.includes(e));
        return expertise.length ? [{ ...axis, expertise }] : [];
      });
      const score = reasons.reduce((sum, r) => sum + (weak.length - weak.findIndex((w) => w.key === r.key)), 0);
      return { mentor, reasons, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.mentor.free - a.mentor.free || a.mentor.name.localeCompare(b.mentor.name, 'fr'))
    .slice(0, 5)
    .map(({ mentor, reasons }) => ({ mentor, reasons }));
}
