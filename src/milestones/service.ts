import mongoose, { type Types } from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound } from '../core/errors';
import { decide, speaksForStartup, type Relation } from '../core/policy';
import { DossierDocument } from '../documents/model';
import { completeTask } from '../notifications/service';
import { todayInParis } from '../core/dates';
import type { StartupAccess } from '../startups/access';
import { startupHeader } from '../startups/header';
import { Milestone, MILESTONE_DIMENSIONS, type MilestoneFields } from './model';
import type { EditMilestoneInput, MilestoneInput } from './schemas';
import { MilestoneTrack, bi } from './track.model';

export type MilestoneDoc = NonNullable<Awaited<ReturnType<typeof Milestone.findOne>>>;
type LeanMilestone = MilestoneFields & { _id: Types.ObjectId; __v?: number };

/** The start of today (Paris calendar day) as stored due dates are: UTC midnight of the date typed. */
export function startOfToday(now = new Date()): Date {
  return new Date(`${todayInParis(now)}T00:00:00.000Z`);
}

/** Statuses in which the startup's team has something to do: overdue means the founders are late, not the reviewers. */
export const FOUNDERS_TURN = ['planned', 'changes_requested'] as const;

/** Past its due date while the founders still have to act (not while it waits for the programme's review, nor once approved). */
export function isOverdue(m: { dueDate: Date; status?: string | null }, now = new Date()): boolean {
  return (FOUNDERS_TURN as readonly string[]).includes(m.status ?? 'planned') && new Date(m.dueDate).getTime() < startOfToday(now).getTime();
}

/** The task a submission gives the programme: reviewing it. Its notifications are read once it is decided or removed. */
export const reviewTask = (milestoneId: unknown): string => `milestone-review:${String(milestoneId)}`;

/** "YYYY-MM-DD" of a stored due date, for a date input. */
export function dateInput(d: Date | undefined | null): string {
  return d ? new Date(d).toISOString().slice(0, 10) : '';
}

/** A milestone of the startup the request reaches (404 otherwise, removed ones included). */
export async function findMilestone(access: StartupAccess, milestoneId: string) {
  access.require('milestones.read');
  if (!isObjectId(milestoneId)) throw new NotFound();
  // By _id alone (the embedded server's index serves only that); the startup and removal checked here.
  const milestone = await Milestone.findOne({ _id: milestoneId });
  if (!milestone || String(milestone.startup) !== access.id || milestone.removedAt) throw new NotFound();
  return milestone;
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

/** The evidence documents of some milestones, as links this viewer may follow (confidential ones as the policy says, per startup). */
async function documentLinks(user: SessionUser, milestones: LeanMilestone[], relations: Map<string, Relation | null>): Promise<Map<string, DocumentLink>> {
  const ids = [...new Set(milestones.flatMap((m) => (m.evidence?.documents ?? []).map(String)))];
  if (ids.length === 0) return new Map();
  const docs = await DossierDocument.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }).lean();
  return new Map(
    docs.map((d) => {
      const removed = Boolean(d.deletedAt);
      const seesConfidential = decide(user.role, relations.get(String(d.startup)) ?? null, 'documents.readConfidential');
      const hidden = removed || (d.confidential && !seesConfidential);
      return [String(d._id), { id: String(d._id), title: d.title, version: d.version, href: hidden ? null : `/documents/${String(d._id)}/download`, confidential: d.confidential, removed }];
    }),
  );
}

