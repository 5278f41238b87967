import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { writeIf } from '../core/db/safe-write';
import { AppError, Conflict, ValidationFailed, fieldError } from '../core/errors';
import { axesOf } from '../programmes/axes';
import { ladderOf, type Ladder } from '../programmes/ladder';
import { latestScores } from '../readiness/service';
import type { StartupAccess } from '../startups/access';
import { startupHeader } from '../startups/header';
import { Startup } from '../startups/model';
import type { MoveStageInput } from '../startups/schemas';

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

/** What the stage page shows: the ladder with each stage's criteria and gates, the current one marked (startups.moveStage). */
export async function stagePage(access: StartupAccess) {
  access.require('startups.moveStage');
  const startup = access.record;
  const programme = await access.programme();
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const axisLabel = (key: string): Bilingual => axes.find((a) => a.key === key)?.label ?? { fr: key, en: key };
  const currentIndex = ladder.findIndex((s) => s.key === startup.stage);
  return {
    header: await startupHeader(access),
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
export async function moveStage(access: StartupAccess, input: MoveStageInput): Promise<{ direction: 'forward' | 'backward'; gateOverridden: boolean }> {
  access.require('startups.moveStage');
  const { user, id } = access;
  const startup = access.record;
  const programme = await access.programme();
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
  const move = {
    stage: input.stage,
    from,
    at: new Date(),
    by: new mongoose.Types.ObjectId(user.id),
    byName: user.name,
    note: input.note,
    direction,
    gateOverridden: missing.length > 0,
    missingGates: missing,
  };
  // Only from the version the page showed: of two moves at once, one is kept, the other refused.
  await writeIf(Startup, { _id: startup._id, __v: input.version }, { $set: { stage: input.stage }, $push: { stageHistory: move }, $inc: { __v: 1 } }, { lockKey: `startup:${id}` });
  const gateText = missing.length ? ` · gates overridden: ${missing.map((g) => `${g.axis} ${g.actual ?? '–'}/${g.required}`).join(', ')}` : '';
  await audit(user, {
    action: 'startup.stageMoved',
    entityType: 'Startup',
    entityId: id,
    summary: `${startup.name}: ${from} → ${input.stage} (${direction})${gateText} · ${input.note}`,
  });
  return { direction, gateOverridden: missing.length > 0 };
}
