import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A mentor assigned to a startup from `from` to `to` (inclusive days; open-ended when absent). The
 * assignments of a startup are its history: ending one sets `to`, a new period is a new assignment.
 * Managed from the mentoring feature (src/mentoring/assignments.ts); read here for the reach.
 */
const mentorAssignmentSchema = new Schema(
  {
    mentor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    from: { type: Date, required: true, default: () => new Date() },
    to: { type: Date },
    assignedByName: { type: String, default: '' },
    endedByName: { type: String },
    /** Why it ended early or was extended (the manager's words). */
    note: { type: String, default: '', maxlength: 1000 },
  },
  { timestamps: true, optimisticConcurrency: true },
);
mentorAssignmentSchema.index({ mentor: 1, startup: 1 });
mentorAssignmentSchema.index({ startup: 1 });

export type MentorAssignmentFields = InferSchemaType<typeof mentorAssignmentSchema>;
export const MentorAssignment = model('MentorAssignment', mentorAssignmentSchema);
