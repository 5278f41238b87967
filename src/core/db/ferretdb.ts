import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants as fsConstants, openSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';

export const FERRETDB_VERSION = '1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** The toolchain FerretDB 1.24.2 was released with; Go fetches it through the module proxy. */
const FALLBACK_TOOLCHAIN = 'go1.24.3';
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;

/** Where a server binary is, or why there is none. */
export type BinaryLookup = { path: string; source: string } | { missing: string };

export interface FerretdbBinaryOptions {
  env: NodeJS.ProcessEnv;
  /** The project cache folder (<repo>/.cache). */
  cacheDir: string;
}

export interface EnsureFerretdbOptions extends FerretdbBinaryOptions {
  log: (msg: string) => void;
}

export function ferretdbCachePath(cacheDir: string): string {
  return path.join(cacheDir, 'ferretdb', `v${FERRETDB_VERSION}`, 'ferretdb');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    await fs.access(file, fsConstants.X_OK);
    return stat.isFile();
  } catch {
    return false;
  }
}

export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Last lines of a (possibly long) tool output, on one line, for error messages. */
export function tail(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-lines)
    .join(' | ');
}

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 0): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${tail(stderr) || err.message}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** A `ferretdb` on PATH may be 2.x, which needs PostgreSQL and other flags: only 1.x is accepted. */
async function versionProblem(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], os.tmpdir(), process.env, 10_000);
    const version = /version:\s*(v\S+)/i.exec(stdout)?.[1];
    if (version === undefined) return 'no version in its --version output';
    return version.startsWith('v1.') ? undefined : `it is ${version}, 1.x is needed`;
  } catch (err) {
    return `it does not run (${errorMessage(err)})`;
  }
}

async function binaryProblem(binary: string): Promise<string | undefined> {
  if (!(await isExecutableFile(binary))) return 'is not an executable file';
  const problem = await versionProblem(binary);
  return problem === undefined ? undefined : `is unusable: ${problem}`;
}

/** Looks for an existing FerretDB 1.x binary: FERRETDB_BIN, then PATH, then the project cache. Never builds. */
export async function findFerretdb(opts: FerretdbBinaryOptions): Promise<BinaryLookup> {
  const fromEnv = opts.env.FERRETDB_BIN;
  if (fromEnv) {
    const problem = await binaryProblem(fromEnv);
    return problem === undefined
      ? { path: fromEnv, source: `from FERRETDB_BIN (${fromEnv})` }
      : { missing: `FERRETDB_BIN=${fromEnv} ${problem}` };
  }
  const notes = ['FERRETDB_BIN unset'];
  const onPath = await findOnPath('ferretdb', opts.env);
  if (onPath === undefined) {
    notes.push('no ferretdb on PATH');
  } else {
    const problem = await binaryProblem(onPath);
    if (problem === undefined) return { path: onPath, source: `from PATH (${onPath})` };
    notes.push(`${onPath} on PATH ${problem}`);
  }
  const cached = ferretdbCachePath(opts.cacheDir);
  if (!(await fileExists(cached))) {
    notes.push(`none in ${cached}`);
    return { missing: notes.join(', ') };
  }
  const problem = await binaryProblem(cached);
  if (problem === undefined) return { path: cached, source: `from the project cache (${cached})` };
  notes.push(`${cached} ${problem}`);
  return { missing: notes.join(', ') };
}

async function fileExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Finds FerretDB, or builds it into the project cache when Go is present; throws with the reasons otherwise. */
export async function provideFerretdb(opts: EnsureFerretdbOptions): Promise<{ path: string; source: string }> {
  const found = await findFerretdb(opts);
  if ('path' in found) return found;
  // An explicit FERRETDB_BIN that is wrong is a configuration error, not a cue to build something else.
  if (opts.env.FERRETDB_BIN) throw new Error(`FerretDB: ${found.missing}`);
  const go = await findOnPath('go', opts.env);
  if (go === undefined) {
    throw new Error(`FerretDB ${FERRETDB_VERSION}: ${found.missing}, and Go is not installed to build it`);
  }
  const built = await buildFerretdb({ ...opts, go });
  return { path: built, source: `built with Go into the project cache (${built})` };
}

/** The binary path of FerretDB 1.24.2, building it once with Go if needed. */
export async function ensureFerretdb(opts: EnsureFerretdbOptions): Promise<string> {
  return (await provideFerretdb(opts)).path;
}

interface BuildOptions extends EnsureFerretdbOptions {
  go: string;
}

/**
 * `go install …@v1.24.2` cannot be used here (the proxy refuses the version list, and a binary built as a
 * dependency panics on the missing build/version/version.txt), so the module source is copied and built.
 */
