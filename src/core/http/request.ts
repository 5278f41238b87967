import type { Request } from 'express';
import type { SessionUser } from '../auth/session-user';

/** The signed-in user of a request that went through guard() (every route but the public ones). */
export function currentUser(req: Request): SessionUser {
  if (!req.user) throw new Error('currentUser() on a request without a signed-in user: the route needs a guard');
  return req.user;
}

/** A path parameter as a string ('' when absent); lookups check its shape themselves. */
export function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}
