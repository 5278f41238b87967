import type { NextFunction, Request, Response } from 'express';

export type FlashType = 'success' | 'danger' | 'warning' | 'info';
export interface FlashMessage {
  type: FlashType;
  key: string;
  vars?: Record<string, string | number>;
  /** A link shown with the message (e.g. a one-time set-password link). */
  link?: string;
}

declare module 'express-session' {
  interface SessionData {
    flash?: FlashMessage[];
  }
}

/** Queues a message for the next page (Post/Redirect/Get). */
export function flash(req: Request, message: FlashMessage): void {
  if (!req.session) return;
  const queued = req.session.flash ?? [];
  // The same message twice (a form posted twice answers twice) is shown once.
  if (queued.some((m) => JSON.stringify(m) === JSON.stringify(message))) return;
  req.session.flash = [...queued, message];
}

/** Moves queued messages to the page being rendered. */
export function flashLocals(req: Request, res: Response, next: NextFunction): void {
  const queued = req.session?.flash;
  if (queued && queued.length > 0 && req.method === 'GET') {
    res.locals.flash = queued;
    delete req.session.flash;
  }
  next();
}
