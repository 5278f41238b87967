import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `documents.` namespace. */
export const documentTexts = defineTexts(
  {
    title: 'documents',
  },
  {
    title: 'documents',
  },
);
