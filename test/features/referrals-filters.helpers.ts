import { expect } from 'chai';

/** Reading the referrals list and its CSV as a user sees them (test/features/referrals-filters.test.ts). */

/** The rows of the inbox as "Startup · Partner", in the page's order. */
export function rows(page: string): string[] {
  return [...page.matchAll(/<a href="\/referrals\/[0-9a-f]{24}" class="fw-semibold">([^<]*)<\/a><\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => `${m[1]} · ${m[2]}`);
}

/** The rows of the CSV export (header first) as cells: every cell is quoted, none holds a line break here. */
export function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"')));
}

/** An address of the page (HTML-escaped there) as its path and its query's parameters. */
export function address(escaped: string): { path: string; params: Record<string, string> } {
  const [path, query = ''] = escaped.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').split('?');
  return { path, params: Object.fromEntries(new URLSearchParams(query)) };
}

/** The tab link labelled `label`. */
export function tabLink(page: string, label: string) {
  const found = new RegExp(`<a class="nav-link[^"]*" href="([^"]*)"[^>]*>${label}</a>`).exec(page);
  expect(found, label).to.not.equal(null);
  return address(found?.[1] ?? '');
}

/** The first link to `path` (with or without a query). */
export function linkTo(page: string, path: string) {
  const found = new RegExp(`href="(${path.replace(/\./g, '\\.')}(?:\\?[^"]*)?)"`).exec(page);
  expect(found, path).to.not.equal(null);
  return address(found?.[1] ?? '');
}

/** The "clear filters" link of the filter bar, or null when there is none. */
export function clearLink(page: string) {
  const found = /<a href="([^"]*)"[^>]*data-clear-filters>/.exec(page);
  return found ? address(found[1]) : null;
}
