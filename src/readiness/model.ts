import { Schema, model, type InferSchemaType } from 'mongoose';
import { rolesFor } from '../core/policy';

/** The roles that assess readiness (policy: readiness.assess). */
export const ASSESSOR_ROLES = rolesFor('readiness.assess');

/** One axis of an assessment: the level reached (1–9) and why. */
const scoreSchema = new Schema(
  {
    axis: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    level: { type: Number, required: true, min: 1, max: 9 },
    justification: { type: String, required: true, trim: true, maxlength: 500 },
  },
  { _id: false },
);

/**
 * A readiness assessment of a startup (KTH Innovation Readiness Level style): one score per axis of
 * the programme, by a manager or an assigned mentor. Never edited: a new assessment is recorded instead.
 */
const assessmentSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    /** Day of the assessment (UTC midnight of that day). */
    date: { type: Date, required: true },
    assessor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    assessorName: { type: String, required: true },
    assessorRole: { type: String, enum: ASSESSOR_ROLES, required: true },
    scores: { type: [scoreSchema], required: true },
    /** One-time id of the form that produced it: a double submission cannot create a second one. */
    submissionId: { type: String, required: true },
  },
  { timestamps: true },
);
assessmentSchema.index({ startup: 1, date: -1, createdAt: -1 });
assessmentSchema.index({ submissionId: 1 }, { unique: true });

export type ReadinessAssessmentFields = InferSchemaType<typeof assessmentSchema>;
export const ReadinessAssessment = model('ReadinessAssessment', assessmentSchema);

const targetLevelSchema = new Schema(
  { axis: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ }, level: { type: Number, required: true, min: 1, max: 9 } },
  { _id: false },
);

/**
 * The current end-of-cohort targets of a startup (one document per startup). `revision` counts the
 * saves: the form carries it, and a save from a stale form matches nothing (optimistic concurrency).
 */
const targetSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    levels: { type: [targetLevelSchema], default: [] },
    setBy: { type: Schema.Types.ObjectId, ref: 'User' },
    setByName: { type: String, default: '' },
    setAt: { type: Date, default: () => new Date() },
    revision: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);
targetSchema.index({ startup: 1 }, { unique: true });

export type ReadinessTargetFields = InferSchemaType<typeof targetSchema>;
export const ReadinessTarget = model('ReadinessTarget', targetSchema);
