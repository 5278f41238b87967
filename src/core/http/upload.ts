import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import type Joi from 'joi';
import multer, { MulterError } from 'multer';
import { Conflict, ValidationFailed, type FieldErrors } from '../errors';
import { csrfError, isCsrfValid } from './csrf';
import { flash } from './flash';
import { keptValues, type FormResult } from './form';
import { validate } from './validate';

/** Where multer writes an upload while it is checked; every file there is removed at the end of its request. */
export const UPLOAD_TEMP_DIR = path.join(os.tmpdir(), 'boost-uploads');

export interface UploadedFile {
  /** Temporary file; remove it with discardUpload() whatever happens. */
  path: string;
  /** The name the browser sent (display and download name only, never a path on the server). */
  originalName: string;
  size: number;
}

/** An upload refused before any check of its content: too large, or not the form's shape. */
export class UploadRefused extends Error {
  constructor(public readonly reason: 'tooLarge' | 'malformed') {
    super(`upload refused: ${reason}`);
  }
}

export interface UploadOptions {
  maxBytes: number;
  /** The file input's name. */
  field?: string;
  /** How many non-file fields the form may send (default 10). */
  fields?: number;
}

/**
 * Reads a multipart form with one file: limits on size, count and fields; the file goes to a
 * temporary file under a random name. The CSRF token is checked in the fileFilter, before a byte
 * of the file is written (browsers send the hidden `_csrf` field first since it comes first in the
 * form), and again afterwards for a request without a file. A refused request leaves no file.
 */
export function uploadReceiver(options: UploadOptions): (req: Request, res: Response) => Promise<UploadedFile | undefined> {
  const field = options.field ?? 'file';
  mkdirSync(UPLOAD_TEMP_DIR, { recursive: true });
  const middleware = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => cb(null, UPLOAD_TEMP_DIR),
      filename: (_req, _file, cb) => cb(null, `${randomBytes(16).toString('hex')}.upload`),
    }),
    limits: { fileSize: options.maxBytes, files: 1, fields: options.fields ?? 10, fieldSize: 8 * 1024, fieldNameSize: 100, parts: (options.fields ?? 10) + 2, headerPairs: 50 },
    // Browsers send the file name as raw UTF-8 bytes.
    defParamCharset: 'utf8',
    fileFilter: (req, _file, cb) => (isCsrfValid(req) ? cb(null, true) : cb(csrfError())),
  }).single(field);

  return async (req, res) => {
    try {
      await new Promise<void>((resolve, reject) => middleware(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    } catch (err) {
      await discardUpload(req.file);
      if (err instanceof MulterError) throw new UploadRefused(err.code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'malformed');
      throw err;
    }
    if (!isCsrfValid(req)) {
      await discardUpload(req.file);
      throw csrfError();
    }
    if (!req.file) return undefined;
    return { path: req.file.path, originalName: req.file.originalname, size: req.file.size };
  };
}

/** Removes the temporary file of an upload (no error when it is already gone). */
export async function discardUpload(file: { path: string } | undefined): Promise<void> {
  if (file?.path && path.dirname(file.path) === UPLOAD_TEMP_DIR) await rm(file.path, { force: true });
}

/** What a multipart form page shows again after an error. */
export interface UploadFormState {
  /** Values typed (undefined: the page's defaults, e.g. after a refused stale save). */
  values?: Record<string, unknown>;
  errors: FieldErrors;
  formError?: string;
}

export interface UploadFormOptions<T> {
  /** From uploadReceiver(): the form's limits. */
  receive: (req: Request, res: Response) => Promise<UploadedFile | undefined>;
  schema: Joi.ObjectSchema<T>;
  /** Shows the form page again with this status. */
  render: (req: Request, res: Response, status: number, state: UploadFormState) => Promise<void>;
  /** An upload refused before its content was read (too large, not the form's shape). */
  refused: (reason: UploadRefused['reason']) => { status: number; errors: FieldErrors; formError: string };
  /** Field errors after bad input, knowing whether a file came (it must then be chosen again). */
  fileErrors?: (errors: FieldErrors, file: UploadedFile | undefined) => FieldErrors;
  /** The message at the top of the form after bad input (default: the generic "correct the fields"). */
  invalidFormError?: string;
  /** Values to keep in the form (default: every field but secrets). */
  kept?: (req: Request) => Record<string, unknown>;
  /** Does the work through one service (the temporary file is removed afterwards, whatever happens). */
  handle: (req: Request, value: T, file: UploadedFile | undefined) => Promise<FormResult>;
}

/**
 * POST handler of a multipart form: multer (with the CSRF token checked before a byte is stored)
 * → the form's schema → one service call → Post/Redirect/Get; a refused upload, bad input or a
 * stale save shows the form again with its messages. The temporary file never outlives the request.
 * The route's reach runs before (its middleware drains the body of a refused request).
 */
export function handleUpload<T>(options: UploadFormOptions<T>): RequestHandler {
  return async (req, res) => {
    let file: UploadedFile | undefined;
    const kept = (): Record<string, unknown> => (options.kept ? options.kept(req) : keptValues(req.body));
    // The answer is sent once the temporary file is gone: a client that reads it never finds the file.
    let answer: (() => Promise<void> | void) | undefined;
    try {
      try {
        file = await options.receive(req, res);
      } catch (err) {
        if (!(err instanceof UploadRefused)) throw err;
        const refusal = options.refused(err.reason);
        answer = () => options.render(req, res, refusal.status, { values: kept(), errors: refusal.errors, formError: refusal.formError });
      }
      if (!answer) {
        const value = validate(options.schema, req.body);
        const result = await options.handle(req, value, file);
        answer = () => {
          if (result.flash) flash(req, result.flash);
          res.redirect(303, result.redirect);
        };
      }
    } catch (err) {
      if (err instanceof ValidationFailed) {
        const errors = options.fileErrors ? options.fileErrors({ ...err.fields }, file) : err.fields;
        answer = () => options.render(req, res, 422, { values: kept(), errors, formError: options.invalidFormError ?? err.messageKey });
      } else if (err instanceof Conflict) {
        answer = () => options.render(req, res, 409, { errors: {}, formError: err.messageKey });
      } else {
        await discardUpload(file);
        throw err;
      }
    }
    await discardUpload(file);
    await answer?.();
  };
}
