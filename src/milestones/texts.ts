import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the milestones feature, under the `milestones.` namespace (registered by src/texts.ts). */
export const milestoneTexts = defineTexts(fr, en);
