import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { writeIf } from '../core/db/safe-write';
import { Conflict, ValidationFailed, fieldError } from '../core/errors';
import { pageBounds, paged } from '../core/http/paginate';
import type { Mailer } from '../core/mail';
import { requireCan, rolesFor, rolesLinkedTo } from '../core/policy';
import type { Storage } from '../core/storage';
import { DossierDocument } from '../documents/model';
import { discardDocument, uploadDocument } from '../documents/service';
import { completeTask, notify } from '../notifications/service';
import { Cohort } from '../programmes/cohort.model';
import type { StartupAccess } from '../startups/access';
import { startupHeader } from '../startups/header';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { Milestone } from './model';
import type { CommentInput, DecisionInput, ReviewQuery, SubmitInput } from './schemas';
import { findMilestone, reviewTask, viewsOf } from './service';

export type MilestoneEvent = 'milestone.submitted' | 'milestone.changesRequested' | 'milestone.approved';

/**
 * Who hears of a milestone event: a submission goes to every active user who reviews milestones
 * (managers); a decision to the startup's team (active founders whose startups contain it). Nobody else.
 */
export async function recipientsFor(kind: MilestoneEvent, startupId: string): Promise<string[]> {
  const filter: Record<string, unknown> =
    kind === 'milestone.submitted'
      ? { role: mongoose.trusted({ $in: rolesFor('milestones.review') }), active: true }
      : { role: mongoose.trusted({ $in: rolesLinkedTo('startups') }), active: true, startups: new mongoose.Types.ObjectId(startupId) };
  const users = await User.find(filter, { _id: 1 }).sort({ _id: 1 }).lean();
  return users.map((u) => String(u._id));
}

/** What notifications need from the app: the mailer (mails when SMTP is configured) and the base URL of links in mails. */
export interface NotifyDeps {
  mailer?: Mailer;
  baseUrl?: string;
}

async function tell(kind: MilestoneEvent, startup: { _id: unknown; name: string }, milestone: { _id: unknown; title: string }, deps: NotifyDeps = {}): Promise<void> {
  const startupId = String(startup._id);
  const to = await recipientsFor(kind, startupId);
  if (to.length === 0) return;
  const task = kind === 'milestone.submitted' ? reviewTask(milestone._id) : undefined;
  await notify({ to, kind, params: { startup: startup.name, milestone: milestone.title }, link: `/startups/${startupId}/milestones#m-${String(milestone._id)}`, task }, deps.mailer, deps.baseUrl);
}

const entry = (user: SessionUser, decision: 'submitted' | 'approved' | 'changes_requested' | 'comment', comment = '') => ({ by: user.id, byName: user.name, byRole: user.role, at: new Date(), decision, comment });

/** A milestone of a startup whose team submits it (milestones.submit: founders, own startup; 404 otherwise). */
async function ownMilestone(access: StartupAccess, milestoneId: string) {
  access.require('milestones.submit');
  return findMilestone(access, milestoneId);
}

/** What the submission page needs: the milestone, the dossier's documents to pick, the last request for changes. */
export async function submitForm(access: StartupAccess, milestoneId: string) {
  const milestone = await ownMilestone(access, milestoneId);
  const startup = access.record;
  const [view] = await viewsOf(access.user, [milestone.toObject()], new Map([[access.id, access.relation]]));
  const docs = await DossierDocument.find({ startup: startup._id, deletedAt: null }).sort({ title: 1, version: -1 }).limit(300).lean();
  return {
    header: await startupHeader(access),
    startupId: access.id,
    milestone: view,
    submittable: view.can.submit,
    documents: docs.map((d) => ({ id: String(d._id), title: d.title, version: d.version, kind: d.kind, uploadedAt: d.createdAt })),
    values: { evidence: milestone.evidence?.text ?? '', documents: (milestone.evidence?.documents ?? []).map(String), version: milestone.__v ?? 0 },
  };
}

