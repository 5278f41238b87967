import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import { MulterError } from 'multer';
import { ensureLocale } from './locale';
import { AppError, NotFound, ServiceUnavailable, TooManyRequests } from '../errors';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.name;
  if (/^Mongo(Server)?Selection|MongoNetwork|MongoTopologyClosed|MongoNotConnected|MongoPoolCleared/.test(name)) return true;
  if (name === 'MongooseServerSelectionError') return true;
  // Mongoose with bufferCommands off, before (re)connection.
  return /buffering timed out|Client must be connected|connection .* closed|not connected/i.test(err.message);
}

/** Maps any error to the status a user should see; nothing internal leaks. */
export function classify(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof mongoose.Error.CastError) return new NotFound();
  if (isDatabaseDown(err)) return new ServiceUnavailable();
  const status = (err as { status?: number; statusCode?: number } | null)?.status ?? (err as { statusCode?: number } | null)?.statusCode;
  if ((err as { code?: string } | null)?.code === 'EBADCSRFTOKEN') return new AppError(403, 'errors.csrf');
  if (err instanceof MulterError) return new AppError(400, 'errors.upload');
  if (status === 400 || status === 413 || status === 415) return new AppError(status, 'errors.badRequest');
  return null;
}

function render(req: Request, res: Response, status: number, messageKey: string): void {
  ensureLocale(req, res, 'fr');
  res.status(status);
  res.render('errors/error', {
    title: res.locals.t ? res.locals.t(`errors.title${status}`) : String(status),
    status,
    messageKey,
    requestId: req.id,
  });
}

/**
 * The session is neither saved nor touched by this answer: its store is the database that is away, and
 * express-session would hold the answer back until its save failed (another 5 s).
 */
export function leaveSessionAlone(req: Request): void {
  Reflect.deleteProperty(req, 'session');
}

/**
 * An error after the answer went out (the request deadline answered 503 while the session store or a
 * query still waited; a stream that broke): logged, never passed on to Express's last handler, which
 * would print it as raw text and close a keep-alive connection that may carry the next request.
 */
function afterAnswer(err: unknown, req: Request, res: Response): void {
  if (res.writableEnded) {
    req.log.debug({ err }, 'error after the answer was sent');
    return;
  }
  req.log.warn({ err }, 'error while the answer was being sent: connection closed');
  res.destroy();
}

export function errorHandler(isProduction: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return afterAnswer(err, req, res);
    const known = classify(err);
    if (known instanceof TooManyRequests) res.set('Retry-After', String(known.retryAfterSeconds));
    if (known) {
      if (known.status === 403 && (err as { code?: string }).code === 'EBADCSRFTOKEN') {
        req.log.warn({ userId: req.user?.id, path: req.path }, 'csrf token refused');
      } else if (known.status === 503) {
        req.log.error({ err }, 'service unavailable');
        leaveSessionAlone(req);
      }
      return render(req, res, known.status, known.messageKey);
    }
    req.log.error({ err }, 'unhandled error');
    res.status(500);
    if (!isProduction) {
      res.locals.debugMessage = err instanceof Error ? err.stack ?? err.message : String(err);
    }
    return render(req, res, 500, 'errors.internal');
  };
}
