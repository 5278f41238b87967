import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

export const PARTNER_KINDS = [
  'incubator_hosting',
  'genopole_network',
  'investor',
  'hospital',
  'industry',
  'bioproduction',
  'public_agency',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/**
 * A service an organisation offers as a named pack ("Levée de fonds", "Accès au marché"): its name in
 * both languages, what it holds, and how many days the organisation usually takes to answer a
 * referral for it (the default response deadline of a referral naming the pack).
 */
const packSchema = new Schema({
  name: {
    fr: { type: String, required: true, trim: true, maxlength: 160 },
    en: { type: String, required: true, trim: true, maxlength: 160 },
  },
  description: { type: String, default: '', maxlength: 2000 },
  typicalResponseDays: { type: Number, default: 15, min: 1, max: 365 },
});

/** The person a manager writes to at the organisation (partner users are Users linked to it). */
const contactSchema = new Schema(
  {
    name: { type: String, default: '', trim: true, maxlength: 120 },
    email: { type: String, default: '', trim: true, lowercase: true, maxlength: 254 },
    phone: { type: String, default: '', trim: true, maxlength: 40 },
  },
  { _id: false },
);

/**
 * A partner organisation (DESIGN.md section 2; issue 11): a genopole-style network selling packs,
 * an investor, a hospital buyers' office, a bioproduction site, an incubator that hosts. Its users
 * are the Users whose `organisation` is this one (a partner user belongs to exactly one).
 */
const partnerOrganisationSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 160, unique: true },
    kind: { type: String, enum: PARTNER_KINDS, default: 'other' },
    description: { type: String, default: '', maxlength: 4000 },
    services: { type: [packSchema], default: [] },
    contact: { type: contactSchema, default: () => ({}) },
    /** http(s) only (checked by the forms' schema). */
    website: { type: String, default: '', trim: true, maxlength: 300 },
  },
  { timestamps: true, optimisticConcurrency: true },
);

export type PartnerOrganisationFields = InferSchemaType<typeof partnerOrganisationSchema>;
export const PartnerOrganisation = model('PartnerOrganisation', partnerOrganisationSchema);

/** A pack as stored in the organisation's document. */
export interface Pack {
  _id: Types.ObjectId;
  name: { fr: string; en: string };
  description: string;
  typicalResponseDays: number;
}

/** An organisation's packs; a database from before packs may still hold the old free text there (no pack). */
export function packsOf(organisation: { services?: unknown }): Pack[] {
  // The schema above is what wrote them; only a database from before packs differs (a string).
  return Array.isArray(organisation.services) ? (organisation.services as Pack[]) : [];
}
