import type { RequestStatus, SpaceKind } from '../hosting/model';

/**
 * The hosting demo, as data (fictional names and addresses). Days are counted from the day the seed
 * runs (negative: past), so the demo always shows past, running and upcoming agreements. The
 * allocations respect the capacity of their space on every day and the requirements of lab spaces
 * over their whole period (the seed checks both with the app's own rules before writing).
 */

export type RequirementKey = 'l2' | 'rc' | 'plan';

export const HOSTING_OPERATORS = [
  { name: 'Pépinière Santé Gerland (démo)', kind: 'incubator_hosting' as const },
  { name: 'BioIncubateur Évry (démo)', kind: 'incubator_hosting' as const },
];

export const REQUIREMENTS: { key: RequirementKey; name: string; kind: 'training' | 'document'; validityMonths: number }[] = [
  { key: 'l2', name: 'Formation sécurité laboratoire L2', kind: 'training', validityMonths: 12 },
  { key: 'rc', name: 'Attestation d’assurance RC', kind: 'document', validityMonths: 12 },
  { key: 'plan', name: 'Plan de prévention signé', kind: 'document', validityMonths: 24 },
];

export interface SpaceSeed {
  name: string;
  kind: SpaceKind;
  capacity: number;
  areaM2: number;
  pricePerSeat: number;
  openedOn: string;
  requirements: RequirementKey[];
}

export const SITES: { name: string; address: string; operator: string; accessNotes: string; spaces: SpaceSeed[] }[] = [
  {
    name: 'Pépinière Santé – Lyon Gerland',
    address: '12 rue de la Santé, 69007 Lyon',
    operator: 'Pépinière Santé Gerland (démo)',
    accessNotes: 'Badge à retirer à l’accueil (8 h – 19 h). Local vélos dans la cour.',
    spaces: [
      { name: 'Bureau 101', kind: 'office', capacity: 4, areaM2: 18, pricePerSeat: 380, openedOn: '2023-09-01', requirements: [] },
      { name: 'Bureau 102', kind: 'office', capacity: 6, areaM2: 26, pricePerSeat: 380, openedOn: '2023-09-01', requirements: [] },
      { name: 'Open space Curie', kind: 'desk', capacity: 12, areaM2: 95, pricePerSeat: 250, openedOn: '2023-09-01', requirements: [] },
      { name: 'Salle de réunion Pasteur', kind: 'meeting_room', capacity: 12, areaM2: 30, pricePerSeat: 60, openedOn: '2023-09-01', requirements: [] },
    ],
  },
  {
    name: 'BioIncubateur – Évry',
    address: '3 allée des Biotechnologies, 91000 Évry-Courcouronnes',
    operator: 'BioIncubateur Évry (démo)',
    accessNotes: 'Accès aux laboratoires sur badge après la visite de sécurité. Blouse et lunettes fournies.',
    spaces: [
      { name: 'Paillasse L1', kind: 'lab_l1', capacity: 4, areaM2: 40, pricePerSeat: 600, openedOn: '2024-01-15', requirements: ['rc', 'plan'] },
      { name: 'Paillasse L2', kind: 'lab_l2', capacity: 3, areaM2: 35, pricePerSeat: 900, openedOn: '2024-01-15', requirements: ['l2', 'rc', 'plan'] },
      { name: 'Chambre froide +4 °C', kind: 'cold_room', capacity: 6, areaM2: 12, pricePerSeat: 90, openedOn: '2024-01-15', requirements: [] },
    ],
  },
];

