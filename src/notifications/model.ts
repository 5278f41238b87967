import { Schema, model, type InferSchemaType } from 'mongoose';

/** A local path of this app: starts with one `/`, never `//` or `/\` (another site), no control characters. */
export function isLocalLink(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return false;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return false;
  return ![...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\\');
}

/** One in-app notification of one user: what happened (kind + params, rendered in the reader's language) and where to look. */
const notificationSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** e.g. 'milestone.submitted'; texts under `notifications.kinds.<kind>`. */
    kind: { type: String, required: true, maxlength: 100 },
    /** Values of the texts' placeholders: plain strings and numbers only. */
    params: { type: Schema.Types.Mixed, default: {} },
    link: { type: String, required: true, validate: { validator: isLocalLink, message: 'link must be a local path' } },
    /** The task it asks for (e.g. 'milestone-review:<id>'): once the task is done, by anyone, it is read for everyone. */
    task: { type: String, maxlength: 200 },
    readAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);
notificationSchema.index({ user: 1, readAt: 1, createdAt: -1 });

export type NotificationFields = InferSchemaType<typeof notificationSchema>;
export const Notification = model('Notification', notificationSchema);
