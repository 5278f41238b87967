import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the hosting feature, under the `hosting.` namespace (registered by src/texts.ts). */
export const hostingTexts = defineTexts(fr, en);
