import { Schema, model, type InferSchemaType } from 'mongoose';

export const STARTUP_STATUSES = ['applicant', 'active', 'alumni', 'withdrawn'] as const;
export const AREAS = ['oncology', 'medtech', 'diagnostics', 'e_health', 'biotherapies', 'silver_economy', 'other'] as const;

/** Minimal startup profile; the startups issue grows it (stage history, figures, dossier). */
const startupSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    slug: { type: String, required: true, unique: true, match: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ },
    pitch: { type: String, default: '', maxlength: 2000 },
    area: { type: String, enum: AREAS, default: 'other' },
    programme: { type: Schema.Types.ObjectId, ref: 'Programme' },
    cohort: { type: Schema.Types.ObjectId, ref: 'Cohort' },
    status: { type: String, enum: STARTUP_STATUSES, default: 'applicant' },
    stage: { type: String, default: 'ideation' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
startupSchema.index({ name: 1 });
startupSchema.index({ cohort: 1, stage: 1 });

export type StartupFields = InferSchemaType<typeof startupSchema>;
export const Startup = model('Startup', startupSchema);
