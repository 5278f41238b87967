import { randomUUID } from 'node:crypto';
import { DEMO_STARTUPS } from './demo';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { ReadinessAssessment, ReadinessTarget } from '../readiness/model';

/** Typical level per axis at each stage of the default ladder (customer, technology, business model, IPR, team, funding). */
const STAGE_LEVELS: Record<string, number[]> = {
  ideation: [2, 1, 1, 1, 2, 1],
  proof_of_concept: [3, 3, 2, 2, 3, 2],
  development: [4, 4, 3, 4, 4, 3],
  validation: [5, 6, 5, 5, 5, 5],
  market_entry: [7, 8, 6, 6, 6, 6],
  scale_up: [8, 9, 8, 7, 7, 8],
};
const AXES = ['customer', 'technology', 'business_model', 'ipr', 'team', 'funding'];

/** Short demo justifications per axis, by how advanced the level is. */
const WHY: Record<string, [string, string, string]> = {
  customer: ['Besoin exprimé par quelques soignants rencontrés.', 'Besoin confirmé par des entretiens avec plusieurs services hospitaliers.', 'Premiers clients payants et retours d’usage suivis.'],
  technology: ['Principe validé sur banc, pas encore de prototype.', 'Prototype testé en conditions proches du réel.', 'Produit qualifié, utilisé en routine chez les premiers clients.'],
  business_model: ['Modèle envisagé, prix non testé.', 'Modèle de revenus et voie de remboursement étudiés.', 'Prix et canal de vente validés par les ventes.'],
  ipr: ['Inventions identifiées, pas encore de dépôt.', 'Demande de brevet prioritaire déposée.', 'Brevets étendus sur les marchés visés.'],
  team: ['Fondateurs à temps partiel, compétences réglementaires à trouver.', 'Équipe fondatrice complète, premiers recrutements.', 'Équipe de direction en place, comité scientifique actif.'],
  funding: ['Prêt d’honneur en cours de demande.', 'Subventions obtenues, tour d’amorçage en préparation.', 'Tour de financement bouclé, trésorerie sur 24 mois.'],
};

/** Demo startups that get end-of-cohort targets (+ levels above their latest assessment). */
const TARGETED: Record<string, number> = { cardiosense: 2, oncolytix: 2, diagnoflash: 1, 'biocell-factory': 1 };
/** Startups assessed by the demo mentor (the ones assigned to her); the demo manager assesses the others. */
const BY_MENTOR = new Set(['cardiosense', 'oncolytix']);

const DAY = 24 * 60 * 60 * 1000;
const dayOnly = (d: Date): Date => new Date(`${d.toISOString().slice(0, 10)}T00:00:00.000Z`);
const clamp = (n: number): number => Math.min(9, Math.max(1, n));

function scoresFor(levels: number[]) {
  return AXES.map((axis, i) => {
    const level = clamp(levels[i]);
    const why = WHY[axis][level <= 3 ? 0 : level <= 6 ? 1 : 2];
    return { axis, level, justification: why };
  });
}

/**
 * One or two assessments for every demo startup, consistent with its stage, and targets for a few.
 * Idempotent: a startup that already has an assessment (or targets) is left as it is.
 */
export async function seedReadiness(now = new Date()): Promise<{ assessments: number; targets: number }> {
  const manager = await User.findOne({ email: 'manager@demo.boost' }).lean();
  const mentor = await User.findOne({ email: 'mentor@demo.boost' }).lean();
  let assessments = 0;
  let targets = 0;
  for (const [index, demo] of DEMO_STARTUPS.entries()) {
    const startup = await Startup.findOne({ slug: demo.slug }).lean();
    if (!startup) continue;
    const base = STAGE_LEVELS[startup.stage ?? demo.stage] ?? STAGE_LEVELS[demo.stage] ?? STAGE_LEVELS.ideation;
    // A small per-startup variation so that the radars differ.
    const latest = base.map((l, i) => clamp(l + (((index + i) % 3) - 1)));
    const assessor = BY_MENTOR.has(demo.slug) && mentor ? mentor : manager;
    if (assessor && !(await ReadinessAssessment.exists({ startup: startup._id }))) {
      const twice = index % 3 !== 2;
      const rounds = twice ? [{ levels: latest.map((l, i) => clamp(l - ((i + index) % 2))), ago: 100 }, { levels: latest, ago: 14 }] : [{ levels: latest, ago: 21 }];
      for (const round of rounds) {
        await ReadinessAssessment.create({
          startup: startup._id,
          date: dayOnly(new Date(now.getTime() - round.ago * DAY)),
          assessor: assessor._id,
          assessorName: assessor.name,
          assessorRole: assessor.role === 'mentor' ? 'mentor' : 'manager',
          scores: scoresFor(round.levels),
          submissionId: randomUUID(),
        });
        assessments += 1;
      }
    }
    const plus = TARGETED[demo.slug];
    if (plus && manager && !(await ReadinessTarget.exists({ startup: startup._id }))) {
      await ReadinessTarget.create({
        startup: startup._id,
        levels: AXES.map((axis, i) => ({ axis, level: clamp(latest[i] + plus) })),
        setBy: manager._id,
        setByName: manager.name,
        setAt: now,
        revision: 1,
      });
      targets += 1;
    }
  }
  return { assessments, targets };
}
