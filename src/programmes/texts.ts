import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `programmes.` namespace. */
export const programmeTexts = defineTexts(
  {
    title: 'Programme',
  },
  {
    title: 'Programme',
  },
);
