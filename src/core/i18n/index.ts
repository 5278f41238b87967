import { fr } from './fr';
import { en } from './en';
import { collator, dateTimeFormat, numberFormat } from './formats';

export { collator, dateTimeFormat, numberFormat };

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Same shape as the French dictionary, with every leaf a string: the compiler checks that English is complete. */
export type Dictionary = { [K in keyof typeof fr]: (typeof fr)[K] extends string ? string : DeepStrings<(typeof fr)[K]> };
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/**
 * The core texts plus the namespace of each feature, registered once at start by the composition
 * root (src/texts.ts): `t "startups.title"` reads the startups feature's `title`. The core never
 * imports a feature; features register into it.
 */
const dictionaries: Record<Locale, Record<string, unknown>> = { fr: { ...fr }, en: { ...(en as Record<string, unknown>) } };

export function registerTexts(namespace: string, texts: { fr: object; en: object }): void {
  if (namespace in dictionaries.fr && dictionaries.fr[namespace] !== texts.fr) throw new Error(`texts: the namespace "${namespace}" is taken`);
  dictionaries.fr[namespace] = texts.fr;
  dictionaries.en[namespace] = texts.en;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Translates `key`; `{name}` placeholders are replaced from `vars`. An unknown key shows itself, so it is seen in review. */
export function translate(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const text = lookup(dictionaries[locale], key) ?? lookup(dictionaries.fr, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function hasKey(locale: Locale, key: string): boolean {
  return lookup(dictionaries[locale], key) !== undefined;
}

/** Every leaf key of a dictionary, for the completeness test. */
export function allKeys(locale: Locale): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'string') out.push(key);
      else walk(v, key);
    }
  };
  walk(dictionaries[locale], '');
  return out;
}

/** Picks the best supported locale from an Accept-Language header. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale);
}

const intlTag: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'Europe/Paris' };
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' };

export function formatDate(locale: Locale, value: Date | string | number | undefined | null, withTime = false): string {
  if (value === undefined || value === null || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(intlTag[locale], withTime ? DATE_TIME : DATE).format(date);
}

export function formatNumber(locale: Locale, value: number | undefined | null, options: Intl.NumberFormatOptions = {}): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '';
  return numberFormat(intlTag[locale], options).format(value);
}
