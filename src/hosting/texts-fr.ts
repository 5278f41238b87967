/** French texts of the hosting feature (`hosting.` namespace); texts-en.ts has exactly the same keys. */
export const fr = {
  title: 'Hébergement',
  kinds: { desk: 'Poste en open space', office: 'Bureau privatif', lab_l1: 'Paillasse L1', lab_l2: 'Paillasse L2', cold_room: 'Chambre froide / stockage', meeting_room: 'Salle de réunion' },
  statuses: { pending: 'En attente', proposed: 'Autre espace proposé', approved: 'Approuvée', rejected: 'Refusée', declined: 'Proposition déclinée', withdrawn: 'Retirée' },
  allocationStatuses: { approved: 'À venir', active: 'En cours', ended: 'Terminé' },
  errors: {
    full: 'Plus assez de postes le {day} : {free} libre(s) ce jour-là.',
    aboveCapacity: 'Cet espace compte {capacity} poste(s) au plus.',
    requirementMissing: 'Exigence non remplie : « {name} ».',
    requirementExpires: '« {name} » expire le {day}, avant la fin de la période.',
    unknownSpace: 'Choisissez un espace de la liste.',
    endBeforeStart: 'La date de fin doit suivre la date de début (ou lui être égale).',
    startInPast: 'La date de début ne peut pas être passée.',
    notOpenYet: 'Cet espace ouvre le {day}.',
    alreadyDecided: 'Cette demande a déjà reçu une réponse : la page montre son état actuel.',
    alreadyEnded: 'Cet hébergement est terminé : il ne peut plus être modifié.',
    reasonRequired: 'Indiquez un motif.',
    endTooEarly: 'La nouvelle fin ne peut pas précéder le {day}.',
  },
};
