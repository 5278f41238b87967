import mongoose from 'mongoose';
import { Milestone } from '../milestones/model';
import { ReadinessAssessment } from '../readiness/model';
import { DEMO_STARTUPS } from './demo';
import { latestFigures } from '../startups/figures';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { Checkin } from '../checkins/model';
import { currentMonth, previousMonth } from '../checkins/month';
import { OPEN_MILESTONE_STATUSES } from '../checkins/service';

const AXES = ['customer', 'technology', 'business_model', 'ipr', 'team', 'funding'];
const NOTES = ['Entretiens en cours avec deux services hospitaliers.', 'Dossier en préparation, relu par le mentor.', 'Premier jet rédigé, à compléter le mois prochain.'];

/**
 * Last month's check-ins for every other demo startup (active ones), filled in by the startup's founder
 * when it has an account, else recorded by the demo manager. The figures are the startup's latest ones;
 * the self-assessment sits a little above the latest assessment (founders tend to be optimistic).
 * Idempotent: a startup that already has last month's check-in is left as it is.
 */
export async function seedCheckins(now = new Date()): Promise<number> {
  const month = previousMonth(currentMonth(now));
  const manager = await User.findOne({ email: 'manager@demo.boost' }).lean();
  if (!manager) return 0;
  const [y, m] = month.split('-').map(Number);
  let created = 0;
  for (const [index, demo] of DEMO_STARTUPS.entries()) {
    if (index % 2 !== 0) continue;
    const startup = await Startup.findOne({ slug: demo.slug, status: 'active' }).lean();
    if (!startup || (await Checkin.exists({ startup: startup._id, month }))) continue;
    const figures = latestFigures(startup.figures ?? []);
    if (!figures) continue;
    const founder = (await User.findOne({ role: 'founder', active: true, startups: startup._id }).lean()) ?? manager;
    const assessment = await ReadinessAssessment.findOne({ startup: startup._id }).sort({ date: -1, createdAt: -1 }).lean();
    const levels = new Map((assessment?.scores ?? []).map((s) => [s.axis, s.level]));
    const milestones = await Milestone.find({ startup: startup._id, status: mongoose.trusted({ $in: [...OPEN_MILESTONE_STATUSES] }), removedAt: null }).sort({ dueDate: 1 }).limit(3).lean();
    const at = new Date(Date.UTC(y, m - 1, 3 + index, 9, 30));
    await new Checkin({
      startup: startup._id,
      month,
      submittedBy: founder._id,
      submittedByName: founder.name,
      figures: { asOf: figures.asOf, headcount: figures.headcount, fundsRaised: figures.fundsRaised, revenue: figures.revenue },
      milestones: milestones.map((ms, i) => ({ milestone: ms._id, title: ms.title, note: NOTES[i % NOTES.length], percent: 20 + 25 * i })),
      selfAssessment: AXES.map((axis, i) => ({ axis, level: Math.min(9, (levels.get(axis) ?? 2) + ((index + i) % 2)), note: '' })),
      revision: 1,
      createdAt: at,
      updatedAt: at,
    }).save({ timestamps: false });
    created += 1;
  }
  return created;
}
