import { Types } from 'mongoose';
import type { DocumentKind } from '../../documents/model';
import type { MILESTONE_DIMENSIONS } from '../../milestones/model';
import type { DocumentRecordOverrides } from '../../documents/factories';
import type { MilestoneOverrides, ThreadEntryInput } from '../../milestones/factories';
import type { FiguresInput, StageMoveInput, StartupOverrides } from '../../seed/factories';
import { DAY, Random, addDays, apportion } from '../random';
import type { Person, Plan, StartupPlan } from './plan';

/** A startup's profile, stage history and headline figures over its time in the programme. */
const TAGS = ['dispositif connecté', 'cardiologie', 'CE', 'IA', 'oncologie', 'bioproduction', 'diagnostic', 'télésurveillance', 'MDR', 'ISO 13485', 'essai clinique', 'maintien à domicile', 'imagerie', 'microbiote', 'thérapie cellulaire', 'pharmacie', 'remboursement', 'hôpital', 'export', 'levée de fonds'];

const MILESTONES: [string, (typeof MILESTONE_DIMENSIONS)[number]][] = [
  ['Étude de marché auprès des établissements', 'customer'],
  ['Entretiens utilisateurs avec les soignants', 'customer'],
  ['Prototype fonctionnel testé sur banc', 'technology'],
  ['Vérification et validation du logiciel', 'technology'],
  ['Modèle de revenus et voie de remboursement', 'business_model'],
  ['Dépôt de la demande de brevet', 'ipr'],
  ['Liberté d’exploitation analysée', 'ipr'],
  ['Recrutement d’un responsable qualité', 'team'],
  ['Comité scientifique constitué', 'team'],
  ['Tour d’amorçage bouclé', 'funding'],
  ['Dossier de marquage CE déposé', 'regulatory'],
  ['Système qualité ISO 13485 en place', 'regulatory'],
  ['Protocole d’investigation clinique validé', 'clinical'],
  ['Premier patient inclus', 'clinical'],
  ['Lettres d’intention de deux hôpitaux', 'commercial'],
  ['Première vente', 'commercial'],
  ['Plan de financement sur 18 mois', 'financing'],
  ['Subvention régionale obtenue', 'financing'],
];

const DOCUMENTS: [string, DocumentKind, boolean, number | null][] = [
  // title, kind, confidential, validity in days (certificates expire)
  ['Dossier de candidature', 'application', false, null],
  ['Business plan', 'business_plan', true, null],
  ['Pitch deck', 'pitch_deck', false, null],
  ['Certificat ISO 13485', 'regulatory', false, 365],
  ['Déclaration de conformité CE', 'regulatory', false, 730],
  ['Demande de brevet', 'ip', true, null],
  ['Comptes annuels', 'financials', true, null],
  ['Rapport d’investigation clinique', 'clinical', false, null],
  ['Assurance responsabilité civile', 'other', false, 365],
  ['Statuts', 'other', false, null],
];

export function startupRecord(rnd: Random, plan: Plan, s: StartupPlan): StartupOverrides {
  const manager = plan.managers[0];
  const span = Math.max(1, s.windowEnd.getTime() - s.windowStart.getTime());
  const stageHistory: StageMoveInput[] = s.path.map((stage, k) => ({
    stage,
    from: k === 0 ? null : s.path[k - 1],
    at: new Date(s.windowStart.getTime() + (k * span) / s.path.length),
    direction: k === 0 ? 'initial' : s.path.indexOf(stage) < k ? 'backward' : 'forward',
    by: manager._id,
    byName: manager.name,
    note: k === 0 ? 'Entrée dans le programme après le comité de sélection.' : 'Passage validé en comité de suivi.',
  }));
  const months = span / (30 * DAY);
  const figures: FiguresInput[] = [];
  const count = plan.spec.history ? 1 + Math.floor(months / 6) : 1;
  let headcount = rnd.int(2, 6);
  let funds = rnd.int(0, 5) * 100_000;
  let revenue = 0;
  for (let k = 0; k < count; k += 1) {
    const asOf = new Date(s.windowStart.getTime() + (k * span) / count);
    figures.push({ asOf, headcount, fundsRaised: funds, revenue, recordedAt: addDays(asOf, 2), by: manager._id, byName: manager.name });
    headcount += rnd.int(0, 4);
    funds += rnd.int(0, 8) * 100_000;
    revenue += s.path.length > 3 ? rnd.int(0, 20) * 10_000 : 0;
  }
  return {
    _id: s._id,
    name: s.name,
    slug: s.slug,
    programme: plan.programmeId,
    cohort: s.cohort._id,
    status: s.status,
    stage: s.path[s.path.length - 1],
    area: s.area,
    pitch: `${s.name} : une solution de santé développée dans le programme (jeu de données du benchmark).`,
    legalName: `${s.name} SAS`,
    foundedAt: addDays(s.windowStart, -rnd.int(200, 1500)),
    website: `https://${s.slug}.example.org`,
    tags: rnd.sample(TAGS, rnd.int(1, 3)),
    stageHistory,
    figures,
    createdAt: s.windowStart,
    updatedAt: rnd.between(addDays(s.windowEnd, -60), s.windowEnd),
  };
}

export interface DocumentRef {
  _id: Types.ObjectId;
  createdAt: Date;
}