/** Why a conditional write on a milestone found nothing: read it again and say what changed. */
async function lostRace(milestoneId: string, stillOpen: (status: string) => boolean, closedKey: string): Promise<Conflict> {
  const now = await Milestone.findOne({ _id: milestoneId }, { status: 1 }).lean();
  return new Conflict(now && stillOpen(now.status ?? 'planned') ? 'errors.staleEdit' : closedKey);
}

const SUBMITTABLE = ['planned', 'changes_requested'];

/**
 * Submission with evidence: text, documents picked from the dossier and/or one uploaded now (through the
 * dossier's own pipeline). Only a planned milestone or one sent back can be submitted, from the version
 * the page showed: the status and the version are in the write's filter, so of two submissions at once
 * one is kept. A file uploaded for a submission that loses is removed again; the managers hear of it
 * after the write.
 */
export async function submitMilestone(
  access: StartupAccess,
  milestoneId: string,
  input: SubmitInput,
  file: { path: string; originalName: string } | undefined,
  storage: Storage,
  deps: NotifyDeps = {},
): Promise<string> {
  const milestone = await ownMilestone(access, milestoneId);
  const { user, record: startup } = access;
  if (!SUBMITTABLE.includes(milestone.status ?? 'planned')) throw new Conflict('milestones.errors.cannotSubmit');
  if ((milestone.__v ?? 0) !== input.version) throw new Conflict('errors.staleEdit');
  const picked = [...new Set(input.documents)];
  if (picked.length > 0) {
    const found = await DossierDocument.countDocuments({ startup: startup._id, deletedAt: null, _id: mongoose.trusted({ $in: picked.map((id) => new mongoose.Types.ObjectId(id)) }) });
    if (found !== picked.length) throw new ValidationFailed({ documents: fieldError('milestones.errors.documentChoice') });
  }
  if (file) {
    const errors: Record<string, ReturnType<typeof fieldError>> = {};
    if (!input.docTitle) errors.docTitle = fieldError('validation.required');
    if (!input.docKind) errors.docKind = fieldError('validation.required');
    if (Object.keys(errors).length) throw new ValidationFailed({ ...errors, file: fieldError('milestones.errors.upload') });
  } else if (picked.length === 0) {
    throw new ValidationFailed({ documents: fieldError('milestones.errors.documentsRequired') });
  }
  // The file is stored before the submission is written, and removed if the submission loses.
  const uploaded = file && input.docKind ? await uploadDocument(access, { title: input.docTitle, kind: input.docKind, confidential: false }, file, storage) : undefined;
  if (uploaded && !picked.includes(uploaded.id)) picked.push(uploaded.id);
  try {
    await writeIf(
      Milestone,
      { _id: milestone._id, __v: input.version, removedAt: null, status: mongoose.trusted({ $in: SUBMITTABLE }) },
      {
        $set: { status: 'submitted', evidence: { text: input.evidence, documents: picked, submittedAt: new Date(), submittedBy: user.id } },
        // The evidence of each submission stays in the thread, so a reviewer sees what changed since the last one.
        $push: { thread: entry(user, 'submitted', input.evidence.slice(0, 4000)) },
        $inc: { __v: 1 },
      },
      { lockKey: `milestone:${milestoneId}` },
    );
  } catch (err) {
    if (uploaded && !uploaded.unchanged) await discardDocument(uploaded.id, storage);
    if (err instanceof Conflict) throw await lostRace(milestoneId, (status) => SUBMITTABLE.includes(status), 'milestones.errors.cannotSubmit');
    throw err;
  }
  await audit(user, { action: 'milestone.submitted', entityType: 'Startup', entityId: String(startup._id), summary: `«${milestone.title}» — ${startup.name}` });
  await tell('milestone.submitted', startup, milestone, deps);
  return milestone.title;
}

/**
 * A manager's decision on a submitted milestone: approve (achievedAt = now) or request changes (comment
 * required). The status and version are in the write's filter: of two managers deciding at once, the
 * first wins and the second is told the milestone was already answered. The founders hear of it after.
 */
