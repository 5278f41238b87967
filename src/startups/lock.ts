import { withLock } from '../core/db/lock';

/** One writer at a time per startup (profile saves, stage moves, figures): see core/db/lock.ts. */
export function withStartupLock<T>(startupId: string, work: () => Promise<T>): Promise<T> {
  return withLock(`startup:${startupId}`, work);
}
