import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DryMongoBinary, MongoBinary, MongoMemoryServer } from 'mongodb-memory-server';
import {
  FERRETDB_VERSION,
  errorMessage,
  isExecutableFile,
  provideFerretdb,
  startFerretdb,
  tail,
  type BinaryLookup,
} from './ferretdb';

export type { BinaryLookup } from './ferretdb';

export type ServerKind = 'external' | 'mongod' | 'ferretdb';

export interface DatabaseServer {
  uri: string;
  kind: ServerKind;
  /** Why this server was chosen (also in the log line). */
  reason: string;
  /** Where an embedded server keeps its files; undefined for an external server. */
  dataDir?: string;
  stop(): Promise<void>;
}

/** Each finder returns a binary path, or why there is none; they run only when needed, in order. */
export interface ServerFinders {
  findMongod(): Promise<BinaryLookup>;
  findFerretdb(): Promise<BinaryLookup>;
}

export interface ResolveOptions {
  mongodbUri?: string;
  /** Persistent folder; undefined → a throw-away temp dir removed by stop(). */
  dataDir?: string;
  /** Database name for an embedded server, and for a MONGODB_URI that names none. */
  dbName: string;
  /**
   * 'keep' (the app): a database named in MONGODB_URI is used as it is.
   * 'replace' (the tests): dbName always replaces it, so a test run never touches another database.
   */
  uriDatabase?: 'keep' | 'replace';
  log: (msg: string) => void;
  /** Default process.env (FERRETDB_BIN, MONGOMS_SYSTEM_BINARY, PATH). */
  env?: NodeJS.ProcessEnv;
  /** Default <repo>/.cache. */
  cacheDir?: string;
  /** Replaces the default finders (tests). */
  finders?: Partial<ServerFinders>;
}

export type ServerChoice =
  | { kind: 'external'; uri: string; reason: string }
  | { kind: 'mongod' | 'ferretdb'; binary: string; reason: string };

export const DEFAULT_CACHE_DIR = path.resolve(__dirname, '..', '..', '..', '.cache');
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** The decision alone: MONGODB_URI, else mongod, else FerretDB; throws with every reason when none. */
export async function chooseServer(mongodbUri: string | undefined, finders: ServerFinders): Promise<ServerChoice> {
  if (mongodbUri) return { kind: 'external', uri: mongodbUri, reason: 'MONGODB_URI is set' };
  const mongod = await finders.findMongod();
  if ('path' in mongod) return { kind: 'mongod', binary: mongod.path, reason: `mongod ${mongod.source}` };
  const ferretdb = await finders.findFerretdb();
  if ('path' in ferretdb) {
    return {
      kind: 'ferretdb',
      binary: ferretdb.path,
      reason: `no mongod binary (${mongod.missing}); FerretDB ${ferretdb.source}`,
    };
  }
  throw new Error(
    'No MongoDB-compatible server: set MONGODB_URI, or make mongod or FerretDB available ' +
      `(mongod: ${mongod.missing}; FerretDB: ${ferretdb.missing})`,
  );
}

export async function resolveDatabase(opts: ResolveOptions): Promise<DatabaseServer> {
  const env = opts.env ?? process.env;
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const finders: ServerFinders = {
    findMongod: () => findMongod(env),
    findFerretdb: () => lookupFerretdb(env, cacheDir, opts.log),
    ...opts.finders,
  };
  const server = await startWithFallback(await chooseServer(opts.mongodbUri, finders), finders, opts);
  opts.log(`database: ${describeKind(server.kind)} at ${redactUri(server.uri)} — ${server.reason}`);
  return server;
}

/** A mongod that is found but does not run (missing libraries, wrong platform) gives way to FerretDB. */
async function startWithFallback(choice: ServerChoice, finders: ServerFinders, opts: ResolveOptions): Promise<DatabaseServer> {
  if (choice.kind !== 'mongod') return startChosen(choice, opts);
  try {
    return await startChosen(choice, opts);
  } catch (err) {
    const missing = `${choice.reason} but it failed to start: ${tail(errorMessage(err), 1)}`;
    const fallback = await chooseServer(undefined, { ...finders, findMongod: () => Promise.resolve({ missing }) });
    return startChosen(fallback, opts);
  }
}

function startChosen(choice: ServerChoice, opts: ResolveOptions): Promise<DatabaseServer> {
  switch (choice.kind) {
    case 'external':
      return Promise.resolve({
        uri: opts.uriDatabase === 'replace' || !namesDatabase(choice.uri) ? withDbName(choice.uri, opts.dbName) : choice.uri,
        kind: 'external',
        reason: choice.reason,
        stop: () => Promise.resolve(),
      });
    case 'mongod':
      return startMongod(choice.binary, choice.reason, opts);
    case 'ferretdb':
      return startFerretdbServer(choice.binary, choice.reason, opts);
  }
}

function describeKind(kind: ServerKind): string {
  if (kind === 'external') return 'external MongoDB';
  if (kind === 'mongod') return 'mongod (mongodb-memory-server)';
  return `FerretDB ${FERRETDB_VERSION} (SQLite)`;
}

/** True when the URI's path names a database (mongodb://host/name). */
export function namesDatabase(uri: string): boolean {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(uri);
  return match !== null && match[1] !== '';
}

/**
 * Puts dbName in the URI in place of any database it names, so tests never touch the database of a
 * MONGODB_URI meant for something else. A replaced database still serves as the authentication
 * database when the URI has credentials and no authSource (that was its meaning there).
 */
