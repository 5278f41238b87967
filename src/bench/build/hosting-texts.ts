import type { SpaceKind } from '../../hosting/model';
import type { AREAS } from '../../startups/model';

/** The words of the hosting records of the bench datasets (French, as the programme writes them). */
export const REQUEST_NOTES: Record<SpaceKind, string[]> = {
  desk: ['Postes pour l’équipe pendant le programme.', 'Deux nouveaux développeurs arrivent.', 'Besoin d’un point de chute près des partenaires hospitaliers.'],
  office: ['Bureau fermé pour l’équipe et les rendez-vous clients.', 'L’équipe s’agrandit après la levée.', 'Besoin de confidentialité pour les essais utilisateurs.'],
  lab_l1: ['Paillasse pour les essais analytiques.', 'Mise au point du prototype de test.', 'Contrôles qualité des premiers lots.'],
  lab_l2: ['Culture cellulaire pour la preuve de concept.', 'Essais sur échantillons biologiques.', 'Production des lots précliniques.'],
  cold_room: ['Stockage des réactifs à +4 °C.', 'Conservation des échantillons de l’étude.', 'Stockage des lots en attente de libération.'],
  meeting_room: ['Comité de pilotage avec les investisseurs.', 'Atelier utilisateurs avec des soignants.', 'Formation de l’équipe commerciale.'],
};

export const REJECT_REASONS = [
  'Aucun espace de ce type n’est libre sur cette période.',
  'L’activité décrite ne nécessite pas ce type d’espace.',
  'La demande arrive trop tard pour cette période ; merci de la renouveler pour la suivante.',
  'Le site est réservé aux startups en phase de développement.',
];

export const PROPOSAL_REASONS = ['Cet espace est complet sur la période ; en voici un autre disponible.', 'Un espace plus adapté à la taille de l’équipe.', 'Disponible tout de suite, au même tarif.'];

export const ENDED_REASONS = ['Installation dans leurs propres locaux.', 'Fin du programme avancée.', 'Projet arrêté.', 'Équipe réduite après la fin du financement.'];

export const EXTENDED_REASONS = ['Levée de fonds décalée.', 'Essais prolongés de deux mois.', 'Locaux définitifs livrés en retard.', 'Prolongation accordée par le comité.'];

export const LAB_PEOPLE = ['Responsable laboratoire', 'Technicienne de recherche', 'Ingénieur procédés', 'Directrice scientifique'];

/** What a startup of each area asks for, with weights (meeting rooms come on top, a day at a time). */
export const KIND_WEIGHTS: Record<(typeof AREAS)[number], [SpaceKind, number][]> = {
  oncology: [['lab_l2', 4], ['lab_l1', 2], ['cold_room', 2], ['office', 2], ['desk', 1]],
  biotherapies: [['lab_l2', 4], ['lab_l1', 2], ['cold_room', 2], ['office', 2], ['desk', 1]],
  diagnostics: [['lab_l1', 4], ['cold_room', 1], ['office', 3], ['desk', 3]],
  medtech: [['office', 5], ['desk', 3], ['lab_l1', 2]],
  e_health: [['desk', 5], ['office', 5]],
  silver_economy: [['desk', 5], ['office', 5]],
  other: [['desk', 5], ['office', 4], ['cold_room', 1]],
};

/** The kind a request named when a manager gave it another one (by proposal). */
export const ASKED_INSTEAD: Record<SpaceKind, SpaceKind> = { desk: 'office', office: 'desk', lab_l1: 'lab_l2', lab_l2: 'lab_l1', cold_room: 'lab_l1', meeting_room: 'office' };
