import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { csrfError, isCsrfValid } from './csrf';

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
