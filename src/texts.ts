import { registerTexts } from './core/i18n';
import { forgotTexts } from './account/texts';
import { checkinTexts } from './checkins/texts';
import { documentTexts } from './documents/texts';
import { hostingTexts } from './hosting/texts';
import { partnerTexts } from './partners/texts';
import { mentoringTexts } from './mentoring/texts';
import { milestoneTexts } from './milestones/texts';
import { notificationTexts } from './notifications/texts';
import { programmeTexts } from './programmes/texts';
import { readinessTexts } from './readiness/texts';
import { referralTexts } from './referrals/texts';
import { startupTexts } from './startups/texts';

/**
 * Every feature's texts under its namespace, registered in the core's catalogue. Imported once by
 * whatever starts (the app, the seed, the tests) before a text is read.
 */
const FEATURE_TEXTS = {
  forgot: forgotTexts,
  programmes: programmeTexts,
  startups: startupTexts,
  readiness: readinessTexts,
  documents: documentTexts,
  milestones: milestoneTexts,
  notifications: notificationTexts,
  checkins: checkinTexts,
  mentoring: mentoringTexts,
  hosting: hostingTexts,
  referrals: referralTexts,
  partners: partnerTexts,
};

for (const [namespace, texts] of Object.entries(FEATURE_TEXTS)) registerTexts(namespace, texts);
