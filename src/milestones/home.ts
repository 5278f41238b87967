import mongoose from 'mongoose';
import { startupFilter } from '../startups/access';
import { Startup } from '../startups/model';
import type { SessionUser } from '../core/auth/session-user';
import { Milestone } from './model';
import { startOfToday } from './service';

const row = (m: { _id: unknown; startup: unknown; title: string; dueDate: Date; status?: string | null; dimension: string }, names: Map<string, string>, now: Date) => ({
  id: String(m._id),
  title: m.title,
  dueDate: m.dueDate,
  status: m.status ?? 'planned',
  dimension: m.dimension,
  startupName: names.get(String(m.startup)) ?? '',
  overdue: m.status !== 'approved' && m.dueDate.getTime() < startOfToday(now).getTime(),
  href: `/startups/${String(m.startup)}/milestones#m-${String(m._id)}`,
});

async function namesOf(ids: unknown[]): Promise<Map<string, string>> {
  const startups = await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(ids.map(String))] }) }, { name: 1 }).lean();
  return new Map(startups.map((s) => [String(s._id), s.name]));
}

/** Founder's home: the next three open milestones of their startups, and those sent back for changes. */
export async function founderMilestones(user: SessionUser, now = new Date()) {
  const scope = await startupFilter(user, 'milestones.submit', 'startup');
  if (!scope) return { dueNext: [], sentBack: [] };
  const mine = { ...scope, removedAt: null };
  const [dueNext, sentBack] = await Promise.all([
    Milestone.find({ ...mine, status: mongoose.trusted({ $in: ['planned', 'changes_requested'] }) }).sort({ dueDate: 1, _id: 1 }).limit(3).lean(),
    Milestone.find({ ...mine, status: 'changes_requested' }).sort({ dueDate: 1, _id: 1 }).limit(20).lean(),
  ]);
  const names = await namesOf([...dueNext, ...sentBack].map((m) => m.startup));
  return {
    dueNext: dueNext.map((m) => row(m, names, now)),
    sentBack: sentBack.map((m) => {
      const last = [...(m.thread ?? [])].reverse().find((e) => e.decision === 'changes_requested');
      return { ...row(m, names, now), comment: last?.comment ?? '', byName: last?.byName ?? '', at: last?.at };
    }),
  };
}

/** Manager's home: how many milestones wait for review, and the overdue ones across the programme (soonest due first). */
export async function managerMilestones(now = new Date()) {
  // One read of the open milestones (a few fields each) gives the queue, the overdue count and the
  // five soonest overdue: the approved ones, most of a programme's years, are never read.
  const open = await Milestone.find({ removedAt: null, status: mongoose.trusted({ $ne: 'approved' }) }, { startup: 1, title: 1, dueDate: 1, status: 1, dimension: 1 }).lean();
  const today = startOfToday(now).getTime();
  const overdueAll = open.filter((m) => m.dueDate.getTime() < today).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || String(a._id).localeCompare(String(b._id)));
  const overdue = overdueAll.slice(0, 5);
  const names = await namesOf(overdue.map((m) => m.startup));
  return { queue: open.filter((m) => m.status === 'submitted').length, overdue: overdue.map((m) => row(m, names, now)), overdueCount: overdueAll.length };
}
