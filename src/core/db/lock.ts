import mongoose, { Schema, model } from 'mongoose';
import { Conflict } from '../errors';

/**
 * One writer at a time per key. FerretDB 1.x applies a conditional update (`{_id, __v}`,
 * `{usedAt: null}`, `{$size}`) as read-then-write without isolation: truly concurrent updates with
 * the same condition all "succeed" and the last one wins. A duplicate `_id` insert, on the other hand,
 * is refused atomically by every server, so a lock document serialises the writers. Version checks
 * stay (they refuse a save made from a stale page); the lock makes them race-free. Works across
 * instances, since the lock lives in the database.
 */
const lockSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: 'locks' });
export const Lock = model('Lock', lockSchema);

/** A lock older than this was left by a process that died while holding it. */
const STALE_MS = 30_000;
const WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await Lock.create({ _id: key, at: new Date() });
      break;
    } catch (err) {
      if ((err as { code?: number } | null)?.code !== 11000) throw err;
      await Lock.deleteOne({ _id: key, at: mongoose.trusted({ $lt: new Date(Date.now() - STALE_MS) }) });
      if (Date.now() > deadline) throw new Conflict();
      await sleep(10 + Math.floor(Math.random() * 30));
    }
  }
  try {
    return await work();
  } finally {
    await Lock.deleteOne({ _id: key });
  }
}
