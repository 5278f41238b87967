import type { CheckinOverrides, ReminderOverrides } from '../../checkins/factories';
import { currentMonth, parisDay } from '../../checkins/month';
import type { AssessmentOverrides } from '../../readiness/factories';
import { DEFAULT_AXES } from '../../programmes/axes';
import { Random, addDays } from '../random';
import type { MilestoneRef } from './history';
import type { Person, Plan, StartupPlan } from './plan';
import { LADDER } from './plan';

/** Readiness assessments, targets, monthly check-ins and reminders of one startup. */
const AXES = DEFAULT_AXES.map((a) => a.key);
/** Typical level per axis at each stage of the default ladder. */
const STAGE_LEVELS = [
  [2, 1, 1, 1, 2, 1],
  [3, 3, 2, 2, 3, 2],
  [4, 4, 3, 4, 4, 3],
  [5, 6, 5, 5, 5, 5],
  [7, 8, 6, 6, 6, 6],
  [8, 9, 8, 7, 7, 8],
];

const clamp = (n: number): number => Math.min(9, Math.max(1, n));

function stageIndexAt(s: StartupPlan, at: Date): number {
  const span = Math.max(1, s.windowEnd.getTime() - s.windowStart.getTime());
  const k = Math.min(s.path.length - 1, Math.max(0, Math.floor(((at.getTime() - s.windowStart.getTime()) / span) * s.path.length)));
  return Math.max(0, LADDER.indexOf(s.path[k]));
}

export function levelsAt(rnd: Random, s: StartupPlan, at: Date, plus = 0): Record<string, number> {
  const base = STAGE_LEVELS[stageIndexAt(s, at)] ?? STAGE_LEVELS[0];
  return Object.fromEntries(AXES.map((axis, i) => [axis, clamp(base[i] + plus + rnd.int(-1, 1))]));
}

/** The mentor assigned on that day, if any. */
function mentorOn(s: StartupPlan, at: Date): Person | undefined {
  return s.mentors.find((m) => m.from <= at && (!m.to || m.to >= at))?.mentor;
}

/** About one assessment a quarter, by the mentor of the day or a manager. */
export function assessmentRecords(rnd: Random, plan: Plan, s: StartupPlan): AssessmentOverrides[] {
  if (s.status === 'applicant') return [];
  const out: AssessmentOverrides[] = [];
  for (let at = addDays(s.windowStart, rnd.int(10, 40)); at <= s.windowEnd; at = addDays(at, rnd.int(75, 110))) {
    const assessor = (rnd.chance(0.5) ? mentorOn(s, at) : undefined) ?? rnd.pick(plan.managers);
    out.push({ startup: s._id, assessor: assessor._id, assessorName: assessor.name, assessorRole: assessor.role === 'mentor' ? 'mentor' : 'manager', date: at, levels: levelsAt(rnd, s, at), createdAt: at });
  }
  return out;
}

function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth() + 1;
  const last = currentMonth(to);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    months.push(month);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * A check-in for most months the startup spent in the programme (about 85 %), and this month for
 * as many active startups as the days gone allow; reminders where one was missing.
 */
export function checkinRecords(rnd: Random, plan: Plan, s: StartupPlan, figures: { asOf: Date; headcount: number; fundsRaised: number; revenue: number }[], milestones: MilestoneRef[]): { checkins: CheckinOverrides[]; reminders: ReminderOverrides[] } {
  const checkins: CheckinOverrides[] = [];
  const reminders: ReminderOverrides[] = [];
  if (s.status === 'applicant') return { checkins, reminders };
  const now = plan.now;
  const thisMonth = currentMonth(now);
  const today = parisDay(now);
  const dayOfMonth = Number(today.slice(8, 10));
  const founder = s.founders.find((f) => !f.invited) ?? plan.managers[0];
  for (const month of monthsBetween(s.windowStart, s.windowEnd)) {
    const isCurrent = month === thisMonth;
    const monthStart = new Date(`${month}-01T00:00:00Z`);
    const done = isCurrent ? s.status === 'active' && rnd.chance(Math.min(0.9, dayOfMonth / 25)) : rnd.chance(0.85);
    const lastDay = isCurrent ? Math.max(1, dayOfMonth - 1) : 25;
    if (done) {
      const at = new Date(Math.min(now.getTime() - 60_000, addDays(monthStart, rnd.int(0, lastDay - 1) + rnd.next()).getTime()));
      const fig = [...figures].reverse().find((f) => f.asOf <= at) ?? figures[0];
      const open = milestones.filter((m) => m.dueDate >= monthStart).slice(0, 3);
      checkins.push({
        startup: s._id,
        month,
        submittedBy: founder._id,
        submittedByName: founder.name,
        figures: { asOf: fig.asOf, headcount: fig.headcount, fundsRaised: fig.fundsRaised, revenue: fig.revenue },
        milestones: open.map((m, i) => ({ milestone: m._id, title: m.title, note: 'Avancement conforme au plan.', percent: 20 + 25 * i })),
        selfAssessment: Object.entries(levelsAt(rnd, s, at, 1)).map(([axis, level]) => ({ axis, level, note: '' })),
        revision: rnd.chance(0.1) ? 2 : 1,
        createdAt: at,
      });
    } else if (s.founders.length > 0 && (!isCurrent || dayOfMonth > 5) && rnd.chance(0.6)) {
      const day = isCurrent ? rnd.int(1, Math.max(1, dayOfMonth - 1)) : rnd.int(10, 28);
      const manager = rnd.pick(plan.managers);
      const dayText = `${month}-${String(day).padStart(2, '0')}`;
      if (dayText > today) continue;
      reminders.push({ startup: s._id, sentBy: manager._id, sentByName: manager.name, month, day: dayText, recipients: s.founders.length, createdAt: new Date(`${dayText}T08:00:00Z`) });
    }
  }
  return { checkins, reminders };
}

/** End-of-cohort targets for active startups: one or two levels above today's. */
export function targetLevels(rnd: Random, s: StartupPlan, now: Date): Record<string, number> | null {
  if (s.status !== 'active') return null;
  return levelsAt(rnd, s, addDays(now, -1), rnd.int(1, 2));
}
