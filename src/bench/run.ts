import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT_DIR } from '../core/config';
import { freePort } from '../core/db/proc';
import { resolveDatabase } from '../core/db/resolve';
import type { Role } from '../core/policy';
import { BENCH_PASSWORD, BENCH_USERS, type DatasetSpec } from './datasets';
import { Client } from './http';
import { measurePage, refusal, expectedTitle, type PageResult, type SampleRule, type Values } from './measure';
import { PAGES, THROUGHPUT_PATHS } from './pages';
import { PREPARED_PREFIX, type Prepared } from './dataset';
import { onStop, pidListeningOn, portOfUri, rssMb, runNodeChild, startNodeChild } from './processes';
import { formatDuration } from './progress';
import type { DatasetResult } from './report';
import { hammer, type ThroughputResult } from './throughput';

export interface RunOptions {
  fresh: boolean;
  rule: SampleRule;
  throughputSeconds: number;
  mongodbUri?: string;
  log: (line: string) => void;
}

export const BENCH_DIR = path.join(ROOT_DIR, '.cache', 'bench');

/** The database server of a dataset: the given one (its own database per dataset), or an embedded one with files under .cache/bench/<dataset>. */
export async function openServer(spec: DatasetSpec, options: Pick<RunOptions, 'mongodbUri' | 'log'>) {
  const log = (msg: string): void => options.log(`  ${msg}`);
  if (options.mongodbUri) return resolveDatabase({ mongodbUri: options.mongodbUri, dbName: `boost_bench_${spec.name.replace(/-/g, '_')}`, uriDatabase: 'replace', log });
  return resolveDatabase({ dataDir: path.join(BENCH_DIR, spec.name), dbName: 'boost_bench', log });
}

/**
 * The options of node for the app in production, the same as `npm start` (package.json) and the README's
 * systemd unit (test/bench/soak.test.ts keeps the three together). The heap cap is what keeps the resident
 * size of the app flat and small: without it V8 sizes the heap from the machine's memory and lets it grow
 * to about four times the live data between full collections (README, "The build").
 */
export const PRODUCTION_NODE_OPTIONS = ['--enable-source-maps', '--max-old-space-size=512'];

/** The app as production runs it: dist/server.js (built first when stale), with node alone. */
export async function startApp(uri: string, dataset: string, options: { log: (line: string) => void; probe?: boolean }) {
  await runNodeChild({ name: 'the build', entry: 'scripts/build.mjs', args: ['--if-stale'], cwd: ROOT_DIR, env: process.env, onLine: (line) => options.log(`  ${line}`), onError: (line) => options.log(`  ${line}`) });
  const port = await freePort();
  return startNodeChild({
    name: 'the app',
    entry: 'dist/server.js',
    // The soak asks the app for its heap after a forced collection (src/core/memory-probe.ts).
    nodeArgs: [...PRODUCTION_NODE_OPTIONS, ...(options.probe ? ['--expose-gc'] : [])],
    ipc: options.probe,
    cwd: ROOT_DIR,
    port,
    readyPath: '/healthz',
    logFile: path.join(BENCH_DIR, 'logs', `app-${dataset}.log`),
    env: {
      ...process.env,
      MONGODB_URI: uri,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: path.join(BENCH_DIR, 'app-data'),
      UPLOAD_DIR: path.join(BENCH_DIR, 'uploads'),
    },
  });
}

async function throughput(base: string, cookie: string, values: Values, options: RunOptions, dataset: string) {
  const app: ThroughputResult[] = [];
  for (const p of THROUGHPUT_PATHS) {
    // The runs cannot read bodies: one answer with the same cookie is checked first.
    const res = await fetch(`${base}${p}`, { headers: { cookie, 'accept-language': 'fr' }, redirect: 'manual' });
    const page = PAGES.find((x) => x.role === 'manager' && x.path === p);
    const why = refusal({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }, expectedTitle(page?.title ?? '', values) ?? '', BENCH_USERS.manager.name);
    if (why) throw new Error(`throughput run of ${p}: the manager's answer is refused (${why})`);
    options.log(`  throughput: ${p}, 10 connections for ${options.throughputSeconds} s…`);
    app.push(await hammer(`${base}${p}`, { connections: 10, seconds: options.throughputSeconds, cookie }));
  }
  const barePort = await freePort();
  const bare = await startNodeChild({ name: 'the bare page', entry: 'src/bench/bare/server.ts', cwd: ROOT_DIR, port: barePort, readyPath: '/', logFile: path.join(BENCH_DIR, 'logs', `bare-${dataset}.log`), env: { ...process.env, NODE_ENV: 'production', PORT: String(barePort) } });
  try {
    options.log(`  throughput: bare Express + express-handlebars page, 10 connections for ${options.throughputSeconds} s…`);
    const bareResult = await hammer(`http://127.0.0.1:${barePort}/`, { connections: 10, seconds: options.throughputSeconds });
    const ratios = Object.fromEntries(app.map((a) => [a.path, bareResult.rps > 0 ? a.rps / bareResult.rps : 0]));
    return { app, bare: bareResult, ratios };
  } finally {
    await bare.stop();
  }
}

