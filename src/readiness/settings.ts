import { writeIf } from '../core/db/safe-write';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { Conflict, NotFound } from '../core/errors';
import { requireCan } from '../core/policy';
import { axesOf, type AxisDefinition } from '../programmes/axes';
import { programmeOf } from '../programmes/ladder';
import { Programme } from '../programmes/model';
import type { StartupAccess } from '../startups/access';
import { startupHeader, type StartupHeader } from '../startups/header';
import { ReadinessTarget } from './model';
import { axesOfStartup, latestScores } from './service';
import { labelField, levelTextField, targetField, type AxesInput, type TargetsInput } from './schemas';

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;

export interface TargetsForm {
  header: StartupHeader;
  startupId: string;
  axes: (AxisDefinition & { last: number | null; field: string })[];
  /** The stored targets as form values, with the revision they come from (0 when none yet). */
  values: Record<string, string | number>;
}

/** The end-of-cohort targets form of a startup (managers). */
export async function targetsForm(access: StartupAccess): Promise<TargetsForm> {
  access.require('readiness.target');
  const startupId = access.id;
  const [axes, header, last, target] = await Promise.all([axesOfStartup(access), startupHeader(access), latestScores(startupId), ReadinessTarget.findOne({ startup: startupId }).lean()]);
  const values: Record<string, string | number> = { version: target?.revision ?? 0 };
  for (const l of target?.levels ?? []) values[targetField(l.axis)] = l.level;
  return { header, startupId, axes: axes.map((a) => ({ ...a, last: last?.[a.key] ?? null, field: targetField(a.key) })), values };
}

/**
 * Replaces the startup's targets. The form carries the revision it was drawn from: the update only
 * matches that revision, so a save from a stale form changes nothing and is refused (409).
 */
export async function setTargets(access: StartupAccess, input: TargetsInput): Promise<void> {
  access.require('readiness.target');
  const { user, record: startup } = access;
  const axes = await axesOfStartup(access);
  const levels = axes.filter((a) => input.levels[a.key] !== undefined).map((a) => ({ axis: a.key, level: input.levels[a.key] }));
  const fields = { levels, setBy: user.id, setByName: user.name, setAt: new Date() };
  if (input.version === 0) {
    try {
      await ReadinessTarget.create({ startup: startup._id, ...fields, revision: 1 });
    } catch (err) {
      if (isDuplicateKey(err)) throw new Conflict('errors.staleEdit');
      throw err;
    }
  } else {
    await writeIf(ReadinessTarget, { startup: startup._id, revision: input.version }, { $set: fields, $inc: { revision: 1 } }, { lockKey: `readiness-target:${String(startup._id)}` });
  }
  const summary = levels.length ? levels.map((l) => `${axes.find((a) => a.key === l.axis)?.label.fr ?? l.axis} ${l.level}`).join(', ') : '—';
  await audit(user, { action: 'readiness.targetsSet', entityType: 'Startup', entityId: String(startup._id), summary: `${startup.name} — ${summary}` });
}

/** The programme whose axes are configured: the app runs one programme (the first created). */
async function currentProgramme() {
  const programme = await programmeOf();
  if (!programme) throw new NotFound();
  return programme;
}

export interface AxesSettings {
  programmeName: string;
  axes: (AxisDefinition & { labelFields: { fr: string; en: string }; levelFields: { n: number; fr: string; en: string }[] })[];
  values: Record<string, string | number>;
}

/** The axes settings form: labels and level descriptions (the defaults until first saved), and the programme's version. */
export async function axesSettings(user: SessionUser): Promise<AxesSettings> {
  requireCan(user, 'programme.manage');
  const programme = await currentProgramme();
  const axes = axesOf(programme);
  const values: Record<string, string | number> = { version: programme.__v ?? 0 };
  for (const a of axes) {
    values[labelField('fr', a.key)] = a.label.fr;
    values[labelField('en', a.key)] = a.label.en;
    a.levels.forEach((l, i) => {
      values[levelTextField(i + 1, 'fr', a.key)] = l.fr;
      values[levelTextField(i + 1, 'en', a.key)] = l.en;
    });
  }
  return {
    programmeName: programme.name,
    axes: axes.map((a) => ({
      ...a,
      labelFields: { fr: labelField('fr', a.key), en: labelField('en', a.key) },
      levelFields: Array.from({ length: 9 }, (_, i) => ({ n: i + 1, fr: levelTextField(i + 1, 'fr', a.key), en: levelTextField(i + 1, 'en', a.key) })),
    })),
    values,
  };
}

/**
 * Saves the labels and level descriptions (the first save copies the defaults into the programme).
 * Only matches the programme version the form was drawn from: a stale form is refused (409).
 */
export async function saveAxes(user: SessionUser, input: AxesInput): Promise<void> {
  requireCan(user, 'programme.manage');
  const programme = await currentProgramme();
  const current = axesOf(programme);
  const next = current.map((a) => {
    const posted = input.axes.find((x) => x.key === a.key);
    return posted ? { key: a.key, label: posted.label, levels: posted.levels } : a;
  });
  // The programme's version: the ladder editor saves the same document.
  await writeIf(Programme, { _id: programme._id, __v: input.version }, { $set: { readinessAxes: next }, $inc: { __v: 1 } }, { lockKey: `programme:${String(programme._id)}` });
  const renamed = next.filter((a, i) => a.label.fr !== current[i].label.fr || a.label.en !== current[i].label.en).map((a) => `${a.key} → ${a.label.fr} / ${a.label.en}`);
  const described = next.filter((a, i) => JSON.stringify(a.levels) !== JSON.stringify(current[i].levels)).map((a) => a.key);
  const parts = [renamed.length ? `renamed: ${renamed.join(', ')}` : '', described.length ? `levels: ${described.join(', ')}` : ''].filter(Boolean);
  await audit(user, { action: 'readiness.axesUpdated', entityType: 'Programme', entityId: String(programme._id), summary: `${programme.name} — ${parts.join(' · ') || 'no change'}` });
}