export function withDbName(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (match === null) return uri;
  const [, scheme, authority, oldDb = '', query = ''] = match;
  const params = query === '' ? [] : query.split('&');
  const keepAuthDb = authority.includes('@') && oldDb !== '' && oldDb !== dbName && !/(^|&)authSource=/i.test(query);
  if (keepAuthDb) params.push(`authSource=${oldDb}`);
  return `${scheme}${authority}/${dbName}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** The log must not carry credentials from MONGODB_URI. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

/** mongod from MONGOMS_SYSTEM_BINARY, mongodb-memory-server's cache, or its download (capped in time). */
export async function findMongod(env: NodeJS.ProcessEnv, downloadTimeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<BinaryLookup> {
  const systemBinary = env.MONGOMS_SYSTEM_BINARY;
  if (systemBinary) {
    return (await isExecutableFile(systemBinary))
      ? { path: systemBinary, source: `from MONGOMS_SYSTEM_BINARY (${systemBinary})` }
      : { missing: `MONGOMS_SYSTEM_BINARY=${systemBinary} is not an executable file` };
  }
  const prefix = 'MONGOMS_SYSTEM_BINARY unset, no cached binary';
  try {
    const cached = await DryMongoBinary.locateBinary(DryMongoBinary.getEnsuredOptions());
    if (cached !== undefined) return { path: cached, source: `from the mongodb-memory-server cache (${cached})` };
    if (downloadDisabled(env)) return { missing: `${prefix}, download disabled by MONGOMS_RUNTIME_DOWNLOAD` };
    const downloaded = await withTimeout(MongoBinary.getPath(), downloadTimeoutMs, 'download timed out');
    return { path: downloaded, source: `downloaded by mongodb-memory-server (${downloaded})` };
  } catch (err) {
    return { missing: `${prefix}, download failed: ${tail(errorMessage(err), 1)}` };
  }
}

/** Same reading as mongodb-memory-server's own (envToBool); offline machines can skip the attempt this way. */
function downloadDisabled(env: NodeJS.ProcessEnv): boolean {
  const value = env.MONGOMS_RUNTIME_DOWNLOAD;
  return value !== undefined && !['1', 'on', 'yes', 'true'].includes(value.toLowerCase());
}

async function lookupFerretdb(env: NodeJS.ProcessEnv, cacheDir: string, log: (msg: string) => void): Promise<BinaryLookup> {
  try {
    return await provideFerretdb({ env, cacheDir, log });
  } catch (err) {
    return { missing: errorMessage(err) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms / 1000} s`)), ms);
    // A hanging download must not keep the process alive on its own.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface StorageDir {
  dir: string;
  throwAway: boolean;
}

async function storageDir(dataDir: string | undefined, sub: string): Promise<StorageDir> {
  if (dataDir === undefined) {
    return { dir: await fs.mkdtemp(path.join(os.tmpdir(), `boost-${sub}-`)), throwAway: true };
  }
  const dir = path.resolve(dataDir, sub);
  await fs.mkdir(dir, { recursive: true });
  return { dir, throwAway: false };
}

function dataNote(storage: StorageDir): string {
  return storage.throwAway ? 'throw-away data' : `data in ${storage.dir}`;
}

async function startFerretdbServer(binary: string, reason: string, opts: ResolveOptions): Promise<DatabaseServer> {
  const storage = await storageDir(opts.dataDir, 'ferretdb');
  const removeThrowAway = throwAwayRemover(storage);
  try {
    const running = await startFerretdb({ binary, dataDir: storage.dir });
    return {
      uri: `mongodb://${running.host}:${running.port}/${opts.dbName}`,
      kind: 'ferretdb',
      reason: `${reason}; ${dataNote(storage)}`,
      dataDir: storage.dir,
      stop: async () => {
        await running.stop();
        await removeThrowAway();
      },
    };
  } catch (err) {
    await removeThrowAway();
    throw err;
  }
}

/** Removes a throw-away dir on stop(), or at process exit when stop() was never called. */
function throwAwayRemover(storage: StorageDir): () => Promise<void> {
  if (!storage.throwAway) return () => Promise.resolve();
  const removeAtExit = (): void => rmSync(storage.dir, { recursive: true, force: true });
  process.on('exit', removeAtExit);
  return async () => {
    process.off('exit', removeAtExit);
    await fs.rm(storage.dir, { recursive: true, force: true });
  };
}

async function startMongod(binary: string, reason: string, opts: ResolveOptions): Promise<DatabaseServer> {
  // Our own dir rather than mongodb-memory-server's: it keeps its temp dir when a start fails.
  const storage = await storageDir(opts.dataDir, 'mongod');
  const removeThrowAway = throwAwayRemover(storage);
  try {
    const server = await MongoMemoryServer.create({
      binary: { systemBinary: binary },
      instance: { ip: '127.0.0.1', dbPath: storage.dir, storageEngine: 'wiredTiger' },
    });
    return {
      uri: server.getUri(opts.dbName),
      kind: 'mongod',
      reason: `${reason}; ${dataNote(storage)}`,
      dataDir: storage.dir,
      stop: async () => {
        await server.stop({ doCleanup: true, force: false });
        await removeThrowAway();
      },
    };
  } catch (err) {
    await removeThrowAway();
    throw err;
  }
}