/** Loads or reuses the dataset in a child process (src/bench/prepare-cli.ts), its progress lines passed on. */
export async function prepare(spec: DatasetSpec, uri: string, options: Pick<RunOptions, 'fresh' | 'log'>): Promise<Prepared> {
  let prepared: Prepared | undefined;
  await runNodeChild({
    name: `the loader of ${spec.name}`,
    entry: 'src/bench/prepare-cli.ts',
    args: [spec.name, ...(options.fresh ? ['--fresh'] : [])],
    cwd: ROOT_DIR,
    env: { ...process.env, MONGODB_URI: uri },
    onLine: (line) => {
      if (line.startsWith(PREPARED_PREFIX)) prepared = JSON.parse(line.slice(PREPARED_PREFIX.length)) as Prepared;
      else options.log(line);
    },
  });
  if (!prepared) throw new Error(`the loader of ${spec.name} ended without a result`);
  return prepared;
}

/** One dataset: database server, dataset (kept or built), the app, sign-ins, pages, throughput, memory; everything stopped at the end. */
export async function runDataset(spec: DatasetSpec, options: RunOptions): Promise<DatasetResult> {
  const started = Date.now();
  const { log } = options;
  log(`\n== ${spec.name}`);
  const server = await openServer(spec, options);
  const forgetServer = onStop(`the ${server.kind} database server`, () => server.stop());
  try {
    const { marker, reused, sizes, ids } = await prepare(spec, server.uri, options);
    const ensureMs = Date.now() - started;
    log(`  dataset ready in ${formatDuration(ensureMs)}: ${Object.entries(sizes).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}`);

    const app = await startApp(server.uri, spec.name, { log });
    try {
      const base = `http://127.0.0.1:${app.port}`;
      const dbPort = portOfUri(server.uri);
      const dbPid = dbPort ? pidListeningOn(dbPort) : undefined;
      const values: Values = { ...ids, founderUserName: BENCH_USERS.founder.name };
      const clients = new Map<Role, Client>();
      for (const role of Object.keys(BENCH_USERS) as Role[]) {
        const client = new Client(base);
        await client.signIn(BENCH_USERS[role].email, BENCH_PASSWORD, BENCH_USERS[role].name);
        clients.set(role, client);
      }
      log(`  app started (pid ${app.pid}, port ${app.port}); signed in as ${[...clients.keys()].join(', ')}`);
      const memory: DatasetResult['memory'] = { appPid: app.pid, appBeforeMb: rssMb(app.pid), dbPid, dbBeforeMb: rssMb(dbPid) };

      const measureStarted = Date.now();
      const pages: PageResult[] = [];
      for (const [i, page] of PAGES.entries()) {
        const client = clients.get(page.role) as Client;
        const result = await measurePage(client, page, values, BENCH_USERS[page.role].name, options.rule);
        pages.push(result);
        const what = result.skipped ? `skipped (${result.skipped})` : result.error ? `REFUSED: ${result.error}` : `median ${result.median} ms · p95 ${result.p95} ms (${result.samples.length} samples)`;
        log(`  [${i + 1}/${PAGES.length}] ${page.role} ${page.path}: ${what}`);
      }
      const cookie = (clients.get('manager') as Client).cookieHeader();
      const tp = await throughput(base, cookie, values, options, spec.name);
      memory.appAfterMb = rssMb(app.pid);
      memory.dbAfterMb = rssMb(dbPid);
      const measureMs = Date.now() - measureStarted;
      for (const c of clients.values()) c.close();
      return {
        dataset: spec.name,
        server: options.mongodbUri ? { kind: 'given server', reason: '--mongodb-uri, BENCH_MONGODB_URI or MONGODB_URI' } : { kind: server.kind, reason: server.reason },
        load: { reused, version: marker.version, builtAt: new Date(marker.builtAt).toISOString(), buildMs: marker.buildMs, ensureMs },
        sizes,
        pages,
        throughput: tp,
        memory,
        measureMs,
        totalMs: Date.now() - started,
      };
    } finally {
      await app.stop();
    }
  } finally {
    forgetServer();
    await server.stop();
  }
}
