import mongoose from 'mongoose';
import { audit } from '../core/audit';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { writeIf } from '../core/db/safe-write';
import { NotFound, ValidationFailed, fieldError } from '../core/errors';
import { requireCan } from '../core/policy/reach';
import { PartnerOrganisation, packsOf } from './model';
import type { OrganisationInput, PackInput } from './schemas';

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;
const nameTaken = () => new ValidationFailed({ name: fieldError('partners.errors.nameTaken') });
const sameName = (a: string, b: string) => a.localeCompare(b, 'fr', { sensitivity: 'base' }) === 0;

/** One organisation as the directory shows it (404 when unknown). */
export async function findOrganisation(user: SessionUser, id: string) {
  requireCan(user, 'partners.manage');
  if (!isObjectId(id)) throw new NotFound();
  const organisation = await PartnerOrganisation.findOne({ _id: id }).lean();
  if (!organisation) throw new NotFound();
  return { ...organisation, id: String(organisation._id), packs: packsOf(organisation).map((p) => ({ ...p, id: String(p._id) })), version: organisation.__v ?? 0 };
}
export type OrganisationRecord = Awaited<ReturnType<typeof findOrganisation>>;

/** One pack of the organisation (404 when it has no such pack). */
export async function findPack(user: SessionUser, organisationId: string, packId: string) {
  const organisation = await findOrganisation(user, organisationId);
  const pack = organisation.packs.find((p) => p.id === packId);
  if (!pack) throw new NotFound();
  return { organisation, pack };
}

/** The form's values for an organisation (the edit page). */
export function organisationValues(o: OrganisationRecord): OrganisationInput {
  return { name: o.name, kind: o.kind, description: o.description, website: o.website, contactName: o.contact?.name ?? '', contactEmail: o.contact?.email ?? '', contactPhone: o.contact?.phone ?? '', version: o.version };
}

/**
 * Creates an organisation, or saves one from the version its form was drawn from. Two
 * organisations may not share a name (case and accents aside): the field says so; the unique index
 * settles two creations of the same name at once.
 */
export async function saveOrganisation(user: SessionUser, id: string | undefined, input: OrganisationInput): Promise<string> {
  requireCan(user, 'partners.manage');
  const others = await PartnerOrganisation.find({}, { name: 1 }).lean();
  if (others.some((o) => String(o._id) !== id && sameName(o.name, input.name))) throw nameTaken();
  const fields = { name: input.name, kind: input.kind, description: input.description, website: input.website, contact: { name: input.contactName, email: input.contactEmail, phone: input.contactPhone } };
  const saved = await write(user, id, fields, input.version).catch((err: unknown) => Promise.reject(isDuplicateKey(err) ? nameTaken() : err));
  await audit(user, { action: id ? 'partner.updated' : 'partner.created', entityType: 'PartnerOrganisation', entityId: saved, summary: input.name });
  return saved;
}

async function write(user: SessionUser, id: string | undefined, fields: Record<string, unknown>, version: number | undefined): Promise<string> {
  if (!id) return String((await PartnerOrganisation.create(fields))._id);
  const organisation = await findOrganisation(user, id);
  await writeIf(PartnerOrganisation, { _id: organisation._id, __v: version }, { $set: fields, $inc: { __v: 1 } });
  return id;
}

const packFields = (input: PackInput) => ({ name: { fr: input.nameFr, en: input.nameEn }, description: input.description, typicalResponseDays: input.typicalResponseDays });

/**
 * Adds a pack to the organisation, or changes one, from the organisation's version the form was
 * drawn from (packs live in its document: a change meanwhile, by anyone, is a stale edit). Referrals
 * keep the pack's name as it was when they were made.
 */
export async function savePack(user: SessionUser, organisationId: string, packId: string | undefined, input: PackInput): Promise<void> {
  const organisation = await findOrganisation(user, organisationId);
  if (packId && !organisation.packs.some((p) => p.id === packId)) throw new NotFound();
  const clash = organisation.packs.some((p) => p.id !== packId && (sameName(p.name.fr, input.nameFr) || sameName(p.name.en, input.nameEn)));
  if (clash) throw new ValidationFailed({ nameFr: fieldError('partners.errors.packTaken') });
  const packs = packsOf(organisation);
  const services = packId
    ? packs.map((p) => (String(p._id) === packId ? { ...p, ...packFields(input) } : p))
    : [...packs, { _id: new mongoose.Types.ObjectId(), ...packFields(input) }];
  await writeIf(PartnerOrganisation, { _id: organisation._id, __v: input.version }, { $set: { services }, $inc: { __v: 1 } });
  await audit(user, { action: packId ? 'partner.packUpdated' : 'partner.packAdded', entityType: 'PartnerOrganisation', entityId: organisationId, summary: `${organisation.name} · ${input.nameFr}` });
}

/** Removes a pack (referrals made for it keep its name); from the version the page was drawn from. */
export async function removePack(user: SessionUser, organisationId: string, packId: string, version: number): Promise<string> {
  const organisation = await findOrganisation(user, organisationId);
  const pack = organisation.packs.find((p) => p.id === packId);
  if (!pack) throw new NotFound();
  const services = packsOf(organisation).filter((p) => String(p._id) !== packId);
  await writeIf(PartnerOrganisation, { _id: organisation._id, __v: version }, { $set: { services }, $inc: { __v: 1 } });
  await audit(user, { action: 'partner.packRemoved', entityType: 'PartnerOrganisation', entityId: organisationId, summary: `${organisation.name} · ${pack.name.fr}` });
  return pack.name.fr;
}
