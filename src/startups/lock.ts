import mongoose, { Schema, model } from 'mongoose';
import { Conflict } from '../core/errors';

/**
 * One writer at a time per startup. FerretDB 1.x applies a conditional update (`{_id, __v}` or
 * `{_id, figures: {$size}}`) as read-then-write without isolation: truly concurrent updates with
 * the same condition all "succeed" and the last one overwrites the others (checked: 4 parallel
 * pushes under `$size: 0` all report modifiedCount 1, one entry stays). A duplicate `_id` insert, on
 * the other hand, is refused atomically by both servers, so a lock document serialises the writers.
 * The version checks stay: they refuse a save made from a stale page; the lock makes them race-free.
 */
const startupLockSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const StartupLock = model('StartupLock', startupLockSchema);

/** A lock older than this was left by a process that died while holding it. */
const STALE_MS = 30_000;
const WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withStartupLock<T>(startupId: string, work: () => Promise<T>): Promise<T> {
  const key = `startup:${startupId}`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await StartupLock.create({ _id: key, at: new Date() });
      break;
    } catch (err) {
      if ((err as { code?: number } | null)?.code !== 11000) throw err;
      await StartupLock.deleteOne({ _id: key, at: mongoose.trusted({ $lt: new Date(Date.now() - STALE_MS) }) });
      if (Date.now() > deadline) throw new Conflict();
      await sleep(10 + Math.floor(Math.random() * 30));
    }
  }
  try {
    return await work();
  } finally {
    await StartupLock.deleteOne({ _id: key });
  }
}
