import type { Chore } from './core/db/housekeeping';
import { archiveActivity } from './core/audit/archive';
import type { Mailer } from './core/mail';
import { remindActionItemsDue } from './mentoring/reminders';
import { pruneReadNotifications } from './notifications/service';

/**
 * What the app keeps tidy beside expired sessions (src/core/db/housekeeping.ts runs them on every
 * instance): the live audit trail holds a year (older entries move to the archive), notifications
 * read long ago go. Pages that read these collections then stay the size of a year, whatever the
 * programme's age. The reminders of what is due tomorrow ride along (mail through `deps`).
 */
export function housekeeping(deps: { mailer?: Mailer; baseUrl?: string } = {}): Chore[] {
  return [
    ['archive the audit trail older than a year', () => archiveActivity()],
    ['remove notifications read long ago', () => pruneReadNotifications()],
    // Not tidying, but due once a day whichever instance is up: the action items due tomorrow.
    ['remind the action items due tomorrow', () => remindActionItemsDue(deps)],
  ];
}
