import type { Types } from 'mongoose';
import { nextNumber } from '../core/sequence';
import type { Role } from '../core/policy';
import { Milestone, type MILESTONE_DIMENSIONS, type MILESTONE_STATUSES } from './model';

const DAY = 24 * 60 * 60 * 1000;

export interface ThreadEntryInput {
  by: Types.ObjectId;
  byName?: string;
  byRole?: string;
  at: Date;
  decision: 'submitted' | 'approved' | 'changes_requested' | 'comment';
  comment?: string;
}

export interface MilestoneOverrides {
  _id?: Types.ObjectId;
  startup: Types.ObjectId;
  title?: string;
  description?: string;
  dimension?: (typeof MILESTONE_DIMENSIONS)[number];
  dueDate?: Date;
  status?: (typeof MILESTONE_STATUSES)[number];
  proposedBy?: Types.ObjectId;
  proposedByRole?: Role;
  track?: Types.ObjectId;
  evidence?: { text: string; documents: Types.ObjectId[]; submittedAt: Date; submittedBy?: Types.ObjectId };
  thread?: ThreadEntryInput[];
  achievedAt?: Date;
  removedAt?: Date;
  createdAt?: Date;
  updatedAt?: Date;
}

/** An unsaved milestone (default: planned, technology, due in 30 days). */
export function buildMilestone(overrides: MilestoneOverrides) {
  return new Milestone({
    title: `Milestone ${nextNumber()}`,
    dimension: 'technology',
    dueDate: new Date(Date.now() + 30 * DAY),
    status: 'planned',
    ...overrides,
  });
}

export async function makeMilestone(overrides: MilestoneOverrides) {
  return buildMilestone(overrides).save();
}
