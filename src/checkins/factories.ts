import type { Types } from 'mongoose';
import { Checkin, CheckinReminder } from './model';

export interface CheckinOverrides {
  startup: Types.ObjectId;
  submittedBy: Types.ObjectId;
  /** YYYY-MM. */
  month: string;
  submittedByName?: string;
  figures?: { asOf: Date; headcount: number; fundsRaised: number; revenue: number };
  milestones?: { milestone: Types.ObjectId; title: string; note?: string; percent?: number }[];
  selfAssessment?: { axis: string; level: number; note?: string }[];
  revision?: number;
  createdAt?: Date;
}

/** An unsaved monthly check-in (default: zero figures as of the 1st of the month, no milestone, no self-assessment). */
export function buildCheckin(overrides: CheckinOverrides) {
  const { createdAt, ...rest } = overrides;
  return new Checkin({
    figures: { asOf: new Date(`${overrides.month}-01T00:00:00Z`), headcount: 0, fundsRaised: 0, revenue: 0 },
    revision: 1,
    ...rest,
    ...(createdAt ? { createdAt, updatedAt: createdAt } : {}),
  });
}

export interface ReminderOverrides {
  startup: Types.ObjectId;
  sentBy: Types.ObjectId;
  month: string;
  /** YYYY-MM-DD (Paris). */
  day: string;
  sentByName?: string;
  recipients?: number;
  createdAt?: Date;
}

export function buildCheckinReminder(overrides: ReminderOverrides) {
  const { createdAt, ...rest } = overrides;
  return new CheckinReminder({ recipients: 1, ...rest, ...(createdAt ? { createdAt, updatedAt: createdAt } : {}) });
}
