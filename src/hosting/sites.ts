import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { NotFound, ValidationFailed, fieldError } from '../core/errors';
import { escapeRegex, paged, PER_PAGE, type Paged } from '../core/http/paginate';
import { requireCan } from '../core/policy/reach';
import { PartnerOrganisation } from '../partners/model';
import { spaceLoad } from './capacity';
import { today } from './days';
import { Requirement, Site, Space } from './model';
import type { RequirementInput, SiteInput, SpaceInput } from './schemas';

export interface SiteRow {
  id: string;
  name: string;
  address: string;
  operatorName: string;
  spaces: number;
  seats: number;
}

/** Hosting sites, searched by name, address or operator; with their spaces and seats. */
export async function listSites(user: SessionUser, query: { q: string; page: number }): Promise<Paged<SiteRow> & { all: SiteRow[] }> {
  requireCan(user, 'hosting.manage');
  const [sites, spaces, operators] = await Promise.all([Site.find({}).lean(), Space.find({}, { site: 1, capacity: 1 }).lean(), PartnerOrganisation.find({}, { name: 1 }).lean()]);
  const operatorNames = new Map(operators.map((o) => [String(o._id), o.name]));
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  const all = sites
    .map((s) => {
      const mine = spaces.filter((sp) => String(sp.site) === String(s._id));
      return { id: String(s._id), name: s.name, address: s.address ?? '', operatorName: s.operator ? (operatorNames.get(String(s.operator)) ?? '') : '', spaces: mine.length, seats: mine.reduce((n, sp) => n + sp.capacity, 0) };
    })
    .filter((s) => !search || search.test(s.name) || search.test(s.address) || search.test(s.operatorName))
    .sort((a, b) => a.name.localeCompare(b.name));
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(all.slice((page - 1) * PER_PAGE, page * PER_PAGE), all.length, page), all };
}

/** The operators a site may have: partner organisations, by name. */
export async function operatorChoices() {
  return (await PartnerOrganisation.find({}, { name: 1, kind: 1 }).lean()).sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ id: String(o._id), name: o.name }));
}

export async function requirementChoices() {
  return (await Requirement.find({}).lean()).sort((a, b) => a.name.localeCompare(b.name)).map((r) => ({ id: String(r._id), name: r.name, kind: r.kind, validityMonths: r.validityMonths }));
}

/** One site (404 when unknown). */
export async function findSite(user: SessionUser, id: string) {
  requireCan(user, 'hosting.manage');
  if (!isObjectId(id)) throw new NotFound();
  const site = await Site.findOne({ _id: id }).lean();
  if (!site) throw new NotFound();
  return site;
}

/** A site's page: its spaces with what they require and the seats free today. */
export async function sitePage(user: SessionUser, id: string) {
  const site = await findSite(user, id);
  const [spaces, requirements, operator] = await Promise.all([
    Space.find({ site: site._id }).lean(),
    requirementChoices(),
    site.operator ? PartnerOrganisation.findOne({ _id: site.operator }, { name: 1 }).lean() : null,
  ]);
  const names = new Map(requirements.map((r) => [r.id, r.name]));
  const day = today();
  const rows = await Promise.all(
    spaces
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (s) => ({
        id: String(s._id),
        name: s.name,
        kind: s.kind,
        capacity: s.capacity,
        areaM2: s.areaM2,
        pricePerSeat: s.pricePerSeat,
        openedOn: s.openedOn,
        requirements: s.requirements.map((r) => names.get(String(r)) ?? ''),
        freeToday: s.openedOn <= day ? (await spaceLoad(String(s._id), { from: day, to: day })).worstFree : null,
      })),
  );
  return { site: { ...site, id: String(site._id), operatorName: operator?.name ?? '' }, spaces: rows };
}

async function refuseUnknownOperator(operator: string | undefined) {
  if (operator && !(await PartnerOrganisation.exists({ _id: operator }))) throw new ValidationFailed({ operator: fieldError('hosting.errors.unknownOperator') });
}

