import type { NextFunction, Request, Response } from 'express';
import { countUnread } from './service';

/**
 * The bell's unread count in `res.locals.unreadNotifications`, for pages (GET) of signed-in users;
 * mounted by src/app.ts after the navigation. A count that fails leaves the bell without a number
 * rather than failing the page (the page's own queries report a database that is away).
 */
export function notificationBadge(req: Request, res: Response, next: NextFunction): void {
  const userId = req.user?.id;
  if (!userId || req.method !== 'GET') return next();
  countUnread(userId).then(
    (count) => {
      res.locals.unreadNotifications = count;
      next();
    },
    () => next(),
  );
}
