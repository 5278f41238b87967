import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createStorage } from '../../src/core/storage';
import { ROLES, type Role } from '../../src/core/policy';
import { seedAll } from '../../src/seed/all';
import { DEMO_USERS } from '../../src/seed/demo';
import { User } from '../../src/users/model';
import { issueToken } from '../../src/users/tokens';
import { appRoutes } from '../features/permissions.helpers';
import { axeViolations, crawl, formsWithRequiredFields, open, pagePatterns, sendEmpty, sidewaysScroll, type RoutePattern } from './a11y';
import { makeApp, sharedWorld } from '../helpers';
import { firstPage, launchBrowser, serverErrors, shot, startApp, type Browser, type RunningApp } from './helpers';

/**
 * THE CHECK (issue 12): every page a person can reach, in French and English, on a 1280 px screen
 * and a 390 px phone, passes axe-core with no violation of any impact, and no page scrolls sideways
 * on the phone. Each role signs in and its pages are found from its navigation, its home page and
 * the tabs and links of each page (test/e2e/a11y.ts: crawl); they are judged against the app's route
 * table, so a new page is checked without editing this file, and a page a role may open but cannot
 * reach from its navigation fails too. Each form is also sent with its required fields empty, and
 * its error state checked the same way. Pages before sign-in (setup, login, forgotten password,
 * set-password links, valid and not) are checked first.
 *
 * Faster runs while working: A11Y_ROLES=manager,founder, A11Y_WIDTHS=390, A11Y_LOCALES=en;
 * A11Y_SHOTS=1 saves a screenshot of every page and error state under test-results/screenshots/a11y-*.
 */

/** Routes that answer a file to download (CSV exports, calendar feeds, dossier downloads), not a page: the crawl does not check them. */
const isFileRoute = (path: string): boolean => /\.(csv|ics)$|\/download$/.test(path);
const UPLOAD_DIR = '/tmp/boost-test-uploads-a11y';
const listOf = (name: string, all: readonly string[]): string[] => (process.env[name] ? process.env[name].split(',').filter((x) => all.includes(x)) : [...all]);
const ROLES_CHECKED = listOf('A11Y_ROLES', ROLES) as Role[];
const WIDTHS = listOf('A11Y_WIDTHS', ['1280', '390']).map(Number);
const LOCALES = listOf('A11Y_LOCALES', ['fr', 'en']) as ('fr' | 'en')[];
const SHOTS = process.env.A11Y_SHOTS === '1';

describe('browser: accessibility of every page (axe-core, French and English, 1280 px and 390 px)', () => {
  let running: RunningApp;
  let page: Page;
  let patterns: RoutePattern[];

  let browser: Browser | undefined;

  // Not a journey: each role's check stands alone, so one role's findings do not hide another's.
  sharedWorld(async () => {
    running = await startApp({ UPLOAD_DIR });
    browser = await launchBrowser();
    page = await firstPage(browser.context);
    // The route table of the app the test process builds: the same code as the built app it drives.
    patterns = pagePatterns(appRoutes(makeApp().app));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') for (const line of serverErrors(running.logs)) console.log(`    server: ${line}`);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  /** Checks one page as it is now on screen: axe, and the sideways scroll on a phone. */
  async function checkHere(where: string, width: number, problems: string[]): Promise<void> {
    problems.push(...(await axeViolations(page, where)));
    if (width < 600) {
      const scroll = await sidewaysScroll(page);
      if (scroll) problems.push(`${where}: scrolls sideways: ${scroll}`);
    }
    if (SHOTS) await shot(page, `a11y-${where}`);
  }

  /** Every page of `paths`, at each width, then each of its forms sent with its required fields empty. */
  async function checkPages(label: string, paths: string[], problems: string[]): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
      for (const path of paths) {
        const where = `${label} ${width}px ${path}`;
        const res = await open(page, running.baseUrl, path);
        if (!res) continue;
        await checkHere(where, width, problems);
        const forms = await formsWithRequiredFields(page);
        for (const [n, index] of forms.entries()) {
          if (n > 0) await open(page, running.baseUrl, path);
          const status = await sendEmpty(page, index);
          const at = `${where} [form ${index + 1}, required fields empty]`;
          // A form shows its errors again (4xx), or a button's refusal comes back as an alert on the page it names.
          const refused = status >= 400 || (await page.locator('.alert-danger[role=alert]').count()) > 0;
          if (!refused) problems.push(`${at}: accepted (${status}) instead of saying what is missing`);
          else await checkHere(at, width, problems);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function inLanguage(locale: 'fr' | 'en'): Promise<void> {
    const button = page.getByRole('button', { name: locale === 'en' ? 'Switch to English' : 'Passer en français' });
    if ((await button.count()) === 0) return;
    await Promise.all([page.waitForEvent('load'), button.first().evaluate((b) => (b as HTMLButtonElement).click())]);
  }

  const report = (problems: string[]) => expect(problems, `\n${problems.join('\n')}\n`).to.deep.equal([]);

  it('before anyone exists: the setup page and its error state', async function () {
    this.timeout(10 * 60_000);
    const problems: string[] = [];
    for (const locale of LOCALES) {
      await open(page, running.baseUrl, '/setup');
      await inLanguage(locale);
      await checkPages(`anonymous ${locale}`, ['/setup'], problems);
    }
    report(problems);
  });

  it('signed out: login, forgotten password and set-password links (usable, used or unknown), with their error states', async function () {
    this.timeout(10 * 60_000);
    await seedAll(createStorage({ storageDriver: 'disk', uploadDir: UPLOAD_DIR }));
    const observer = await User.findOne({ email: DEMO_USERS.find((u) => u.role === 'observer')?.email }).lean();
    const token = await issueToken(String(observer?._id), 'reset');
    const anonymous = patterns.filter((p) => p.permission === 'public' && !/^\/(setup|healthz|set-password)/.test(p.path)).map((p) => p.path);
    expect(anonymous, 'the public pages of the route table').to.include('/login');
    const problems: string[] = [];
    for (const locale of LOCALES) {
      await page.context().clearCookies();
      await open(page, running.baseUrl, '/login');
      await inLanguage(locale);
      await checkPages(`anonymous ${locale}`, [...anonymous, `/set-password/${token}`, '/set-password/not-a-link-anyone-was-sent'], problems);
    }
    report(problems);
  });

  for (const role of ROLES_CHECKED) {
    it(`${role}: every page reachable from the navigation, home and tabs, and every form’s error state`, async function () {
      this.timeout(40 * 60_000);
      const demo = DEMO_USERS.find((u) => u.role === role);
      if (!demo) throw new Error(`no demo user for ${role}`);
      await page.context().clearCookies();
      await User.updateOne({ email: demo.email }, { $set: { locale: 'fr' } });
      await open(page, running.baseUrl, '/login');
      await page.locator('#f-email').fill(demo.email);
      await page.locator('#f-password').fill(demo.password);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Se connecter' }).click()]);

      const found = await crawl(page, running.baseUrl, role, patterns, new Set(patterns.map((p) => p.path).filter(isFileRoute)));
      const problems = found.unreached.map((r) => `${role}: ${r} may be opened but is reached from no navigation, home page, tab or link`);
      for (const locale of LOCALES) {
        await User.updateOne({ email: demo.email }, { $set: { locale } });
        await checkPages(`${role} ${locale}`, [...found.pages.values()], problems);
      }
      console.log(`      ${role}: ${found.pages.size} pages checked: ${[...found.pages.keys()].join(' ')}`);
      report(problems);
    });
  }
});
