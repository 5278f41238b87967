import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `milestones.` namespace. */
export const milestoneTexts = defineTexts(
  {
    title: 'milestones',
  },
  {
    title: 'milestones',
  },
);
