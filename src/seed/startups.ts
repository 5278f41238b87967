import { DEMO_STARTUPS } from './demo';
import { User } from '../users/model';
import { Startup } from '../startups/model';
import { ladderOf, programmeOf } from '../programmes/ladder';
import { withLuhnDigit } from '../startups/siret';

/** Fictional profile details of the demo startups (invented legal names, fictional SIRETs, example.org sites). */
const PROFILES: Record<string, { legalName: string; founded: string; tags: string[]; figures: [number, number, number][] }> = {
  cardiosense: { legalName: 'CardioSense SAS', founded: '2021-04-12', tags: ['dispositif connecté', 'cardiologie', 'CE'], figures: [[6, 400000, 0], [11, 1500000, 120000], [14, 1500000, 310000]] },
  oncolytix: { legalName: 'Oncolytix Therapeutics SAS', founded: '2020-09-01', tags: ['virothérapie', 'tumeurs solides'], figures: [[5, 900000, 0], [9, 3200000, 0]] },
  diagnoflash: { legalName: 'DiagnoFlash SAS', founded: '2023-01-20', tags: ['test rapide', 'pharmacie', 'infectiologie'], figures: [[3, 150000, 0], [4, 350000, 15000]] },
  seniorlink: { legalName: 'SeniorLink SAS', founded: '2019-06-03', tags: ['aidants', 'maintien à domicile'], figures: [[8, 600000, 240000], [12, 1200000, 520000], [15, 1200000, 780000]] },
  'biocell-factory': { legalName: 'BioCell Factory SA', founded: '2020-02-14', tags: ['bioproduction', 'thérapie cellulaire'], figures: [[10, 2500000, 0], [16, 6000000, 90000]] },
  dermai: { legalName: 'DermAI SAS', founded: '2021-11-08', tags: ['IA', 'dermatologie', 'imagerie'], figures: [[4, 500000, 0], [7, 1100000, 60000], [9, 1100000, 140000]] },
  'respira-care': { legalName: 'RespiraCare SAS', founded: '2022-05-30', tags: ['dispositif connecté', 'pneumologie'], figures: [[3, 200000, 0], [5, 450000, 0]] },
  neurotrack: { legalName: 'NeuroTrack SAS', founded: '2024-03-11', tags: ['jeux sérieux', 'neurologie'], figures: [[2, 50000, 0], [3, 120000, 0]] },
  genomedix: { legalName: 'GenomeDix SAS', founded: '2021-07-19', tags: ['séquençage', 'oncologie pédiatrique'], figures: [[6, 1300000, 0], [8, 2100000, 45000]] },
  orthoprint: { legalName: 'OrthoPrint SAS', founded: '2018-10-02', tags: ['impression 3D', 'orthopédie', 'CE'], figures: [[18, 4000000, 1900000], [26, 9000000, 3400000], [31, 9000000, 4600000]] },
  'microbiota-lab': { legalName: 'Microbiota Lab SAS', founded: '2024-01-08', tags: ['microbiote', 'MICI'], figures: [[2, 80000, 0], [3, 80000, 0]] },
  pharmatrace: { legalName: 'PharmaTrace SAS', founded: '2019-03-25', tags: ['traçabilité', 'chaîne du froid'], figures: [[9, 1000000, 650000], [13, 2500000, 1300000]] },
};

const NOTES = [
  'Entrée dans le programme après le comité de sélection.',
  'Premiers résultats présentés au comité : passage validé.',
  'Jalons techniques atteints, dossier revu par le comité.',
  'Passage validé en comité de suivi.',
];

const DAY = 24 * 60 * 60 * 1000;

/**
 * The stage path of a demo startup: 2 to 4 entries ending at its current stage. A startup still at the
 * first stage went up and came back (one backward move), so the demo shows that case too.
 */
function stagePath(ladder: string[], current: string): { stage: string; from: string | null; direction: 'initial' | 'forward' | 'backward' }[] {
  const index = Math.max(0, ladder.indexOf(current));
  if (index === 0) {
    return [
      { stage: ladder[0], from: null, direction: 'initial' },
      { stage: ladder[1] ?? ladder[0], from: ladder[0], direction: 'forward' },
      { stage: ladder[0], from: ladder[1] ?? ladder[0], direction: 'backward' },
    ];
  }
  const start = Math.max(0, index - 3);
  const keys = ladder.slice(start, index + 1);
  return keys.map((stage, i) => ({ stage, from: i === 0 ? null : keys[i - 1], direction: i === 0 ? 'initial' : 'forward' }));
}

/**
 * Fills the profile, stage history and headline figures of every demo startup (DEMO_STARTUPS).
 * Idempotent: each part is written only when still empty, so running it twice adds nothing.
 * Returns the number of startups it changed.
 */
export async function seedStartupProfiles(now = new Date()): Promise<number> {
  const manager = (await User.findOne({ email: 'manager@demo.boost' }).lean()) ?? (await User.findOne({ role: 'manager' }).sort({ createdAt: 1 }).lean());
  const by = manager?._id;
  const byName = manager?.name ?? 'Boost';
  let changed = 0;
  for (const [i, demo] of DEMO_STARTUPS.entries()) {
    const startup = await Startup.findOne({ slug: demo.slug });
    const profile = PROFILES[demo.slug];
    if (!startup || !profile) continue;
    const ladder = ladderOf(await programmeOf(startup.programme)).map((s) => s.key);
    let touched = false;
    if (!startup.legalName) {
      startup.set({
        legalName: profile.legalName,
        siret: withLuhnDigit(`9${String(112345678 + i * 7919).slice(1)}0001`),
        foundedAt: new Date(profile.founded),
        website: `https://${demo.slug}.example.org`,
        tags: profile.tags,
      });
      touched = true;
    }
    if (startup.stageHistory.length === 0 && ladder.length > 0) {
      const path = stagePath(ladder, startup.stage);
      const first = now.getTime() - (path.length * 120 + i * 3) * DAY;
      path.forEach((move, k) => {
        startup.stageHistory.push({ ...move, at: new Date(first + k * 120 * DAY), by, byName, note: move.direction === 'backward' ? 'Résultats de la preuve de concept insuffisants : retour en idéation décidé en comité.' : NOTES[Math.min(k, NOTES.length - 1)], gateOverridden: false, missingGates: [] });
      });
      touched = true;
    }
    if (startup.figures.length === 0) {
      const count = profile.figures.length;
      profile.figures.forEach(([headcount, fundsRaised, revenue], k) => {
        const asOf = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - (count - 1 - k) * 180 * DAY);
        startup.figures.push({ asOf, headcount, fundsRaised, revenue, by, byName, recordedAt: new Date(Math.min(asOf.getTime() + 2 * DAY, now.getTime())) });
      });
      touched = true;
    }
    if (touched) {
      await startup.save();
      changed += 1;
    }
  }
  return changed;
}
