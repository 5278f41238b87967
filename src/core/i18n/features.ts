import { programmeTexts } from '../../programmes/texts';
import { startupTexts } from '../../startups/texts';
import { readinessTexts } from '../../readiness/texts';
import { documentTexts } from '../../documents/texts';
import { milestoneTexts } from '../../milestones/texts';
import { notificationTexts } from '../../notifications/texts';
import { checkinTexts } from '../../checkins/texts';

/**
 * Feature dictionaries, each under its namespace: `t "startups.title"` reads startupTexts.fr.title.
 * One file per feature keeps the texts next to the code that uses them.
 */
export const FEATURE_TEXTS = {
  programmes: programmeTexts,
  startups: startupTexts,
  readiness: readinessTexts,
  documents: documentTexts,
  milestones: milestoneTexts,
  notifications: notificationTexts,
  checkins: checkinTexts,
};
