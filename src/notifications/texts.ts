import { defineTexts } from '../core/i18n/define';

/** Texts of this feature, under the `notifications.` namespace. */
export const notificationTexts = defineTexts(
  {
    title: 'notifications',
  },
  {
    title: 'notifications',
  },
);
