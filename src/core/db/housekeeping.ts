import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { SESSION_COLLECTION } from '../auth/sessions';
import { THROTTLE_COLLECTION } from '../auth/throttle';

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

/** Deletes expired sessions and throttling records; idempotent, so every instance may run it. */
export async function sweepExpired(now = new Date()): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  const [sessions, throttle] = await Promise.all([
    db.collection(SESSION_COLLECTION).deleteMany({ expires: { $lt: now } }),
    db.collection(THROTTLE_COLLECTION).deleteMany({ expire: { $lt: now } }),
  ]);
  return sessions.deletedCount + throttle.deletedCount;
}

export function startSweeper(logger: Logger, everyMs = 10 * 60 * 1000): () => void {
  const timer = setInterval(() => {
    sweepExpired().catch((err: unknown) => logger.warn({ err }, 'sweeping expired records failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
