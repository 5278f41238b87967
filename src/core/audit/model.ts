import { Schema, model, type InferSchemaType } from 'mongoose';

/** The audit trail: one entry per state change, readable by managers. */
const activityEntrySchema = new Schema({
  actor: { type: Schema.Types.ObjectId, ref: 'User' },
  actorName: { type: String, default: '' },
  action: { type: String, required: true },
  entityType: { type: String, required: true },
  entityId: { type: String },
  summary: { type: String, default: '', maxlength: 500 },
  at: { type: Date, default: () => new Date(), index: true },
});
activityEntrySchema.index({ entityType: 1, entityId: 1, at: -1 });

export type ActivityEntryFields = InferSchemaType<typeof activityEntrySchema>;
export const ActivityEntry = model('ActivityEntry', activityEntrySchema);
