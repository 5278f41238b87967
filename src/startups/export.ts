import { translate, type Locale } from '../core/i18n';
import type { SessionUser } from '../core/auth/session-user';
import { toCsv, type Cell } from './csv';
import type { ListStartupsQuery } from './schemas';
import { exportStartups } from './list';

const COLUMNS = ['name', 'slug', 'legalName', 'siret', 'foundedAt', 'area', 'cohort', 'stage', 'status', 'website', 'tags', 'figuresAsOf', 'headcount', 'fundsRaised', 'revenue', 'updatedAt'] as const;

const day = (d: Date | undefined | null): string => (d ? new Date(d).toISOString().slice(0, 10) : '');

/** A plain number a spreadsheet reads in the user's language: no grouping, decimal comma in French. */
function amount(n: number | undefined, locale: Locale): string {
  if (n === undefined || n === null) return '';
  const text = String(Math.round(n * 100) / 100);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/** The CSV of exactly what the list's filters show (every page), headers and labels in the user's language. */
export async function exportCsv(user: SessionUser, query: ListStartupsQuery, locale: Locale): Promise<{ fileName: string; body: string }> {
  const rows = await exportStartups(user, query);
  const t = (key: string) => translate(locale, key);
  const header = COLUMNS.map((c) => t(`startups.csv.${c}`));
  const cells: Cell[][] = rows.map((r) => [
    r.name,
    r.slug,
    r.legalName,
    r.siret,
    day(r.foundedAt),
    t(`startups.areas.${r.area}`),
    r.cohortName,
    r.stage[locale],
    t(`startupStatus.${r.status}`),
    r.website,
    r.tags.join(', '),
    day(r.figures?.asOf),
    r.figures ? String(r.figures.headcount) : '',
    amount(r.figures?.fundsRaised, locale),
    amount(r.figures?.revenue, locale),
    day(r.updatedAt),
  ]);
  return { fileName: `${t('startups.csv.fileName')}-${day(new Date())}.csv`, body: toCsv(header, cells) };
}
