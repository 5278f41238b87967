import { numberFormat } from '../i18n/formats';

/**
 * An audit entry's summary for the reader. Summaries are written once, in the programme's first
 * language, with raw values (check-ins: "2026-11 · 14 / 1500000 € / 310000 € (=)"); this puts them
 * in the reader's notation: amounts in euros grouped as the locale writes them, a check-in's month
 * named, "(=)" said in words, and in English the quotes and the colon spacing of English.
 * Names typed by people are left alone: only these patterns change.
 */
const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const UNCHANGED = { fr: '(chiffres inchangés)', en: '(figures unchanged)' };

export function formatSummary(summary: string, locale: 'fr' | 'en'): string {
  const money = numberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2, minimumFractionDigits: 0 });
  const count = numberFormat(locale === 'en' ? 'en-GB' : 'fr-FR');
  let out = summary
    // A check-in's month and figures: "— 2026-11 · 14 / 1500000 € / 310000 €".
    .replace(/— (\d{4})-(\d{2}) · (\d+) \/ /g, (_m, y: string, mo: string, n: string) => `— ${MONTHS[locale][Number(mo) - 1] ?? mo} ${y} · ${count.format(Number(n))} / `)
    .replace(/(\d+(?:\.\d+)?) €/g, (_m, n: string) => money.format(Number(n)))
    .replace(/ \(=\)$/, ` ${UNCHANGED[locale]}`);
  if (locale === 'en') {
    out = out.replace(/«\s?([^»]*?)\s?»/g, '“$1”').replace(/ ([:;!?])(?=\s|$)/g, '$1');
  }
  return out;
}
