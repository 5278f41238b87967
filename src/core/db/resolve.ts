import type { ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { JAVA_MEMORY_DEFAULTS } from '../config';
import { MONGO_JAVA_SERVER_VERSION } from './embedded/artifacts';
import { provideJavaServer, type JavaServerRuntime } from './embedded/provision';
import { startJavaServer, type JavaServerExit, type RunningJavaServer } from './embedded/server';
import { findMongod, startMongod, type BinaryLookup } from './mongod';
import { describeExit, errorMessage, tail } from './proc';

export { findMongod, type BinaryLookup } from './mongod';

export type ServerKind = 'external' | 'mongod' | 'mongo-java-server';

/** The server process of an embedded server, for a supervisor (restart on the same data when it ends). */
export interface ServerProcess {
  child: ChildProcess;
  /** The process id (also in the supervisor's log lines). */
  pid: number | undefined;
  /** Resolves when the process has ended; `expected` is false when nobody called stop(). */
  exited: Promise<JavaServerExit>;
  /** Emits 'exit' with the same value. */
  events: EventEmitter;
  /** The last lines the process printed. */
  output(): string;
}

export interface DatabaseServer {
  uri: string;
  kind: ServerKind;
  /** Why this server was chosen (also in the log line). */
  reason: string;
  /** Where an embedded server keeps its files; undefined for an external or in-memory server. */
  dataDir?: string;
  /** Only for mongo-java-server (mongodb-memory-server keeps its own process); the current one after a restart. */
  process?: ServerProcess;
  /**
   * Only for mongo-java-server: starts its process again, on the same data, address and port (so the
   * clients' URI stays right), after it ended by itself. Rejects when the new process does not start.
   */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

export type JavaServerLookup = { runtime: JavaServerRuntime; source: string } | { missing: string };

/** Each finder says where its server is, or why there is none; they run only when needed, in order. */
export interface ServerFinders {
  findMongod(): Promise<BinaryLookup>;
  findJavaServer(): Promise<JavaServerLookup>;
}

/** Memory of mongo-java-server, in MB (DB_JAVA_HEAP_MB, DB_JAVA_CACHE_MB). */
export interface JavaServerMemory {
  heapMb: number;
  cacheMb: number;
}

/** A throw-away (test) server holds far less than the design load. */
const THROW_AWAY_HEAP_MB = 512;

export interface ResolveOptions {
  mongodbUri?: string;
  /** Persistent folder; undefined → a throw-away server (in memory, or a temp dir for mongod). */
  dataDir?: string;
  /** Database name for an embedded server, and for a MONGODB_URI that names none. */
  dbName: string;
  /**
   * 'keep' (the app): a database named in MONGODB_URI is used as it is.
   * 'replace' (the tests): dbName always replaces it, so a test run never touches another database.
   */
  uriDatabase?: 'keep' | 'replace';
  log: (msg: string) => void;
  /** Where warnings go (an embedded server that ended by itself); default log. */
  warn?: (msg: string) => void;
  /** Default true: warn when an embedded server ends by itself (false when a supervisor reports it). */
  reportUnexpectedExit?: boolean;
  /** Default process.env (MONGOMS_*, JAVA_HOME, PATH, MAVEN_REPOSITORY_URL). */
  env?: NodeJS.ProcessEnv;
  /** Default <repo>/.cache. */
  cacheDir?: string;
  javaMemory?: JavaServerMemory;
  /** Replaces the default finders (tests). */
  finders?: Partial<ServerFinders>;
}

export type ServerChoice =
  | { kind: 'external'; uri: string; reason: string }
  | { kind: 'mongod'; binary: string; reason: string }
  | { kind: 'mongo-java-server'; runtime: JavaServerRuntime; reason: string };

export const DEFAULT_CACHE_DIR = path.resolve(__dirname, '..', '..', '..', '.cache');
/** The MVStore file under DATA_DIR. */
export const JAVA_SERVER_SUBDIR = 'mongo-java-server';
export const JAVA_SERVER_FILE = 'boost.mv.db';

/** The decision alone: MONGODB_URI, else mongod, else mongo-java-server; throws with every reason when none. */
export async function chooseServer(mongodbUri: string | undefined, finders: ServerFinders): Promise<ServerChoice> {
  if (mongodbUri) return { kind: 'external', uri: mongodbUri, reason: 'MONGODB_URI is set' };
  const mongod = await finders.findMongod();
  if ('path' in mongod) return { kind: 'mongod', binary: mongod.path, reason: `mongod ${mongod.source}` };
  const java = await finders.findJavaServer();
  if ('runtime' in java) {
    return { kind: 'mongo-java-server', runtime: java.runtime, reason: `no mongod binary (${mongod.missing}); ${java.source}` };
  }
  throw new Error(
    'No MongoDB-compatible server: set MONGODB_URI, or make mongod or mongo-java-server available ' +
      `(mongod: ${mongod.missing}; mongo-java-server: ${java.missing})`,
  );
}

/** The real finder of mongo-java-server: Java, the jars and the compiled launcher, provided if missing. */
export async function lookupJavaServer(env: NodeJS.ProcessEnv, cacheDir: string, log: (msg: string) => void): Promise<JavaServerLookup> {
  try {
    const runtime = await provideJavaServer({ env, cacheDir, log });
    return { runtime, source: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION} with ${runtime.source}` };
  } catch (err) {
    return { missing: errorMessage(err) };
  }
}

export async function resolveDatabase(opts: ResolveOptions): Promise<DatabaseServer> {
  const env = opts.env ?? process.env;
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const finders: ServerFinders = {
    findMongod: () => findMongod(env),
    findJavaServer: () => lookupJavaServer(env, cacheDir, opts.log),
    ...opts.finders,
  };
  const server = await startWithFallback(await chooseServer(opts.mongodbUri, finders), finders, opts);
  opts.log(`database: ${describeKind(server.kind)} at ${redactUri(server.uri)} — ${server.reason}`);
  return server;
}

/** A mongod that is found but does not run (missing libraries, wrong platform) gives way to the fallback. */
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

async function startChosen(choice: ServerChoice, opts: ResolveOptions): Promise<DatabaseServer> {
  switch (choice.kind) {
    case 'external':
      return {
        uri: opts.uriDatabase === 'replace' || !namesDatabase(choice.uri) ? withDbName(choice.uri, opts.dbName) : choice.uri,
        kind: 'external',
        reason: choice.reason,
        stop: () => Promise.resolve(),
      };
    case 'mongod': {
      const mongod = await startMongod(choice.binary, opts.dataDir, opts.dbName);
      return { uri: mongod.uri, kind: 'mongod', reason: `${choice.reason}; ${mongod.note}`, dataDir: mongod.dataDir, stop: mongod.stop };
    }
    case 'mongo-java-server':
      return startJavaChoice(choice.runtime, choice.reason, opts);
  }
}

async function startJavaChoice(runtime: JavaServerRuntime, reason: string, opts: ResolveOptions): Promise<DatabaseServer> {
  const memory = opts.javaMemory ?? JAVA_MEMORY_DEFAULTS;
  const dataDir = opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir, JAVA_SERVER_SUBDIR);
  if (dataDir !== undefined) await fs.mkdir(dataDir, { recursive: true });
  const file = dataDir === undefined ? undefined : path.join(dataDir, JAVA_SERVER_FILE);
  // In memory there is no page cache: every page is on the heap already.
  const heapMb = file === undefined ? Math.min(memory.heapMb, THROW_AWAY_HEAP_MB) : memory.heapMb;
  const start = async (port?: number): Promise<RunningJavaServer> => {
    const started = await startJavaServer({ runtime, file, cacheMb: memory.cacheMb, heapMb, port });
    started.events.once('exit', (exit: JavaServerExit) => {
      if (!exit.expected && (opts.reportUnexpectedExit ?? true)) {
        (opts.warn ?? opts.log)(`database: mongo-java-server exited unexpectedly (${describeExit(exit)}): ${tail(exit.output, 3) || 'no output'}`);
      }
    });
    return started;
  };
  let running = await start();
  const processOf = (r: RunningJavaServer): ServerProcess => ({ child: r.child, pid: r.child.pid, exited: r.exited, events: r.events, output: r.output });
  const where = file === undefined ? `throw-away data in memory, heap ${heapMb} MB` : `data in ${file}, cache ${memory.cacheMb} MB, heap ${heapMb} MB`;
  return {
    uri: `mongodb://${running.host}:${running.port}/${opts.dbName}`,
    kind: 'mongo-java-server',
    reason: `${reason}; ${where}`,
    dataDir,
    get process() {
      return processOf(running);
    },
    restart: async () => {
      const previous = running;
      // Whatever is left of the previous process (normally nothing: it ended) goes first: it holds the file.
      await previous.stop();
      running = await start(previous.port);
    },
    stop: () => running.stop(),
  };
}

function describeKind(kind: ServerKind): string {
  if (kind === 'external') return 'external MongoDB';
  if (kind === 'mongod') return 'mongod (mongodb-memory-server)';
  return `mongo-java-server ${MONGO_JAVA_SERVER_VERSION} (H2 MVStore)`;
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
