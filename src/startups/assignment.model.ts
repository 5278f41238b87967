import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A mentor assigned to a startup from `from` to `to` (inclusive; open-ended when absent).
 * Minimal here; the mentoring issue adds the pages that manage it.
 */
const mentorAssignmentSchema = new Schema(
  {
    mentor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    from: { type: Date, required: true, default: () => new Date() },
    to: { type: Date },
  },
  { timestamps: true },
);
mentorAssignmentSchema.index({ mentor: 1, startup: 1 });
mentorAssignmentSchema.index({ startup: 1 });

export type MentorAssignmentFields = InferSchemaType<typeof mentorAssignmentSchema>;
export const MentorAssignment = model('MentorAssignment', mentorAssignmentSchema);
