import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `readiness.` namespace. */
export const readinessTexts = defineTexts(
  {
    title: 'readiness',
  },
  {
    title: 'readiness',
  },
);
