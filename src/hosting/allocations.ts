import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import type { StartupAccess } from '../startups/access';
import { refuseOverCapacity, refuseUnmet, withSpace } from './capacity';
import { addDays, dayWords, today } from './days';
import { HostingAllocation, Space } from './model';

export type AllocationStatus = 'approved' | 'active' | 'ended';

/** The status follows the dates: approved before the first day, active through the last, ended after. */
export function allocationStatus(a: { from: string; to: string }, on = today()): AllocationStatus {
  if (on < a.from) return 'approved';
  return on <= a.to ? 'active' : 'ended';
}

export interface ChangeInput {
  to: string;
  reason: string;
  version: number;
}

/** One allocation of the startup (404 when it belongs to another one). */
export async function findAllocation(access: StartupAccess, id: string) {
  access.require('hosting.read');
  if (!isObjectId(id)) throw new NotFound();
  const allocation = await HostingAllocation.findOne({ _id: id }).lean();
  if (!allocation || String(allocation.startup) !== access.id) throw new NotFound();
  const space = await Space.findOne({ _id: allocation.space }, { name: 1, capacity: 1 }).lean();
  return { ...allocation, spaceName: space?.name ?? '', status: allocationStatus(allocation) };
}

/**
 * Moves an allocation's last day, with a reason kept in its history: earlier (ended early, not
 * before today nor its first day) or later (extended: the added days must fit the space's capacity
 * and the startup must meet its requirements through the new end, checked under the space's lock).
 * Only from the version shown; an ended allocation is not changed.
 */
export async function changeEnd(access: StartupAccess, id: string, input: ChangeInput): Promise<'ended' | 'extended' | 'unchanged'> {
  access.require('hosting.manage');
  const allocation = await findAllocation(access, id);
  if (allocation.status === 'ended') throw new Conflict('hosting.errors.alreadyEnded');
  if (!input.reason) throw new ValidationFailed({ reason: fieldError('hosting.errors.reasonRequired') });
  if (input.to === allocation.to) return 'unchanged';
  const kind = input.to < allocation.to ? 'ended' : 'extended';
  if (kind === 'ended') {
    const earliest = allocation.from > today() ? allocation.from : today();
    if (input.to < earliest) throw new ValidationFailed({ to: fieldError('hosting.errors.endTooEarly', { day: dayWords(earliest) }) });
  }
  const write = async () => {
    if (kind === 'extended') {
      const added = { from: addDays(allocation.to, 1), to: input.to };
      await refuseUnmet(access.id, String(allocation.space), { from: allocation.from, to: input.to }, 'to');
      await refuseOverCapacity(String(allocation.space), added, allocation.seats, String(allocation._id), 'to');
    }
    const change = { to: input.to, previousTo: allocation.to, reason: input.reason, by: access.user.id, byName: access.user.name, at: new Date() };
    await writeIf(HostingAllocation, { _id: allocation._id, __v: input.version }, { $set: { to: input.to }, $push: { changes: change }, $inc: { __v: 1 } });
  };
  // Ending early frees seats: no capacity to check, but the same lock keeps the space's writes in one line.
  await withSpace([String(allocation.space)], write);
  await audit(access.user, { action: kind === 'ended' ? 'hosting.endedEarly' : 'hosting.extended', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${allocation.spaceName} · ${allocation.to} → ${input.to} · ${input.reason}` });
  return kind;
}