export async function buildFerretdb(opts: BuildOptions): Promise<string> {
  const target = ferretdbCachePath(opts.cacheDir);
  opts.log(`building FerretDB ${FERRETDB_VERSION} once with Go (a few minutes)…`);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ferretdb-build-'));
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  // A go.work or GOFLAGS (e.g. -mod=vendor) of the user's own projects must not leak into this build.
  const env: NodeJS.ProcessEnv = { ...opts.env, GOWORK: 'off', GOFLAGS: '-buildvcs=false' };
  try {
    const src = await copyModuleSource(opts.go, tmp, env);
    await goBuild(opts, src, partial, env);
    await fs.rename(partial, target);
    return target;
  } finally {
    await fs.rm(partial, { force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function copyModuleSource(go: string, tmp: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@v${FERRETDB_VERSION}`], tmp, env);
  const info: unknown = JSON.parse(stdout);
  const dir = moduleDir(info);
  const src = path.join(tmp, 'src');
  await fs.cp(dir, src, { recursive: true });
  await makeWritable(src);
  await fs.writeFile(path.join(src, 'build', 'version', 'version.txt'), `v${FERRETDB_VERSION}\n`);
  return src;
}

function moduleDir(info: unknown): string {
  if (typeof info === 'object' && info !== null) {
    const fields = info as Record<string, unknown>;
    if (typeof fields.Error === 'string') throw new Error(`go mod download: ${fields.Error}`);
    if (typeof fields.Dir === 'string') return fields.Dir;
  }
  throw new Error('go mod download -json gave no module directory');
}

/** The Go module cache is read-only; the copy must be writable to add version.txt and to be removed. */
async function makeWritable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await makeWritable(full);
    } else if (entry.isFile()) {
      await fs.chmod(full, 0o644);
    }
  }
}

async function goBuild(opts: BuildOptions, src: string, output: string, env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['build', '-o', output, './cmd/ferretdb'];
  try {
    await run(opts.go, args, src, env);
  } catch (err) {
    opts.log(`FerretDB build with the local Go failed (${errorMessage(err)}); retrying with GOTOOLCHAIN=${FALLBACK_TOOLCHAIN}`);
    await run(opts.go, args, src, { ...env, GOTOOLCHAIN: FALLBACK_TOOLCHAIN });
  }
}

export interface StartFerretdbOptions {
  binary: string;
  /** Folder for the SQLite files, the state file and ferretdb.log; created if missing. */
  dataDir: string;
}

export interface RunningFerretdb {
  host: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

class PortTakenError extends Error {}

/** Starts FerretDB on a free loopback port and resolves once it answers a MongoDB ping. */
export async function startFerretdb(opts: StartFerretdbOptions): Promise<RunningFerretdb> {
  await fs.mkdir(opts.dataDir, { recursive: true });
  // The free port is only reserved until we close it; another process may grab it before FerretDB binds.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(opts, await freePort());
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt >= 3) throw err;
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

function ferretdbArgs(dataDir: string, port: number): string[] {
  const dir = dataDir.endsWith(path.sep) ? dataDir : dataDir + path.sep;
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dir}`,
    // Without this every instance listens on 127.0.0.1:8088 and a second one fails to start.
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
}

async function launch(opts: StartFerretdbOptions, port: number): Promise<RunningFerretdb> {
  const logFile = path.join(opts.dataDir, 'ferretdb.log');
  const logFd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(opts.binary, ferretdbArgs(opts.dataDir, port), { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = watchExit(child);
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const stopChild = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await terminate(child, exited);
  };
  try {
    await waitUntilReady(`mongodb://127.0.0.1:${port}/`, exited, logFile);
  } catch (err) {
    await stopChild();
    throw err;
  }
  return { host: '127.0.0.1', port, logFile, stop: once(stopChild) };
}

function watchExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A binary that cannot be executed emits 'error' and never 'exit'.
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
}

async function terminate(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await Promise.race([exited, sleep(100)]);
    return;
  }
  child.kill('SIGTERM');
  const timer = sleep(STOP_GRACE_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitUntilReady(uri: string, exited: Promise<Exit>, logFile: string): Promise<void> {
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
    if (outcome !== 'retry') throw await earlyExitError(outcome, logFile);
    await sleep(200);
  }
  throw new Error(`FerretDB did not answer a ping at ${uri} within ${READY_TIMEOUT_MS / 1000} s (${lastError}); see ${logFile}`);
}

async function earlyExitError(exit: Exit, logFile: string): Promise<Error> {
  if (exit.error) return new Error(`FerretDB could not be started: ${exit.error.message}`);
  const output = tail(await fs.readFile(logFile, 'utf8').catch(() => ''));
  const how = exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
  const message = `FerretDB exited at start (${how}): ${output || 'no output'}`;
  return /address already in use/i.test(output) ? new PortTakenError(message) : new Error(message);
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** stop() may be called twice (test teardown and an error path); the second call waits for the first. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
