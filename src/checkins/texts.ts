import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `checkins.` namespace. */
export const checkinTexts = defineTexts(
  {
    title: 'checkins',
  },
  {
    title: 'checkins',
  },
);