/** Creates a site, or saves one from the version the form was drawn from. */
export async function saveSite(user: SessionUser, id: string | undefined, input: SiteInput): Promise<string> {
  requireCan(user, 'hosting.manage');
  await refuseUnknownOperator(input.operator);
  const fields = { name: input.name, address: input.address, accessNotes: input.accessNotes, operator: input.operator ? new mongoose.Types.ObjectId(input.operator) : undefined };
  if (!id) {
    const site = await Site.create(fields);
    await audit(user, { action: 'hosting.siteCreated', entityType: 'Site', entityId: String(site._id), summary: input.name });
    return String(site._id);
  }
  const site = await findSite(user, id);
  await writeIf(Site, { _id: site._id, __v: input.version }, { $set: fields, $inc: { __v: 1 } });
  await audit(user, { action: 'hosting.siteUpdated', entityType: 'Site', entityId: id, summary: input.name });
  return id;
}

/** One space of a site (404 when it belongs to another). */
export async function findSpace(user: SessionUser, siteId: string, id: string) {
  const site = await findSite(user, siteId);
  if (!isObjectId(id)) throw new NotFound();
  const space = await Space.findOne({ _id: id }).lean();
  if (!space || String(space.site) !== String(site._id)) throw new NotFound();
  return { site, space };
}

/**
 * Creates a space on a site, or saves one. A smaller capacity may not leave any day of an existing
 * allocation above it (the capacity rule holds for what is already given).
 */
export async function saveSpace(user: SessionUser, siteId: string, id: string | undefined, input: SpaceInput): Promise<string> {
  const site = await findSite(user, siteId);
  const known = new Set((await requirementChoices()).map((r) => r.id));
  if (input.requirements.some((r) => !known.has(r))) throw new ValidationFailed({ requirements: fieldError('hosting.errors.unknownRequirement') });
  const fields = { name: input.name, kind: input.kind, capacity: input.capacity, areaM2: input.areaM2, pricePerSeat: input.pricePerSeat, openedOn: input.openedOn, requirements: input.requirements.map((r) => new mongoose.Types.ObjectId(r)) };
  if (!id) {
    const space = await Space.create({ site: site._id, ...fields });
    await audit(user, { action: 'hosting.spaceCreated', entityType: 'Site', entityId: siteId, summary: `${site.name} · ${input.name}` });
    return String(space._id);
  }
  const { space } = await findSpace(user, siteId, id);
  if (input.capacity < space.capacity) {
    const load = await spaceLoad(String(space._id), { from: today(), to: '2100-12-31' });
    const most = Math.max(0, ...load.taken);
    if (most > input.capacity) throw new ValidationFailed({ capacity: fieldError('hosting.errors.capacityBelowTaken', { seats: most }) });
  }
  await writeIf(Space, { _id: space._id, __v: input.version }, { $set: fields, $inc: { __v: 1 } });
  await audit(user, { action: 'hosting.spaceUpdated', entityType: 'Site', entityId: siteId, summary: `${site.name} · ${input.name}` });
  return id;
}

/** A requirement spaces may ask for. The same name twice is one requirement. */
export async function createRequirement(user: SessionUser, input: RequirementInput): Promise<{ id: string; created: boolean }> {
  requireCan(user, 'hosting.manage');
  const same = (await Requirement.find({}, { name: 1 }).lean()).find((r) => r.name.toLocaleLowerCase('fr') === input.name.toLocaleLowerCase('fr'));
  if (same) return { id: String(same._id), created: false };
  const requirement = await Requirement.create(input);
  await audit(user, { action: 'hosting.requirementCreated', entityType: 'Requirement', entityId: String(requirement._id), summary: input.name });
  return { id: String(requirement._id), created: true };
}

/** Requirements, searched by name, with how many spaces ask for each. */
export async function listRequirements(user: SessionUser, query: { q: string; page: number }) {
  requireCan(user, 'hosting.manage');
  const [requirements, spaces] = await Promise.all([Requirement.find({}).lean(), Space.find({}, { requirements: 1 }).lean()]);
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : null;
  const all = requirements
    .map((r) => ({ id: String(r._id), name: r.name, kind: r.kind, validityMonths: r.validityMonths, spaces: spaces.filter((s) => s.requirements.some((x) => String(x) === String(r._id))).length }))
    .filter((r) => !search || search.test(r.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return { ...paged(all.slice((page - 1) * PER_PAGE, page * PER_PAGE), all.length, page), all };
}
