import { Schema, model, type InferSchemaType } from 'mongoose';

/** The audit trail: one entry per state change, readable by managers. */
const activityEntrySchema = new Schema({
  actor: { type: Schema.Types.ObjectId, ref: 'User' },
  actorName: { type: String, default: '' },
  action: { type: String, required: true },
  entityType: { type: String, required: true },
  entityId: { type: String },
  /** The startup concerned, when the entity is another of its records (a document): for its history tab. */
  startup: { type: String },
  summary: { type: String, default: '', maxlength: 500 },
  at: { type: Date, default: () => new Date(), index: true },
});
activityEntrySchema.index({ entityType: 1, entityId: 1, at: -1 });
// The history tab of a record and the filtered trail read by these (on MongoDB; the embedded server scans).
activityEntrySchema.index({ entityId: 1, at: -1 });
activityEntrySchema.index({ entityType: 1, at: -1 });
activityEntrySchema.index({ startup: 1, at: -1 });

export type ActivityEntryFields = InferSchemaType<typeof activityEntrySchema>;
export const ActivityEntry = model('ActivityEntry', activityEntrySchema);

/**
 * Entries older than the live trail's year (archive.ts moves them): kept whole and searchable on
 * /activity?archive=1, so that the pages that read the live trail stay the size of one year.
 */
export const ArchivedActivityEntry = model('ArchivedActivityEntry', activityEntrySchema.clone(), 'activityarchive');

/**
 * The newest entries of the trail, kept in one document read by its _id (the managers' home page):
 * no page sorts the whole trail to show what happened last. audit() appends to it.
 */
const recentActivitySchema = new Schema(
  {
    _id: { type: String, required: true },
    entries: {
      type: [{ _id: false, entry: Schema.Types.ObjectId, actorName: String, action: String, entityType: String, entityId: String, summary: String, at: Date }],
      default: [],
    },
  },
  { versionKey: false, collection: 'recentactivity' },
);
export const RecentActivity = model('RecentActivity', recentActivitySchema);

/** How many entries the recent list keeps. */
export const RECENT_KEPT = 20;
