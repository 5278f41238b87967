import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection: the token lives in the session and travels in a hidden
 * `_csrf` field (multipart forms: read after multer parsed the body, or the X-CSRF-Token header).
 */
const { csrfSynchronisedProtection, generateToken, isRequestValid, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const header = req.headers['x-csrf-token'];
    return typeof header === 'string' ? header : undefined;
  },
});

/**
 * Multipart routes check the token themselves (src/core/http/upload.ts): in multer's fileFilter,
 * before a byte of the file is written (the `_csrf` field comes first in the form), and once more
 * after multer for a request that carries no file.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  if (req.is('multipart/form-data')) return next();
  csrfSynchronisedProtection(req, res, next);
}

/** For multipart routes, once multer has parsed the fields. */
export const verifyCsrf = csrfSynchronisedProtection;

/** Whether the request carries the session's token (body field `_csrf` or header); no side effect. */
export function isCsrfValid(req: Request): boolean {
  return isRequestValid(req);
}

/** The error a refused token raises (403, code EBADCSRFTOKEN, logged by the error middleware). */
export function csrfError(): Error {
  return invalidCsrfTokenError;
}

export function csrfLocals(req: Request, res: Response, next: NextFunction): void {
  // Only GET pages show forms; generating on every page keeps one token per session.
  res.locals.csrfToken = req.session ? generateToken(req) : '';
  next();
}
