import mongoose from 'mongoose';

export const SESSION_COLLECTION = 'sessions';

/**
 * Deletes the stored sessions of a user (all, or all but `exceptSessionId`).
 * Sessions are stored unstringified so that the owner can be queried.
 */
export async function endSessionsOf(userId: string, exceptSessionId?: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const filter: Record<string, unknown> = { 'session.passport.user.id': userId };
  if (exceptSessionId) filter._id = { $ne: exceptSessionId };
  const result = await db.collection(SESSION_COLLECTION).deleteMany(filter);
  return result.deletedCount;
}
