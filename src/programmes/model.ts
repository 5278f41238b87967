import { Schema, model, type InferSchemaType } from 'mongoose';

const bilingual = { fr: { type: String, default: '' }, en: { type: String, default: '' } };

/** A gate of a stage: the minimum readiness level on one axis to enter it. */
const gateSchema = new Schema({ axis: { type: String, required: true }, level: { type: Number, min: 1, max: 9, required: true } }, { _id: false });

const stageSchema = new Schema(
  {
    key: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    label: { fr: { type: String, required: true }, en: { type: String, required: true } },
    criteria: bilingual,
    /** Minimum readiness levels to enter this stage; a move that skips them needs the manager's confirmation. */
    minLevels: { type: [gateSchema], default: [] },
  },
  { _id: false },
);

/** One readiness axis of the programme (KTH Innovation Readiness Level style), levels 1 to 9 described. */
const axisSchema = new Schema(
  {
    key: { type: String, required: true, match: /^[a-z][a-z0-9_]*$/ },
    label: { fr: { type: String, required: true }, en: { type: String, required: true } },
    /** Nine descriptions, index 0 = level 1. */
    levels: { type: [{ fr: { type: String, default: '' }, en: { type: String, default: '' } }], default: [] },
  },
  { _id: false },
);

const programmeSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    description: { type: String, default: '', maxlength: 4000 },
    stages: { type: [stageSchema], default: [] },
    /** Readiness axes; DEFAULT_AXES (src/readiness/axes.ts) when empty. */
    readinessAxes: { type: [axisSchema], default: [] },
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
