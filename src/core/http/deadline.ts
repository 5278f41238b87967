import type { NextFunction, Request, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import type { DatabaseState } from '../db/supervisor';
import { ServiceUnavailable } from '../errors';
import { errorHandler } from './errors';

/** What a request may wait for the database, whatever it touches first (session store, throttle, page). */
export const REQUEST_DEADLINE_MS = 5000;
/** After the deadline, how often a request still running looks again whether the database went away. */
const RECHECK_MS = 250;

/** The embedded server's state (its supervisor) and the driver's view of the server. */
export function databaseAway(state: { database: DatabaseState }): boolean {
  return state.database !== 'running' || mongoose.connection.readyState !== mongoose.ConnectionStates.connected;
}

export interface DeadlineOptions {
  isProduction: boolean;
  /** True while the database cannot be used. */
  databaseAway: () => boolean;
  ms?: number;
}

/**
 * One bound for the whole request: once it has run for REQUEST_DEADLINE_MS with no answer yet while the
 * database is away, it answers 503 (the error page, in the reader's language), whichever wait it is in.
 * The waits themselves end on their own later (the driver's server selection); the rest of the chain does
 * not run (continueUnlessAnswered), and what fails after the answer is only logged (errors.ts).
 * A request that is merely slow while the database answers is left alone.
 */
export function requestDeadline(opts: DeadlineOptions): RequestHandler {
  const answer = errorHandler(opts.isProduction);
  const ms = opts.ms ?? REQUEST_DEADLINE_MS;
  return (req: Request, res: Response, next: NextFunction): void => {
    let timer: NodeJS.Timeout | undefined;
    const check = (): void => {
      if (res.headersSent) return;
      if (!opts.databaseAway()) {
        timer = setTimeout(check, RECHECK_MS);
        return;
      }
      req.log.warn({ deadlineMs: ms }, 'the database is away: answered 503 at the request deadline');
      answer(new ServiceUnavailable(), req, res, () => undefined);
    };
    timer = setTimeout(check, ms);
    const clear = (): void => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/**
 * Mounted after each middleware that waits for the database (session store, session user): a request
 * the deadline has already answered goes no further, so no page work (and no write) starts after its 503.
 */
export function continueUnlessAnswered(_req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return;
  next();
}
