import { ActivityEntry } from '../core/audit/model';
import { escapeRegex, pageBounds, paged, type Paged } from '../core/http/paginate';

export interface ActivityRow {
  at: Date;
  actorName: string;
  action: string;
  entityType: string;
  summary: string;
}

/** The audit trail, newest first, searchable by summary, actor or action. */
export async function listActivity(query: { q: string; entityType: string; page: number }): Promise<Paged<ActivityRow>> {
  const filter: Record<string, unknown> = {};
  if (query.q) {
    const re = new RegExp(escapeRegex(query.q), 'i');
    filter.$or = [{ summary: re }, { actorName: re }, { action: re }];
  }
  if (query.entityType) filter.entityType = query.entityType;
  const { skip, limit } = pageBounds(query.page);
  const [docs, total] = await Promise.all([ActivityEntry.find(filter).sort({ at: -1, _id: -1 }).skip(skip).limit(limit).lean(), ActivityEntry.countDocuments(filter)]);
  return paged(
    docs.map((d) => ({ at: d.at, actorName: d.actorName ?? '', action: d.action, entityType: d.entityType, summary: d.summary ?? '' })),
    total,
    query.page,
  );
}
