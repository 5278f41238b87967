import { newestFirst } from '../db/newest';
import { ActivityEntry, RECENT_KEPT, RecentActivity } from './model';

export interface Actor {
  id: string;
  name: string;
}

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string;
  summary?: string;
  /** The startup the change concerns when the entity is another record (a document…): its history tab lists it. */
  startup?: string;
}

/** Records one state change; services call it after the change is written. */
export async function audit(actor: Actor | null, record: AuditRecord): Promise<void> {
  const entry = await ActivityEntry.create({
    actor: actor?.id,
    actorName: actor?.name ?? '',
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    ...(record.startup ? { startup: record.startup } : {}),
    summary: (record.summary ?? '').slice(0, 500),
  });
  await RecentActivity.updateOne({ _id: 'recent' }, { $push: { entries: { $each: [recentOf(entry)], $slice: -RECENT_KEPT } } }, { upsert: true });
}

type StoredEntry = { _id: unknown; actorName?: string | null; action: string; entityType: string; entityId?: string | null; summary?: string | null; at: Date };

function recentOf(e: StoredEntry) {
  return { entry: e._id, actorName: e.actorName ?? '', action: e.action, entityType: e.entityType, entityId: e.entityId ?? undefined, summary: e.summary ?? '', at: e.at };
}

/**
 * The `limit` newest entries of the trail, newest first, from the one recent-activity document; built
 * from the trail the first time (a database from before it existed).
 */
export async function recentActivity(limit: number) {
  let recent = await RecentActivity.findOne({ _id: 'recent' }).lean();
  if (!recent) {
    const newest = await newestFirst(ActivityEntry, {}, { field: 'at', skip: 0, limit: RECENT_KEPT });
    const entries = newest.reverse().map(recentOf);
    // Only if nobody wrote it meanwhile: an audit() of this instant keeps its entry.
    await RecentActivity.updateOne({ _id: 'recent' }, { $setOnInsert: { entries } }, { upsert: true }).catch((err: unknown) => {
      // Two first readers at once: the other one inserted it.
      if ((err as { code?: number } | null)?.code !== 11000) throw err;
    });
    recent = await RecentActivity.findOne({ _id: 'recent' }).lean();
  }
  return [...(recent?.entries ?? [])].reverse().slice(0, limit);
}
