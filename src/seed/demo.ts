import type { Types } from 'mongoose';
import { audit } from '../core/audit';
import { hashPassword } from '../core/auth/password';
import { Cohort } from '../programmes/cohort.model';
import { DEFAULT_STAGES, Programme } from '../programmes/model';
import { PartnerOrganisation } from '../partners/model';
import { Setting } from '../setup/model';
import { Startup, type AREAS } from '../startups/model';
import type { PARTNER_KINDS } from '../partners/model';
import { User } from '../users/model';
import { type Role } from '../core/policy';

/** Fictional demo data: names and companies are invented. */
export const DEMO_PROGRAMME = { name: 'Santenov’Boost', description: 'Programme d’accélération des startups santé de la région (démonstration).' };

export const DEMO_COHORTS = [
  { name: 'Boost 2026 – printemps', startDate: new Date('2026-03-02'), endDate: new Date('2026-09-30'), status: 'active' as const },
  { name: 'Boost 2026 – automne', startDate: new Date('2026-10-05'), endDate: new Date('2027-04-30'), status: 'planned' as const },
];

export const DEMO_STARTUPS: { slug: string; name: string; area: (typeof AREAS)[number]; stage: string; cohort: number; pitch: string }[] = [
  { slug: 'cardiosense', name: 'CardioSense', area: 'medtech', stage: 'validation', cohort: 0, pitch: 'Patch connecté de surveillance du rythme cardiaque après une chirurgie.' },
  { slug: 'oncolytix', name: 'Oncolytix', area: 'oncology', stage: 'development', cohort: 0, pitch: 'Virus oncolytiques ciblant les tumeurs solides résistantes.' },
  { slug: 'diagnoflash', name: 'DiagnoFlash', area: 'diagnostics', stage: 'proof_of_concept', cohort: 0, pitch: 'Test rapide des infections urinaires en pharmacie, résultat en 15 minutes.' },
  { slug: 'seniorlink', name: 'SeniorLink', area: 'silver_economy', stage: 'market_entry', cohort: 0, pitch: 'Plateforme de coordination des aidants pour le maintien à domicile.' },
  { slug: 'biocell-factory', name: 'BioCell Factory', area: 'biotherapies', stage: 'development', cohort: 0, pitch: 'Production automatisée de thérapies cellulaires en lots de petite taille.' },
  { slug: 'dermai', name: 'DermAI', area: 'e_health', stage: 'validation', cohort: 0, pitch: 'Aide au diagnostic des lésions cutanées par analyse d’image.' },
  { slug: 'respira-care', name: 'RespiraCare', area: 'medtech', stage: 'proof_of_concept', cohort: 1, pitch: 'Spiromètre de poche relié au dossier du pneumologue.' },
  { slug: 'neurotrack', name: 'NeuroTrack', area: 'e_health', stage: 'ideation', cohort: 1, pitch: 'Suivi des troubles cognitifs légers par jeux sérieux.' },
  { slug: 'genomedix', name: 'GenomeDix', area: 'diagnostics', stage: 'development', cohort: 1, pitch: 'Séquençage ciblé pour orienter les traitements en oncologie pédiatrique.' },
  { slug: 'orthoprint', name: 'OrthoPrint', area: 'medtech', stage: 'scale_up', cohort: 0, pitch: 'Orthèses imprimées en 3D sur mesure à partir d’un scan smartphone.' },
  { slug: 'microbiota-lab', name: 'Microbiota Lab', area: 'biotherapies', stage: 'ideation', cohort: 1, pitch: 'Consortiums bactériens pour les maladies inflammatoires de l’intestin.' },
  { slug: 'pharmatrace', name: 'PharmaTrace', area: 'other', stage: 'market_entry', cohort: 0, pitch: 'Traçabilité des médicaments thermosensibles de l’usine au patient.' },
];

export const DEMO_ORGANISATIONS: { name: string; kind: (typeof PARTNER_KINDS)[number] }[] = [
  { name: 'Genopole démo', kind: 'genopole_network' },
  { name: 'Fonds Santé Avenir (démo)', kind: 'investor' },
  { name: 'CHU Horizon (démo)', kind: 'hospital' },
  { name: 'BioProd Est (démo)', kind: 'bioproduction' },
];

