import type { NextFunction, Request, Response } from 'express';

/**
 * The bell's unread number in `res.locals.unreadNotifications`, for signed-in users: read with the
 * user at the start of the request (users/model.ts), so no page counts notifications. Mounted by src/app.ts.
 */
export function notificationBadge(req: Request, res: Response, next: NextFunction): void {
  if (req.user) res.locals.unreadNotifications = req.user.unreadNotifications ?? 0;
  next();
}
