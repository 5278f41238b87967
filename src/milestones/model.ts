import { Schema, model, type InferSchemaType } from 'mongoose';

export const MILESTONE_DIMENSIONS = [
  'customer',
  'technology',
  'business_model',
  'ipr',
  'team',
  'funding',
  'regulatory',
  'clinical',
  'commercial',
  'financing',
] as const;

/** planned → submitted → approved | changes_requested (→ submitted again). */
export const MILESTONE_STATUSES = ['planned', 'submitted', 'approved', 'changes_requested'] as const;

const reviewEntrySchema = new Schema(
  {
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    byName: { type: String, default: '' },
    byRole: { type: String, default: '' },
    at: { type: Date, required: true, default: () => new Date() },
    /** submitted | approved | changes_requested | comment */
    decision: { type: String, enum: ['submitted', 'approved', 'changes_requested', 'comment'], required: true },
    comment: { type: String, default: '', maxlength: 4000 },
  },
  { _id: false },
);

/** A milestone of a startup's plan (DESIGN.md section 2). */
const milestoneSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    description: { type: String, default: '', maxlength: 4000 },
    dimension: { type: String, enum: MILESTONE_DIMENSIONS, required: true },
    dueDate: { type: Date, required: true },
    status: { type: String, enum: MILESTONE_STATUSES, default: 'planned' },
    /** Who proposed it: a founder's proposal starts as planned; a manager may edit or remove it. */
    proposedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** The role of whoever planned or proposed it (a startup's team proposes; the programme plans). */
    proposedByRole: { type: String },
    /** Track (template) it came from, if any. */
    track: { type: Schema.Types.ObjectId, ref: 'MilestoneTrack' },
    evidence: {
      text: { type: String, default: '', maxlength: 8000 },
      documents: { type: [{ type: Schema.Types.ObjectId, ref: 'Document' }], default: [] },
      submittedAt: { type: Date },
      submittedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    },
    thread: { type: [reviewEntrySchema], default: [] },
    achievedAt: { type: Date },
    removedAt: { type: Date },
  },
  { timestamps: true, optimisticConcurrency: true },
);
milestoneSchema.index({ startup: 1, dueDate: 1 });
milestoneSchema.index({ status: 1, 'evidence.submittedAt': 1 });

export type MilestoneFields = InferSchemaType<typeof milestoneSchema>;
export const Milestone = model('Milestone', milestoneSchema);
