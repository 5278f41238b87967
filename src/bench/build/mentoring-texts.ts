import type { ActionOwner } from '../../mentoring/model';

/** The words of the mentoring records of the bench datasets (French, as the programme writes them). */
export const TOPICS = [
  'Stratégie réglementaire : classe du dispositif',
  'Préparation du comité d’investissement',
  'Plan de validation clinique',
  'Accès au marché et remboursement',
  'Revue du pitch deck',
  'Stratégie de propriété intellectuelle',
  'Recrutement du responsable qualité',
  'Montée en échelle de la bioproduction',
  'Système qualité ISO 13485',
  'Go-to-market hospitalier',
  'Valorisation et pacte d’actionnaires',
  'Partenariats industriels',
  'Feuille de route produit',
  'Étude médico-économique',
  'Dossier de subvention régionale',
  'Point d’étape mensuel',
  'Préparation du rendez-vous avec la HAS',
  'Organisation de l’équipe et gouvernance',
  'Cybersécurité du dispositif connecté',
  'Négociation avec un distributeur',
];

export const BOOKED_TOPICS = ['Question rapide sur le marquage CE', 'Relecture du business plan', 'Conseil avant un rendez-vous investisseur', 'Point sur la levée de fonds', 'Avis sur un contrat de licence', 'Retour sur l’étude utilisateurs'];

const NOTE_OPENINGS = [
  'Bonne séance, l’équipe avait préparé les questions à l’avance.',
  'Séance dense : nous avons repris le plan d’action point par point.',
  'L’équipe est en avance sur le calendrier prévu.',
  'Échange franc sur les risques du projet.',
  'Séance courte, le CEO était en déplacement.',
];
const NOTE_BODIES = [
  'Le dossier technique doit être complété avant le dépôt auprès de l’organisme notifié.',
  'La stratégie de remboursement reste floue : proposer deux scénarios chiffrés.',
  'Le prévisionnel de trésorerie montre un besoin de financement à neuf mois.',
  'Le recrutement d’un profil réglementaire senior devient prioritaire.',
  'Les premiers retours des soignants confirment l’intérêt, mais le parcours patient doit être simplifié.',
  'La liberté d’exploitation n’a pas encore été analysée sur le marché américain.',
  'Le partenariat avec le CHU avance ; une convention est en relecture.',
  'Les indicateurs de qualité de production sont encourageants.',
];
const NOTE_CLOSINGS = ['Prochain point dans trois semaines.', 'À revoir après le comité de suivi.', 'Je transmets deux contacts utiles par courriel.', 'Rien de bloquant à signaler.'];

export const CANCEL_REASONS = [
  'Conflit d’agenda côté startup (salon professionnel).',
  'Mentor indisponible, séance à replanifier.',
  'Le CEO est malade.',
  'Reportée après le comité d’investissement.',
  'Grève des transports, pas de solution à distance ce jour-là.',
];

export const ITEM_TEXTS: Record<ActionOwner, string[]> = {
  startup: [
    'Envoyer le prévisionnel de trésorerie mis à jour',
    'Compléter la matrice des risques',
    'Prendre rendez-vous avec le service achats du CHU',
    'Rédiger la note de positionnement réglementaire',
    'Mettre à jour le pitch deck',
    'Lister les brevets concurrents',
    'Préparer les questions pour l’organisme notifié',
    'Chiffrer le coût de l’étude clinique',
  ],
  coach: [
    'Présenter l’équipe à un investisseur du réseau',
    'Relire le dossier de subvention',
    'Envoyer un modèle de plan qualité',
    'Mettre en relation avec un cabinet de PI',
    'Partager une étude de marché comparable',
  ],
};

export const FEEDBACK_COMMENTS = ['Très utile, merci !', 'Des conseils concrets et applicables.', 'Un peu court, mais efficace.', 'Nous aurions aimé plus de temps sur le financement.', 'Excellent réseau, mises en relation précieuses.', ''];
export const PREPARATION_COMMENTS = ['Équipe bien préparée.', 'Documents reçus la veille seulement.', 'Questions précises, bon travail en amont.', ''];

export const PLACES = ['Genopole, bâtiment 6, salle 2', 'Pépinière santé, salle de réunion', 'Locaux de la startup', 'Café du campus', 'Hôpital partenaire, salle du comité'];

export const BIOS = [
  'Ancienne directrice des affaires réglementaires d’un fabricant de dispositifs médicaux.',
  'Investisseur en amorçage, spécialiste de la santé numérique.',
  'Trente ans dans l’industrie pharmaceutique, dont dix en accès au marché.',
  'Conseil en propriété industrielle, européen et français.',
  'Entrepreneur, a fondé et cédé deux sociétés de diagnostic.',
  'Médecin hospitalier, investigateur principal de nombreux essais.',
];
export const AVAILABILITIES = ['Mardi après-midi', 'En visio le matin', 'Jeudi et vendredi', 'Un lundi sur deux', 'Sur rendez-vous'];

/** The mentor's notes of a held session: two to four sentences. */
export function noteText(pick: <T>(items: readonly T[]) => T, chance: (p: number) => boolean): string {
  const parts = [pick(NOTE_OPENINGS), pick(NOTE_BODIES)];
  if (chance(0.5)) parts.push(pick(NOTE_BODIES));
  if (chance(0.6)) parts.push(pick(NOTE_CLOSINGS));
  return [...new Set(parts)].join(' ');
}
