import { defineTexts } from '../core/i18n/define';

/**
 * Texts of this feature, under the `notifications.` namespace.
 * `kinds.<kind>.title` / `.body` are the texts of each event, with `{placeholders}` filled from the
 * notification's params; a kind without texts shows `generic`.
 */
export const notificationTexts = defineTexts(
  {
    title: 'Notifications',
    bell: 'Notifications',
    unreadOne: '1 notification non lue',
    unreadMany: '{count} notifications non lues',
    noUnread: 'Notifications : aucune non lue',
    all: 'Toutes',
    unread: 'Non lues',
    filterLabel: 'Afficher',
    unreadBadge: 'Non lue',
    open: 'Ouvrir',
    markRead: 'Marquer comme lue',
    markAllRead: 'Tout marquer comme lu',
    markedRead: 'Notification marquée comme lue.',
    markedAllRead: '{count} notification(s) marquée(s) comme lue(s).',
    nothingToMark: 'Aucune notification non lue : rien à marquer.',
    empty: 'Aucune notification',
    emptyHint: 'Vous serez prévenu·e ici des jalons soumis, des décisions de revue et des rappels.',
    emptyUnread: 'Aucune notification non lue.',
    showAll: 'Voir toutes les notifications',
    backHome: 'Retour à l’accueil',
    mailGreeting: 'Bonjour {name},',
    mailOpen: 'Ouvrir : {url}',
    mailFooter: 'Boost tracker · vous recevez ce message parce que vous avez un compte sur le suivi du programme.',
    generic: { title: 'Nouvelle notification', body: 'Ouvrez-la pour voir le détail.' },
    kinds: {
      milestone: {
        submitted: {
          title: '{startup} a soumis le jalon « {milestone} »',
          body: 'Le jalon attend votre revue : validez-le ou demandez des modifications.',
        },
        changesRequested: {
          title: 'Modifications demandées sur le jalon « {milestone} »',
          body: 'Lisez le commentaire de la revue pour {startup}, complétez puis soumettez à nouveau.',
        },
        approved: {
          title: 'Jalon « {milestone} » validé',
          body: 'Bravo : le jalon de {startup} est atteint.',
        },
      },
      checkin: {
        reminder: {
          title: 'N’oubliez pas le point mensuel de {startup} pour {month}',
          body: 'Quelques minutes suffisent : chiffres clés, avancement des jalons et auto-évaluation.',
        },
      },
      mentoring: {
        assigned: { title: 'Vous accompagnez désormais {startup}', body: 'Retrouvez la startup, son dossier et ses séances dans l’onglet Mentorat.' },
        planned: { title: 'Séance de mentorat planifiée le {day} à {from} : {startup}', body: 'Sujet : {topic}.' },
        moved: { title: 'Séance de mentorat déplacée au {day} à {from} : {startup}', body: 'Sujet : {topic}.' },
        cancelled: { title: 'Séance de mentorat du {day} annulée : {startup}', body: 'Motif : {reason}' },
        booked: { title: '{startup} a réservé votre permanence du {day} à {from}', body: 'Sujet : {topic}.' },
        feedbackRequested: { title: 'Votre avis sur la séance du {day} avec {mentor}', body: 'Une note de 1 à 5 et un commentaire aident le programme à choisir les bons mentors.' },
        actionItemDue: { title: 'Action à mener pour demain : {item}', body: 'Suite à une séance de mentorat de {startup}.' },
      },
      hosting: {
        requested: { title: 'Demande d’hébergement de {startup}', body: '{seats} poste(s) du {from} au {to}. Approuvez, proposez un autre espace ou refusez.' },
        approved: { title: 'Hébergement accordé : {space}', body: 'Du {from} au {to} pour {startup}.' },
        rejected: { title: 'Demande d’hébergement refusée ({startup})', body: 'Motif : {reason}' },
        proposed: { title: 'Le programme vous propose un autre espace : {space}', body: 'Pour {startup}, du {from} au {to}. Acceptez ou déclinez la proposition.' },
        accepted: { title: '{startup} accepte l’espace proposé : {space}', body: 'L’hébergement est enregistré.' },
        declined: { title: '{startup} décline l’espace proposé', body: 'La demande est close.' },
        ending: { title: 'L’hébergement de {startup} se termine le {to}', body: '{space}, {site} : prolongez ou préparez le départ.' },
        requirementExpiring: { title: '« {requirement} » expire le {day} ({startup})', body: 'Renouvelez-le pour garder l’accès à {space}.' },
      },
    },
  },
  {
    title: 'Notifications',
    bell: 'Notifications',
    unreadOne: '1 unread notification',
    unreadMany: '{count} unread notifications',
    noUnread: 'Notifications: none unread',
    all: 'All',
    unread: 'Unread',
    filterLabel: 'Show',
    unreadBadge: 'Unread',
    open: 'Open',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    markedRead: 'Notification marked as read.',
    markedAllRead: '{count} notification(s) marked as read.',
    nothingToMark: 'No unread notification: nothing to mark.',
    empty: 'No notifications',
    emptyHint: 'You will be told here about submitted milestones, review decisions and reminders.',
    emptyUnread: 'No unread notifications.',
    showAll: 'See all notifications',
    backHome: 'Back to the home page',
    mailGreeting: 'Hello {name},',
    mailOpen: 'Open: {url}',
    mailFooter: 'Boost tracker · you receive this message because you have an account on the programme tracker.',
    generic: { title: 'New notification', body: 'Open it to see the details.' },
    kinds: {
      milestone: {
        submitted: {
          title: '{startup} submitted the milestone “{milestone}”',
          body: 'The milestone is waiting for your review: approve it or request changes.',
        },
        changesRequested: {
          title: 'Changes requested on the milestone “{milestone}”',
          body: 'Read the review comment for {startup}, complete it and submit again.',
        },
        approved: {
          title: 'Milestone “{milestone}” approved',
          body: 'Well done: the milestone of {startup} is achieved.',
        },
      },
      checkin: {
        reminder: {
          title: 'Remember the monthly check-in of {startup} for {month}',
          body: 'A few minutes are enough: headline figures, milestone progress and self-assessment.',
        },
      },
      mentoring: {
        assigned: { title: 'You now coach {startup}', body: 'Find the startup, its dossier and its sessions in the Mentoring tab.' },
        planned: { title: 'Mentoring session planned on {day} at {from}: {startup}', body: 'Topic: {topic}.' },
        moved: { title: 'Mentoring session moved to {day} at {from}: {startup}', body: 'Topic: {topic}.' },
        cancelled: { title: 'Mentoring session of {day} cancelled: {startup}', body: 'Reason: {reason}' },
        booked: { title: '{startup} booked your office hour on {day} at {from}', body: 'Topic: {topic}.' },
        feedbackRequested: { title: 'Your feedback on the session of {day} with {mentor}', body: 'A rating from 1 to 5 and a comment help the programme choose the right mentors.' },
        actionItemDue: { title: 'Action item due tomorrow: {item}', body: 'Following a mentoring session of {startup}.' },
      },
      hosting: {
        requested: { title: 'Hosting request from {startup}', body: '{seats} seat(s) from {from} to {to}. Approve, propose another space or reject.' },
        approved: { title: 'Hosting granted: {space}', body: 'From {from} to {to} for {startup}.' },
        rejected: { title: 'Hosting request rejected ({startup})', body: 'Reason: {reason}' },
        proposed: { title: 'The programme proposes another space: {space}', body: 'For {startup}, from {from} to {to}. Accept or decline the proposal.' },
        accepted: { title: '{startup} accepts the proposed space: {space}', body: 'The hosting is recorded.' },
        declined: { title: '{startup} declines the proposed space', body: 'The request is closed.' },
        ending: { title: 'The hosting of {startup} ends on {to}', body: '{space}, {site}: extend it or prepare the move.' },
        requirementExpiring: { title: '“{requirement}” expires on {day} ({startup})', body: 'Renew it to keep access to {space}.' },
      },
    },
  },
);