/** Dossier records of one startup: families of 1 to 3 versions, spread over its time in the programme. */
export function documentRecords(rnd: Random, s: StartupPlan, count: number, uploader: Person): { records: DocumentRecordOverrides[]; refs: DocumentRef[] } {
  const records: DocumentRecordOverrides[] = [];
  let family = 0;
  while (records.length < count) {
    const [base, kind, confidential, validity] = DOCUMENTS[family % DOCUMENTS.length];
    const title = family < DOCUMENTS.length ? base : `${base} ${Math.floor(family / DOCUMENTS.length) + 1}`;
    const versions = Math.min(count - records.length, rnd.int(1, 3));
    for (let v = 1; v <= versions; v += 1) {
      const createdAt = rnd.between(s.windowStart, s.windowEnd);
      records.push({
        _id: new Types.ObjectId(),
        startup: s._id,
        title,
        kind,
        version: v,
        originalName: `${title} v${v}.pdf`,
        size: rnd.int(20_000, 3_000_000),
        confidential,
        expiresAt: validity === null ? undefined : addDays(createdAt, validity),
        uploadedBy: uploader._id,
        uploadedByName: uploader.name,
        deletedAt: rnd.chance(0.02) ? addDays(createdAt, 10) : null,
        createdAt,
      });
    }
    family += 1;
  }
  records.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  return { records, refs: records.map((r) => ({ _id: r._id as Types.ObjectId, createdAt: r.createdAt as Date })) };
}

export interface MilestoneRef {
  _id: Types.ObjectId;
  title: string;
  dueDate: Date;
  status: string;
}

/**
 * Milestones of one startup, due dates spread over its time in the programme (and the next six months
 * while active): in the past mostly approved, some overdue or sent back; the queue holds recent
 * submissions; ahead of today mostly planned.
 */
export function milestoneRecords(rnd: Random, plan: Plan, s: StartupPlan, count: number, docs: DocumentRef[], tracks: Types.ObjectId[]): MilestoneOverrides[] {
  const now = plan.now;
  const active = s.status === 'active';
  const lastDue = active ? addDays(now, 180) : s.windowEnd;
  const firstDue = addDays(s.windowStart, 30);
  const founder = s.founders.find((f) => !f.invited) ?? plan.managers[0];
  const out: MilestoneOverrides[] = [];
  for (let k = 0; k < count; k += 1) {
    const [title, dimension] = MILESTONES[(k + s.index) % MILESTONES.length];
    const dueDate = new Date(firstDue.getTime() + ((k + rnd.next()) * Math.max(DAY, lastDue.getTime() - firstDue.getTime())) / count);
    dueDate.setUTCHours(0, 0, 0, 0);
    const manager = rnd.pick(plan.managers);
    const past = dueDate < now;
    const r = rnd.next();
    let status: MilestoneOverrides['status'];
    if (!active) status = past && r < 0.9 ? 'approved' : 'planned';
    else if (past) status = r < 0.7 ? 'approved' : r < 0.8 ? 'submitted' : r < 0.88 ? 'changes_requested' : 'planned';
    else status = r < 0.85 ? 'planned' : r < 0.95 ? 'submitted' : 'changes_requested';
    const createdAt = new Date(Math.min(now.getTime(), Math.max(s.windowStart.getTime(), dueDate.getTime() - 120 * DAY)));
    const submittedAt =
      status === 'submitted'
        ? rnd.between(new Date(Math.max(createdAt.getTime(), now.getTime() - 45 * DAY)), now)
        : new Date(Math.min(now.getTime() - DAY, Math.max(createdAt.getTime(), dueDate.getTime() - rnd.int(0, 20) * DAY)));
    const thread: ThreadEntryInput[] = [];
    const by = (p: Person, at: Date, decision: ThreadEntryInput['decision'], comment = ''): ThreadEntryInput => ({ by: p._id, byName: p.name, byRole: p.role, at, decision, comment });
    let achievedAt: Date | undefined;
    if (status !== 'planned') {
      thread.push(by(founder, submittedAt, 'submitted', 'Éléments transmis, voir les pièces jointes.'));
      if (status === 'changes_requested') thread.push(by(manager, new Date(Math.min(now.getTime(), submittedAt.getTime() + 3 * DAY)), 'changes_requested', 'Merci de compléter avec le plan de trésorerie mensuel.'));
      if (status === 'approved') {
        achievedAt = new Date(Math.min(now.getTime(), submittedAt.getTime() + rnd.int(1, 10) * DAY));
        if (rnd.chance(0.2)) thread.push(by(s.mentors[0]?.mentor ?? manager, achievedAt, 'comment', 'Bon travail, les éléments sont solides.'));
        thread.push(by(manager, achievedAt, 'approved', 'Conforme : bravo.'));
      }
    }
    const evidenceDocs = docs.filter((d) => d.createdAt <= submittedAt).slice(-2).map((d) => d._id);
    out.push({
      _id: new Types.ObjectId(),
      startup: s._id,
      title,
      description: 'Jalon du plan suivi en comité (jeu de données du benchmark).',
      dimension,
      dueDate,
      status,
      proposedBy: manager._id,
      proposedByRole: rnd.chance(0.1) ? 'founder' : 'manager',
      track: tracks.length > 0 && rnd.chance(0.2) ? rnd.pick(tracks) : undefined,
      evidence: status === 'planned' ? undefined : { text: `${title} : éléments transmis par ${s.name}.`, documents: evidenceDocs, submittedAt, submittedBy: founder._id },
      thread,
      achievedAt,
      removedAt: rnd.chance(0.02) && status !== 'approved' ? addDays(createdAt, 5) : undefined,
      createdAt,
      updatedAt: thread.at(-1)?.at ?? createdAt,
    });
  }
  return out;
}

/** How many milestones and dossier records each startup gets: the totals of the definition, by weight. */
export function shares(plan: Plan): { milestones: number[]; documents: number[] } {
  const weights = plan.startups.map((s) => s.weight);
  return {
    milestones: apportion(plan.spec.milestones, weights),
    documents: apportion(Math.round(plan.spec.documentsPerStartup * plan.startups.length), weights.map((w) => Math.sqrt(w))),
  };
}