/** Trainings and documents held by demo startups (obtained that many days from today). */
export const RECORDS: { startup: string; requirement: RequirementKey; obtained: number; person: string }[] = [
  { startup: 'oncolytix', requirement: 'l2', obtained: -200, person: 'Léa Fontaine' },
  { startup: 'oncolytix', requirement: 'rc', obtained: -250, person: 'Léa Fontaine' },
  { startup: 'oncolytix', requirement: 'plan', obtained: -400, person: 'Léa Fontaine' },
  { startup: 'biocell-factory', requirement: 'l2', obtained: -100, person: 'Hugo Mercier' },
  { startup: 'biocell-factory', requirement: 'rc', obtained: -120, person: 'Hugo Mercier' },
  { startup: 'biocell-factory', requirement: 'plan', obtained: -120, person: 'Hugo Mercier' },
  // Expires within 60 days: shown on the manager's home and in the dossier's expiry list.
  { startup: 'genomedix', requirement: 'rc', obtained: -320, person: 'Inès Bernard' },
  { startup: 'genomedix', requirement: 'plan', obtained: -320, person: 'Inès Bernard' },
  { startup: 'microbiota-lab', requirement: 'rc', obtained: -60, person: 'Yanis Girard' },
  { startup: 'microbiota-lab', requirement: 'plan', obtained: -60, person: 'Yanis Girard' },
  // An expired certificate and its renewal.
  { startup: 'diagnoflash', requirement: 'rc', obtained: -380, person: 'Paul Chevalier' },
  { startup: 'diagnoflash', requirement: 'rc', obtained: -20, person: 'Paul Chevalier' },
  { startup: 'diagnoflash', requirement: 'plan', obtained: -380, person: 'Paul Chevalier' },
  // The demo founder's startup has the documents but not the L2 training: its pending request shows it missing.
  { startup: 'cardiosense', requirement: 'rc', obtained: -40, person: 'Karim Benali' },
  { startup: 'cardiosense', requirement: 'plan', obtained: -40, person: 'Karim Benali' },
];

export interface AllocationSeed {
  space: string;
  startup: string;
  seats: number;
  from: number;
  /** The last day now (after any change). */
  to: number;
  pricePerSeat?: number;
  /** The end first agreed, changed `at` days from today with a reason (ended early or extended). */
  change?: { previousTo: number; at: number; reason: string };
}

/** A year of agreements: past, running and upcoming; a few ended early or extended. */
export const ALLOCATIONS: AllocationSeed[] = [
  { space: 'Bureau 101', startup: 'seniorlink', seats: 4, from: -300, to: -120 },
  { space: 'Bureau 101', startup: 'dermai', seats: 3, from: -110, to: 70, change: { previousTo: 10, at: -20, reason: 'Levée de fonds décalée : l’équipe reste deux mois de plus.' } },
  { space: 'Bureau 101', startup: 'pharmatrace', seats: 4, from: 71, to: 250 },
  { space: 'Bureau 102', startup: 'orthoprint', seats: 6, from: -330, to: -45, change: { previousTo: 35, at: -60, reason: 'Installation dans leurs propres locaux avancée.' } },
  { space: 'Bureau 102', startup: 'seniorlink', seats: 2, from: -44, to: 100, pricePerSeat: 360 },
  { space: 'Bureau 102', startup: 'cardiosense', seats: 3, from: -30, to: 150 },
  { space: 'Open space Curie', startup: 'dermai', seats: 1, from: -280, to: -111 },
  { space: 'Open space Curie', startup: 'pharmatrace', seats: 3, from: -280, to: 70 },
  { space: 'Open space Curie', startup: 'diagnoflash', seats: 2, from: -250, to: 40 },
  { space: 'Open space Curie', startup: 'neurotrack', seats: 2, from: -200, to: 30, pricePerSeat: 220 },
  { space: 'Open space Curie', startup: 'seniorlink', seats: 2, from: -119, to: -45 },
  { space: 'Open space Curie', startup: 'respira-care', seats: 3, from: -90, to: 90 },
  { space: 'Open space Curie', startup: 'microbiota-lab', seats: 1, from: 20, to: 200 },
  // Single days (from = to): a committee and a workshop.
  { space: 'Salle de réunion Pasteur', startup: 'biocell-factory', seats: 8, from: -15, to: -15 },
  { space: 'Salle de réunion Pasteur', startup: 'oncolytix', seats: 10, from: 10, to: 10 },
  { space: 'Paillasse L1', startup: 'genomedix', seats: 2, from: -300, to: 20 },
  { space: 'Paillasse L1', startup: 'diagnoflash', seats: 1, from: -10, to: 200 },
  { space: 'Paillasse L1', startup: 'microbiota-lab', seats: 1, from: 30, to: 210 },
  { space: 'Paillasse L2', startup: 'oncolytix', seats: 2, from: -180, to: 45, change: { previousTo: 100, at: -5, reason: 'Fin des essais précliniques avancée.' } },
  { space: 'Paillasse L2', startup: 'biocell-factory', seats: 1, from: -90, to: 180 },
  { space: 'Chambre froide +4 °C', startup: 'pharmatrace', seats: 2, from: -250, to: -30 },
  { space: 'Chambre froide +4 °C', startup: 'oncolytix', seats: 1, from: -180, to: 45 },
  { space: 'Chambre froide +4 °C', startup: 'biocell-factory', seats: 2, from: -90, to: 180 },
  { space: 'Chambre froide +4 °C', startup: 'diagnoflash', seats: 1, from: 41, to: 200 },
];

