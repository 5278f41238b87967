import mongoose from 'mongoose';
import { startupFilter } from '../startups/access';
import { Startup } from '../startups/model';
import type { SessionUser } from '../core/auth/session-user';
import { pageBounds, paged } from '../core/http/paginate';
import { requireCan } from '../core/policy';
import { Milestone } from './model';
import { isOverdue } from './service';

const row = (m: { _id: unknown; startup: unknown; title: string; dueDate: Date; status?: string | null; dimension: string }, names: Map<string, string>, now: Date) => ({
  id: String(m._id),
  title: m.title,
  dueDate: m.dueDate,
  status: m.status ?? 'planned',
  dimension: m.dimension,
  startupName: names.get(String(m.startup)) ?? '',
  overdue: isOverdue(m, now),
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
  const overdueAll = open.filter((m) => isOverdue(m, now)).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || String(a._id).localeCompare(String(b._id)));
  const overdue = overdueAll.slice(0, 5);
  const names = await namesOf(overdue.map((m) => m.startup));
  return { queue: open.filter((m) => m.status === 'submitted').length, overdue: overdue.map((m) => row(m, names, now)), overdueCount: overdueAll.length };
}

/** Every overdue milestone of the programme (the founders' turn, past due), soonest due first, a page at a time: the home's "N in all". */
export async function overdueMilestones(user: SessionUser, page: number, now = new Date()) {
  requireCan(user, 'milestones.review');
  const open = await Milestone.find({ removedAt: null, status: mongoose.trusted({ $in: ['planned', 'changes_requested'] }) }, { startup: 1, title: 1, dueDate: 1, status: 1, dimension: 1 }).lean();
  const all = open.filter((m) => isOverdue(m, now)).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || String(a._id).localeCompare(String(b._id)));
  const { skip, limit } = pageBounds(page);
  const shown = all.slice(skip, skip + limit);
  const names = await namesOf(shown.map((m) => m.startup));
  return paged(shown.map((m) => ({ ...row(m, names, now), startupId: String(m.startup) })), all.length, page);
}
