import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { OutputTail, describeExit, errorMessage, fileExists, findOnPath, freePort, isExecutableFile, once, run, sleep, tail, terminate, watchExit, type Exit } from '../proc';

/**
 * The former embedded server, FerretDB 1.x on SQLite, started only to read old data out of DATA_DIR/ferretdb
 * (`npm run db:import-ferretdb`). It runs on a copy of that folder, so the old files stay as they were.
 */
export const FERRETDB_VERSION = '1.24.2';
export const LEGACY_SUBDIR = 'ferretdb';
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export const FERRETDB_HINT =
  `get the ferretdb ${FERRETDB_VERSION} binary for your platform from https://github.com/FerretDB/FerretDB/releases/tag/v${FERRETDB_VERSION} ` +
  '(or build it with Go as STACK-NOTES.md says) and set FERRETDB_BIN to it';

export function ferretdbCachePath(cacheDir: string): string {
  return path.join(cacheDir, 'ferretdb', `v${FERRETDB_VERSION}`, 'ferretdb');
}

/** True when dir holds FerretDB's SQLite files (one <database>.sqlite per database). */
export async function hasFerretdbData(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).some((name) => name.endsWith('.sqlite'));
  } catch {
    return false;
  }
}

/** A `ferretdb` may be 2.x, which needs PostgreSQL: only 1.x reads these files. */
async function binaryProblem(binary: string): Promise<string | undefined> {
  if (!(await isExecutableFile(binary))) return 'is not an executable file';
  try {
    const { stdout } = await run(binary, ['--version'], { timeoutMs: 10_000 });
    const version = /version:\s*(v\S+)/i.exec(stdout)?.[1];
    if (version === undefined) return 'gives no version in its --version output';
    return version.startsWith('v1.') ? undefined : `is ${version}, 1.x is needed`;
  } catch (err) {
    return `does not run (${errorMessage(err)})`;
  }
}

/** FERRETDB_BIN, else the binary the project cached earlier, else `ferretdb` on PATH; throws with every reason. */
export async function findFerretdb(env: NodeJS.ProcessEnv, cacheDir: string): Promise<string> {
  if (env.FERRETDB_BIN) {
    // An explicit FERRETDB_BIN that is wrong is a configuration error, not a cue to try others.
    const problem = await binaryProblem(env.FERRETDB_BIN);
    if (problem === undefined) return env.FERRETDB_BIN;
    throw new Error(`FERRETDB_BIN=${env.FERRETDB_BIN} ${problem}: ${FERRETDB_HINT}`);
  }
  const notes = ['FERRETDB_BIN unset'];
  const cached = ferretdbCachePath(cacheDir);
  const onPath = await findOnPath('ferretdb', env);
  for (const binary of [cached, onPath]) {
    if (binary === undefined) {
      notes.push('no ferretdb on PATH');
    } else if (binary === cached && !(await fileExists(cached))) {
      notes.push(`none in ${path.dirname(cached)}`);
    } else {
      const problem = await binaryProblem(binary);
      if (problem === undefined) return binary;
      notes.push(`${binary} ${problem}`);
    }
  }
  throw new Error(`no FerretDB 1.x binary to read the old data (${notes.join(', ')}): ${FERRETDB_HINT}`);
}

export interface RunningFerretdb {
  uri: string;
  stop(): Promise<void>;
}

/** Serves the SQLite files of dir (created if missing) on a free loopback port. */
export async function startFerretdb(binary: string, dir: string): Promise<RunningFerretdb> {
  await fs.mkdir(dir, { recursive: true });
  // The port is only free until we close it; another process may take it before FerretDB binds.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(binary, dir, await freePort());
    } catch (err) {
      if (!/address already in use/i.test(errorMessage(err)) || attempt >= 3) throw err;
    }
  }
}

/** Copies the SQLite files of dataDir to a temp dir and serves them there; stop() removes the copy. */
export async function startFerretdbOnCopy(binary: string, dataDir: string): Promise<RunningFerretdb> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-ferretdb-import-'));
  try {
    for (const name of await fs.readdir(dataDir)) {
      if (/\.sqlite(-wal|-shm)?$/.test(name) || name === 'state.json') await fs.copyFile(path.join(dataDir, name), path.join(copy, name));
    }
    const running = await startFerretdb(binary, copy);
    const stop = once(async () => {
      await running.stop();
      await fs.rm(copy, { recursive: true, force: true });
    });
    return { uri: running.uri, stop };
  } catch (err) {
    await fs.rm(copy, { recursive: true, force: true });
    throw err;
  }
}

async function launch(binary: string, dir: string, port: number): Promise<RunningFerretdb> {
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}${path.sep}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dir}`,
    // Without this every instance listens on 127.0.0.1:8088, and a second one fails.
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const exited = watchExit(child);
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const stop = once(async () => {
    process.off('exit', killOnExit);
    await terminate(child, exited, STOP_GRACE_MS);
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilReady(uri, exited, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { uri, stop };
}

async function waitUntilReady(uri: string, exited: Promise<Exit>, output: OutputTail): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    const attempt = ping(uri).then(
      () => 'ready' as const,
      (err: unknown) => {
        lastError = errorMessage(err);
        return 'retry' as const;
      },
    );
    const outcome = await Promise.race([attempt, exited]);
    if (outcome === 'ready') return;
    if (outcome !== 'retry') throw new Error(`FerretDB exited at start (${describeExit(outcome)}): ${tail(output.text()) || 'no output'}`);
    await sleep(200);
  }
  throw new Error(`FerretDB did not answer at ${uri} within ${READY_TIMEOUT_MS / 1000} s (${lastError}): ${tail(output.text())}`);
}

async function ping(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000, directConnection: true });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}
