import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the mentoring feature, under the `mentoring.` namespace (registered by src/texts.ts). */
export const mentoringTexts = defineTexts(fr, en);
