import type { PartnerKind } from '../../partners/model';
import type { FreeNeed, OutcomeKind } from '../../referrals/model';

/** The words and habits of the partner organisations of the bench datasets (French, as the programme writes them). */
export interface PackText {
  fr: string;
  en: string;
  days: number;
  description: string;
}

export interface PartnerProfile {
  name: string;
  description: string;
  website: string;
  contact: { name: string; email: string; phone: string };
  packs: PackText[];
  /** The needs a manager names when no pack fits. */
  freeNeeds: FreeNeed[];
  /** Share of referrals answered, share of answers that accept, and how fast (1: in the typical days). */
  answers: number;
  accepts: number;
  pace: number;
  /** What may come of an accepted referral, beside a meeting and "no fit". */
  successes: OutcomeKind[];
  /** How often a manager picks this organisation, among the others. */
  weight: number;
}

const contact = (name: string, domain: string, phone: string) => ({ name, email: `${name.split(' ')[0].toLowerCase()}@${domain}`, phone });

export const PARTNER_PROFILES: Record<PartnerKind, PartnerProfile> = {
  genopole_network: {
    name: 'Réseau Génopole Santé',
    description: 'Réseau d’accompagnement à la valorisation : levée de fonds, partenariats, accès au marché, pré-industrialisation.',
    website: 'https://genopole-sante.example.org',
    contact: contact('Hélène Carpentier', 'genopole-sante.example.org', '01 60 87 00 00'),
    packs: [
      { fr: 'Levée de fonds', en: 'Fundraising', days: 21, description: 'Préparation et mise en relation avec des investisseurs santé.' },
      { fr: 'Partenariats', en: 'Partnerships', days: 30, description: 'Recherche de partenaires industriels et académiques.' },
      { fr: 'Accès au marché', en: 'Market access', days: 30, description: 'Remboursement, acheteurs hospitaliers, premiers clients.' },
      { fr: 'Pré-industrialisation', en: 'Pre-industrialisation', days: 45, description: 'Passage à l’échelle de la production, sites de bioproduction.' },
    ],
    freeNeeds: ['commercial_introduction', 'funding', 'manufacturing', 'regulatory'],
    answers: 0.92,
    accepts: 0.6,
    pace: 0.6,
    successes: ['agreement_signed', 'investment', 'pilot_started'],
    weight: 2,
  },
  investor: {
    name: 'Fonds Santé Amorçage',
    description: 'Fonds d’amorçage santé : tickets de 300 k€ à 2 M€.',
    website: 'https://fonds-sante-amorcage.example.org',
    contact: contact('Olivier Marchand', 'fonds-sante-amorcage.example.org', '01 44 55 66 77'),
    packs: [
      { fr: 'Étude d’investissement', en: 'Investment review', days: 15, description: 'Première lecture du dossier et rendez-vous avec l’équipe.' },
      { fr: 'Comité d’investissement', en: 'Investment committee', days: 30, description: 'Présentation au comité après l’étude.' },
    ],
    freeNeeds: ['funding'],
    answers: 0.9,
    accepts: 0.35,
    pace: 0.7,
    successes: ['investment'],
    weight: 1.6,
  },
  hospital: {
    name: 'CHU Métropole – cellule innovation',
    description: 'Cellule achats et innovation d’un centre hospitalier universitaire.',
    website: 'https://chu-metropole.example.org',
    contact: contact('Anne Vidal', 'chu-metropole.example.org', '04 72 00 00 00'),
    packs: [
      { fr: 'Évaluation clinique', en: 'Clinical evaluation', days: 30, description: 'Évaluation en service, retour des utilisateurs.' },
      { fr: 'Achat innovant', en: 'Innovative procurement', days: 45, description: 'Procédure d’achat innovant après une évaluation réussie.' },
    ],
    freeNeeds: ['clinical_site', 'commercial_introduction'],
    answers: 0.85,
    accepts: 0.5,
    pace: 0.9,
    successes: ['pilot_started', 'agreement_signed'],
    weight: 1.5,
  },
  incubator_hosting: {
    name: 'Incubateur Biotech Rhône',
    description: 'Incubateur qui héberge des startups santé : bureaux, laboratoires L1 et L2.',
    website: 'https://incubateur-biotech.example.org',
    contact: contact('Bruno Lemaire', 'incubateur-biotech.example.org', '04 78 11 22 33'),
    packs: [
      { fr: 'Hébergement', en: 'Hosting', days: 10, description: 'Bureaux et paillasses dans nos sites.' },
      { fr: 'Accompagnement incubation', en: 'Incubation support', days: 20, description: 'Suivi mensuel par un chargé d’affaires.' },
    ],
    freeNeeds: ['hosting'],
    answers: 0.95,
    accepts: 0.7,
    pace: 0.4,
    successes: ['agreement_signed'],
    weight: 1,
  },
  industry: {
    name: 'MedIndustrie Groupe',
    description: 'Groupe industriel des dispositifs médicaux : partenariats, licences, distribution.',
    website: 'https://medindustrie.example.org',
    contact: contact('Marc Delorme', 'medindustrie.example.org', '03 88 12 34 56'),
    packs: [
      { fr: 'Partenariat industriel', en: 'Industrial partnership', days: 30, description: 'Co-développement et licence.' },
      { fr: 'Distribution', en: 'Distribution', days: 30, description: 'Référencement dans notre réseau de distribution.' },
    ],
    freeNeeds: ['commercial_introduction', 'manufacturing'],
    answers: 0.8,
    accepts: 0.4,
    pace: 1,
    successes: ['agreement_signed', 'pilot_started'],
    weight: 1,
  },
  bioproduction: {
    name: 'BioProd Sud – CDMO',
    description: 'Site de bioproduction à façon : développement de procédés, lots cliniques.',
    website: 'https://bioprod-sud.example.org',
    contact: contact('Sandrine Roussel', 'bioprod-sud.example.org', '05 61 00 11 22'),
    packs: [
      { fr: 'Étude de faisabilité', en: 'Feasibility study', days: 21, description: 'Transfert de procédé et premiers essais.' },
      { fr: 'Lots cliniques', en: 'Clinical batches', days: 45, description: 'Production de lots BPF pour les essais.' },
    ],
    freeNeeds: ['manufacturing'],
    answers: 0.9,
    accepts: 0.55,
    pace: 0.8,
    successes: ['pilot_started', 'agreement_signed'],
    weight: 1,
  },
  public_agency: {
    name: 'Agence régionale d’innovation',
    description: 'Financements publics de l’innovation et accompagnement réglementaire.',
    website: 'https://agence-innovation.example.org',
    contact: contact('Julie Fabre', 'agence-innovation.example.org', '04 26 73 00 00'),
    packs: [
      { fr: 'Subvention innovation', en: 'Innovation grant', days: 45, description: 'Instruction d’une aide à l’innovation.' },
      { fr: 'Accompagnement réglementaire', en: 'Regulatory support', days: 30, description: 'Marquage CE, stratégie clinique.' },
    ],
    freeNeeds: ['funding', 'regulatory'],
    answers: 0.85,
    accepts: 0.6,
    // The slow one: most of its answers come after the deadline.
    pace: 1.4,
    successes: ['investment', 'agreement_signed'],
    weight: 0.8,
  },
  other: {
    name: 'Club des business angels santé',
    description: 'Association de business angels du secteur santé.',
    website: 'https://angels-sante.example.org',
    contact: contact('Pierre Gautier', 'angels-sante.example.org', '06 12 34 56 78'),
    packs: [],
    freeNeeds: ['funding', 'other'],
    // The silent one: it never answers, the programme ends up closing or withdrawing.
    answers: 0,
    accepts: 0,
    pace: 1,
    successes: ['investment'],
    weight: 0.5,
  },
};

