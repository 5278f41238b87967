import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A route's reach, resolved once per request: the middleware calls `resolve` (which answers 404
 * for an unknown or out-of-reach id before anything else happens) and keeps its result for the
 * handler, which reads it with `of(req)` and passes it down to the services.
 */
export interface Reach<A> extends RequestHandler {
  of(req: Request): A;
  /** Resolves again (after a refused stale save, to show what is stored now) and keeps the new result. */
  refresh(req: Request): Promise<A>;
  /** The same middleware with a check of what the route does (e.g. `a.require('documents.upload')`) before the body is read. */
  requiring(check: (access: A) => void): RequestHandler;
}

export function reach<A>(resolve: (req: Request) => Promise<A>): Reach<A> {
  const resolved = new WeakMap<Request, A>();
  const middleware = (check?: (access: A) => void) => (req: Request, _res: Response, next: NextFunction): void => {
    resolve(req)
      .then((access) => {
        check?.(access);
        resolved.set(req, access);
        next();
      })
      .catch((err: unknown) => {
        // A refused multipart upload is read and thrown away: nothing of it is stored.
        if (req.is('multipart/form-data')) req.resume();
        next(err);
      });
  };
  return Object.assign(middleware(), {
    of(req: Request): A {
      const access = resolved.get(req);
      if (access === undefined) throw new Error('reach.of() before the reach middleware ran on this route');
      return access;
    },
    async refresh(req: Request): Promise<A> {
      const access = await resolve(req);
      resolved.set(req, access);
      return access;
    },
    requiring: (check: (access: A) => void) => middleware(check),
  });
}
