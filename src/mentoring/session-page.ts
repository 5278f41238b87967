import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, Forbidden, NotFound } from '../core/errors';
import { speaksForStartup } from '../core/policy';
import { Startup } from '../startups/model';
import type { SessionAccess } from './access';
import { dayEnd } from './days';
import { formDayTime } from './days';
import { ActionItem, MentoringSession } from './model';
import type { ActionItemInput } from './schemas';

/** A session as its page shows it to this user: notes only to those the policy lets read them. */
export async function sessionPage(access: SessionAccess) {
  const s = access.record;
  const [startup, items] = await Promise.all([Startup.findOne({ _id: s.startup }, { name: 1 }).lean(), ActionItem.find({ session: s._id }).sort({ createdAt: 1 }).lean()]);
  const may = (action: Parameters<SessionAccess['can']>[0]) => access.can(action);
  const ended = s.end.getTime() <= Date.now();
  const scheduled = s.status === 'scheduled';
  const founder = speaksForStartup(access.user.role);
  return {
    session: {
      id: String(s._id),
      startupId: String(s.startup),
      startupName: startup?.name ?? '',
      mentorId: String(s.mentor),
      mentorName: s.mentorName,
      start: s.start,
      end: s.end,
      durationMinutes: s.durationMinutes,
      actualMinutes: s.actualMinutes,
      place: s.place,
      videoLink: s.videoLink,
      topic: s.topic,
      status: s.status,
      toRecord: scheduled && ended,
      cancelReason: s.cancelReason,
      plannedByName: s.plannedByName,
      fromOfficeHours: Boolean(s.slot),
      feedback: may('mentoring.feedback.read') ? (s.feedback ?? null) : null,
      preparation: may('mentoring.preparation.read') ? (s.preparation ?? null) : null,
      /** Given already (the mentor learns that the team answered, not what). */
      feedbackGiven: Boolean(s.feedback),
      version: s.__v ?? 0,
    },
    notes: may('mentoring.notes.read') ? { text: s.notes ?? '', editable: may('mentoring.notes.write') } : null,
    items: items.map((i) => ({
      id: String(i._id),
      text: i.text,
      owner: i.owner,
      due: i.due,
      done: i.done,
      doneAt: i.doneAt,
      doneByName: i.doneByName,
      overdue: !i.done && i.due !== undefined && i.due !== null && i.due.getTime() < Date.now(),
      canTick: itemTickable(access, i.owner),
    })),
    can: {
      edit: may('mentoring.edit') && scheduled,
      move: may('mentoring.edit') && scheduled,
      record: may('mentoring.edit') && scheduled && ended,
      addItems: may('mentoring.edit') && s.status !== 'cancelled',
      feedback: may('mentoring.feedback') && s.status === 'completed' && !s.feedback,
      preparation: may('mentoring.preparation') && s.status === 'completed' && !s.preparation,
    },
    waitsForEnd: scheduled && !ended,
    ratingScale: [1, 2, 3, 4, 5],
    isFounder: founder,
    moveValues: { ...formDayTime(s.start), durationMinutes: s.durationMinutes, place: s.place, videoLink: s.videoLink, topic: s.topic, version: s.__v ?? 0 },
  };
}

/** Who ticks an item off: managers any; the startup's team the startup's items; the mentor their own. */
function itemTickable(access: SessionAccess, owner: string): boolean {
  if (!access.can('mentoring.actionItems')) return false;
  if (access.relation === 'all') return true;
  return speaksForStartup(access.user.role) ? owner === 'startup' : owner === 'coach';
}

/** The mentor's notes, saved from the version the form showed. */
export async function saveNotes(access: SessionAccess, input: { notes: string; version: number }): Promise<void> {
  access.require('mentoring.notes.write');
  await writeIf(MentoringSession, { _id: access.record._id, __v: input.version }, { $set: { notes: input.notes }, $inc: { __v: 1 } });
  await audit(access.user, { action: 'mentoring.notesSaved', entityType: 'MentoringSession', entityId: String(access.record._id), startup: String(access.record.startup), summary: access.record.topic });
}

/** Adds an action item to a session (not a cancelled one); the same item posted twice is added once. */
export async function addActionItem(access: SessionAccess, input: ActionItemInput): Promise<void> {
  access.require('mentoring.edit');
  const s = access.record;
  if (s.status === 'cancelled') throw new Conflict('mentoring.errors.cancelledSession');
  const due = input.due ? dayEnd(input.due) : undefined;
  const twin = await ActionItem.findOne({ session: s._id, text: input.text, owner: input.owner, done: false }, { due: 1 }).lean();
  if (twin && (twin.due?.getTime() ?? null) === (due?.getTime() ?? null)) return;
  await ActionItem.create({ session: s._id, startup: s.startup, mentor: s.mentor, text: input.text, owner: input.owner, due });
  await audit(access.user, { action: 'mentoring.actionItemAdded', entityType: 'MentoringSession', entityId: String(s._id), startup: String(s.startup), summary: input.text });
}

/** Ticks an item off (or back on). Posting the state it already has changes nothing and succeeds. */
export async function setItemDone(access: SessionAccess, itemId: string, done: boolean): Promise<string> {
  if (!isObjectId(itemId)) throw new NotFound();
  const item = await ActionItem.findOne({ _id: itemId }).lean();
  if (!item || String(item.session) !== String(access.record._id)) throw new NotFound();
  if (!itemTickable(access, item.owner)) throw new Forbidden();
  if (item.done === done) return item.text;
  await ActionItem.updateOne({ _id: item._id }, done ? { $set: { done: true, doneAt: new Date(), doneByName: access.user.name } } : { $set: { done: false }, $unset: { doneAt: 1, doneByName: 1 } });
  await audit(access.user, { action: done ? 'mentoring.actionItemDone' : 'mentoring.actionItemReopened', entityType: 'MentoringSession', entityId: String(access.record._id), startup: String(access.record.startup), summary: item.text });
  return item.text;
}

type RatingField = 'feedback' | 'preparation';

/**
 * A rating given once: the team's feedback on a held session, the mentor's view of how prepared the
 * startup was. The first one stands; the same rating posted twice by its author succeeds; another
 * one later is refused.
 */
export async function rateSession(access: SessionAccess, field: RatingField, input: { rating: number; comment: string }): Promise<void> {
  access.require(field === 'feedback' ? 'mentoring.feedback' : 'mentoring.preparation');
  const s = access.record;
  if (s.status !== 'completed') throw new Conflict('mentoring.errors.notHeld');
  const rating = { rating: input.rating, comment: input.comment, by: access.user.id, byName: access.user.name, at: new Date() };
  try {
    await writeIf(MentoringSession, { _id: s._id, status: 'completed', [field]: null }, { $set: { [field]: rating } }, { conflict: 'mentoring.errors.alreadyRated' });
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
    const now = await MentoringSession.findOne({ _id: s._id }).lean();
    const given = now ? now[field] : undefined;
    if (given && String(given.by) === access.user.id && given.rating === input.rating && (given.comment ?? '') === input.comment) return;
    throw err;
  }
  await audit(access.user, { action: field === 'feedback' ? 'mentoring.feedbackGiven' : 'mentoring.preparationRated', entityType: 'MentoringSession', entityId: String(s._id), startup: String(s.startup), summary: `${s.topic} · ${input.rating}/5` });
}
