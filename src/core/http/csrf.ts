import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection: the token lives in the session and travels in a hidden
 * `_csrf` field (multipart forms: read after multer parsed the body, or the X-CSRF-Token header).
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const header = req.headers['x-csrf-token'];
    return typeof header === 'string' ? header : undefined;
  },
});

/** Multipart routes check the token themselves, after multer: see `verifyCsrf`. */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  if (req.is('multipart/form-data')) return next();
  csrfSynchronisedProtection(req, res, next);
}

/** For multipart routes, once multer has parsed the fields. */
export const verifyCsrf = csrfSynchronisedProtection;

export function csrfLocals(req: Request, res: Response, next: NextFunction): void {
  // Only GET pages show forms; generating on every page keeps one token per session.
  res.locals.csrfToken = req.session ? generateToken(req) : '';
  next();
}
