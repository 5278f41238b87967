import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { AppError, Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { can, relationTo } from '../core/policy';
import { axesOf } from '../readiness/axes';
import { latestScores } from '../readiness/service';
import type { SessionUser } from '../users/model';
import { findStartupFor } from './access';
import { startupHeader } from './header';
import { withStartupLock } from './lock';
import type { MoveStageInput } from './schemas';
import { ladderOf, programmeOf, type Ladder } from './service';

type Bilingual = { fr: string; en: string };

export interface MissingGate {
  axis: string;
  required: number;
  /** Latest level on that axis; null when never assessed. */
  actual: number | null;
}

/** A move whose readiness gates are not met: the manager is asked to confirm (confirmOverride). */
export class GatesMissing extends AppError {
  constructor(public readonly missing: (Omit<MissingGate, 'axis'> & { axis: Bilingual })[]) {
    super(409, 'startups.stage.gatesMissing');
  }
}

/** Gates of `stageKey` that the latest scores do not meet (all of them when never assessed). */
export function missingGates(ladder: Ladder, stageKey: string, scores: Record<string, number> | null): MissingGate[] {
  const gates = ladder.find((s) => s.key === stageKey)?.minLevels ?? [];
  return gates
    .map((g) => ({ axis: g.axis, required: g.level, actual: scores && typeof scores[g.axis] === 'number' ? scores[g.axis] : null }))
    .filter((g) => g.actual === null || g.actual < g.required);
}

/** Only managers move stages; the startup must be in reach (404 otherwise). */
async function movable(user: SessionUser, id: string) {
  const startup = await findStartupFor(user, id);
  if (!can(user, 'startups.moveStage') || (await relationTo(user, id)) !== 'all') throw new NotFound();
  return startup;
}

/** What the stage page shows: the ladder with each stage's criteria and gates, the current one marked. */
export async function stagePage(user: SessionUser, id: string) {
  const startup = await movable(user, id);
  const programme = await programmeOf(startup.programme);
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const axisLabel = (key: string): Bilingual => axes.find((a) => a.key === key)?.label ?? { fr: key, en: key };
  const currentIndex = ladder.findIndex((s) => s.key === startup.stage);
  return {
    header: await startupHeader(user, startup),
    current: startup.stage,
    version: startup.__v ?? 0,
    stages: ladder.map((s, i) => ({
      key: s.key,
      label: s.label,
      criteria: s.criteria,
      gates: s.minLevels.map((g) => ({ axis: axisLabel(g.axis), level: g.level })),
      current: s.key === startup.stage,
      next: i === currentIndex + 1,
    })),
    nextStage: currentIndex >= 0 ? ladder[currentIndex + 1]?.key : ladder[0]?.key,
  };
}

/**
 * Moves the startup to `input.stage` (forward or backward along the ladder). Refuses the current
 * stage and a stale version; when the target's readiness gates are not met, throws GatesMissing
 * unless the manager confirmed, in which case the history records the override and the missing gates.
 * Every move is a stageHistory entry and an audit entry.
 */
export async function moveStage(user: SessionUser, id: string, input: MoveStageInput): Promise<{ direction: 'forward' | 'backward'; gateOverridden: boolean }> {
  await movable(user, id);
  return withStartupLock(id, () => move(user, id, input));
}

async function move(user: SessionUser, id: string, input: MoveStageInput): Promise<{ direction: 'forward' | 'backward'; gateOverridden: boolean }> {
  const startup = await movable(user, id);
  const programme = await programmeOf(startup.programme);
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const targetIndex = ladder.findIndex((s) => s.key === input.stage);
  if (targetIndex < 0) throw new ValidationFailed({ stage: fieldError('validation.choice') });
  if (startup.__v !== input.version) throw new Conflict('errors.staleEdit');
  if (input.stage === startup.stage) throw new ValidationFailed({ stage: fieldError('startups.stage.same') });
  const currentIndex = ladder.findIndex((s) => s.key === startup.stage);
  const direction = currentIndex >= 0 && targetIndex < currentIndex ? 'backward' : 'forward';
  // The gates of the target are checked whatever the direction: a stage is only entered with its levels met, or with a recorded override.
  const missing = missingGates(ladder, input.stage, await latestScores(id));
  if (missing.length > 0 && !input.confirmOverride) {
    throw new GatesMissing(missing.map((g) => ({ ...g, axis: axes.find((a) => a.key === g.axis)?.label ?? { fr: g.axis, en: g.axis } })));
  }
  const from = startup.stage;
  startup.stage = input.stage;
  startup.stageHistory.push({
    stage: input.stage,
    from,
    at: new Date(),
    by: new mongoose.Types.ObjectId(user.id),
    byName: user.name,
    note: input.note,
    direction,
    gateOverridden: missing.length > 0,
    missingGates: missing,
  });
  try {
    await startup.save();
  } catch (err) {
    if (err instanceof mongoose.Error.VersionError) throw new Conflict('errors.staleEdit');
    throw err;
  }
  const gateText = missing.length ? ` · gates overridden: ${missing.map((g) => `${g.axis} ${g.actual ?? '–'}/${g.required}`).join(', ')}` : '';
  await audit(user, {
    action: 'startup.stageMoved',
    entityType: 'Startup',
    entityId: id,
    summary: `${startup.name}: ${from} → ${input.stage} (${direction})${gateText} · ${input.note}`,
  });
  return { direction, gateOverridden: missing.length > 0 };
}
