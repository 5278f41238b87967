import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import mongoose, { Schema, model } from 'mongoose';
import { Conflict } from '../errors';

/**
 * One holder at a time per key, across processes: for rules that span documents (never leave the
 * programme without a manager) and for servers that do not isolate a conditional update (FerretDB
 * 1.x). A single-document rule needs no lock: writeIf (safe-write.ts) puts it in the update's filter.
 *
 * - The lock document is inserted under the key: the unique _id lets exactly one insert succeed.
 * - It carries its holder's token: release and renewal touch only the holder's own document.
 * - It has a lease, renewed while the work runs; a crashed holder stops renewing and its key is free
 *   again when the lease ends. Expiry is judged by the database server's clock, not this process's.
 * - The work may hold the lock for `maxHoldMs` at most: past that it is refused (LockHeldTooLong)
 *   and the lock is released, so no slow step can keep others waiting for long.
 * - Taking a key the same async flow already holds fails at once (it could only wait for itself).
 * - Waiters back off exponentially with jitter and give up after `waitMs` (Conflict: "try again").
 * Keep mail, notifications and file I/O out of the work: do them before or after.
 */
const lockSchema = new Schema(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  { versionKey: false, collection: 'locks' },
);
export const Lock = model('Lock', lockSchema);

export interface LockOptions {
  /** How long a holder that stopped renewing keeps the key (default 10 s). */
  leaseMs?: number;
  /** How long the work may run under the lock (default 20 s). */
  maxHoldMs?: number;
  /** How long to wait for the key before giving up with a Conflict (default 5 s). */
  waitMs?: number;
}

const DEFAULTS = { leaseMs: 10_000, maxHoldMs: 20_000, waitMs: 5_000 };

/** A key asked for again by the flow that holds it: a programming error, refused at once. */
export class NestedLock extends Error {
  constructor(key: string) {
    super(`lock "${key}" is already held by this flow: nested acquisition would wait for itself`);
  }
}

/** The work ran longer than the lock may be held: its outcome is unknown to the others, so it is refused. */
export class LockHeldTooLong extends Error {
  constructor(key: string, ms: number) {
    super(`lock "${key}" held longer than ${ms} ms`);
  }
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Which handshake command the server answers with its clock: `hello` (MongoDB 4.4+), else `isMaster`. */
let clockCommand: 'hello' | 'isMaster' = 'hello';

/** The database server's clock (localTime of the handshake), so that every instance judges expiry alike. */
async function serverNow(): Promise<Date> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  let answer;
  // The command this call sends: another call may switch the shared choice while this one waits.
  const command = clockCommand;
  try {
    answer = await db.admin().command({ [command]: 1 });
  } catch (err) {
    if (command !== 'hello' || !/no such command/i.test(String((err as Error).message))) throw err;
    clockCommand = 'isMaster';
    answer = await db.admin().command({ isMaster: 1 });
  }
  return answer.localTime instanceof Date ? answer.localTime : new Date();
}

async function acquire(key: string, owner: string, options: Required<LockOptions>): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 0; ; attempt += 1) {
    const now = await serverNow();
    try {
      await Lock.create({ _id: key, owner, expiresAt: new Date(now.getTime() + options.leaseMs) });
      return;
    } catch (err) {
      if ((err as { code?: number } | null)?.code !== 11000) throw err;
    }
    // A holder that stopped renewing (its process died): its lease is over, the key is free.
    const expired = await Lock.deleteOne({ _id: key, expiresAt: mongoose.trusted({ $lt: now }) });
    if (expired.deletedCount === 1) continue;
    if (Date.now() > deadline) throw new Conflict('errors.busy');
    await sleep(Math.min(200, 10 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}

/** Runs `work` while holding `key`; see the module's comment for the guarantees. */
export async function withLock<T>(key: string, work: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const options = { ...DEFAULTS, ...opts };
  const mine = held.getStore() ?? new Set<string>();
  if (mine.has(key)) throw new NestedLock(key);
  const owner = randomUUID();
  await acquire(key, owner, options);
  let lost = false;
  const renew = setInterval(
    () => {
      void serverNow()
        .then((now) => Lock.updateOne({ _id: key, owner }, { $set: { expiresAt: new Date(now.getTime() + options.leaseMs) } }))
        .then((r) => {
          if (r.matchedCount === 0) lost = true;
        })
        .catch(() => undefined);
    },
    Math.max(50, Math.floor(options.leaseMs / 3)),
  );
  renew.unref();
  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new LockHeldTooLong(key, options.maxHoldMs)), options.maxHoldMs);
    timer.unref();
  });
  try {
    const result = await Promise.race([held.run(new Set([...mine, key]), work), tooLong]);
    // Still ours at the end? If the lease was lost, someone else may have entered meanwhile.
    if (lost || !(await Lock.exists({ _id: key, owner }))) throw new LockHeldTooLong(key, options.leaseMs);
    return result;
  } finally {
    clearInterval(renew);
    clearTimeout(timer);
    // Only the holder's own document: a lock taken over after a lost lease stays with its new holder.
    await Lock.deleteOne({ _id: key, owner });
  }
}

/** Runs `work` holding every key, taken in one sorted order (two flows asking for the same keys never wait for each other in a circle). */
export async function withLocks<T>(keys: string[], work: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const run = (i: number): Promise<T> => (i === sorted.length ? work() : withLock(sorted[i], () => run(i + 1), opts));
  return run(0);
}
