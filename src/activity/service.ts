import type { SessionUser } from '../core/auth/session-user';
import { ActivityEntry } from '../core/audit/model';
import { newestFirst } from '../core/db/newest';
import { escapeRegex, pageBounds, paged, type Paged } from '../core/http/paginate';
import { requireCan } from '../core/policy';
import type { ActivityQuery } from './schemas';

export interface ActivityRow {
  at: Date;
  actorName: string;
  action: string;
  entityType: string;
  summary: string;
}

/** The audit trail, newest first (without sorting the whole trail), searchable by summary, actor or action. */
export async function listActivity(user: SessionUser, query: ActivityQuery): Promise<Paged<ActivityRow>> {
  requireCan(user, 'activity.read');
  const filter: Record<string, unknown> = {};
  if (query.entityType) filter.entityType = query.entityType;
  if (query.q) {
    const re = new RegExp(escapeRegex(query.q), 'i');
    filter.$or = [{ summary: re }, { actorName: re }, { action: re }];
  }
  const { skip, limit } = pageBounds(query.page);
  const filtered = Object.keys(filter).length > 0;
  const [docs, total] = await Promise.all([
    newestFirst(ActivityEntry, filter, { field: 'at', skip, limit }),
    // The whole trail's size comes from the collection's metadata; a filtered one is counted.
    filtered ? ActivityEntry.countDocuments(filter) : ActivityEntry.estimatedDocumentCount(),
  ]);
  return paged(
    docs.map((d) => ({ at: d.at, actorName: d.actorName ?? '', action: d.action, entityType: d.entityType, summary: d.summary ?? '' })),
    total,
    query.page,
  );
}