/** One login per role; the passwords are for the demo only and are printed by the seed. */
export const DEMO_USERS: { email: string; name: string; role: Role; password: string; startups?: string[]; organisation?: string }[] = [
  { email: 'manager@demo.boost', name: 'Claire Martin', role: 'manager', password: 'demo manager boost' },
  { email: 'founder@demo.boost', name: 'Karim Benali', role: 'founder', password: 'demo founder boost', startups: ['cardiosense'] },
  { email: 'mentor@demo.boost', name: 'Sophie Lefèvre', role: 'mentor', password: 'demo mentor boost' },
  { email: 'partner@demo.boost', name: 'Thomas Moreau', role: 'partner', password: 'demo partner boost', organisation: 'Fonds Santé Avenir (démo)' },
  { email: 'observer@demo.boost', name: 'Isabelle Roux', role: 'observer', password: 'demo observer boost' },
  // More partner users, one per organisation that receives referrals (the first partner above stays the demo's).
  { email: 'genopole@demo.boost', name: 'Julie Garnier', role: 'partner', password: 'demo genopole boost', organisation: 'Genopole démo' },
  { email: 'chu@demo.boost', name: 'Paul Renard', role: 'partner', password: 'demo chu boost', organisation: 'CHU Horizon (démo)' },
];

/**
 * Loads the demo programme. Idempotent: every record is found by its natural key and only
 * created when missing, so running it twice changes nothing.
 */
export async function seedDemo(): Promise<{ created: number; users: typeof DEMO_USERS }> {
  let created = 0;
  const upsert = async <T>(find: () => Promise<T | null>, create: () => Promise<T>): Promise<T> => {
    const existing = await find();
    if (existing) return existing;
    created += 1;
    return create();
  };

  const programme = await upsert(
    () => Programme.findOne({ name: DEMO_PROGRAMME.name }),
    () => Programme.create({ ...DEMO_PROGRAMME, stages: DEFAULT_STAGES }),
  );
  const cohorts: { _id: Types.ObjectId }[] = [];
  for (const c of DEMO_COHORTS) {
    cohorts.push(await upsert(() => Cohort.findOne({ programme: programme._id, name: c.name }), () => Cohort.create({ ...c, programme: programme._id })));
  }
  const startups = new Map<string, Types.ObjectId>();
  for (const s of DEMO_STARTUPS) {
    const doc = await upsert(
      () => Startup.findOne({ slug: s.slug }),
      () =>
        Startup.create({
          slug: s.slug,
          name: s.name,
          area: s.area,
          stage: s.stage,
          pitch: s.pitch,
          programme: programme._id,
          cohort: cohorts[s.cohort]._id,
          status: DEMO_COHORTS[s.cohort].status === 'active' ? 'active' : 'applicant',
        }),
    );
    startups.set(s.slug, doc._id);
  }
  const organisations = new Map<string, Types.ObjectId>();
  for (const o of DEMO_ORGANISATIONS) {
    const doc = await upsert(() => PartnerOrganisation.findOne({ name: o.name }), () => PartnerOrganisation.create(o));
    organisations.set(o.name, doc._id);
  }
  for (const u of DEMO_USERS) {
    await upsert(
      () => User.findOne({ email: u.email }),
      async () =>
        User.create({
          email: u.email,
          name: u.name,
          role: u.role,
          locale: 'fr',
          passwordHash: await hashPassword(u.password),
          passwordChangedAt: new Date(),
          startups: (u.startups ?? []).flatMap((slug) => startups.get(slug) ?? []),
          organisation: u.organisation ? organisations.get(u.organisation) : undefined,
        }),
    );
  }
  // The demo counts as the first-run setup.
  await Setting.updateOne({ _id: 'setup' }, { $setOnInsert: { value: { at: new Date(), by: 'seed' } } }, { upsert: true });
  if (created > 0) await audit(null, { action: 'seed.loaded', entityType: 'Programme', entityId: String(programme._id), summary: `${created} records` });
  return { created, users: DEMO_USERS };
}
