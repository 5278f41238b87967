import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { Conflict, NotFound, ValidationFailed, fieldError } from '../core/errors';
import type { Mailer } from '../core/mail';
import { notify } from '../notifications/service';
import type { StartupAccess } from '../startups/access';
import { teamOf, usersWho } from '../users/team';
import { refuseOverCapacity, refuseUnmet, withSpace, type DayRange } from './capacity';
import { dayWords, today } from './days';
import { HostingAllocation, HostingRequest, Space, type SpaceKind } from './model';

export interface HostingDeps {
  mailer?: Mailer;
  baseUrl: string;
}

export interface RequestInput {
  kind: SpaceKind;
  space?: string;
  seats: number;
  from: string;
  to: string;
  note: string;
}

export interface DecisionInput {
  space: string;
  /** Euros per seat and month; none: the space's own price. */
  pricePerSeat?: number;
  reason: string;
}

/** A space by its id, as a form names it (the form's message when it is unknown). */
export async function spaceNamed(id: string | undefined, field = 'space') {
  const space = id && isObjectId(id) ? await Space.findOne({ _id: id }).lean() : null;
  if (!space) throw new ValidationFailed({ [field]: fieldError('hosting.errors.unknownSpace') });
  return space;
}

/** Refuses a range whose end comes before its start. */
export function refuseBackwards(range: DayRange, field = 'to'): void {
  if (range.to < range.from) throw new ValidationFailed({ [field]: fieldError('hosting.errors.endBeforeStart') });
}

/**
 * A founder (or a manager for them) asks for hosting: a kind of space or a given one, seats, from, to.
 * A given space sets the kind, must be open by the first day and hold that many seats. Managers are told.
 */
export async function requestHosting(access: StartupAccess, input: RequestInput, deps: HostingDeps): Promise<string> {
  access.require('hosting.request');
  const range = { from: input.from, to: input.to };
  refuseBackwards(range);
  if (input.from < today()) throw new ValidationFailed({ from: fieldError('hosting.errors.startInPast') });
  let kind = input.kind;
  if (input.space) {
    const space = await spaceNamed(input.space);
    kind = space.kind as SpaceKind;
    if (input.seats > space.capacity) throw new ValidationFailed({ seats: fieldError('hosting.errors.aboveCapacity', { capacity: space.capacity }) });
    if (space.openedOn > input.from) throw new ValidationFailed({ from: fieldError('hosting.errors.notOpenYet', { day: dayWords(space.openedOn) }) });
  }
  const request = await HostingRequest.create({
    startup: access.record._id,
    kind,
    space: input.space ? new mongoose.Types.ObjectId(input.space) : undefined,
    seats: input.seats,
    from: input.from,
    to: input.to,
    note: input.note,
    requestedBy: access.user.id,
    requestedByName: access.user.name,
  });
  await audit(access.user, { action: 'hosting.requested', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${input.seats} · ${input.from} → ${input.to}` });
  const managers = (await usersWho('hosting.manage')).filter((id) => id !== access.user.id);
  await notify({ to: managers, kind: 'hosting.requested', params: { startup: access.record.name, seats: input.seats, from: dayWords(input.from), to: dayWords(input.to) }, link: `/startups/${access.id}/hosting/requests/${String(request._id)}` }, deps.mailer, deps.baseUrl);
  return String(request._id);
}

/** One request of the startup (404 when it belongs to another one). */
export async function findRequest(access: StartupAccess, id: string) {
  access.require('hosting.read');
  if (!isObjectId(id)) throw new NotFound();
  const request = await HostingRequest.findOne({ _id: id }).lean();
  if (!request || String(request.startup) !== access.id) throw new NotFound();
  return request;
}

type RequestDoc = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** Who is told of an answer: the startup's team, except whoever gave it. */
async function tellTeam(access: StartupAccess, request: RequestDoc, kind: string, deps: HostingDeps, params: Record<string, string | number> = {}) {
  const to = (await teamOf(access.id)).filter((id) => id !== access.user.id);
  await notify({ to, kind, params: { startup: access.record.name, from: dayWords(request.from), to: dayWords(request.to), ...params }, link: `/startups/${access.id}/hosting/requests/${String(request._id)}` }, deps.mailer, deps.baseUrl);
}

/**
 * Writes the allocation a request leads to, on `space` at `price`, under the space's and the
 * request's locks: the requirements and the capacity are checked there, so that two managers (or
 * a manager and a founder accepting) never overbook. The request moves from one of `from` to
 * approved; when it already is approved on that space (the same form posted twice) nothing more
 * is written and the answer is the same.
 */
async function allocateFor(access: StartupAccess, requestId: string, spaceId: string, price: number | undefined, from: readonly string[]): Promise<{ allocation: string; spaceName: string }> {
  const space = await spaceNamed(spaceId);
  return withSpace(
    [String(space._id)],
    async () => {
      const request = await HostingRequest.findOne({ _id: requestId }).lean();
      if (!request) throw new NotFound();
      if (request.status === 'approved' && request.allocation) {
        const existing = await HostingAllocation.findOne({ _id: request.allocation }, { space: 1 }).lean();
        if (existing && String(existing.space) === String(space._id)) return { allocation: String(existing._id), spaceName: space.name };
      }
      if (!from.includes(request.status)) throw new Conflict('hosting.errors.alreadyDecided');
      const range = { from: request.from, to: request.to };
      if (space.openedOn > range.from) throw new ValidationFailed({ space: fieldError('hosting.errors.notOpenYet', { day: dayWords(space.openedOn) }) });
      await refuseUnmet(access.id, String(space._id), range);
      await refuseOverCapacity(String(space._id), range, request.seats);
      const allocation = await HostingAllocation.create({ space: space._id, site: space.site, startup: request.startup, seats: request.seats, from: range.from, to: range.to, pricePerSeat: price ?? space.pricePerSeat, request: request._id, approvedBy: access.user.id, approvedByName: access.user.name });
      try {
        await writeIf(HostingRequest, { _id: request._id, status: request.status }, { $set: { status: 'approved', allocation: allocation._id, decidedBy: access.user.id, decidedByName: access.user.name, decidedAt: new Date() }, $inc: { __v: 1 } }, { conflict: 'hosting.errors.alreadyDecided' });
      } catch (err) {
        await HostingAllocation.deleteOne({ _id: allocation._id });
        throw err;
      }
      return { allocation: String(allocation._id), spaceName: space.name };
    },
    requestId,
  );
}

/** A manager approves a request on a space at a price: the allocation is written, the team told. */
export async function approveRequest(access: StartupAccess, requestId: string, input: DecisionInput, deps: HostingDeps): Promise<string> {
  access.require('hosting.manage');
  const request = await findRequest(access, requestId);
  const done = await allocateFor(access, String(request._id), input.space, input.pricePerSeat, ['pending', 'proposed']);
  await audit(access.user, { action: 'hosting.approved', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${done.spaceName} · ${request.seats} · ${request.from} → ${request.to}` });
  await tellTeam(access, request, 'hosting.approved', deps, { space: done.spaceName });
  return done.spaceName;
}

