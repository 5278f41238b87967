import { createHash, randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import mongoose, { Schema, model } from 'mongoose';
import { Conflict } from '../errors';
import type { FormResult } from './form';

/**
 * Create forms answer a second identical post with what the first one did. Each create form carries
 * a one-time key in a hidden field (`{{> once}}`, views/partials/once.hbs, drawn when the page is
 * rendered); handleForm({ once: true }) runs the form's work once per signed-in user (or session),
 * key and posted values: a double click, or the same form posted twice, leads to the record the
 * first post created, with its success message, never to "already exists". Another post with the
 * same key but other values (the form corrected after an error) is a new submission.
 */
export const ONCE_FIELD = '_once';

/** How long an answer is kept for a second post (and the longest a second post waits for the first). */
const KEPT_MS = 60 * 60 * 1000;
const WAIT_MS = 20_000;
/** A first post still "pending" after this long died half-way: the next one does the work. */
const ABANDONED_MS = 60_000;

const submissionSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    /** What the first post answered (redirect and flash message; a flash may hold a one-time link, hence the short life). */
    result: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
    expires: { type: Date, required: true },
  },
  { versionKey: false, collection: 'submissions' },
);
export const Submission = model('Submission', submissionSchema);

const TOKEN = /^[0-9a-f-]{36}$/;

/** Every page can show a create form: the key of the form drawn now (after an error, the one posted). */
export function onceLocals(req: Request, res: Response, next: NextFunction): void {
  const posted: unknown = (req.body as Record<string, unknown> | undefined)?.[ONCE_FIELD];
  res.locals.formOnce = typeof posted === 'string' && TOKEN.test(posted) ? posted : randomUUID();
  next();
}

/** The submission's key: who posts, the form's key and what was posted; undefined without a key (no double-post protection). */
function keyOf(req: Request): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const token = body[ONCE_FIELD];
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  const who = req.user?.id ?? req.sessionID ?? '';
  const fields = Object.keys(body)
    .filter((k) => k !== '_csrf')
    .sort()
    .map((k) => [k, body[k]]);
  return createHash('sha256').update(JSON.stringify([who, req.originalUrl, fields])).digest('hex');
}

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the first post of `key`: its answer, or undefined when it failed or died (this post then does the work). */
async function answerOf(key: string): Promise<FormResult | undefined> {
  const until = Date.now() + WAIT_MS;
  for (let wait = 25; Date.now() < until; wait = Math.min(wait * 2, 250)) {
    const found = await Submission.findOne({ _id: key }).lean();
    if (!found) return undefined;
    if (found.state === 'done') return found.result as FormResult;
    if (Date.now() - found.at.getTime() > ABANDONED_MS) {
      await Submission.deleteOne({ _id: key, state: 'pending', at: found.at });
      return undefined;
    }
    await pause(wait);
  }
  throw new Conflict('errors.stillSubmitting');
}

/** Runs `work` once for this post (see above); a failure (bad input…) leaves nothing behind, so the same post may be tried again. */
export async function once(req: Request, work: () => Promise<FormResult>): Promise<FormResult> {
  const key = keyOf(req);
  if (!key) return work();
  for (;;) {
    try {
      const now = new Date();
      await Submission.create({ _id: key, state: 'pending', at: now, expires: new Date(now.getTime() + KEPT_MS) });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const answer = await answerOf(key);
    if (answer) return answer;
  }
  try {
    const result = await work();
    await Submission.updateOne({ _id: key }, { $set: { state: 'done', result } });
    return result;
  } catch (err) {
    await Submission.deleteOne({ _id: key });
    throw err;
  }
}

/** Forgets answers kept longer than an hour (housekeeping, every instance). */
export async function sweepSubmissions(now = new Date()): Promise<number> {
  const result = await Submission.deleteMany({ expires: mongoose.trusted({ $lt: now }) });
  return result.deletedCount;
}
