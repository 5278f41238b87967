import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the partner directory, under the `partners.` namespace (registered by src/texts.ts). */
export const partnerTexts = defineTexts(fr, en);
