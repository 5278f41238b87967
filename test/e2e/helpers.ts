import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { FACTORY_PASSWORD } from '../../src/seed/factories';
import { sharedWorld } from '../helpers';
import { startApp, type RunningApp } from './built-app';

export { startApp, type RunningApp };

/**
 * Browser tests: the built app (dist/, as production runs it) on 127.0.0.1 and the test database, driven
 * by Debian's Chromium through playwright-core (see STACK-NOTES.md, "Browser tests"). Never downloads a browser.
 */

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-results/screenshots');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium headless with a fresh, empty profile made for this run and removed at close.
 * playwright-core refuses `--user-data-dir` in `args` and wants it as the first argument of
 * launchPersistentContext instead, hence a persistent context on a new temporary directory.
 * The person is a French user in Paris (Accept-Language fr-FR), on a laptop-sized window.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'boost-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The page of a persistent context: it opens with one blank tab. */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/**
 * Records what the browser reports as wrong on `page`: console errors (a CSP violation is one:
 * "Refused to apply inline style…"), uncaught exceptions, and sub-resources (CSS, fonts, scripts,
 * images) answered with an error status. Page navigations are left out: a form answered 422 is normal.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium also logs every answer >= 400 this way, pages included (a 422 form, a 401 login);
    // sub-resources are checked precisely by the 'response' listener below.
    if (msg.text().startsWith('Failed to load resource:')) return;
    problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'document' && res.status() >= 400) problems.push(`${res.status()} for ${res.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`));
  return problems;
}

let screenshotsCleared = false;

/** Saves a full-page PNG under test-results/screenshots/<name>.png; the folder is emptied once per run. */
export async function shot(page: Page, name: string): Promise<string> {
  if (!screenshotsCleared) {
    await rm(SCREENSHOT_DIR, { recursive: true, force: true });
    screenshotsCleared = true;
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** The log lines of the app at level error or worse, to print when a step fails. */
export function serverErrors(logs: string[]): string[] {
  return logs.filter((line) => {
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
    } catch {
      return false;
    }
  });
}

/**
 * The hooks of a journey (a describe whose steps build on each other): after a failed step, its
 * page and the server's errors are printed and the later steps are skipped (they could only fail
 * for the same reason); at the end the browser and the app close.
 */
export function journeyHooks(prefix: string, state: () => { page?: Page; browser?: Browser; running?: RunningApp }): void {
  let brokenAt = '';
  beforeEach(function () {
    if (brokenAt) this.skip();
  });
  afterEach(async function () {
    const { page, running } = state();
    if (this.currentTest?.state === 'failed' && page) {
      brokenAt = this.currentTest.title;
      const file = await shot(page, `FAILED-${prefix}${this.currentTest.title}`).catch(() => '');
      console.log(`    page at failure: ${page.url()}${file ? `\n    screenshot: ${file}` : ''}`);
      for (const line of serverErrors(running?.logs ?? [])) console.log(`    server: ${line}`);
    }
  });
  after(async () => {
    const { browser, running } = state();
    await browser?.close();
    await running?.close();
  });
}

export interface JourneyState {
  running: RunningApp;
  browser: Browser;
  page: Page;
  /** What the browser reported as wrong so far (watchProblems). */
  problems: string[];
}

export interface JourneyOptions {
  /** Settings of the app under test (UPLOAD_DIR…). */
  env?: Record<string, string>;
  /** Records the journey starts from, written after the database is emptied and before the app starts. */
  world?: () => Promise<void>;
  /** Receives the running app, browser and page once they are up. */
  ready: (state: JourneyState) => void;
  timeoutMs?: number;
}

/**
 * The one setup of a browser journey (a describe whose steps build on each other): the database is
 * emptied once and `world` written, the app started on a free port, Chromium launched with a fresh
 * profile and its problems watched; then journeyHooks(): a failed step stops the journey, and
 * everything closes at the end.
 */
export function journey(prefix: string, options: JourneyOptions): void {
  let state: Partial<JourneyState> = {};
  sharedWorld(async () => {
    await options.world?.();
    const running = await startApp(options.env);
    const browser = await launchBrowser();
    const page = await firstPage(browser.context);
    state = { running, browser, page, problems: watchProblems(page) };
    options.ready(state as JourneyState);
  }, { timeoutMs: options.timeoutMs ?? 60_000 });
  journeyHooks(prefix, () => state);
}

/** What a person does on a page: open a path, read what is visible, submit, sign in (as a factory user). */
export function pageTools(state: () => { page: Page; running: RunningApp }) {
  const go = (path: string) => state().page.goto(state().running.baseUrl + path);
  const seen = async (locator: Locator): Promise<string> => {
    await locator.waitFor({ state: 'visible' });
    return (await locator.innerText()).replace(/\s+/g, ' ').trim();
  };
  const submit = async (button: Locator): Promise<void> => {
    await Promise.all([state().page.waitForEvent('load'), button.click()]);
  };
  const signIn = async (email: string, password = FACTORY_PASSWORD): Promise<void> => {
    const { page } = state();
    await page.context().clearCookies();
    await go('/login');
    await page.getByLabel(/^Adresse e-mail|^E-mail address/).fill(email);
    await page.getByLabel(/^Mot de passe|^Password/).fill(password);
    await submit(page.getByRole('button', { name: /Se connecter|Sign in/ }));
    expect(new URL(page.url()).pathname).to.equal('/');
  };
  return { go, seen, submit, signIn };
}

/** Clicks `button` and waits until the next page has loaded; returns that page's response (after redirects). */
export async function submitFor(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().isNavigationRequest() && res.request().frame() === page.mainFrame() && (res.status() < 300 || res.status() >= 400)),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response;
}

/** The visible, whitespace-normalised text of `locator` (waits for it to be visible). */
export async function seenText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * The form control labelled `label`. A required field's label ends with a star that assistive
 * technologies skip (aria-hidden) but Playwright's label text includes, hence the optional " *".
 */
export function fieldLabelled(page: Page, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** The error of a field is visible, announced by the field, and right under it. */
export async function expectFieldError(page: Page, fieldId: string, message: string): Promise<void> {
  const input = page.locator(`#${fieldId}`);
  const error = page.locator(`#${fieldId} ~ .invalid-feedback`);
  expect(await seenText(error)).to.equal(message);
  expect(await input.getAttribute('aria-invalid')).to.equal('true');
  const errorId = await error.getAttribute('id');
  expect((await input.getAttribute('aria-describedby'))?.split(' ')).to.include(errorId);
  const inputBox = await input.boundingBox();
  const errorBox = await error.boundingBox();
  if (!inputBox || !errorBox) throw new Error(`no layout box for ${fieldId} or its error`);
  const gap = errorBox.y - (inputBox.y + inputBox.height);
  expect(gap, 'the error sits right under its field').to.be.within(-1, 12);
  expect(Math.abs(errorBox.x - inputBox.x), 'the error is aligned with its field').to.be.below(2);
}
