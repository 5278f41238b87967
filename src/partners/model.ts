import { Schema, model, type InferSchemaType } from 'mongoose';

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

/** Minimal partner organisation; the referrals issue grows it. */
const partnerOrganisationSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 160, unique: true },
    kind: { type: String, enum: PARTNER_KINDS, default: 'other' },
    services: { type: String, default: '', maxlength: 2000 },
  },
  { timestamps: true, optimisticConcurrency: true },
);

export type PartnerOrganisationFields = InferSchemaType<typeof partnerOrganisationSchema>;
export const PartnerOrganisation = model('PartnerOrganisation', partnerOrganisationSchema);
