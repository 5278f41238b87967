import type { Types } from 'mongoose';
import { validUntil } from './days';
import { HostingAllocation, HostingRequest, Requirement, RequirementRecord, Site, Space, type SpaceKind } from './model';

/** Hosting records for tests and seeds (no rule checked: the services check them). */
export async function makeSite(overrides: { name?: string; address?: string; operator?: Types.ObjectId } = {}) {
  return Site.create({ name: overrides.name ?? 'Pépinière Santé', address: overrides.address ?? '1 rue de la Santé, Lyon', operator: overrides.operator });
}

export async function makeRequirement(overrides: { name?: string; validityMonths?: number; kind?: 'training' | 'document' } = {}) {
  return Requirement.create({ name: overrides.name ?? 'Formation sécurité laboratoire L2', validityMonths: overrides.validityMonths ?? 12, kind: overrides.kind ?? 'training' });
}

export async function makeSpace(site: Types.ObjectId, overrides: { name?: string; kind?: SpaceKind; capacity?: number; pricePerSeat?: number; openedOn?: string; requirements?: Types.ObjectId[]; areaM2?: number } = {}) {
  return Space.create({
    site,
    name: overrides.name ?? 'Bureau 1',
    kind: overrides.kind ?? 'office',
    capacity: overrides.capacity ?? 4,
    pricePerSeat: overrides.pricePerSeat ?? 300,
    openedOn: overrides.openedOn ?? '2020-01-01',
    requirements: overrides.requirements ?? [],
    areaM2: overrides.areaM2,
  });
}

/** A requirement met by a startup on a day; valid for the requirement's months. */
export async function makeRequirementRecord(startup: Types.ObjectId, requirement: { _id: Types.ObjectId; validityMonths: number }, obtainedOn: string, person = 'Camille Durand') {
  return RequirementRecord.create({ startup, requirement: requirement._id, person, obtainedOn, validUntil: validUntil(obtainedOn, requirement.validityMonths) });
}

export async function makeAllocation(space: { _id: Types.ObjectId; site: Types.ObjectId; pricePerSeat: number }, startup: Types.ObjectId, from: string, to: string, seats = 1) {
  return HostingAllocation.create({ space: space._id, site: space.site, startup, seats, from, to, pricePerSeat: space.pricePerSeat });
}

export async function makeHostingRequest(startup: Types.ObjectId, overrides: { kind?: SpaceKind; space?: Types.ObjectId; seats?: number; from: string; to: string; note?: string }) {
  return HostingRequest.create({ startup, kind: overrides.kind ?? 'office', space: overrides.space, seats: overrides.seats ?? 1, from: overrides.from, to: overrides.to, note: overrides.note ?? '' });
}
