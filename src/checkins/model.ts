import { Schema, model, type InferSchemaType } from 'mongoose';

/** The figures as the founders confirmed them in the check-in (a copy: the history lives on the startup). */
const figuresSnapshotSchema = new Schema(
  {
    asOf: { type: Date, required: true },
    headcount: { type: Number, required: true, min: 0 },
    fundsRaised: { type: Number, required: true, min: 0 },
    revenue: { type: Number, required: true, min: 0 },
  },
  { _id: false },
);

/** Progress on one open milestone; the title is kept as it was that month. */
const milestoneProgressSchema = new Schema(
  {
    milestone: { type: Schema.Types.ObjectId, ref: 'Milestone', required: true },
    title: { type: String, required: true, maxlength: 200 },
    note: { type: String, default: '', maxlength: 1000 },
    percent: { type: Number, min: 0, max: 100 },
  },
  { _id: false },
);

/** The founders' own view of one readiness axis (never mixed with the managers' and mentors' assessments). */
const selfScoreSchema = new Schema(
  {
    axis: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    level: { type: Number, required: true, min: 1, max: 9 },
    note: { type: String, default: '', maxlength: 500 },
  },
  { _id: false },
);

/**
 * The monthly check-in of a startup: one per startup and month (Paris time). A second save in the
 * same month edits it; `revision` counts the saves and travels in the form (optimistic concurrency,
 * 0 in a form drawn before any check-in of the month).
 */
const checkinSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    /** YYYY-MM, in the programme's time zone (Europe/Paris). */
    month: { type: String, required: true, match: /^\d{4}-(0[1-9]|1[0-2])$/ },
    submittedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    submittedByName: { type: String, default: '' },
    figures: { type: figuresSnapshotSchema, required: true },
    milestones: { type: [milestoneProgressSchema], default: [] },
    selfAssessment: { type: [selfScoreSchema], default: [] },
    revision: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);
checkinSchema.index({ startup: 1, month: 1 }, { unique: true });
checkinSchema.index({ month: 1 });

export type CheckinFields = InferSchemaType<typeof checkinSchema>;
export const Checkin = model('Checkin', checkinSchema);

/**
 * A reminder sent to a startup's founders. Unique per startup and day (Paris): the unique index
 * refuses a second one atomically, even when two managers press the button at once.
 */
const reminderSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    month: { type: String, required: true },
    /** YYYY-MM-DD, Paris. */
    day: { type: String, required: true },
    sentBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    sentByName: { type: String, default: '' },
    recipients: { type: Number, required: true, min: 0 },
  },
  { timestamps: true },
);
reminderSchema.index({ startup: 1, day: 1 }, { unique: true });
reminderSchema.index({ month: 1, startup: 1 });

export const CheckinReminder = model('CheckinReminder', reminderSchema);
