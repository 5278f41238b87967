import mongoose, { type Types } from 'mongoose';
import { audit } from '../core/audit';
import { withLock } from '../core/db/lock';
import { Conflict, Forbidden, NotFound } from '../core/errors';
import { relationTo } from '../core/policy';
import { DossierDocument } from '../documents/model';
import { todayInParis } from '../readiness/schemas';
import { findStartupFor } from '../startups/access';
import { startupHeader } from '../startups/header';
import type { SessionUser } from '../users/model';
import { Milestone, MILESTONE_DIMENSIONS, type MilestoneFields } from './model';
import type { EditMilestoneInput, MilestoneInput } from './schemas';
import { MilestoneTrack, bi } from './track.model';

export type MilestoneDoc = NonNullable<Awaited<ReturnType<typeof Milestone.findOne>>>;
type LeanMilestone = MilestoneFields & { _id: Types.ObjectId; __v?: number };

const HEX = /^[a-f0-9]{24}$/i;

/** The start of today (Paris calendar day) as stored due dates are: UTC midnight of the date typed. */
export function startOfToday(now = new Date()): Date {
  return new Date(`${todayInParis(now)}T00:00:00.000Z`);
}

export function isOverdue(m: { dueDate: Date; status?: string | null }, now = new Date()): boolean {
  return m.status !== 'approved' && new Date(m.dueDate).getTime() < startOfToday(now).getTime();
}

/** "YYYY-MM-DD" of a stored due date, for a date input. */
export function dateInput(d: Date | undefined | null): string {
  return d ? new Date(d).toISOString().slice(0, 10) : '';
}

/** The startup as this user may reach it, and the milestone of that startup (404 otherwise, removed ones included). */
export async function findMilestoneFor(user: SessionUser, startupId: string, milestoneId: string) {
  const startup = await findStartupFor(user, startupId);
  if (!HEX.test(milestoneId)) throw new NotFound();
  const milestone = await Milestone.findOne({ _id: milestoneId, startup: startup._id, removedAt: null });
  if (!milestone) throw new NotFound();
  return { startup, milestone };
}

export interface DocumentLink {
  id: string;
  title: string;
  version: number;
  /** null when this user may not download it (confidential for a mentor, deleted). */
  href: string | null;
  confidential: boolean;
  removed: boolean;
}

/** The evidence documents of some milestones, as links this viewer may follow. */
async function documentLinks(user: SessionUser, milestones: LeanMilestone[]): Promise<Map<string, DocumentLink>> {
  const ids = [...new Set(milestones.flatMap((m) => (m.evidence?.documents ?? []).map(String)))];
  if (ids.length === 0) return new Map();
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }).lean();
  const seesConfidential = user.role === 'manager' || user.role === 'founder';
  return new Map(
    docs.map((d) => {
      const removed = Boolean(d.deletedAt);
      const hidden = removed || (d.confidential && !seesConfidential);
      return [String(d._id), { id: String(d._id), title: d.title, version: d.version, href: hidden ? null : `/documents/${String(d._id)}/download`, confidential: d.confidential, removed }];
    }),
  );
}

