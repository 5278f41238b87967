import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the startups feature, under the `startups.` namespace (registered by src/texts.ts). */
export const startupTexts = defineTexts(fr, en);
