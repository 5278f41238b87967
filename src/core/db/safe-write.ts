import mongoose, { type Model } from 'mongoose';
import { Conflict } from '../errors';
import { withLock } from './lock';

/**
 * Whether the server applies a conditional single-document update atomically: MongoDB and
 * mongo-java-server do; FerretDB 1.x does not (parallel `updateOne({_id, __v})` all "succeed").
 * Read from the server once connected (connect.ts).
 */
let isolated = true;

export function isolatesConditionalWrites(): boolean {
  return isolated;
}

/** Asks the server what it is: FerretDB names itself in buildInfo. */
export async function detectWriteIsolation(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const info = await db.admin().command({ buildInfo: 1 });
  isolated = !Object.keys(info).some((key) => key.toLowerCase().startsWith('ferretdb'));
}

export interface WriteIfOptions {
  /** The message of the Conflict when the filter no longer matches (default: a stale edit). */
  conflict?: string;
  /** The lock key on servers without isolated conditional updates (default: collection and _id). */
  lockKey?: string;
}

/**
 * The one way to "check, then write" one document: the check is part of the filter (the version
 * the form was drawn from, a status, a rule on the document), the write is a single update, and a
 * filter that no longer matches means someone else was first: Conflict, nothing written. Where
 * the server does not isolate conditional updates, the update runs under the record's lock.
 * Nothing else (mail, files, notifications) belongs inside: callers do that after it returns.
 */
export async function writeIf<T>(model: Model<T>, filter: Record<string, unknown>, update: Record<string, unknown>, options: WriteIfOptions = {}): Promise<void> {
  const run = async (): Promise<void> => {
    const result = await model.updateOne(filter, update);
    if (result.matchedCount === 0) throw new Conflict(options.conflict ?? 'errors.staleEdit');
  };
  if (isolated) return run();
  return withLock(options.lockKey ?? `${model.collection.collectionName}:${String(filter._id)}`, run);
}