export async function decideMilestone(access: StartupAccess, milestoneId: string, input: DecisionInput & { decision: 'approve' | 'changes' }, deps: NotifyDeps = {}): Promise<{ title: string; decision: 'approve' | 'changes' }> {
  access.require('milestones.review');
  const milestone = await findMilestone(access, milestoneId);
  const { user, record: startup } = access;
  const current = milestone.__v ?? 0;
  if (milestone.status !== 'submitted') throw new Conflict(current !== input.version ? 'milestones.errors.alreadyDecided' : 'milestones.errors.notSubmitted');
  if (current !== input.version) throw new Conflict('errors.staleEdit');
  if (input.decision === 'changes' && !input.comment) throw new ValidationFailed({ comment: fieldError('milestones.errors.commentRequired') });
  const approve = input.decision === 'approve';
  const now = new Date();
  try {
    await writeIf(
      Milestone,
      { _id: milestone._id, __v: input.version, removedAt: null, status: 'submitted' },
      {
        $set: { status: approve ? 'approved' : 'changes_requested', ...(approve ? { achievedAt: now } : {}) },
        $push: { thread: entry(user, approve ? 'approved' : 'changes_requested', input.comment) },
        $inc: { __v: 1 },
      },
      { lockKey: `milestone:${milestoneId}` },
    );
  } catch (err) {
    if (err instanceof Conflict) throw await lostRace(milestoneId, (status) => status === 'submitted', 'milestones.errors.alreadyDecided');
    throw err;
  }
  const kind: MilestoneEvent = approve ? 'milestone.approved' : 'milestone.changesRequested';
  // The review is done: the other reviewers' bells no longer ask for it.
  await completeTask(reviewTask(milestone._id));
  await audit(user, { action: kind, entityType: 'Startup', entityId: String(startup._id), summary: `«${milestone.title}» — ${startup.name}${input.comment ? ` : ${input.comment}` : ''}` });
  await tell(kind, startup, milestone, deps);
  return { title: milestone.title, decision: input.decision };
}

/** A comment in the thread: managers, and mentors on the startups assigned to them (their reach). */
export async function commentMilestone(access: StartupAccess, milestoneId: string, input: CommentInput): Promise<void> {
  access.require('milestones.comment');
  const milestone = await findMilestone(access, milestoneId);
  const { user, record: startup } = access;
  await writeIf(Milestone, { _id: milestone._id, removedAt: null }, { $push: { thread: entry(user, 'comment', input.note) } }, { lockKey: `milestone:${milestoneId}`, conflict: 'errors.conflict' });
  await audit(user, { action: 'milestone.commented', entityType: 'Startup', entityId: String(startup._id), summary: `«${milestone.title}» — ${startup.name}` });
}

/** The review queue: every submitted milestone, oldest submission first, by cohort and dimension. */
export async function reviewQueue(user: SessionUser, query: ReviewQuery) {
  requireCan(user, 'milestones.review');
  const filter: Record<string, unknown> = { status: 'submitted', removedAt: null };
  if (query.dimension) filter.dimension = query.dimension;
  if (query.cohort) {
    const ids = (await Startup.find({ cohort: query.cohort }, { _id: 1 }).lean()).map((s) => s._id);
    filter.startup = mongoose.trusted({ $in: ids });
  }
  const { skip, limit } = pageBounds(query.page);
  const [list, total, cohorts] = await Promise.all([
    Milestone.find(filter).sort({ 'evidence.submittedAt': 1, _id: 1 }).skip(skip).limit(limit).lean(),
    Milestone.countDocuments(filter),
    Cohort.find({}, { name: 1 }).sort({ startDate: -1 }).limit(200).lean(),
  ]);
  const startups = await Startup.find({ _id: mongoose.trusted({ $in: [...new Set(list.map((m) => String(m.startup)))] }) }, { name: 1 }).lean();
  const names = new Map(startups.map((s) => [String(s._id), s.name]));
  const views = await viewsOf(user, list, new Map(list.map((m) => [String(m.startup), 'all'])));
  const items = views.map((v) => ({ ...v, startupName: names.get(v.startupId) ?? '' }));
  return { result: paged(items, total, query.page), cohorts: cohorts.map((c) => ({ id: String(c._id), name: c.name })), anySubmitted: total > 0 || (await Milestone.exists({ status: 'submitted', removedAt: null })) !== null };
}
