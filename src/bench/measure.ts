import Handlebars from 'handlebars';
import { hasKey, translate } from '../core/i18n';
import type { Client } from './http';
import type { PageSpec } from './pages';

/** Timing of one page, single user, sequential requests. */
export interface PageResult {
  role: string;
  path: string;
  /** The path with the dataset's ids in it. */
  url?: string;
  skipped?: string;
  samples: number[];
  median?: number;
  p95?: number;
  min?: number;
  max?: number;
  bytes?: number;
  /** Why an answer was refused (status, login page, error page); the page then has no figures. */
  error?: string;
}

export interface SampleRule {
  warmup: number;
  samples: number;
  /** Fewer samples for pages whose first answer took longer than slowMs, so that a run stays bounded. */
  slowSamples: number;
  slowMs: number;
  /** No new sample once this much time went into the page (the minimum of 3 samples aside). */
  budgetMs: number;
}

export const FULL: SampleRule = { warmup: 2, samples: 20, slowSamples: 5, slowMs: 2000, budgetMs: 90_000 };
export const QUICK: SampleRule = { warmup: 1, samples: 5, slowSamples: 3, slowMs: 2000, budgetMs: 30_000 };

/** Nearest-rank percentile (with 20 samples the p95 is the 19th slowest; with 5, the slowest). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(sorted: number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

export type Values = Record<string, string | undefined>;

/** The page's path with its placeholders filled, or undefined when the dataset has no such record. */
export function fillPath(path: string, values: Values): string | undefined {
  let missing = false;
  const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) missing = true;
    return encodeURIComponent(v ?? '');
  });
  return missing ? undefined : url;
}

/** The text the <title> must contain, HTML-escaped as Handlebars writes it. */
export function expectedTitle(title: string, values: Values): string | undefined {
  const ref = /^\{(\w+)\}$/.exec(title);
  const text = ref ? values[ref[1]] : hasKey('fr', title) ? translate('fr', title) : undefined;
  return text === undefined ? undefined : Handlebars.Utils.escapeExpression(text);
}

/** Why an answer is not the page expected, or undefined when it is. */
export function refusal(answer: { status: number; headers: Record<string, unknown>; body: string }, title: string, userName: string): string | undefined {
  if (answer.status !== 200) return `status ${answer.status}${answer.headers.location ? ` → ${String(answer.headers.location)}` : ''}`;
  if (!String(answer.headers['content-type'] ?? '').startsWith('text/html')) return `content-type ${String(answer.headers['content-type'])}`;
  const pageTitle = /<title>([^<]*)<\/title>/.exec(answer.body)?.[1] ?? '';
  if (!pageTitle.includes(title)) return `title «${pageTitle}» lacks «${title}»`;
  if (!answer.body.includes(Handlebars.Utils.escapeExpression(userName))) return 'signed-in user not shown (signed out?)';
  return undefined;
}

export async function measurePage(client: Client, page: PageSpec, values: Values, userName: string, rule: SampleRule): Promise<PageResult> {
  const base: PageResult = { role: page.role, path: page.path, samples: [] };
  const url = fillPath(page.path, values);
  const title = expectedTitle(page.title, values);
  if (url === undefined) return { ...base, skipped: 'no such record in this dataset' };
  if (title === undefined) return { ...base, url, error: `unknown title key ${page.title}` };
  const started = Date.now();
  let slow = false;
  let bytes = 0;
  for (let i = 0; i < rule.warmup; i += 1) {
    const answer = await client.get(url);
    const why = refusal(answer, title, userName);
    if (why) return { ...base, url, error: why };
    slow = answer.ms > rule.slowMs;
    if (slow) break;
  }
  const wanted = slow ? rule.slowSamples : rule.samples;
  const samples: number[] = [];
  while (samples.length < wanted && (samples.length < 3 || Date.now() - started < rule.budgetMs)) {
    const answer = await client.get(url);
    const why = refusal(answer, title, userName);
    if (why) return { ...base, url, samples, error: `sample ${samples.length + 1}: ${why}` };
    samples.push(Math.round(answer.ms * 10) / 10);
    bytes = Buffer.byteLength(answer.body);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...base, url, samples, median: median(sorted), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1], bytes };
}
