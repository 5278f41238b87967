import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { flash } from './flash';

/**
 * Idle timeout: the cookie and the stored session expire after SESSION_IDLE_MINUTES without a request
 * (rolling cookie). Absolute timeout: a session older than SESSION_ABSOLUTE_HOURS since login ends here.
 */
export function sessionTimeouts(config: Config) {
  const absoluteMs = config.sessionAbsoluteHours * 3600 * 1000;
  return (req: Request, res: Response, next: NextFunction): void => {
    const loginAt = req.session?.loginAt;
    if (!req.user || !loginAt || Date.now() - loginAt <= absoluteMs) return next();
    req.logout((logoutErr) => {
      if (logoutErr) return next(logoutErr);
      req.session.regenerate((err) => {
        if (err) return next(err);
        flash(req, { type: 'info', key: 'auth.sessionExpired' });
        res.redirect(303, '/login');
      });
    });
  };
}
