import type { Strings } from '../core/i18n/define';
import type { fr } from './texts-fr';

/** English texts of the referrals feature: the same keys as texts-fr.ts. */
export const en: Strings<typeof fr> = {
  title: 'Referrals',
  statuses: { draft: 'Draft', sent: 'Sent', viewed: 'Viewed', accepted: 'Accepted', declined: 'Declined', closed: 'Closed', withdrawn: 'Withdrawn' },
  overdue: 'Overdue',
  needs: {
    funding: 'Funding',
    commercial_introduction: 'Commercial introduction',
    clinical_site: 'Clinical site',
    manufacturing: 'Manufacturing / bioproduction',
    regulatory: 'Regulatory',
    hosting: 'Hosting',
    other: 'Other',
  },
  consents: { pending: 'Consent requested', approved: 'Consent given', refused: 'Consent refused', withdrawn: 'Consent withdrawn' },
  outcomes: { meeting_held: 'Meeting held', pilot_started: 'Pilot or evaluation started', agreement_signed: 'Agreement signed', investment: 'Investment', no_fit: 'No fit' },
  errors: {
    unknownOrganisation: 'Choose a partner organisation from the list.',
    unknownPack: 'This partner offers no such pack.',
    needRequired: 'Choose one of the partner’s packs or a need.',
    unknownDocument: 'One of the chosen documents is not in the startup’s dossier.',
    documentGone: 'One of the chosen documents was deleted from the dossier: change the selection before sending.',
    deadlinePast: 'The response deadline cannot be in the past.',
    invalidTransition: 'This referral changed state meanwhile: the action is no longer possible.',
    reasonRequired: 'Give the reason.',
    consentDecided: 'This consent was already dealt with meanwhile.',
    commentRequired: 'Write a message.',
    closed: 'This referral is closed or withdrawn: the thread is closed.',
    futureDate: 'The date cannot be in the future.',
    amountRequired: 'Give the amount of the investment.',
  },
};
