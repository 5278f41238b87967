import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { SESSION_COLLECTION } from '../auth/sessions';
import { THROTTLE_COLLECTION } from '../auth/throttle';
import { sweepSubmissions } from '../http/once';

function isNotImplemented(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 238;
}

/**
 * A TTL index where the server has them (MongoDB); the embedded fallback (mongo-java-server, FerretDB
 * before it) accepts or refuses it but never expires anything, so the sweeper below does the work.
 */
async function ensureExpiryIndex(collection: string, field: string): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  try {
    await db.collection(collection).createIndex({ [field]: 1 }, { expireAfterSeconds: 0, name: `${field}_ttl` });
  } catch (err) {
    if (!isNotImplemented(err)) throw err;
    await db.collection(collection).createIndex({ [field]: 1 }, { name: `${field}_1` });
  }
}

/** Indexes of the collections that live outside Mongoose models (sessions, login throttling). */
export async function prepareCollections(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  await ensureExpiryIndex(SESSION_COLLECTION, 'expires');
  await ensureExpiryIndex(THROTTLE_COLLECTION, 'expire');
  await db.collection(THROTTLE_COLLECTION).createIndex({ key: 1 }, { unique: true });
}

/** Deletes expired sessions, throttling records and kept answers of create forms; idempotent, so every instance may run it. */
export async function sweepExpired(now = new Date()): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  const [sessions, throttle, submissions] = await Promise.all([
    db.collection(SESSION_COLLECTION).deleteMany({ expires: { $lt: now } }),
    db.collection(THROTTLE_COLLECTION).deleteMany({ expire: { $lt: now } }),
    sweepSubmissions(now),
  ]);
  return sessions.deletedCount + throttle.deletedCount + submissions;
}

/** A housekeeping task: its name for the log, and the work (idempotent, safe on every instance at once). */
export type Chore = [name: string, work: () => Promise<number>];

/** Runs each chore in turn; a failing one is logged and the others still run. */
export async function runChores(chores: Chore[], logger: Logger): Promise<void> {
  for (const [name, work] of chores) {
    try {
      const done = await work();
      if (done > 0) logger.info({ chore: name, records: done }, 'housekeeping');
    } catch (err) {
      logger.warn({ err, chore: name }, 'housekeeping failed');
    }
  }
}

/**
 * Every instance sweeps, once soon after the start and then every `everyMs`: expired sessions and
 * throttling records, and the chores the app gives (archiving the old trail, old read notifications).
 */
export function startSweeper(logger: Logger, chores: Chore[] = [], everyMs = 10 * 60 * 1000): () => void {
  const all: Chore[] = [['expired sessions and throttling', sweepExpired], ...chores];
  let running: Promise<void> | undefined;
  const run = (): void => {
    running ??= runChores(all, logger).finally(() => (running = undefined));
  };
  const first = setTimeout(run, 1000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
