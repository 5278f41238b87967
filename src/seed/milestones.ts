import { DEMO_STARTUPS } from './demo';
import { DossierDocument } from '../documents/model';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { Milestone } from '../milestones/model';
import type { Dimension } from '../milestones/schemas';
import { startOfToday } from '../milestones/service';
import { MilestoneTrack } from '../milestones/track.model';

type Step = [titleFr: string, titleEn: string, descFr: string, descEn: string, dimension: Dimension, offsetDays: number];

const steps = (list: Step[]) =>
  list.map(([titleFr, titleEn, descFr, descEn, dimension, offsetDays]) => ({ title: { fr: titleFr, en: titleEn }, description: { fr: descFr, en: descEn }, dimension, offsetDays }));

/**
 * The two tracks shipped with the app, written by us from the public regulatory path of a medical device
 * (EU MDR 2017/745 / IVDR 2017/746) and of a medicine candidate. They are a starting point, not advice.
 */
export const SEED_TRACKS = [
  {
    key: 'medical-device',
    name: { fr: 'Dispositif médical (MDR / IVDR)', en: 'Medical device (MDR / IVDR)' },
    steps: steps([
      ['Destination et classe MDR/IVDR', 'Intended purpose and MDR/IVDR class', 'Rédiger la destination du dispositif et déterminer sa classe selon les règles de l’annexe VIII du MDR (ou de l’IVDR).', 'Write the intended purpose and determine the class under the rules of MDR Annex VIII (or the IVDR).', 'regulatory', 30],
      ['Système de management de la qualité ISO 13485', 'ISO 13485 quality management system', 'Mettre en place le système qualité (procédures, maîtrise de la conception, fournisseurs) conforme à l’ISO 13485.', 'Set up the quality system (procedures, design control, suppliers) in line with ISO 13485.', 'regulatory', 120],
      ['Dossier de gestion des risques ISO 14971', 'ISO 14971 risk management file', 'Plan, analyse et maîtrise des risques, évaluation du risque résiduel selon l’ISO 14971.', 'Risk management plan, analysis and control, residual risk evaluation under ISO 14971.', 'regulatory', 150],
      ['Évaluation / investigation clinique', 'Clinical evaluation / investigation', 'Plan d’évaluation clinique ; investigation clinique si les données existantes ne suffisent pas (ISO 14155).', 'Clinical evaluation plan; clinical investigation when existing data are not enough (ISO 14155).', 'clinical', 270],
      ['Choix de l’organisme notifié', 'Notified body engaged', 'Choisir un organisme notifié désigné pour le code du dispositif et signer le contrat d’évaluation.', 'Choose a notified body designated for the device code and sign the assessment contract.', 'regulatory', 300],
      ['Marquage CE', 'CE marking', 'Documentation technique évaluée, certificat obtenu, déclaration UE de conformité signée, enregistrement EUDAMED.', 'Technical documentation assessed, certificate obtained, EU declaration of conformity signed, EUDAMED registration.', 'regulatory', 450],
      ['Première vente', 'First sale', 'Premier dispositif vendu à un établissement de santé ou un distributeur, surveillance après commercialisation en place.', 'First device sold to a healthcare provider or distributor, post-market surveillance in place.', 'commercial', 540],
    ]),
  },
  {
    key: 'biotech',
    name: { fr: 'Biotech : du préclinique à la phase I', en: 'Biotech: from preclinical to phase I' },
    steps: steps([
      ['Preuve de concept préclinique', 'Preclinical proof of concept', 'Efficacité démontrée sur des modèles pertinents (in vitro, in vivo), résultats reproduits.', 'Efficacy shown in relevant models (in vitro, in vivo), results reproduced.', 'technology', 90],
      ['Toxicologie réglementaire BPL', 'GLP toxicology', 'Études de toxicologie et de sécurité conduites selon les bonnes pratiques de laboratoire (BPL).', 'Toxicology and safety studies run under good laboratory practice (GLP).', 'regulatory', 240],
      ['Partenaire de fabrication BPF', 'GMP manufacturing partner', 'Sous-traitant de production retenu, lots cliniques fabriqués selon les bonnes pratiques de fabrication (BPF).', 'Contract manufacturer chosen, clinical batches made under good manufacturing practice (GMP).', 'technology', 300],
      ['Demande d’autorisation d’essai clinique', 'Clinical trial application', 'Dossier déposé via le CTIS (règlement UE 536/2014) : protocole, brochure investigateur, dossier du médicament expérimental.', 'Application filed through CTIS (EU Regulation 536/2014): protocol, investigator’s brochure, IMP dossier.', 'clinical', 360],
      ['Essai de phase I', 'Phase I trial', 'Premier essai chez l’humain : sécurité, tolérance et pharmacocinétique ; premier patient inclus.', 'First-in-human trial: safety, tolerability and pharmacokinetics; first patient dosed.', 'clinical', 450],
    ]),
  },
];

