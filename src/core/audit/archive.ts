import mongoose from 'mongoose';
import { ActivityEntry, ArchivedActivityEntry } from './model';

/** How long an entry stays in the live trail. */
export const LIVE_TRAIL_DAYS = 366;
const DAY = 24 * 60 * 60 * 1000;
const BATCH = 1000;

/**
 * Moves the entries older than the live trail's span into the archive, a batch at a time: copied
 * first (an entry already copied by another instance is skipped: same _id), then removed from the
 * live trail. Safe to run on every instance at once and to stop at any point. Returns how many moved.
 */
export async function archiveActivity(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - LIVE_TRAIL_DAYS * DAY);
  let moved = 0;
  for (;;) {
    const batch = await ActivityEntry.find({ at: mongoose.trusted({ $lt: cutoff }) }).limit(BATCH).lean();
    if (batch.length === 0) return moved;
    await ArchivedActivityEntry.insertMany(batch, { ordered: false }).catch((err: unknown) => {
      // Entries another instance copied first: their _id is taken, nothing else may have failed.
      const failures = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors ?? [err as { code?: number }];
      if (!failures.every((f) => (f as { code?: number }).code === 11000 || (f as { err?: { code?: number } }).err?.code === 11000)) throw err;
    });
    const removed = await ActivityEntry.deleteMany({ _id: mongoose.trusted({ $in: batch.map((e) => e._id) }) });
    moved += removed.deletedCount;
  }
}
