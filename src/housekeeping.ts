import type { Chore } from './core/db/housekeeping';
import { archiveActivity } from './core/audit/archive';
import { pruneReadNotifications } from './notifications/service';

/**
 * What the app keeps tidy beside expired sessions (src/core/db/housekeeping.ts runs them on every
 * instance): the live audit trail holds a year (older entries move to the archive), notifications
 * read long ago go. Pages that read these collections then stay the size of a year, whatever the
 * programme's age.
 */
export const HOUSEKEEPING: Chore[] = [
  ['archive the audit trail older than a year', () => archiveActivity()],
  ['remove notifications read long ago', () => pruneReadNotifications()],
];
