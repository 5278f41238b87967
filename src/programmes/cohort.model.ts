import mongoose, { Schema, model, type InferSchemaType } from 'mongoose';
import { dayValue, todayInParis } from '../core/dates';

export const COHORT_STATUSES = ['planned', 'active', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

const cohortSchema = new Schema(
  {
    programme: { type: Schema.Types.ObjectId, ref: 'Programme', required: true },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    /** The status the team set; read only when `statusSource` is 'fixed'. */
    status: { type: String, enum: COHORT_STATUSES, default: 'planned' },
    /** 'dates' (the default): the status follows the start and end dates; 'fixed': the programme's team chose it (or closed the cohort). */
    statusSource: { type: String, enum: ['dates', 'fixed'], default: 'dates' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
cohortSchema.index({ programme: 1, name: 1 }, { unique: true });

export type CohortFields = InferSchemaType<typeof cohortSchema>;
export const Cohort = model('Cohort', cohortSchema);

/** The status the dates give, on the programme's calendar (Paris): before the start planned, until the end day active, then closed. */
export function statusByDates(startDate: Date, endDate: Date, today = todayInParis()): CohortStatus {
  if (today < dayValue(startDate)) return 'planned';
  if (today > dayValue(endDate)) return 'closed';
  return 'active';
}

/** The status people see: the team's choice when there is one, else the dates'. */
export function cohortStatus(c: { status?: string | null; statusSource?: string | null; startDate: Date; endDate: Date }, today = todayInParis()): CohortStatus {
  if (c.statusSource === 'fixed' && (COHORT_STATUSES as readonly string[]).includes(c.status ?? '')) return c.status as CohortStatus;
  return statusByDates(c.startDate, c.endDate, today);
}

/** A query for the cohorts whose status (as cohortStatus() says) is `status` today. */
export function cohortStatusFilter(status: CohortStatus, today = todayInParis()): Record<string, unknown> {
  const day = new Date(`${today}T00:00:00.000Z`);
  const byDates: Record<CohortStatus, Record<string, unknown>> = {
    planned: { startDate: mongoose.trusted({ $gt: day }) },
    active: { startDate: mongoose.trusted({ $lte: day }), endDate: mongoose.trusted({ $gte: day }) },
    closed: { endDate: mongoose.trusted({ $lt: day }) },
  };
  return { $or: [{ statusSource: 'fixed', status }, { statusSource: mongoose.trusted({ $ne: 'fixed' }), ...byDates[status] }] };
}
