import type { Types } from 'mongoose';
import { Notification } from './model';

export interface NotificationOverrides {
  _id?: Types.ObjectId;
  user: Types.ObjectId;
  kind?: string;
  params?: Record<string, string | number>;
  link?: string;
  readAt?: Date | null;
  createdAt?: Date;
}

/** An unsaved in-app notification (default: unread, a milestone submission, link to the home page). */
export function buildNotification(overrides: NotificationOverrides) {
  const { createdAt, ...rest } = overrides;
  return new Notification({
    kind: 'milestone.submitted',
    params: {},
    link: '/',
    readAt: null,
    ...rest,
    ...(createdAt ? { createdAt, updatedAt: rest.readAt ?? createdAt } : {}),
  });
}

export async function makeNotification(overrides: NotificationOverrides) {
  return buildNotification(overrides).save();
}
