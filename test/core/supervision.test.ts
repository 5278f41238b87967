import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../src/core/db/proc';
import { text, type Agent } from '../helpers';
import { MANAGER, PortHolder, get, javaServerChildren, setUpAndSignIn, startApp, waitFor, type AppProcess } from './app-process';

/**
 * The app as it runs in production on its embedded server (NODE_ENV=production, DATA_DIR of its own),
 * whose Java process is killed with SIGKILL as an out-of-memory kill would do (issue: "When the embedded
 * database server dies, the app stays down for good").
 */
function appEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SESSION_SECRET: 'supervision-test-secret-0123456789abcdef',
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATA_DIR: dataDir,
    UPLOAD_DIR: path.join(dataDir, 'uploads'),
    DB_JAVA_HEAP_MB: '256',
    DB_JAVA_CACHE_MB: '64',
    MONGOMS_RUNTIME_DOWNLOAD: 'false',
    ...extra,
  };
}
const UNSET = ['MONGODB_URI', 'MONGOMS_SYSTEM_BINARY'];

interface LogLine {
  level: number;
  msg: string;
  event?: string;
  signal?: string | null;
  pid?: number;
  err?: { stack?: string };
}

/** Every line the app wrote, parsed: a line that is not one JSON object fails the test. */
function logLines(app: AppProcess): LogLine[] {
  return app.lines().map((line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object: ${line}`);
    return parsed as LogLine;
  });
}

async function startedApp(dataDir: string, port: number, extra: Record<string, string> = {}): Promise<AppProcess> {
  const app = startApp(appEnv(dataDir, port, extra), UNSET);
  await waitFor('the app to answer /healthz 200', async () => (await get(port, '/healthz')).status === 200 || app.child.exitCode !== null, 120_000);
  if (app.child.exitCode !== null) throw new Error(`the app ended: ${app.output()}`);
  return app;
}

async function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 20_000);
  await app.exit;
  clearTimeout(timer);
}

function onlyJavaServer(app: AppProcess): number {
  const pids = javaServerChildren(app.child.pid ?? -1);
  expect(pids, 'one mongo-java-server process under the app').to.have.length(1);
  return pids[0];
}

describe('the embedded database server, supervised by the app', function () {
  this.timeout(240_000);
  let dataDir: string;
  let port: number;
  let app: AppProcess | undefined;
  let agent: Agent;

  before(async function () {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-supervision-'));
    port = await freePort();
    app = await startedApp(dataDir, port);
    if (!app.output().includes('database: mongo-java-server')) this.skip(); // mongod (mongodb-memory-server) is not supervised
    agent = await setUpAndSignIn(port);
  });

  after(async () => {
    await stopApp(app);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('a killed server is started again on the same data: /healthz 503, then 200 within the back-off; session and data kept', async () => {
    const running = app as AppProcess;
    expect((await agent.get('/')).text).to.include(MANAGER.name);
    const killed = onlyJavaServer(running);
    process.kill(killed, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor('/healthz 503', async () => (await get(port, '/healthz')).status === 503, 5_000, 20);
    // First back-off 1 s, then the Java start: "200 again as soon as the database answers".
    await waitFor('/healthz 200 again', async () => (await get(port, '/healthz')).status === 200, 20_000);
    const downMs = Date.now() - killedAt;
    expect(javaServerChildren(running.child.pid ?? -1)).to.not.include(killed);
    const home = await agent.get('/');
    expect(home.status, 'the session written before the kill still signs the manager in').to.equal(200);
    expect(home.text).to.include(MANAGER.name);
    const programme = await agent.get('/programme');
    expect(programme.text).to.include('Boost supervision');
    expect(downMs).to.be.below(20_000);
  });

  it('while it cannot come back (its port taken), pages answer 503 within 6 s in the reader\'s language; 200 once it is back', async () => {
    const running = app as AppProcess;
    const dbPort = Number(/:(\d+)\//.exec(String((JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { uri: string }).uri))?.[1]);
    process.kill(onlyJavaServer(running), 'SIGKILL');
    // Something that is no database takes its port as soon as it is free: the restarts fail until it goes.
    const squatter = new PortHolder(dbPort);
    await waitFor('the database port to be free', () => squatter.open().then(() => true), 5_000, 10);
    try {
      const started = Date.now();
      const [signedIn, anonymous] = await Promise.all([
        agent.get('/startups').set('Accept-Language', 'en'),
        get(port, '/login', { headers: { 'Accept-Language': 'fr' } }),
      ]);
      const ms = Date.now() - started;
      expect(signedIn.status).to.equal(503);
      expect(signedIn.text).to.include(text('errors.title503', {}, 'en'));
      expect(anonymous.status).to.equal(503);
      expect(anonymous.body).to.include(text('errors.title503', {}, 'fr'));
      expect(ms, 'one bound for the whole request, session store included').to.be.at.most(6_000);
      expect((await get(port, '/healthz')).status).to.equal(503);
      await waitFor('a failed restart in the log', () => running.output().includes('could not be started again'), 30_000);
    } finally {
      await squatter.close();
    }
    await waitFor('/healthz 200 once the port is free', async () => (await get(port, '/healthz')).status === 200, 40_000);
    const page = await agent.get('/startups');
    expect(page.status).to.equal(200);
  });

  it('writes only JSON lines, with the crash (signal, pid) and the restart, and no stack', () => {
    const lines = logLines(app as AppProcess);
    const down = lines.filter((l) => l.event === 'database-down');
    expect(down.length).to.be.at.least(2);
    expect(down[0].signal).to.equal('SIGKILL');
    expect(down[0].pid).to.be.a('number');
    expect(lines.filter((l) => l.event === 'database-restarted').length).to.be.at.least(2);
    expect(lines.filter((l) => l.err?.stack !== undefined)).to.deep.equal([]);
  });
});

describe('an embedded database server that keeps dying', function () {
  this.timeout(240_000);

  it('ends the app after too many failed restarts: a fatal JSON line and exit code 1', async function () {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-supervision-'));
    const port = await freePort();
    let app: AppProcess | undefined;
    let killer: NodeJS.Timeout | undefined;
    try {
      app = await startedApp(dataDir, port, { DB_RESTART_ATTEMPTS: '2', DB_RESTART_WINDOW_SECONDS: '120' });
      if (!app.output().includes('database: mongo-java-server')) this.skip();
      const appPid = app.child.pid ?? -1;
      const killed = new Set<number>();
      // Every server it starts dies at once (a crash loop).
      killer = setInterval(() => {
        for (const pid of javaServerChildren(appPid)) {
          killed.add(pid);
          process.kill(pid, 'SIGKILL');
        }
      }, 20);
      const code = await app.exit;
      expect(code).to.equal(1);
      expect(killed.size, 'the first server and the two restarts').to.equal(3);
      const lines = logLines(app);
      const last = lines.at(-1);
      expect(last?.level).to.equal(60);
      expect(last?.event).to.equal('database-gave-up');
      expect(last?.msg).to.match(/3 failures within 120 s, more than the 2 restarts allowed; the app stops \(exit 1\)/);
      expect(await fs.stat(path.join(dataDir, 'server.json')).then(() => true, () => false), 'the note of the running server is gone').to.equal(false);
    } finally {
      clearInterval(killer);
      await stopApp(app);
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