export const ALLOCATION_NOTES: Record<SpaceKind, string> = {
  desk: 'Postes en open space pour l’équipe.',
  office: 'Bureau fermé pour l’équipe et les rendez-vous clients.',
  lab_l1: 'Paillasse pour les essais analytiques.',
  lab_l2: 'Paillasse L2 pour la culture cellulaire.',
  cold_room: 'Stockage des réactifs et des échantillons à +4 °C.',
  meeting_room: 'Comité de pilotage avec les investisseurs.',
};

export interface RequestSeed {
  startup: string;
  kind: SpaceKind;
  space?: string;
  seats: number;
  from: number;
  to: number;
  note: string;
  status: Exclude<RequestStatus, 'approved'>;
  /** Made that many days from today (negative), answered a few days later when answered. */
  made: number;
  reason?: string;
  proposal?: { space: string; pricePerSeat: number };
  /** Made by the demo founder (a member of the startup). */
  byFounder?: boolean;
}

/** Requests that led to no agreement (each agreement above has its approved request besides). */
export const REQUESTS: RequestSeed[] = [
  { startup: 'cardiosense', kind: 'lab_l2', space: 'Paillasse L2', seats: 1, from: 50, to: 230, note: 'Validation du capteur sur échantillons sanguins.', status: 'pending', made: -2, byFounder: true },
  // Approving it would be refused: its insurance certificate expires before the end.
  { startup: 'genomedix', kind: 'lab_l1', space: 'Paillasse L1', seats: 2, from: 21, to: 200, note: 'Suite de nos travaux de séquençage.', status: 'pending', made: -4 },
  { startup: 'neurotrack', kind: 'office', seats: 3, from: 31, to: 210, note: 'L’équipe passe à trois personnes.', status: 'proposed', made: -9, reason: 'Les bureaux sont occupés sur cette période ; l’open space Curie a la place.', proposal: { space: 'Open space Curie', pricePerSeat: 250 } },
  { startup: 'seniorlink', kind: 'lab_l1', seats: 1, from: 10, to: 100, note: 'Tests de nos capteurs de chute.', status: 'rejected', made: -25, reason: 'Une paillasse n’est pas nécessaire pour ces tests : la salle de réunion peut être réservée à la journée.' },
  { startup: 'dermai', kind: 'office', seats: 4, from: 71, to: 250, note: 'Nous recrutons deux data scientists.', status: 'declined', made: -30, reason: 'Aucun bureau de quatre places n’est libre ; postes proposés en open space.', proposal: { space: 'Open space Curie', pricePerSeat: 250 } },
  { startup: 'orthoprint', kind: 'desk', seats: 2, from: 30, to: 120, note: 'Deux postes pour notre équipe commerciale.', status: 'withdrawn', made: -50 },
];
