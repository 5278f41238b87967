import type { SessionUser } from '../core/auth/session-user';
import { LIVE_TRAIL_DAYS } from '../core/audit/archive';
import { ActivityEntry, ArchivedActivityEntry } from '../core/audit/model';
import { newestPage } from '../core/db/newest';
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

/**
 * The audit trail, newest first (without sorting the whole trail), searchable by summary, actor or
 * action: the live trail (the last year), or with `archive` the entries archived before it.
 */
export async function listActivity(user: SessionUser, query: ActivityQuery): Promise<Paged<ActivityRow>> {
  requireCan(user, 'activity.read');
  const filter: Record<string, unknown> = {};
  if (query.entityType) filter.entityType = query.entityType;
  if (query.q) {
    const re = new RegExp(escapeRegex(query.q), 'i');
    filter.$or = [{ summary: re }, { actorName: re }, { action: re }];
  }
  const { skip, limit } = pageBounds(query.page);
  // The archive's newest entries are a year old: its time windows start where the live trail ends.
  const now = new Date();
  const { docs, total } = query.archive
    ? await newestPage(ArchivedActivityEntry, filter, { field: 'at', skip, limit, now: new Date(now.getTime() - LIVE_TRAIL_DAYS * 24 * 60 * 60 * 1000) })
    : await newestPage(ActivityEntry, filter, { field: 'at', skip, limit, now });
  return paged(
    docs.map((d) => ({ at: d.at, actorName: d.actorName ?? '', action: d.action, entityType: d.entityType, summary: d.summary ?? '' })),
    total,
    query.page,
  );
}
