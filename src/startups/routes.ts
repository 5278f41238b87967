import { Router } from 'express';

/** Routes of this feature (to be written). Every route starts with guard(permission). */
export function startupRoutes(): Router {
  const router = Router();
  return router;
}
