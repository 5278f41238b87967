import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../policy';
import { Forbidden } from '../errors';

/** A guard carries its permission so that a test can prove every route declares one. */
export type GuardHandler = RequestHandler & { permission: Permission };

/**
 * Every route starts with guard(permission): 'public', 'authenticated' or an action of the policy.
 * Anonymous users are sent to the login page; a role that may not use the page gets 403.
 */
export function guard(permission: Permission): GuardHandler {
  const handler = (req: Request, res: Response, next: NextFunction): void => {
    if (permission === 'public') return next();
    if (!req.user) {
      if (req.method === 'GET') {
        res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
      } else {
        res.redirect('/login');
      }
      return;
    }
    if (permission !== 'authenticated' && !can(req.user, permission)) {
      req.log.warn({ userId: req.user.id, permission, path: req.path }, 'authorization refused');
      return next(new Forbidden());
    }
    next();
  };
  return Object.assign(handler, { permission });
}
