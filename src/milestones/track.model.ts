import { Schema, model, type InferSchemaType } from 'mongoose';
import { MILESTONE_DIMENSIONS } from './model';

const bilingual = { fr: { type: String, default: '', maxlength: 4000 }, en: { type: String, default: '', maxlength: 4000 } };

const stepSchema = new Schema(
  {
    title: { fr: { type: String, required: true, maxlength: 200 }, en: { type: String, default: '', maxlength: 200 } },
    description: bilingual,
    dimension: { type: String, enum: MILESTONE_DIMENSIONS, required: true },
    /** Days after the day the track is applied. */
    offsetDays: { type: Number, required: true, min: 0, max: 3650 },
  },
  { _id: false },
);

/**
 * A track: milestone templates applied to a startup in one action (due date = day applied + offset).
 * Shared by every manager, so its texts are kept in both languages. `key` names the seeded tracks.
 */
const trackSchema = new Schema(
  {
    key: { type: String },
    name: { fr: { type: String, required: true, maxlength: 200 }, en: { type: String, default: '', maxlength: 200 } },
    steps: { type: [stepSchema], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);
trackSchema.index({ key: 1 });

/** A bilingual text of a track as { fr, en }, English falling back to French. */
export function bi(value: { fr?: string | null; en?: string | null } | null | undefined): { fr: string; en: string } {
  const fr = value?.fr ?? '';
  return { fr, en: value?.en || fr };
}

export type MilestoneTrackFields = InferSchemaType<typeof trackSchema>;
export const MilestoneTrack = model('MilestoneTrack', trackSchema);
