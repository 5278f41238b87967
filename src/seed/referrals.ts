import type { Types } from 'mongoose';
import { DossierDocument } from '../documents/model';
import { addDays, today } from '../hosting/days';
import { PartnerOrganisation, packsOf } from '../partners/model';
import { Referral, type OutcomeKind, type ReferralStatus } from '../referrals/model';
import { Startup } from '../startups/model';
import { User } from '../users/model';

/** The packs and descriptions of the demo organisations (set when they have none yet). */
const PROFILES: Record<string, { description: string; website: string; contact?: { name: string; email: string; phone: string }; packs: { fr: string; en: string; days: number; description: string }[] }> = {
  'Genopole démo': {
    contact: { name: 'Julie Garnier', email: 'julie.garnier@genopole.example', phone: '+33 1 60 87 00 00' },
    description: 'Réseau d’accompagnement à la valorisation : levée de fonds, partenariats, accès au marché, pré-industrialisation.',
    website: 'https://genopole.example',
    packs: [
      { fr: 'Levée de fonds', en: 'Fundraising', days: 21, description: 'Préparation et mise en relation avec des investisseurs santé.' },
      { fr: 'Partenariats', en: 'Partnerships', days: 30, description: 'Recherche de partenaires industriels et académiques.' },
      { fr: 'Accès au marché', en: 'Market access', days: 30, description: 'Remboursement, acheteurs hospitaliers, premiers clients.' },
      { fr: 'Pré-industrialisation', en: 'Pre-industrialisation', days: 45, description: 'Passage à l’échelle de la production, sites de bioproduction.' },
    ],
  },
  'Fonds Santé Avenir (démo)': { contact: { name: 'Thomas Moreau', email: 'thomas.moreau@fonds-sante.example', phone: '+33 1 44 00 00 00' }, description: 'Fonds d’amorçage santé : tickets de 300 k€ à 2 M€.', website: 'https://fonds-sante.example', packs: [{ fr: 'Étude d’investissement', en: 'Investment review', days: 15, description: 'Première lecture du dossier et rendez-vous avec l’équipe.' }] },
  'CHU Horizon (démo)': { contact: { name: 'Paul Renard', email: 'innovation@chu-horizon.example', phone: '+33 4 72 00 00 00' }, description: 'Cellule achats et innovation d’un centre hospitalier universitaire.', website: 'https://chu-horizon.example', packs: [{ fr: 'Évaluation clinique', en: 'Clinical evaluation', days: 30, description: 'Évaluation en service, retour des utilisateurs.' }] },
  'BioProd Est (démo)': {
    contact: { name: 'Marc Weber', email: 'contact@bioprod-est.example', phone: '+33 3 88 00 00 00' },
    description: 'Plateforme de bioproduction sous BPF : lots précliniques et cliniques, transfert de procédés.',
    website: 'https://bioprod-est.example',
    packs: [
      { fr: 'Faisabilité de procédé', en: 'Process feasibility', days: 20, description: 'Étude de transfert et premiers essais à petite échelle.' },
      { fr: 'Lot clinique', en: 'Clinical batch', days: 45, description: 'Production d’un lot BPF pour un essai de phase I.' },
    ],
  },
};

/** The states a referral went through to reach each state. */
const PATHS: Record<ReferralStatus, ReferralStatus[]> = {
  draft: ['draft'],
  sent: ['draft', 'sent'],
  viewed: ['draft', 'sent', 'viewed'],
  accepted: ['draft', 'sent', 'viewed', 'accepted'],
  declined: ['draft', 'sent', 'viewed', 'declined'],
  closed: ['draft', 'sent', 'viewed', 'accepted', 'closed'],
  withdrawn: ['draft', 'sent', 'withdrawn'],
};
const ANSWERED = new Set<ReferralStatus>(['accepted', 'declined', 'closed']);

