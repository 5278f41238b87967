import { readFileSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { can, type Role } from '../../src/core/policy';
import type { Action } from '../../src/core/policy';
import type { RouteInfo } from '../features/permissions.helpers';

/**
 * The accessibility check's tools (test/e2e/accessibility.test.ts): axe-core from npm injected into
 * the page (no CDN; page.evaluate is not subject to the page's CSP), the sideways-scroll measure,
 * and the crawl that finds a role's pages from its navigation, home and tabs, judged against the
 * app's route table.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
type AxeWindow = { axe?: { run(context: Document, options: Record<string, unknown>): Promise<{ violations: AxeViolation[] }> } };

/** Every axe-core violation of the page, whatever its impact, one line per rule with the elements concerned. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean((window as unknown as AxeWindow).axe)))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  });
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 4).map((n) => `      ${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 140)}`);
    const more = v.nodes.length > 4 ? [`      … and ${v.nodes.length - 4} more`] : [];
    return [`${where}: ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`, ...nodes, ...more].join('\n');
  });
}

/** Null when the page does not scroll sideways; otherwise the widths and the outermost elements that stick out. */
export async function sidewaysScroll(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth + 1) return null;
    const out = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1);
    const outermost = out.filter((el) => !out.includes(el.parentElement as Element)).slice(0, 4);
    const names = outermost.map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`);
    return `the page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window: ${names.join(', ')}`;
  });
}

export interface RoutePattern extends RouteInfo {
  re: RegExp;
}

/** The GET routes of the app, the most specific first (`/startups/new` before `/startups/:id`). */
export function pagePatterns(routes: RouteInfo[]): RoutePattern[] {
  return routes
    .filter((r) => r.method === 'GET')
    .map((r) => ({ ...r, re: new RegExp(`^${r.path.replace(/\./g, '\\.').replace(/:[A-Za-z]+/g, '[^/]+')}$`) }))
    .sort((a, b) => (a.path.match(/:/g)?.length ?? 0) - (b.path.match(/:/g)?.length ?? 0));
}

export function routeOf(patterns: RoutePattern[], pathname: string): RoutePattern | undefined {
  return patterns.find((p) => p.re.test(pathname));
}

/** Whether the role may open a route at all (its guard): the pages the crawl must reach for that role. */
export function mayOpen(role: Role, route: RouteInfo): boolean {
  if (route.permission === 'authenticated') return true;
  if (!route.permission || route.permission === 'public') return false;
  return can({ role }, route.permission as Action);
}

/** Same-origin links of the page, as paths with their query (no fragment). */
export async function linksOf(page: Page, baseUrl: string): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(baseUrl).origin;
  return [...new Set(hrefs.filter((h) => h.startsWith(`${origin}/`)).map((h) => { const u = new URL(h); return u.pathname + u.search; }))];
}

/** Opens `path`; null when it is a file to download rather than a page. */
export async function open(page: Page, baseUrl: string, path: string): Promise<Response | null> {
  try {
    return await page.goto(baseUrl + path);
  } catch (err) {
    if (/Download is starting/.test(String(err))) return null;
    throw err;
  }
}

export interface Crawl {
  /** One concrete path per route, the first one found. */
  pages: Map<string, string>;
  /** Routes the role may open that were never reached from its navigation, home and tabs. */
  unreached: string[];
}

/**
 * From the home page, follows every same-origin link to a route of the table the role may open
 * (each route opened through up to `perRoute` different paths, so that a record with more on it is
 * found), breadth first: the navigation, the home page, the tabs, the links of each page.
 */
export async function crawl(page: Page, baseUrl: string, role: Role, patterns: RoutePattern[], exempt: Set<string>, perRoute = 6): Promise<Crawl> {
  const pages = new Map<string, string>();
  const opened = new Map<string, number>();
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  while (queue.length) {
    const path = queue.shift() as string;
    const route = routeOf(patterns, new URL(path, baseUrl).pathname);
    if (!route || exempt.has(route.path) || !mayOpen(role, route) || (opened.get(route.path) ?? 0) >= perRoute) continue;
    const res = await open(page, baseUrl, path);
    if (!res || res.status() !== 200 || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
    opened.set(route.path, (opened.get(route.path) ?? 0) + 1);
    if (!pages.has(route.path)) pages.set(route.path, path);
    for (const link of await linksOf(page, baseUrl)) {
      if (seen.has(link)) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  const unreached = patterns.filter((p) => mayOpen(role, p) && !exempt.has(p.path) && !pages.has(p.path)).map((p) => `GET ${p.path}`);
  return { pages, unreached };
}

/** Indexes of the forms of the page that have a required field to leave empty (their error state). */
export async function formsWithRequiredFields(page: Page): Promise<number[]> {
  return page.$$eval('form', (forms) =>
    forms
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.method.toLowerCase() === 'post' && f.querySelector('input[required]:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea[required], select[required]') !== null)
      .map(({ i }) => i),
  );
}

/**
 * Empties the required fields of the `index`th form of the page and sends it: the page that answers
 * is the form's error state. Returns that answer's status.
 */
export async function sendEmpty(page: Page, index: number): Promise<number> {
  const form = page.locator('form').nth(index);
  for (const field of await form.locator('input[required]:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea[required]').all()) {
    if ((await field.isVisible()) && (await field.isEditable())) await field.fill('');
  }
  for (const select of await form.locator('select[required]').all()) {
    if ((await select.isVisible()) && (await select.locator('option[value=""]').count()) > 0) await select.selectOption('');
  }
  // The server's answer is the error state checked here (the browser's own bubbles are not pages).
  await form.evaluate((f) => ((f as HTMLFormElement).noValidate = true));
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().isNavigationRequest() && res.request().method() === 'POST'),
    page.waitForEvent('load'),
    form.locator('button[type=submit], input[type=submit]').first().evaluate((b) => (b as HTMLButtonElement).click()),
  ]);
  return response.status();
}
