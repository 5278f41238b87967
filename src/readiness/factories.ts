import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { DEFAULT_AXES } from '../programmes/axes';
import type { Role } from '../core/policy';
import { ASSESSOR_ROLES, ReadinessAssessment, ReadinessTarget } from './model';

const dayOnly = (d: Date): Date => new Date(`${d.toISOString().slice(0, 10)}T00:00:00.000Z`);

export interface AssessmentOverrides {
  startup: Types.ObjectId;
  assessor: Types.ObjectId;
  assessorName?: string;
  assessorRole?: Role;
  /** Any time of the day: stored as that day (UTC midnight), as the form does. */
  date?: Date;
  /** Level per axis key; default 3 on every default axis. */
  levels?: Record<string, number>;
  createdAt?: Date;
}

/** An unsaved readiness assessment with one score per given axis (the default axes when none). */
export function buildAssessment(overrides: AssessmentOverrides) {
  const levels = overrides.levels ?? Object.fromEntries(DEFAULT_AXES.map((a) => [a.key, 3]));
  const date = overrides.date ?? new Date();
  return new ReadinessAssessment({
    startup: overrides.startup,
    date: dayOnly(date),
    assessor: overrides.assessor,
    assessorName: overrides.assessorName ?? 'Assessor',
    assessorRole: overrides.assessorRole ?? ASSESSOR_ROLES[0],
    scores: Object.entries(levels).map(([axis, level]) => ({ axis, level, justification: `Niveau ${level} constaté lors de l’entretien.` })),
    submissionId: randomUUID(),
    ...(overrides.createdAt ? { createdAt: overrides.createdAt, updatedAt: overrides.createdAt } : {}),
  });
}

export function buildTarget(overrides: { startup: Types.ObjectId; levels: Record<string, number>; setBy?: Types.ObjectId; setByName?: string; setAt?: Date }) {
  return new ReadinessTarget({
    startup: overrides.startup,
    levels: Object.entries(overrides.levels).map(([axis, level]) => ({ axis, level })),
    setBy: overrides.setBy,
    setByName: overrides.setByName ?? '',
    setAt: overrides.setAt ?? new Date(),
    revision: 1,
  });
}
