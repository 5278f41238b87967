import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import type { Role } from '../core/policy';
import { MEMORY_PROBE, type MemoryFigures } from '../core/memory-probe';
import { BENCH_PASSWORD, BENCH_USERS, type DatasetSpec } from './datasets';
import { Client } from './http';
import { fillPath, type Values } from './measure';
import { PAGES } from './pages';
import { onStop, pidListeningOn, portOfUri, rssMb } from './processes';
import { formatDuration } from './progress';
import { openServer, prepare, startApp } from './run';

/**
 * npm run bench -- --soak: mixed pages of three roles at 10 connections for minutes on end, the app run as
 * production runs it (dist/, node alone). Heap after a forced full collection is read through the app's
 * memory probe after a warm-up and again at the end; the resident size of the app and of the database
 * server is sampled all along (the curve). A heap that keeps what it should have freed shows as growth
 * between the two collections; memory a collector merely has not given back shows in RSS only.
 */
export interface SoakOptions {
  dataset: DatasetSpec;
  minutes: number;
  warmupSeconds: number;
  sampleSeconds: number;
  fresh: boolean;
  mongodbUri?: string;
  log: (line: string) => void;
}

export interface SoakSample {
  atSeconds: number;
  appRssMb?: number;
  appHeapUsedMb?: number;
  /** What V8 holds for its heap (used or not), and the memory of Buffers outside it. */
  appHeapTotalMb?: number;
  appExternalMb?: number;
  dbRssMb?: number;
}

export interface SoakResult {
  dataset: string;
  minutes: number;
  connections: Record<string, number>;
  requests: number;
  rps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyP50: number;
  latencyP99: number;
  /** Heap used after a forced full collection, in MB, after the warm-up and after the run. */
  heapAfterGcStartMb: number;
  heapAfterGcEndMb: number;
  /** Of those, V8's compiled code (machine code, bytecode and their metadata); the rest is the app's data. */
  codeAfterGcStartMb: number;
  codeAfterGcEndMb: number;
  rssAfterGcEndMb: number;
  curve: SoakSample[];
  maxAppRssMb: number;
}

/** Connections per role (10 in all): the manager's pages are most of the traffic, as in a working day. */
const CONNECTIONS: Partial<Record<Role, number>> = { manager: 6, founder: 2, mentor: 2 };
const MB = 1024 * 1024;
const round = (n: number): number => Math.round(n * 10) / 10;
const codeOf = (f: MemoryFigures): number => f.codeAndMetadata + f.bytecodeAndMetadata;
const afterGc = (f: MemoryFigures): string =>
  `heap used after GC ${round(f.heapUsed / MB)} MB (compiled code ${round(codeOf(f) / MB)} MB, data ${round((f.heapUsed - codeOf(f)) / MB)} MB), RSS ${round(f.rss / MB)} MB`;

/** Asks the app (started with --expose-gc and an IPC channel) for its memory, after a full GC when `gc`. */
export function probeMemory(child: ChildProcess, gc: boolean): Promise<MemoryFigures> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the app did not answer the memory probe within 30 s (is it dist/server.js with --expose-gc?)'));
    }, 30_000);
    const onMessage = (message: unknown): void => {
      if (typeof message !== 'object' || message === null || !('probe' in message) || message.probe !== MEMORY_PROBE || !('figures' in message)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.figures as MemoryFigures);
    };
    child.on('message', onMessage);
    child.send({ probe: MEMORY_PROBE, gc });
  });
}