/** One referral of the demo: startup slug, organisation, state, and what happened (answered `answeredIn` days after it was sent, 5 by default). */
const REFERRALS: { slug: string; organisation: string; status: ReferralStatus; daysAgo: number; respondIn: number; answeredIn?: number; declineReason?: string; outcomes?: { kind: OutcomeKind; daysAgo: number; amount?: number; note?: string }[] }[] = [
  { slug: 'cardiosense', organisation: 'Fonds Santé Avenir (démo)', status: 'sent', daysAgo: 2, respondIn: 13 },
  { slug: 'oncolytix', organisation: 'Fonds Santé Avenir (démo)', status: 'viewed', daysAgo: 20, respondIn: -5 },
  { slug: 'orthoprint', organisation: 'Fonds Santé Avenir (démo)', status: 'accepted', daysAgo: 60, respondIn: -45, answeredIn: 3, outcomes: [{ kind: 'meeting_held', daysAgo: 40 }, { kind: 'investment', daysAgo: 10, amount: 800000 }] },
  { slug: 'neurotrack', organisation: 'Fonds Santé Avenir (démo)', status: 'declined', daysAgo: 30, respondIn: -15, answeredIn: 9, declineReason: 'Stade trop précoce pour notre fonds : revenez après la preuve de concept.' },
  { slug: 'seniorlink', organisation: 'Fonds Santé Avenir (démo)', status: 'closed', daysAgo: 120, respondIn: -105, outcomes: [{ kind: 'no_fit', daysAgo: 90, note: 'Modèle économique hors de notre thèse.' }] },
  { slug: 'dermai', organisation: 'CHU Horizon (démo)', status: 'accepted', daysAgo: 45, respondIn: -15, answeredIn: 12, outcomes: [{ kind: 'pilot_started', daysAgo: 20 }] },
  { slug: 'biocell-factory', organisation: 'Genopole démo', status: 'withdrawn', daysAgo: 15, respondIn: 30 },
  { slug: 'diagnoflash', organisation: 'Genopole démo', status: 'draft', daysAgo: 1, respondIn: 29 },
  { slug: 'microbiota-lab', organisation: 'BioProd Est (démo)', status: 'accepted', daysAgo: 70, respondIn: -50, answeredIn: 6, outcomes: [{ kind: 'meeting_held', daysAgo: 55 }, { kind: 'agreement_signed', daysAgo: 12, note: 'Contrat de faisabilité signé pour deux lots pilotes.' }] },
  { slug: 'genomedix', organisation: 'Genopole démo', status: 'sent', daysAgo: 25, respondIn: -4 },
];

/**
 * The referrals demo: the organisations' packs, then a referral in every state (the demo partner's
 * fund receives most; the demo founder's startup has one with a confidential document waiting for
 * consent when its dossier holds one). Idempotent: nothing is written once a referral exists.
 */
export async function seedReferrals(now = new Date()): Promise<number> {
  let created = 0;
  for (const [name, profile] of Object.entries(PROFILES)) {
    const org = await PartnerOrganisation.findOne({ name }, { services: 1 }).lean();
    // Packs already there (a seed run before): left as they are; a database from before packs held a text here.
    if (!org || (Array.isArray(org.services) && org.services.length > 0)) continue;
    const done = await PartnerOrganisation.updateOne(
      { _id: org._id },
      { $set: { description: profile.description, website: profile.website, ...(profile.contact ? { contact: profile.contact } : {}), services: profile.packs.map((p) => ({ name: { fr: p.fr, en: p.en }, description: p.description, typicalResponseDays: p.days })) } },
    );
    created += done.modifiedCount;
  }
  if (await Referral.exists({})) return created;
  const manager = await User.findOne({ email: 'manager@demo.boost' }, { name: 1 }).lean();
  const day = today(now);
  for (const r of REFERRALS) {
    const [startup, organisation] = await Promise.all([Startup.findOne({ slug: r.slug }, { name: 1 }).lean(), PartnerOrganisation.findOne({ name: r.organisation }).lean()]);
    if (!startup || !organisation) continue;
    const docs = await DossierDocument.find({ startup: startup._id, deletedAt: null }, { confidential: 1 }).limit(3).lean();
    const at = (daysAgo: number): Date => new Date(now.getTime() - daysAgo * 86400000);
    const sentAt = at(r.daysAgo);
    const sent = r.status !== 'draft';
    const by = { by: manager?._id, byName: manager?.name ?? '' };
    const pack = packsOf(organisation)[0];
    const answered = ANSWERED.has(r.status) ? at(r.daysAgo - (r.answeredIn ?? 5)) : undefined;
    const path = PATHS[r.status];
    await Referral.create({
      startup: startup._id,
      organisation: organisation._id,
      need: pack ? { pack: pack._id, packName: { fr: pack.name?.fr ?? '', en: pack.name?.en ?? '' } } : { free: 'funding' },
      message: `Nous vous présentons ${startup.name}, accompagnée par le programme : pouvez-vous étudier le dossier ?`,
      documents: docs.map((d) => d._id),
      shared: sent ? docs.filter((d) => !d.confidential).map((d) => ({ document: d._id, sharedAt: sentAt, ...by })) : [],
      consents: sent ? docs.filter((d) => d.confidential).map((d) => ({ document: d._id, status: 'pending', requestedAt: sentAt })) : [],
      respondBy: addDays(day, r.respondIn),
      status: r.status,
      sentAt: sent ? sentAt : undefined,
      declineReason: r.declineReason ?? '',
      answeredAt: answered,
      // The way the services would have moved it: draft, sent, opened, answered, closed.
      transitions: path.map((status, i) => ({ status, at: i === 0 ? at(r.daysAgo + 1) : ['accepted', 'declined', 'closed'].includes(status) && answered ? answered : sentAt, ...by })),
      outcomes: (r.outcomes ?? []).map((o) => ({ kind: o.kind, on: addDays(day, -o.daysAgo), amount: o.amount, note: o.note ?? '', at: at(o.daysAgo) })),
      createdBy: by.by as Types.ObjectId | undefined,
      createdByName: by.byName,
    });
    created += 1;
  }
  return created;
}