/** The organisation's name in the dataset (a second one of a kind gets a number). */
export const partnerName = (kind: PartnerKind, nth: number): string => `${PARTNER_PROFILES[kind].name}${nth > 1 ? ` ${nth}` : ''} (bench)`;

export const MESSAGES = [
  'Nous vous présentons {startup}, accompagnée par le programme : pouvez-vous étudier le dossier ?',
  '{startup} cherche un partenaire pour la prochaine étape ; le dossier joint résume le projet.',
  'Suite à notre échange, voici {startup}. L’équipe est disponible pour un premier rendez-vous.',
  '{startup} arrive au bout de sa preuve de concept et a besoin de votre regard.',
  'Le comité de suivi recommande {startup} : les documents partagés donnent l’essentiel.',
];

export const DECLINE_REASONS = [
  'Stade trop précoce pour nous : revenez après la preuve de concept.',
  'Hors de notre périmètre thérapeutique.',
  'Pas de capacité d’accompagnement ce trimestre.',
  'Le besoin ne correspond à aucune de nos offres actuelles.',
  'Un projet concurrent est déjà accompagné chez nous.',
];

export const COMMENTS: Record<'programme' | 'organisation', string[]> = {
  programme: [
    'L’équipe peut vous rencontrer la semaine prochaine.',
    'Le business plan à jour est dans le dossier partagé.',
    'Avez-vous pu regarder le dossier ?',
    'Merci pour votre retour rapide.',
  ],
  organisation: [
    'Pouvez-vous nous transmettre les derniers comptes ?',
    'Nous étudions le dossier en comité jeudi.',
    'Quel est le calendrier de la levée ?',
    'Premier rendez-vous fixé avec les fondateurs.',
  ],
};

export const NO_FIT_NOTES = ['Modèle économique hors de notre thèse.', 'Calendrier incompatible avec nos cycles.', 'Le besoin clinique n’est pas confirmé par nos équipes.', 'Volumes trop faibles pour notre site.'];

export const OUTCOME_NOTES: Partial<Record<OutcomeKind, string[]>> = {
  meeting_held: ['Premier rendez-vous avec l’équipe fondatrice.', 'Visite du laboratoire.', ''],
  pilot_started: ['Évaluation en service sur trois mois.', 'Essai sur un premier lot.'],
  agreement_signed: ['Accord de partenariat signé.', 'Convention d’accompagnement signée.'],
  investment: ['Participation au tour d’amorçage.', 'Ticket investi avec un co-investisseur.'],
};
