import { ActivityEntry } from './model';

export interface Actor {
  id: string;
  name: string;
}

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string;
  summary?: string;
}

/** Records one state change; services call it after the change is written. */
export async function audit(actor: Actor | null, record: AuditRecord): Promise<void> {
  await ActivityEntry.create({
    actor: actor?.id,
    actorName: actor?.name ?? '',
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    summary: (record.summary ?? '').slice(0, 500),
  });
}
