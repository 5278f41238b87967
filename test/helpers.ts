import { forgetKept } from '../src/core/cache';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Express } from 'express';
import Handlebars from 'handlebars';
import { translate, type Locale } from '../src/core/i18n';
import { buildApp } from '../src/app';
import { loadConfig, type Config } from '../src/core/config';
import { createLogger } from '../src/core/logger';
import type { MailMessage, Mailer } from '../src/core/mail';
import { FACTORY_PASSWORD, makeUser, type MakeUserOptions } from '../src/seed/factories';

export type Agent = ReturnType<typeof request.agent>;

/**
 * Empties every collection (indexes stay). The root hook of test/setup.ts calls it before each test;
 * a test calls it itself only to start again from nothing in its middle.
 */
export async function resetDb(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(collections.map((c) => db.collection(c.name).deleteMany({})));
  // Summaries kept in the process belong to the data just removed.
  forgetKept();
}

const shared = new WeakSet<Mocha.Suite>();

/**
 * For a describe block whose tests all read one world built once (faster than rebuilding it for
 * each test): the database is emptied once, then `build` runs, and the root hook leaves the
 * database alone for the tests of that block. Tests of such a block must not depend on each other's writes.
 */
export function sharedWorld(build: () => Promise<void>, options: { timeoutMs?: number } = {}): void {
  before(async function () {
    if (options.timeoutMs) this.timeout(options.timeoutMs);
    const suite = this.test?.parent;
    if (suite) shared.add(suite);
    await resetDb();
    await build();
  });
}

/** Whether a test belongs to a sharedWorld() block (the root hook then does not empty the database). */
export function sharesWorld(test: Mocha.Runnable | undefined): boolean {
  for (let suite = test?.parent; suite; suite = suite.parent) if (shared.has(suite)) return true;
  return false;
}

/** A text of the catalogue as a page shows it (French unless told, HTML-escaped like Handlebars does). */
export function text(key: string, vars?: Record<string, unknown>, locale: Locale = 'fr'): string {
  return Handlebars.escapeExpression(translate(locale, key, vars));
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', UPLOAD_DIR: '/tmp/boost-test-uploads', ...env });
}

export interface TestApp {
  app: Express;
  config: Config;
  mails: MailMessage[];
  /** Every log line written while the app ran (JSON strings). */
  logs: string[];
}

/** The app under test; mails are kept in `mails` unless a mailer of the test's own is given. */
export function makeApp(env: Record<string, string> = {}, ownMailer?: Mailer): TestApp {
  const config = testConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const mails: MailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      mails.push(message);
    },
  };
  const app = buildApp({ config, logger: createLogger(config.logLevel, sink), mailer: ownMailer ?? mailer });
  return { app, config, mails, logs };
}

/** The CSRF token of the form on `path` (the agent keeps the session cookie). */
export async function csrfFrom(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
  return match[1];
}

/** Posts a form the way a browser does: token taken from `formPage` first. */
export async function postForm(agent: Agent, formPage: string, action: string, fields: Record<string, string | string[]>) {
  const token = await csrfFrom(agent, formPage);
  return agent.post(action).type('form').send({ _csrf: token, ...fields });
}

export async function login(app: Express, email: string, password = FACTORY_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const res = await postForm(agent, '/login', '/login', { email, password });
  if (res.status !== 303) throw new Error(`login of ${email} failed: ${res.status}`);
  return agent;
}

/** A user of `role` and an agent signed in as them. */
export async function signedIn(app: Express, options: MakeUserOptions = {}) {
  const user = await makeUser(options);
  const agent = await login(app, user.email);
  return { user, agent };
}

/** The session cookie (name=value) from a response. */
export function sessionCookie(res: request.Response): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return raw?.find((c) => /boost\.sid=/.test(c));
}

/**
 * Counts the queries Mongoose sends while `work` runs, by collection and method
 * ("startups.findOne": 1…), through Mongoose's debug hook. Queries of the session store and of
 * the login throttle go through the driver directly and are not counted.
 */
export async function countQueries(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  mongoose.set('debug', (collection: string, method: string) => {
    const key = `${collection}.${method}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  try {
    await work();
  } finally {
    mongoose.set('debug', false);
  }
  return counts;
}

/** How many queries of `counts` touched `collection` (whatever the method). */
export function queriesOn(counts: Record<string, number>, collection: string): number {
  return Object.entries(counts)
    .filter(([key]) => key.startsWith(`${collection}.`))
    .reduce((sum, [, n]) => sum + n, 0);
}
