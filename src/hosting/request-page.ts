import type { StartupAccess } from '../startups/access';
import { collisionsOf, loadOf, unmetOf } from './capacity';
import { HostingAllocation, Requirement, RequirementRecord, Site, Space } from './model';
import { findRequest } from './requests';

/**
 * A request as its page shows it. Managers also get every space to choose from, each with what the
 * form shows before submitting: the seats free on the worst day of the period, the allocations it
 * collides with, and the requirements the startup does not meet for the whole period. The requested
 * space (or kind) comes first, then spaces that fit, then the others.
 */
export async function requestPage(access: StartupAccess, id: string) {
  const request = await findRequest(access, id);
  const range = { from: request.from, to: request.to };
  const [spaces, sites] = await Promise.all([Space.find({}).lean(), Site.find({}, { name: 1 }).lean()]);
  const siteNames = new Map(sites.map((s) => [String(s._id), s.name]));
  const spaceOf = (spaceId: unknown) => spaces.find((s) => String(s._id) === String(spaceId));
  const named = (spaceId: unknown) => {
    const space = spaceOf(spaceId);
    return space ? { id: String(space._id), name: space.name, siteName: siteNames.get(String(space.site)) ?? '', kind: space.kind, pricePerSeat: space.pricePerSeat } : undefined;
  };
  const allocation = request.allocation ? await HostingAllocation.findOne({ _id: request.allocation }).lean() : null;
  const base = {
    request: { ...request, id: String(request._id), version: request.__v ?? 0, open: ['pending', 'proposed'].includes(request.status) },
    space: named(request.space),
    proposal: request.proposal?.space ? { ...named(request.proposal.space), pricePerSeat: request.proposal.pricePerSeat } : undefined,
    allocation: allocation ? { id: String(allocation._id), ...named(allocation.space), seats: allocation.seats, from: allocation.from, to: allocation.to, pricePerSeat: allocation.pricePerSeat } : undefined,
    can: { decide: access.can('hosting.manage') && ['pending', 'proposed'].includes(request.status), answer: access.can('hosting.answer') && request.status === 'proposed' },
  };
  if (!base.can.decide) return { ...base, candidates: [] };
  // One read of each collection; the spaces are weighed here.
  const [allocations, requirements, records] = await Promise.all([
    HostingAllocation.find({}, { space: 1, startup: 1, seats: 1, from: 1, to: 1 }).lean(),
    Requirement.find({}, { name: 1 }).lean(),
    RequirementRecord.find({ startup: request.startup }, { requirement: 1, obtainedOn: 1, validUntil: 1 }).lean(),
  ]);
  const candidates = await Promise.all(
    spaces.map(async (space) => {
      const hits = allocations.filter((a) => String(a.space) === String(space._id) && a.from <= range.to && a.to >= range.from);
      const load = loadOf(space.capacity, hits, range);
      const needs = requirements.filter((r) => space.requirements.some((x) => String(x) === String(r._id)));
      const unmet = unmetOf(needs, records, range);
      const open = space.openedOn <= range.from;
      return {
        ...named(space._id)!,
        capacity: space.capacity,
        worstFree: load.worstFree,
        worstDay: load.worstDay,
        collisions: hits.length ? await collisionsOf(hits) : [],
        unmet,
        openedOn: space.openedOn,
        open,
        fits: open && load.worstFree >= request.seats && unmet.length === 0,
        requested: request.space ? String(request.space) === String(space._id) : space.kind === request.kind,
      };
    }),
  );
  candidates.sort((a, b) => Number(b.requested) - Number(a.requested) || Number(b.fits) - Number(a.fits) || a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name));
  return { ...base, candidates };
}

/** The spaces as options of a select: by site, then name. */
export async function spaceOptions() {
  const [spaces, sites] = await Promise.all([Space.find({}, { name: 1, site: 1, kind: 1, capacity: 1 }).lean(), Site.find({}, { name: 1 }).lean()]);
  const siteNames = new Map(sites.map((s) => [String(s._id), s.name]));
  return spaces.map((s) => ({ id: String(s._id), name: s.name, kind: s.kind, capacity: s.capacity, siteName: siteNames.get(String(s.site)) ?? '' })).sort((a, b) => a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name));
}
