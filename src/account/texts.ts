import { defineTexts } from '../core/i18n/define';

/** Texts of the "Forgot password" page, under the `forgot.` namespace (French, then English). */
export const forgotTexts = defineTexts(
  {
    title: 'Mot de passe oublié',
    intro: 'Saisissez l’adresse e-mail de votre compte : un lien à usage unique pour choisir un nouveau mot de passe y sera envoyé (valable 72 heures).',
    submit: 'Envoyer le lien',
    sent: 'Si un compte actif utilise l’adresse {email}, un lien vient d’y être envoyé. Pas de message ? Vérifiez les indésirables, ou demandez un lien à l’équipe du programme.',
    back: 'Retour à la connexion',
  },
  {
    title: 'Forgotten password',
    intro: 'Enter the e-mail address of your account: a one-time link to choose a new password will be sent to it (valid 72 hours).',
    submit: 'Send the link',
    sent: 'If an active account uses the address {email}, a link has just been sent to it. No message? Check your spam folder, or ask the programme team for a link.',
    back: 'Back to sign in',
  },
);