/** One autocannon run per role, each connection cycling through that role's pages with its session. */
async function load(base: string, lists: { cookie: string; paths: string[]; connections: number }[], seconds: number) {
  const runs = lists.map((list) =>
    autocannon({
      url: base,
      connections: list.connections,
      duration: seconds,
      timeout: 60,
      headers: { cookie: list.cookie, 'accept-language': 'fr', accept: 'text/html' },
      requests: list.paths.map((path) => ({ method: 'GET', path })),
    }),
  );
  const results = await Promise.all(runs);
  const sum = (pick: (r: autocannon.Result) => number): number => results.reduce((total, r) => total + pick(r), 0);
  const requests = sum((r) => r['2xx'] + r.non2xx);
  return {
    requests,
    rps: round(sum((r) => r['2xx']) / seconds),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    latencyP50: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99: Math.max(...results.map((r) => r.latency.p99)),
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { dataset, log } = options;
  log(`\n== soak: ${dataset.name}, ${options.minutes} min at 10 connections (${Object.entries(CONNECTIONS).map(([r, n]) => `${r} ${n}`).join(', ')}), after ${options.warmupSeconds} s of warm-up`);
  const server = await openServer(dataset, options);
  const forgetServer = onStop(`the ${server.kind} database server`, () => server.stop());
  try {
    const { sizes, ids } = await prepare(dataset, server.uri, options);
    log(`  dataset ready: ${Object.entries(sizes).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}`);
    const app = await startApp(server.uri, `soak-${dataset.name}`, { log, probe: true });
    try {
      const base = `http://127.0.0.1:${app.port}`;
      const dbPort = portOfUri(server.uri);
      const dbPid = dbPort ? pidListeningOn(dbPort) : undefined;
      const values: Values = { ...ids, founderUserName: BENCH_USERS.founder.name };
      const lists: { cookie: string; paths: string[]; connections: number }[] = [];
      for (const [role, connections] of Object.entries(CONNECTIONS) as [Role, number][]) {
        const client = new Client(base);
        await client.signIn(BENCH_USERS[role].email, BENCH_PASSWORD, BENCH_USERS[role].name);
        const paths = PAGES.filter((p) => p.role === role).flatMap((p) => fillPath(p.path, values) ?? []);
        lists.push({ cookie: client.cookieHeader(), paths, connections });
        client.close();
      }
      log(`  app started from dist/ (pid ${app.pid}); ${lists.map((l) => l.paths.length).reduce((a, b) => a + b, 0)} pages in the mix`);
      const before = await probeMemory(app.child, true);
      log(`  at start, before any load: ${afterGc(before)}`);
      await load(base, lists, options.warmupSeconds);
      const start = await probeMemory(app.child, true);
      log(`  after the warm-up: ${afterGc(start)}`);

      const curve: SoakSample[] = [];
      const began = Date.now();
      const sample = async (): Promise<void> => {
        const figures = await probeMemory(app.child, false).catch(() => undefined);
        const mb = (bytes: number | undefined): number | undefined => (bytes === undefined ? undefined : round(bytes / MB));
        const point: SoakSample = {
          atSeconds: Math.round((Date.now() - began) / 1000),
          appRssMb: rssMb(app.pid),
          appHeapUsedMb: mb(figures?.heapUsed),
          appHeapTotalMb: mb(figures?.heapTotal),
          appExternalMb: mb(figures?.external),
          dbRssMb: rssMb(dbPid),
        };
        curve.push(point);
        log(
          `  ${formatDuration(point.atSeconds * 1000).padStart(7)}: app RSS ${point.appRssMb ?? '?'} MB (V8 heap ${point.appHeapUsedMb ?? '?'} MB used of ${point.appHeapTotalMb ?? '?'} MB, ` +
            `buffers ${point.appExternalMb ?? '?'} MB; no forced GC)${dbPid ? `, database RSS ${point.dbRssMb ?? '?'} MB` : ''}`,
        );
      };
      await sample();
      const timer = setInterval(() => void sample(), options.sampleSeconds * 1000);
      const run = await load(base, lists, Math.round(options.minutes * 60)).finally(() => clearInterval(timer));
      await sample();
      const end = await probeMemory(app.child, true);
      log(`  at the end: ${afterGc(end)}; ${run.requests.toLocaleString('en-US')} requests (${run.rps}/s), non-2xx ${run.non2xx}, errors ${run.errors}`);
      return {
        dataset: dataset.name,
        minutes: options.minutes,
        connections: Object.fromEntries(Object.entries(CONNECTIONS)),
        ...run,
        heapAfterGcStartMb: round(start.heapUsed / MB),
        heapAfterGcEndMb: round(end.heapUsed / MB),
        codeAfterGcStartMb: round(codeOf(start) / MB),
        codeAfterGcEndMb: round(codeOf(end) / MB),
        rssAfterGcEndMb: round(end.rss / MB),
        curve,
        maxAppRssMb: Math.max(...curve.map((p) => p.appRssMb ?? 0)),
      };
    } finally {
      await app.stop();
    }
  } finally {
    forgetServer();
    await server.stop();
  }
}

/** The soak's targets (issue "Production the way a cluster's IT runs it"). */
export const SOAK_TARGETS = { heapGrowth: 0.1, maxRssMb: 300 };

/**
 * The heap verdict reads the app's data: heap used after GC less V8's compiled code. Code keeps growing for
 * minutes under the mix of every page of three roles as V8 optimises more functions (heap snapshots of a
 * five-year soak, 1 and 4 minutes in: +2.5 MB, nearly all optimised code and its deoptimisation data, no
 * object of the app's); it is V8's cache, bounded by the code there is. Both figures are printed.
 */
export function soakVerdicts(result: SoakResult): { ok: boolean; text: string }[] {
  const pct = (from: number, to: number): string => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)} %`;
  const dataStart = round(result.heapAfterGcStartMb - result.codeAfterGcStartMb);
  const dataEnd = round(result.heapAfterGcEndMb - result.codeAfterGcEndMb);
  const growth = (dataEnd - dataStart) / dataStart;
  return [
    {
      ok: growth <= SOAK_TARGETS.heapGrowth,
      text:
        `heap used after GC, the app's data: ${dataStart} MB after the warm-up, ${dataEnd} MB at the end (${pct(dataStart, dataEnd)}; target within ${SOAK_TARGETS.heapGrowth * 100} %); ` +
        `with V8's compiled code (${result.codeAfterGcStartMb} → ${result.codeAfterGcEndMb} MB): ${result.heapAfterGcStartMb} → ${result.heapAfterGcEndMb} MB (${pct(result.heapAfterGcStartMb, result.heapAfterGcEndMb)})`,
    },
    { ok: result.maxAppRssMb < SOAK_TARGETS.maxRssMb, text: `app RSS at most ${result.maxAppRssMb} MB during the run (target under ${SOAK_TARGETS.maxRssMb} MB)` },
    { ok: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0, text: `${result.requests.toLocaleString('en-US')} answers: ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts` },
  ];
}
