import path from 'node:path';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import { ROOT_DIR } from '../config';
import type { FieldError } from '../errors';
import { formatSummary } from '../audit/format';
import { dateTimeFormat } from '../i18n';

type Translator = (key: string, vars?: Record<string, unknown>) => string;

function root(options: HelperOptions): Record<string, unknown> {
  return (options.data?.root ?? {}) as Record<string, unknown>;
}

/** Handlebars helpers: all text goes through `t`, all escaping stays with Handlebars. */
export const helpers = {
  t(key: string, options: HelperOptions): string {
    const t = root(options).t as Translator | undefined;
    return t ? t(key, options.hash as Record<string, unknown>) : key;
  },
  /** Translates a key built from parts: (tk "roles." role). */
  tk(...args: unknown[]): string {
    const options = args.pop() as HelperOptions;
    const t = root(options).t as Translator | undefined;
    const key = args.map(String).join('');
    return t ? t(key, options.hash as Record<string, unknown>) : key;
  },
  /** A field error: { key, vars } → text. */
  tErr(error: FieldError | string | undefined, options: HelperOptions): string {
    if (!error) return '';
    const t = root(options).t as Translator | undefined;
    const e = typeof error === 'string' ? { key: error } : error;
    return t ? t(e.key, e.vars) : e.key;
  },
  /** A bilingual label { fr, en } in the page's language. */
  loc(value: { fr?: string; en?: string } | undefined, options: HelperOptions): string {
    if (!value) return '';
    const locale = root(options).locale === 'en' ? 'en' : 'fr';
    return value[locale] ?? value.fr ?? '';
  },
  date(value: Date | string | undefined, options: HelperOptions): string {
    const fmt = root(options).fmtDate as ((d: unknown, withTime?: boolean) => string) | undefined;
    return fmt ? fmt(value, Boolean(options.hash?.time)) : String(value ?? '');
  },
  /** An audit entry's summary in the reader's notation (src/core/audit/format.ts). */
  auditText(value: string | undefined, options: HelperOptions): string {
    return formatSummary(value ?? '', root(options).locale === 'en' ? 'en' : 'fr');
  },
  number(value: number | undefined, options: HelperOptions): string {
    const fmt = root(options).fmtNumber as ((n: unknown) => string) | undefined;
    return fmt ? fmt(value) : String(value ?? '');
  },
  /** An amount in euros as the reader writes it (1 234,50 € / €1,234.50). */
  money(value: number | undefined, options: HelperOptions): string {
    const fmt = root(options).fmtNumber as ((n: unknown, o?: Intl.NumberFormatOptions) => string) | undefined;
    return fmt ? fmt(value, { style: 'currency', currency: 'EUR' }) : String(value ?? '');
  },
  /** A share (0.25) as a percentage in the reader's notation; a dash when there is none. */
  percent(value: number | null | undefined, options: HelperOptions): string {
    const fmt = root(options).fmtNumber as ((n: unknown, o?: Intl.NumberFormatOptions) => string) | undefined;
    if (value === null || value === undefined) return '—';
    return fmt ? fmt(value, { style: 'percent', maximumFractionDigits: 0 }) : String(value);
  },
  /** A month (YYYY-MM) named in the reader's language: "mai 2026", "May 2026"; short=true: "mai 26". */
  monthName(value: string | undefined, options: HelperOptions): string {
    const locale = root(options).locale === 'en' ? 'en-GB' : 'fr-FR';
    if (!value || !/^\d{4}-\d{2}$/.test(value)) return '';
    const short = Boolean(options.hash?.short);
    return dateTimeFormat(locale, { month: short ? 'short' : 'long', year: short ? '2-digit' : 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
  },
  eq: (a: unknown, b: unknown) => String(a) === String(b),
  ne: (a: unknown, b: unknown) => String(a) !== String(b),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  /** The first value given that is set (not undefined, null or empty): (either values.day stored.day). 0 counts as set. */
  either: (...args: unknown[]) => args.slice(0, -1).find((v) => v !== undefined && v !== null && v !== '') ?? '',
  /** True when `list` (array or single value) contains `value`: for kept multi-select values. */
  includes(list: unknown, value: unknown): boolean {
    if (Array.isArray(list)) return list.map(String).includes(String(value));
    return list !== undefined && list !== null && String(list) === String(value);
  },
  add: (a: number, b: number) => Number(a) + Number(b),
  /** Joins its arguments into one string (an address built from ids in a partial's parameter). */
  concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
  /** Builds a query string from the current query with some keys replaced: (qs query page=3). */
  qs(query: Record<string, unknown> | undefined, options: HelperOptions): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...(query ?? {}), ...(options.hash as Record<string, unknown>) })) {
      if (v === undefined || v === null || v === '' || v === false) continue;
      params.set(k, String(v));
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  },
};

export function configureViews(app: Express): void {
  const viewsDir = path.join(ROOT_DIR, 'views');
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(viewsDir, 'layouts'),
      partialsDir: path.join(viewsDir, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
}