/** A milestone as the pages show it, with what this user may do with it. */
export function milestoneView(m: LeanMilestone, relation: Relation | null, user: SessionUser, docs: Map<string, DocumentLink>, trackNames: Map<string, { fr: string; en: string }>) {
  const id = String(m._id);
  const startupId = String(m.startup);
  const may = (action: Parameters<typeof decide>[2]) => decide(user.role, relation, action);
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
    proposedByFounder: speaksForStartup(m.proposedByRole),
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
      edit: may('milestones.edit') && m.status !== 'approved',
      submit: may('milestones.submit') && (m.status === 'planned' || m.status === 'changes_requested'),
      review: may('milestones.review') && m.status === 'submitted',
      comment: may('milestones.comment'),
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
export async function viewsOf(user: SessionUser, milestones: LeanMilestone[], relations: Map<string, Relation | null>): Promise<MilestoneView[]> {
  const [docs, names] = await Promise.all([documentLinks(user, milestones, relations), trackNamesOf(milestones)]);
  return milestones.map((m) => milestoneView(m, relations.get(String(m.startup)) ?? null, user, docs, names));
}

/** The milestones tab: timeline by due date, with counts, what the user may do, and the tracks a manager can apply. */
export async function milestonesTab(access: StartupAccess) {
  access.require('milestones.read');
  const { user, record: startup } = access;
  const list = await Milestone.find({ startup: startup._id, removedAt: null }).sort({ dueDate: 1, _id: 1 }).limit(500).lean();
  const milestones = await viewsOf(user, list, new Map([[access.id, access.relation]]));
  const tracks = access.can('milestones.tracks') ? await MilestoneTrack.find({}).sort({ 'name.fr': 1, _id: 1 }).limit(200).lean() : [];
  const applied = new Set(list.map((m) => (m.track ? String(m.track) : '')));
  return {
    header: await startupHeader(access),
    startupId: access.id,
    milestones,
    counts: { total: milestones.length, approved: milestones.filter((m) => m.status === 'approved').length, overdue: milestones.filter((m) => m.overdue).length },
    canPlan: access.can('milestones.plan'),
    ...planner(access),
    newHref: `/startups/${String(startup._id)}/milestones/new`,
    tracks: tracks.map((t) => ({ id: String(t._id), name: bi(t.name), steps: t.steps.length, applied: applied.has(String(t._id)) })),
  };
}

/**
 * Who plans and who proposes: those who may also edit milestones (the programme) plan them; the
 * others who may plan (the startup's team) propose them, and the page says so.
 */
function planner(access: StartupAccess): { isFounder: boolean; isManager: boolean } {
  const edits = access.can('milestones.edit');
  return { isFounder: access.can('milestones.plan') && !edits, isManager: edits };
}

/** One milestone's page (evidence, thread, decision and comment forms). */
export async function milestonePage(access: StartupAccess, milestoneId: string) {
  const milestone = await findMilestone(access, milestoneId);
  const [view] = await viewsOf(access.user, [milestone.toObject() as LeanMilestone], new Map([[access.id, access.relation]]));
  return { header: await startupHeader(access), startupId: access.id, milestone: view, commentsOnly: !access.can('milestones.review') && access.can('milestones.comment') };
}

/** What the plan/propose form needs (404 outside reach, mentors never get here: the guard). */
export async function planForm(access: StartupAccess) {
  access.require('milestones.plan');
  return { header: await startupHeader(access), startupId: access.id, dimensions: MILESTONE_DIMENSIONS, isFounder: planner(access).isFounder };
}

/** A manager plans a milestone; a founder proposes one for their own startup (planned either way). */
export async function planMilestone(access: StartupAccess, input: MilestoneInput): Promise<{ id: string; proposed: boolean }> {
  access.require('milestones.plan');
  const { user, record: startup } = access;
  const proposed = planner(access).isFounder;
  const m = await Milestone.create({
    startup: startup._id,
    title: input.title,
    description: input.description,
    dimension: input.dimension,
    dueDate: input.dueDate,
    status: 'planned',
    proposedBy: user.id,
    proposedByRole: user.role,
  });
  await audit(user, { action: proposed ? 'milestone.proposed' : 'milestone.planned', entityType: 'Startup', entityId: String(startup._id), summary: `«${input.title}» — ${startup.name}` });
  return { id: String(m._id), proposed };
}

/** The milestone a manager may change (milestones.edit: founders may not edit after proposing). */
async function editable(access: StartupAccess, milestoneId: string) {
  access.require('milestones.edit');
  return findMilestone(access, milestoneId);
}

export async function editForm(access: StartupAccess, milestoneId: string) {
  const milestone = await editable(access, milestoneId);
  return {
    header: await startupHeader(access),
    startupId: access.id,
    milestoneId: String(milestone._id),
    status: milestone.status,
    locked: milestone.status === 'approved',
    dimensions: MILESTONE_DIMENSIONS,
    values: { title: milestone.title, description: milestone.description, dimension: milestone.dimension, dueDate: dateInput(milestone.dueDate), version: milestone.__v ?? 0 },
  };
}

/** Not approved, not removed, and still the version the page showed: the filter of every manager's change. */
function changeable(milestone: { _id: unknown }, version: number) {
  return { _id: milestone._id, __v: version, removedAt: null, status: mongoose.trusted({ $ne: 'approved' }) };
}

export async function editMilestone(access: StartupAccess, milestoneId: string, input: EditMilestoneInput): Promise<string> {
  const milestone = await editable(access, milestoneId);
  const { user, record: startup } = access;
  if (milestone.status === 'approved') throw new Conflict('milestones.errors.cannotEditApproved');
  if ((milestone.__v ?? 0) !== input.version) throw new Conflict('errors.staleEdit');
  const fields = { title: input.title, description: input.description, dimension: input.dimension, dueDate: input.dueDate };
  await writeIf(Milestone, changeable(milestone, input.version), { $set: fields, $inc: { __v: 1 } }, { lockKey: `milestone:${milestoneId}` });
  await audit(user, { action: 'milestone.updated', entityType: 'Startup', entityId: String(startup._id), summary: `«${input.title}» — ${startup.name}` });
  return input.title;
}

/** Soft removal by a manager (not an approved milestone). */
export async function removeMilestone(access: StartupAccess, milestoneId: string, version: number): Promise<string> {
  const milestone = await editable(access, milestoneId);
  const { user, record: startup } = access;
  if (milestone.status === 'approved') throw new Conflict('milestones.errors.cannotEditApproved');
  if ((milestone.__v ?? 0) !== version) throw new Conflict('errors.staleEdit');
  await writeIf(Milestone, changeable(milestone, version), { $set: { removedAt: new Date() }, $inc: { __v: 1 } }, { lockKey: `milestone:${milestoneId}` });
  await completeTask(reviewTask(milestone._id));
  await audit(user, { action: 'milestone.removed', entityType: 'Startup', entityId: String(startup._id), summary: `«${milestone.title}» — ${startup.name}` });
  return milestone.title;
}
