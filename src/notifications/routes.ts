import { Router } from 'express';
import type { Mailer } from '../core/mail';

/** Routes of this feature (to be written). Every route starts with guard(permission); full paths. */
export function notificationRoutes(_deps: { mailer: Mailer; baseUrl: string }): Router {
  const router = Router();
  return router;
}
