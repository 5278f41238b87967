import { defineTexts } from '../core/i18n/define';
import { en } from './texts-en';
import { fr } from './texts-fr';

/** Texts of the referrals feature, under the `referrals.` namespace (registered by src/texts.ts). */
export const referralTexts = defineTexts(fr, en);
