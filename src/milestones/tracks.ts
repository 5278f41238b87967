import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { withLock } from '../core/db/lock';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound } from '../core/errors';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { requireCan } from '../core/policy';
import type { StartupAccess } from '../startups/access';
import { Milestone } from './model';
import { EMPTY_ROWS, MAX_STEPS, type TrackInput } from './schemas';
import { startOfToday } from './service';
import { MilestoneTrack, bi } from './track.model';

const DAY = 24 * 60 * 60 * 1000;

export async function listTracks(user: SessionUser) {
  requireCan(user, 'milestones.tracks');
  const tracks = await MilestoneTrack.find({}).sort({ 'name.fr': 1, _id: 1 }).limit(200).lean();
  return tracks.map((t) => ({
    id: String(t._id),
    name: bi(t.name),
    steps: t.steps.map((s) => ({ title: bi(s.title), dimension: s.dimension, offsetDays: s.offsetDays })),
  }));
}

/** Form rows: `<field>_<n>` values for the steps, plus a few empty rows to add steps without a script. */
export function trackFormValues(track?: Awaited<ReturnType<typeof getTrack>>): { values: Record<string, unknown>; rows: StepRow[] } {
  const values: Record<string, unknown> = { nameFr: track?.name?.fr ?? '', nameEn: track?.name?.en ?? '' };
  if (track) values.version = track.__v ?? 0;
  (track?.steps ?? []).forEach((s, i) => {
    Object.assign(values, {
      [`titleFr_${i}`]: s.title?.fr ?? '',
      [`titleEn_${i}`]: s.title?.en ?? '',
      [`descFr_${i}`]: s.description?.fr ?? '',
      [`descEn_${i}`]: s.description?.en ?? '',
      [`dimension_${i}`]: s.dimension,
      [`offset_${i}`]: s.offsetDays,
    });
  });
  return { values, rows: rowsFor(track?.steps.length ?? 0) };
}

export interface StepRow {
  n: number;
  /** Field names of this row: titleFr_<i>… */
  f: { titleFr: string; titleEn: string; descFr: string; descEn: string; dimension: string; offset: string };
}

export function rowsFor(filled: number): StepRow[] {
  return Array.from({ length: Math.min(MAX_STEPS, Math.max(filled + EMPTY_ROWS, 5)) }, (_, i) => ({
    n: i + 1,
    f: { titleFr: `titleFr_${i}`, titleEn: `titleEn_${i}`, descFr: `descFr_${i}`, descEn: `descEn_${i}`, dimension: `dimension_${i}`, offset: `offset_${i}` },
  }));
}

/** Number of rows the submitted form had filled (to show them all again after an error). */
export function rowsOfBody(body: Record<string, unknown>): StepRow[] {
  let last = -1;
  for (const key of Object.keys(body ?? {})) {
    const m = /_(\d+)$/.exec(key);
    if (m && body[key] !== '' && Number(m[1]) < MAX_STEPS) last = Math.max(last, Number(m[1]));
  }
  return rowsFor(last + 1);
}

export async function getTrack(user: SessionUser, id: string) {
  requireCan(user, 'milestones.tracks');
  if (!isObjectId(id)) throw new NotFound();
  const track = await MilestoneTrack.findOne({ _id: id }).lean();
  if (!track) throw new NotFound();
  return track;
}

export async function createTrack(user: SessionUser, input: TrackInput): Promise<string> {
  requireCan(user, 'milestones.tracks');
  const track = await MilestoneTrack.create({ name: { fr: input.nameFr, en: input.nameEn }, steps: input.steps });
  await audit(user, { action: 'milestoneTrack.created', entityType: 'MilestoneTrack', entityId: String(track._id), summary: `«${input.nameFr}» (${input.steps.length})` });
  return String(track._id);
}

export async function updateTrack(user: SessionUser, id: string, input: TrackInput): Promise<void> {
  await getTrack(user, id);
  await writeIf(MilestoneTrack, { _id: id, __v: input.version }, { $set: { name: { fr: input.nameFr, en: input.nameEn }, steps: input.steps }, $inc: { __v: 1 } }, { lockKey: `milestoneTrack:${id}` });
  await audit(user, { action: 'milestoneTrack.updated', entityType: 'MilestoneTrack', entityId: id, summary: `«${input.nameFr}» (${input.steps.length})` });
}

/**
 * Applies a track to a startup: one planned milestone per step, due on the day applied + the step's
 * offset, titled in the applying manager's language. The same track twice on one startup is refused
 * (checked under a lock so that two clicks at once create one set).
 */
export async function applyTrack(access: StartupAccess, trackId: string, now = new Date()): Promise<{ name: string; count: number }> {
  access.require('milestones.tracks');
  const { user, record: startup } = access;
  const track = await getTrack(user, trackId).catch(() => {
    throw new Conflict('validation.choice');
  });
  const lang = user.locale === 'en' ? 'en' : 'fr';
  // "Never the same track twice" spans documents: one applier at a time per startup and track.
  await withLock(`milestoneTrack:${trackId}:${String(startup._id)}`, async () => {
    if (await Milestone.exists({ startup: startup._id, track: track._id, removedAt: null })) throw new Conflict('milestones.errors.trackApplied');
    const day = startOfToday(now).getTime();
    await Milestone.insertMany(
      track.steps.map((s) => ({
        startup: startup._id,
        title: bi(s.title)[lang],
        description: bi(s.description)[lang],
        dimension: s.dimension,
        dueDate: new Date(day + s.offsetDays * DAY),
        status: 'planned',
        proposedBy: new mongoose.Types.ObjectId(user.id),
        proposedByRole: user.role,
        track: track._id,
      })),
    );
  });
  const name = bi(track.name)[lang];
  await audit(user, { action: 'milestone.trackApplied', entityType: 'Startup', entityId: String(startup._id), summary: `«${name}» (${track.steps.length}) — ${startup.name}` });
  return { name, count: track.steps.length };
}
