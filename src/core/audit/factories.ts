import type { Types } from 'mongoose';
import { ActivityEntry } from './model';

export interface ActivityEntryOverrides {
  actor?: Types.ObjectId;
  actorName?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  summary?: string;
  at?: Date;
}

/** An unsaved audit entry (what audit() writes), with its date given: for datasets and tests of the trail. */
export function buildActivityEntry(overrides: ActivityEntryOverrides = {}) {
  return new ActivityEntry({ action: 'startup.updated', entityType: 'Startup', actorName: '', summary: '', ...overrides });
}