/** A milestone as the pages show it, with what this user may do with it. */
export function milestoneView(m: LeanMilestone, relation: string | null, user: SessionUser, docs: Map<string, DocumentLink>, trackNames: Map<string, { fr: string; en: string }>) {
  const id = String(m._id);
  const startupId = String(m.startup);
  const manager = user.role === 'manager';
  const own = user.role === 'founder' && relation === 'own';
  const lastSubmission = [...(m.thread ?? [])].reverse().find((e) => e.decision === 'submitted');
  const lastChanges = [...(m.thread ?? [])].reverse().find((e) => e.decision === 'changes_requested');
  const base = `/startups/${startupId}/milestones/${id}`;
  return {
    id,
    startupId,
    title: m.title,
    description: m.description ?? '',
    dimension: m.dimension,
    dueDate: m.dueDate,
    status: m.status ?? 'planned',
    overdue: isOverdue(m),
    achievedAt: m.achievedAt,
    proposedByFounder: m.proposedByRole === 'founder',
    trackName: m.track ? trackNames.get(String(m.track)) : undefined,
    version: m.__v ?? 0,
    evidence: m.evidence?.submittedAt
      ? {
          text: m.evidence.text ?? '',
          submittedAt: m.evidence.submittedAt,
          submittedByName: lastSubmission?.byName ?? '',
          documents: (m.evidence.documents ?? []).map((d) => docs.get(String(d))).filter(Boolean),
        }
      : undefined,
    lastChanges: m.status === 'changes_requested' && lastChanges ? { byName: lastChanges.byName, at: lastChanges.at, comment: lastChanges.comment } : undefined,
    thread: (m.thread ?? []).map((e) => ({ byName: e.byName, byRole: e.byRole, at: e.at, decision: e.decision, comment: e.comment })),
    href: base,
    anchor: `/startups/${startupId}/milestones#m-${id}`,
    can: {
      edit: manager && m.status !== 'approved',
      submit: own && (m.status === 'planned' || m.status === 'changes_requested'),
      review: manager && m.status === 'submitted',
      comment: manager || (user.role === 'mentor' && relation === 'assigned'),
    },
  };
}
export type MilestoneView = ReturnType<typeof milestoneView>;

async function trackNamesOf(milestones: LeanMilestone[]): Promise<Map<string, { fr: string; en: string }>> {
  const ids = [...new Set(milestones.map((m) => (m.track ? String(m.track) : '')).filter(Boolean))];
  if (ids.length === 0) return new Map();
  const tracks = await MilestoneTrack.find({ _id: mongoose.trusted({ $in: ids }) }, { name: 1 }).lean();
  return new Map(tracks.map((t) => [String(t._id), bi(t.name)]));
}

/** Views of several milestones for one viewer (documents and track names loaded once). */
export async function viewsOf(user: SessionUser, milestones: LeanMilestone[], relations: Map<string, string | null>): Promise<MilestoneView[]> {
  const [docs, names] = await Promise.all([documentLinks(user, milestones), trackNamesOf(milestones)]);
  return milestones.map((m) => milestoneView(m, relations.get(String(m.startup)) ?? null, user, docs, names));
}

/** The milestones tab: timeline by due date, with counts, what the user may do, and the tracks a manager can apply. */
export async function milestonesTab(user: SessionUser, startupId: string) {
  const startup = await findStartupFor(user, startupId);
  const relation = await relationTo(user, String(startup._id));
  const list = await Milestone.find({ startup: startup._id, removedAt: null }).sort({ dueDate: 1, _id: 1 }).limit(500).lean();
  const milestones = await viewsOf(user, list, new Map([[String(startup._id), relation]]));
  const tracks = user.role === 'manager' ? await MilestoneTrack.find({}).sort({ 'name.fr': 1, _id: 1 }).limit(200).lean() : [];
  const applied = new Set(list.map((m) => (m.track ? String(m.track) : '')));
  return {
    header: await startupHeader(user, startup),
    startupId: String(startup._id),
    milestones,
    counts: { total: milestones.length, approved: milestones.filter((m) => m.status === 'approved').length, overdue: milestones.filter((m) => m.overdue).length },
    canPlan: user.role === 'manager' || relation === 'own',
    isFounder: user.role === 'founder',
    isManager: user.role === 'manager',
    newHref: `/startups/${String(startup._id)}/milestones/new`,
    tracks: tracks.map((t) => ({ id: String(t._id), name: bi(t.name), steps: t.steps.length, applied: applied.has(String(t._id)) })),
  };
}

/** One milestone's page (evidence, thread, decision and comment forms). */
export async function milestonePage(user: SessionUser, startupId: string, milestoneId: string) {
  const { startup, milestone } = await findMilestoneFor(user, startupId, milestoneId);
  const relation = await relationTo(user, String(startup._id));
  const [view] = await viewsOf(user, [milestone.toObject() as LeanMilestone], new Map([[String(startup._id), relation]]));
  return { header: await startupHeader(user, startup), startupId: String(startup._id), milestone: view };
}

