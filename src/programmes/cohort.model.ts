import { Schema, model, type InferSchemaType } from 'mongoose';

const cohortSchema = new Schema(
  {
    programme: { type: Schema.Types.ObjectId, ref: 'Programme', required: true },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    status: { type: String, enum: ['planned', 'active', 'closed'], default: 'planned' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
cohortSchema.index({ programme: 1, name: 1 }, { unique: true });

export type CohortFields = InferSchemaType<typeof cohortSchema>;
export const Cohort = model('Cohort', cohortSchema);
