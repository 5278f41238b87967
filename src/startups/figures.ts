import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { StartupAccess } from './access';
import { startupHeader } from './header';
import { writeIf } from '../core/db/safe-write';
import { Conflict } from '../core/errors';
import { Startup } from './model';
import type { FiguresInput } from './schemas';

export interface FiguresView {
  asOf: Date;
  headcount: number;
  fundsRaised: number;
  revenue: number;
  byName: string;
  recordedAt: Date;
}

type StoredFigures = { asOf?: Date | null; headcount?: number | null; fundsRaised?: number | null; revenue?: number | null; byName?: string | null; recordedAt?: Date | null };

function view(f: StoredFigures): FiguresView {
  return {
    asOf: f.asOf as Date,
    headcount: f.headcount ?? 0,
    fundsRaised: f.fundsRaised ?? 0,
    revenue: f.revenue ?? 0,
    byName: f.byName ?? '',
    recordedAt: (f.recordedAt ?? f.asOf) as Date,
  };
}

/** Newest first: by "as of" date, then by when it was recorded (a correction for the same date wins). */
export function figuresHistory(figures: StoredFigures[]): FiguresView[] {
  return figures
    .filter((f) => f.asOf)
    .map(view)
    .sort((a, b) => b.asOf.getTime() - a.asOf.getTime() || b.recordedAt.getTime() - a.recordedAt.getTime());
}

/** The current headline figures: the latest entry of the history, or null when none was recorded. */
export function latestFigures(figures: StoredFigures[]): FiguresView | null {
  return figuresHistory(figures)[0] ?? null;
}

/** Managers (any startup) and founders (their own) update the figures (startups.figures); 404 for others. */
export async function figuresPage(access: StartupAccess) {
  access.require('startups.figures');
  return { header: await startupHeader(access), latest: latestFigures(access.record.figures ?? []) };
}

/**
 * Appends an entry to the history (never overwrites one). An entry identical to one already stored
 * (same date, same three figures) is not added twice: a form sent twice records once, even at once,
 * since the check is in the update's filter (writeIf). The profile's version is left alone, so an
 * edit form open elsewhere stays valid.
 */
export async function recordFigures(access: StartupAccess, input: FiguresInput): Promise<{ added: boolean }> {
  access.require('startups.figures');
  const { user, id } = access;
  const same = { asOf: input.asOf, headcount: input.headcount, fundsRaised: input.fundsRaised, revenue: input.revenue };
  const entry = { ...same, by: new mongoose.Types.ObjectId(user.id), byName: user.name, recordedAt: new Date() };
  try {
    await writeIf(Startup, { _id: access.record._id, figures: mongoose.trusted({ $not: { $elemMatch: same } }) }, { $push: { figures: entry } }, { lockKey: `startup:${id}` });
  } catch (err) {
    if (err instanceof Conflict) return { added: false };
    throw err;
  }
  const day = input.asOf.toISOString().slice(0, 10);
  await audit(user, {
    action: 'startup.figuresRecorded',
    entityType: 'Startup',
    entityId: id,
    summary: `${access.record.name}: ${day} · ${input.headcount} / ${input.fundsRaised} € / ${input.revenue} €`,
  });
  return { added: true };
}