/** What the plan/propose form needs (404 outside reach, mentors never get here: the guard). */
export async function planForm(user: SessionUser, startupId: string) {
  const startup = await findStartupFor(user, startupId);
  const relation = await relationTo(user, String(startup._id));
  if (relation !== 'all' && relation !== 'own') throw new NotFound();
  return { header: await startupHeader(user, startup), startupId: String(startup._id), dimensions: MILESTONE_DIMENSIONS, isFounder: user.role === 'founder' };
}

/** A manager plans a milestone; a founder proposes one for their own startup (planned either way). */
export async function planMilestone(user: SessionUser, startupId: string, input: MilestoneInput): Promise<{ id: string; proposed: boolean }> {
  const startup = await findStartupFor(user, startupId);
  const relation = await relationTo(user, String(startup._id));
  if (relation !== 'all' && relation !== 'own') throw new NotFound();
  const proposed = user.role === 'founder';
  const m = await Milestone.create({
    startup: startup._id,
    title: input.title,
    description: input.description,
    dimension: input.dimension,
    dueDate: input.dueDate,
    status: 'planned',
    proposedBy: user.id,
    proposedByRole: proposed ? 'founder' : 'manager',
  });
  await audit(user, { action: proposed ? 'milestone.proposed' : 'milestone.planned', entityType: 'Startup', entityId: String(startup._id), summary: `«${input.title}» — ${startup.name}` });
  return { id: String(m._id), proposed };
}

/** The milestone a manager may change: never an approved one; founders may not edit after proposing (403). */
async function editable(user: SessionUser, startupId: string, milestoneId: string) {
  const found = await findMilestoneFor(user, startupId, milestoneId);
  if (user.role !== 'manager') throw new Forbidden();
  return found;
}

export async function editForm(user: SessionUser, startupId: string, milestoneId: string) {
  const { startup, milestone } = await editable(user, startupId, milestoneId);
  return {
    header: await startupHeader(user, startup),
    startupId: String(startup._id),
    milestoneId: String(milestone._id),
    status: milestone.status,
    locked: milestone.status === 'approved',
    dimensions: MILESTONE_DIMENSIONS,
    values: { title: milestone.title, description: milestone.description, dimension: milestone.dimension, dueDate: dateInput(milestone.dueDate), version: milestone.__v ?? 0 },
  };
}

export async function editMilestone(user: SessionUser, startupId: string, milestoneId: string, input: EditMilestoneInput): Promise<string> {
  await editable(user, startupId, milestoneId);
  return withLock(`milestone:${milestoneId}`, async () => {
    const { startup, milestone } = await editable(user, startupId, milestoneId);
    if (milestone.status === 'approved') throw new Conflict('milestones.errors.cannotEditApproved');
    if ((milestone.__v ?? 0) !== input.version) throw new Conflict('errors.staleEdit');
    milestone.set({ title: input.title, description: input.description, dimension: input.dimension, dueDate: input.dueDate });
    await milestone.save();
    await audit(user, { action: 'milestone.updated', entityType: 'Startup', entityId: String(startup._id), summary: `«${input.title}» — ${startup.name}` });
    return input.title;
  });
}

/** Soft removal by a manager (not an approved milestone). */
export async function removeMilestone(user: SessionUser, startupId: string, milestoneId: string, version: number): Promise<string> {
  await editable(user, startupId, milestoneId);
  return withLock(`milestone:${milestoneId}`, async () => {
    const { startup, milestone } = await editable(user, startupId, milestoneId);
    if (milestone.status === 'approved') throw new Conflict('milestones.errors.cannotEditApproved');
    if ((milestone.__v ?? 0) !== version) throw new Conflict('errors.staleEdit');
    milestone.removedAt = new Date();
    await milestone.save();
    await audit(user, { action: 'milestone.removed', entityType: 'Startup', entityId: String(startup._id), summary: `«${milestone.title}» — ${startup.name}` });
    return milestone.title;
  });
}
