import { Schema, model, type InferSchemaType } from 'mongoose';

const stageSchema = new Schema(
  {
    key: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    label: { fr: { type: String, required: true }, en: { type: String, required: true } },
    criteria: { fr: { type: String, default: '' }, en: { type: String, default: '' } },
  },
  { _id: false },
);

const programmeSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    description: { type: String, default: '', maxlength: 4000 },
    stages: { type: [stageSchema], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);

export type ProgrammeFields = InferSchemaType<typeof programmeSchema>;
export const Programme = model('Programme', programmeSchema);

/** The default maturity ladder of DESIGN.md section 2. */
export const DEFAULT_STAGES = [
  {
    key: 'ideation',
    label: { fr: 'Idéation', en: 'Ideation' },
    criteria: { fr: 'Un besoin de santé identifié et une équipe fondatrice.', en: 'A health need identified and a founding team.' },
  },
  {
    key: 'proof_of_concept',
    label: { fr: 'Preuve de concept', en: 'Proof of concept' },
    criteria: { fr: 'Premiers résultats techniques ou scientifiques.', en: 'First technical or scientific results.' },
  },
  {
    key: 'development',
    label: { fr: 'Développement (prototype, préclinique)', en: 'Development (prototype, preclinical)' },
    criteria: { fr: 'Prototype fonctionnel ou données précliniques.', en: 'Working prototype or preclinical data.' },
  },
  {
    key: 'validation',
    label: { fr: 'Validation (clinique, réglementaire)', en: 'Validation (clinical, regulatory)' },
    criteria: { fr: 'Étude clinique, marquage CE, ISO 13485 en cours.', en: 'Clinical study, CE marking, ISO 13485 under way.' },
  },
  {
    key: 'market_entry',
    label: { fr: 'Mise sur le marché', en: 'Market entry' },
    criteria: { fr: 'Premières ventes, remboursement.', en: 'First sales, reimbursement.' },
  },
  {
    key: 'scale_up',
    label: { fr: 'Croissance', en: 'Scale-up' },
    criteria: { fr: 'Croissance commerciale et levée de fonds.', en: 'Commercial growth and fundraising.' },
  },
];
