import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/core/config';
import { freePort } from '../../src/core/db/proc';
import type { MailMessage } from '../../src/core/mail';

export interface RunningApp {
  /** http://127.0.0.1:<port>, also the app's BASE_URL, so the links it makes point here. */
  baseUrl: string;
  /** Every log line the app wrote so far (JSON strings). */
  logs: string[];
  /** The mails it sent so far (no SMTP in tests: each one is a log line). */
  mails: MailMessage[];
  close(): Promise<void>;
}

/** The compiled app, as production runs it (`npm run test:e2e` builds dist/ first when it is stale). */
const BUILT_SERVER = path.join(ROOT_DIR, 'dist', 'server.js');

/**
 * Starts the built app (node dist/server.js) on a free port of 127.0.0.1, on the test database: the
 * records a journey writes with the factories are the app's. BASE_URL is that address, so the one-time
 * links shown to managers open in the test browser.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(BUILT_SERVER)) throw new Error('dist/server.js is missing: run `npm run build` (npm run test:e2e does it)');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--enable-source-maps', BUILT_SERVER], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      BASE_URL: baseUrl,
      MONGODB_URI: String(process.env.BOOST_TEST_DB_URI),
      UPLOAD_DIR: '/tmp/boost-test-uploads',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer): void => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    logs.push(...parts.filter(Boolean));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await healthy(baseUrl))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the built app did not start: ${logs.slice(-5).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    logs,
    get mails() {
      return mailsIn(logs);
    },
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function healthy(baseUrl: string): Promise<boolean> {
  return fetch(`${baseUrl}/healthz`).then(
    (res) => res.status === 200,
    () => false,
  );
}

/** Without SMTP_HOST the app writes each mail to its log (src/core/mail.ts). */
function mailsIn(logs: string[]): MailMessage[] {
  return logs.flatMap((line) => {
    try {
      const mail = (JSON.parse(line) as { mail?: MailMessage }).mail;
      return mail?.text === undefined ? [] : [mail];
    } catch {
      return [];
    }
  });
}
