import { Schema, model, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const STARTUP_STATUSES = ['applicant', 'active', 'alumni', 'withdrawn'] as const;
export const AREAS = ['oncology', 'medtech', 'diagnostics', 'e_health', 'biotherapies', 'silver_economy', 'other'] as const;
export const STAGE_DIRECTIONS = ['initial', 'forward', 'backward'] as const;

/** A readiness gate that was not met when the stage move was made (actual null = never assessed on that axis). */
const missingGateSchema = new Schema({ axis: { type: String, required: true }, required: { type: Number, required: true }, actual: { type: Number, default: null } }, { _id: false });

/** One move along the maturity ladder (the first one, `initial`, is the stage given at creation). */
const stageMoveSchema = new Schema(
  {
    stage: { type: String, required: true },
    from: { type: String, default: null },
    at: { type: Date, required: true, default: () => new Date() },
    by: { type: Schema.Types.ObjectId, ref: 'User' },
    byName: { type: String, default: '' },
    note: { type: String, default: '', maxlength: 2000 },
    direction: { type: String, enum: STAGE_DIRECTIONS, required: true },
    gateOverridden: { type: Boolean, default: false },
    missingGates: { type: [missingGateSchema], default: [] },
  },
  { _id: true },
);

/** Headline figures as of a date; appended, never overwritten (the indicators sum them over time). */
const figuresSchema = new Schema(
  {
    asOf: { type: Date, required: true },
    headcount: { type: Number, required: true, min: 0 },
    fundsRaised: { type: Number, required: true, min: 0 },
    revenue: { type: Number, required: true, min: 0 },
    by: { type: Schema.Types.ObjectId, ref: 'User' },
    byName: { type: String, default: '' },
    recordedAt: { type: Date, required: true, default: () => new Date() },
  },
  { _id: true },
);

const startupSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    slug: { type: String, required: true, unique: true, match: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ },
    legalName: { type: String, default: '', maxlength: 200 },
    /** 14 digits, Luhn-checked (src/startups/siret.ts); absent when not given. */
    siret: { type: String, match: /^\d{14}$/ },
    foundedAt: { type: Date },
    pitch: { type: String, default: '', maxlength: 2000 },
    area: { type: String, enum: AREAS, default: 'other' },
    /** http(s) only (checked by the form schema). */
    website: { type: String, default: '', maxlength: 300 },
    tags: { type: [{ type: String, maxlength: 30 }], default: [] },
    /** The team as the founders describe it: names and roles (founder-editable). */
    team: { type: [new Schema({ name: { type: String, required: true, maxlength: 120 }, role: { type: String, default: '', maxlength: 120 } }, { _id: false })], default: [] },
    contactEmail: { type: String, default: '', maxlength: 254 },
    contactPhone: { type: String, default: '', maxlength: 30 },
    /** https://…linkedin.com/… only (checked by the form schema). */
    linkedin: { type: String, default: '', maxlength: 300 },
    programme: { type: Schema.Types.ObjectId, ref: 'Programme' },
    cohort: { type: Schema.Types.ObjectId, ref: 'Cohort' },
    status: { type: String, enum: STARTUP_STATUSES, default: 'applicant' },
    /** Current stage key of the programme's ladder; changed only through a stage move (stage.service.ts). */
    stage: { type: String, default: 'ideation' },
    stageHistory: { type: [stageMoveSchema], default: [] },
    figures: { type: [figuresSchema], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);
// Indexes of the list page: search and sort by name, filters, and the sorts by date.
startupSchema.index({ name: 1 });
startupSchema.index({ cohort: 1, stage: 1 });
startupSchema.index({ status: 1 });
startupSchema.index({ area: 1 });
startupSchema.index({ tags: 1 });
startupSchema.index({ updatedAt: -1 });
startupSchema.index({ createdAt: -1 });

export type StartupFields = InferSchemaType<typeof startupSchema>;
export type StartupDoc = HydratedDocument<StartupFields>;
export const Startup = model('Startup', startupSchema);