/** A manager rejects a request, with a reason the team reads. */
export async function rejectRequest(access: StartupAccess, requestId: string, reason: string, deps: HostingDeps): Promise<void> {
  access.require('hosting.manage');
  const request = await findRequest(access, requestId);
  if (request.status === 'rejected' && request.reason === reason) return;
  if (!['pending', 'proposed'].includes(request.status)) throw new Conflict('hosting.errors.alreadyDecided');
  if (!reason) throw new ValidationFailed({ reason: fieldError('hosting.errors.reasonRequired') });
  await writeIf(HostingRequest, { _id: request._id, status: request.status }, { $set: { status: 'rejected', reason, decidedBy: access.user.id, decidedByName: access.user.name, decidedAt: new Date() }, $inc: { __v: 1 } }, { conflict: 'hosting.errors.alreadyDecided' });
  await audit(access.user, { action: 'hosting.rejected', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${reason}` });
  await tellTeam(access, request, 'hosting.rejected', deps, { reason });
}

/**
 * A manager proposes another space (and its price) that the founders accept or decline. The space
 * must suit the request now (requirements, capacity); accepting checks again.
 */
export async function proposeSpace(access: StartupAccess, requestId: string, input: DecisionInput, deps: HostingDeps): Promise<string> {
  access.require('hosting.manage');
  const request = await findRequest(access, requestId);
  const space = await spaceNamed(input.space);
  if (request.status === 'proposed' && String(request.proposal?.space) === String(space._id)) return space.name;
  if (request.status !== 'pending') throw new Conflict('hosting.errors.alreadyDecided');
  const range = { from: request.from, to: request.to };
  await refuseUnmet(access.id, String(space._id), range);
  await refuseOverCapacity(String(space._id), range, request.seats, undefined, 'space');
  await writeIf(HostingRequest, { _id: request._id, status: 'pending' }, { $set: { status: 'proposed', reason: input.reason, proposal: { space: space._id, pricePerSeat: input.pricePerSeat ?? space.pricePerSeat }, decidedBy: access.user.id, decidedByName: access.user.name, decidedAt: new Date() }, $inc: { __v: 1 } }, { conflict: 'hosting.errors.alreadyDecided' });
  await audit(access.user, { action: 'hosting.proposed', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${space.name}` });
  await tellTeam(access, request, 'hosting.proposed', deps, { space: space.name });
  return space.name;
}

/** The founders accept the proposed space: the allocation is written as an approval would. */
export async function acceptProposal(access: StartupAccess, requestId: string, deps: HostingDeps): Promise<string> {
  access.require('hosting.answer');
  const request = await findRequest(access, requestId);
  const proposal = request.proposal;
  if (!proposal?.space) throw new Conflict('hosting.errors.alreadyDecided');
  const done = await allocateFor(access, String(request._id), String(proposal.space), proposal.pricePerSeat ?? undefined, ['proposed']);
  await audit(access.user, { action: 'hosting.accepted', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${done.spaceName}` });
  const managers = (await usersWho('hosting.manage')).filter((id) => id !== access.user.id);
  await notify({ to: managers, kind: 'hosting.accepted', params: { startup: access.record.name, space: done.spaceName }, link: `/startups/${access.id}/hosting/requests/${requestId}` }, deps.mailer, deps.baseUrl);
  return done.spaceName;
}

/** The founders decline the proposed space: the request ends there; managers are told. */
export async function declineProposal(access: StartupAccess, requestId: string, deps: HostingDeps): Promise<void> {
  access.require('hosting.answer');
  const request = await findRequest(access, requestId);
  if (request.status === 'declined') return;
  if (request.status !== 'proposed') throw new Conflict('hosting.errors.alreadyDecided');
  await writeIf(HostingRequest, { _id: request._id, status: 'proposed' }, { $set: { status: 'declined' }, $inc: { __v: 1 } }, { conflict: 'hosting.errors.alreadyDecided' });
  await audit(access.user, { action: 'hosting.declined', entityType: 'Startup', entityId: access.id, summary: access.record.name });
  const managers = (await usersWho('hosting.manage')).filter((id) => id !== access.user.id);
  await notify({ to: managers, kind: 'hosting.declined', params: { startup: access.record.name }, link: `/startups/${access.id}/hosting/requests/${requestId}` }, deps.mailer, deps.baseUrl);
}