/** Creates the shipped tracks that are missing (by key). Idempotent. Returns how many were created. */
export async function seedTracks(): Promise<number> {
  let created = 0;
  for (const track of SEED_TRACKS) {
    if (await MilestoneTrack.exists({ key: track.key })) continue;
    await MilestoneTrack.create(track);
    created += 1;
  }
  return created;
}

const DAY = 24 * 60 * 60 * 1000;

type DemoState = 'planned' | 'submitted' | 'changes_requested' | 'approved';
/** Per demo startup: [title, dimension, due in days from today (negative: past), state]. */
const DEMO_MILESTONES: [string, Dimension, number, DemoState][] = [
  ['Étude de marché auprès de 20 établissements', 'customer', -60, 'approved'],
  ['Dossier de brevet déposé', 'ipr', -5, 'submitted'],
  ['Plan de financement 2026-2027', 'financing', 10, 'changes_requested'],
  ['Recrutement d’un responsable qualité', 'team', 45, 'planned'],
  ['Lettres d’intention de deux hôpitaux', 'commercial', -12, 'planned'],
];

/**
 * A few milestones in every state for each demo startup: approved (achieved), submitted with evidence
 * and a dossier document, sent back with a manager's comment, planned (one of them overdue).
 * Idempotent: a startup that already has milestones is left alone. Returns the number created.
 */
export async function seedMilestones(now = new Date()): Promise<number> {
  const manager = (await User.findOne({ email: 'manager@demo.boost' }).lean()) ?? (await User.findOne({ role: 'manager' }).sort({ createdAt: 1 }).lean());
  const today = startOfToday(now).getTime();
  let created = 0;
  for (const demo of DEMO_STARTUPS) {
    const startup = await Startup.findOne({ slug: demo.slug }).lean();
    if (!startup || (await Milestone.exists({ startup: startup._id }))) continue;
    const founder = await User.findOne({ role: 'founder', startups: startup._id }).lean();
    const submitter = founder ?? manager;
    // A non-confidential document when there is one, so the assigned mentor can open the evidence too.
    const doc =
      (await DossierDocument.findOne({ startup: startup._id, deletedAt: null, confidential: false }).sort({ createdAt: 1 }).lean()) ??
      (await DossierDocument.findOne({ startup: startup._id, deletedAt: null }).sort({ createdAt: 1 }).lean());
    const by = (u: typeof manager, decision: string, comment: string, daysAgo: number) =>
      u ? [{ by: u._id, byName: u.name, byRole: u.role, at: new Date(now.getTime() - daysAgo * DAY), decision, comment }] : [];
    const rows = DEMO_MILESTONES.map(([title, dimension, due, state]) => {
      const submittedAt = new Date(now.getTime() - (state === 'approved' ? 70 : state === 'submitted' ? 3 : 20) * DAY);
      const evidence =
        state === 'planned'
          ? undefined
          : { text: `${title} : éléments transmis par ${demo.name} (démonstration).`, documents: doc ? [doc._id] : [], submittedAt, submittedBy: submitter?._id };
      const thread = [
        ...(state !== 'planned' ? by(submitter, 'submitted', '', state === 'approved' ? 70 : state === 'submitted' ? 3 : 20) : []),
        ...(state === 'approved' ? by(manager, 'approved', 'Conforme : bravo.', 65) : []),
        ...(state === 'changes_requested' ? by(manager, 'changes_requested', 'Merci d’ajouter le plan de trésorerie mensuel et les hypothèses de levée.', 15) : []),
      ];
      return {
        startup: startup._id,
        title,
        description: '',
        dimension,
        dueDate: new Date(today + due * DAY),
        status: state,
        proposedBy: manager?._id,
        proposedByRole: 'manager',
        evidence,
        thread,
        achievedAt: state === 'approved' ? new Date(now.getTime() - 65 * DAY) : undefined,
      };
    });
    await Milestone.insertMany(rows);
    created += rows.length;
  }
  return created;
}
