import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Config } from '../config';
import { nonEmptyCollections } from './legacy/copy';
import { LEGACY_SUBDIR, hasFerretdbData } from './legacy/ferretdb';
import { errorMessage } from './proc';
import { resolveDatabase, type DatabaseServer, type ServerKind } from './resolve';

/**
 * While `npm start` runs on its embedded server, it notes the server's address in data/server.json,
 * so that `npm run seed` in another terminal uses the same server instead of starting a second one
 * on the same files.
 */
function noteFile(config: Config): string {
  return path.join(config.dataDir, 'server.json');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const KINDS: readonly ServerKind[] = ['external', 'mongod', 'mongo-java-server'];

function runningServer(config: Config): { uri: string; pid: number; kind: ServerKind } | undefined {
  try {
    const note = JSON.parse(readFileSync(noteFile(config), 'utf8')) as { uri?: unknown; pid?: unknown; kind?: unknown };
    const kind = KINDS.find((k) => k === note.kind);
    if (typeof note.uri === 'string' && typeof note.pid === 'number' && kind !== undefined && isAlive(note.pid)) {
      return { uri: note.uri, pid: note.pid, kind };
    }
  } catch {
    // No note, or unreadable: no running app.
  }
  return undefined;
}

export interface OpenOptions {
  /** Default true: say when DATA_DIR/ferretdb holds data that this (empty) database lacks. */
  warnAboutFerretdb?: boolean;
  /** Where warnings go (default: log). */
  warn?: (msg: string) => void;
  /** The caller supervises the embedded server (server.ts): it reports an unexpected exit itself. */
  supervised?: boolean;
}

export async function openConfiguredDatabase(config: Config, log: (msg: string) => void, opts: OpenOptions = {}): Promise<DatabaseServer> {
  let server: DatabaseServer | undefined;
  if (!config.mongodbUri) {
    const running = runningServer(config);
    if (running) {
      log(`database: the running app's embedded server (${running.kind}, app pid ${running.pid})`);
      server = { uri: running.uri, kind: running.kind, reason: 'shared with the running app', stop: async () => undefined };
    }
  }
  server ??= await resolveDatabase({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    dbName: config.dbName,
    javaMemory: config.javaMemory,
    log,
    warn: opts.warn,
    reportUnexpectedExit: !(opts.supervised ?? false),
  });
  if (opts.warnAboutFerretdb ?? true) {
    const warning = await ferretdbImportWarning(config.dataDir, server.uri).catch((err: unknown) => `could not compare with the old FerretDB data: ${errorMessage(err)}`);
    if (warning !== undefined) (opts.warn ?? log)(warning);
  }
  return server;
}

/**
 * Data of the former embedded server (FerretDB 1.x, DATA_DIR/ferretdb) is never read by the app. When it
 * is there and the database in use holds no document, the user has most likely just upgraded: say so.
 */
export async function ferretdbImportWarning(dataDir: string, uri: string): Promise<string | undefined> {
  const legacy = path.join(dataDir, LEGACY_SUBDIR);
  if (!(await hasFerretdbData(legacy))) return undefined;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    if ((await nonEmptyCollections(client.db())).length > 0) return undefined;
  } finally {
    await client.close();
  }
  return (
    `WARNING: ${legacy} holds data of the former embedded server (FerretDB) and this database is empty. ` +
    'Run `npm run db:import-ferretdb` to copy it here (the old folder is left as it is).'
  );
}

export function noteRunningServer(config: Config, server: DatabaseServer): () => void {
  if (server.kind === 'external') return () => undefined;
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(noteFile(config), JSON.stringify({ uri: server.uri, pid: process.pid, kind: server.kind }));
  return () => rmSync(noteFile(config), { force: true });
}
