import { defineTexts } from '../core/i18n/define';

/** Texts of the startups feature, under the `startups.` namespace. */
export const startupTexts = defineTexts(
  {
    title: 'Startups',
    tabs: { overview: 'Vue d’ensemble', readiness: 'Maturité', documents: 'Dossier', history: 'Historique' },
  },
  {
    title: 'Startups',
    tabs: { overview: 'Overview', readiness: 'Readiness', documents: 'Dossier', history: 'History' },
  },
);
