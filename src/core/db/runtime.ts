import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
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
  /** Where warnings go (default: log). */
  warn?: (msg: string) => void;
}

export async function openConfiguredDatabase(config: Config, log: (msg: string) => void, opts: OpenOptions = {}): Promise<DatabaseServer> {
  if (!config.mongodbUri) {
    const running = runningServer(config);
    if (running) {
      log(`database: the running app's embedded server (${running.kind}, app pid ${running.pid})`);
      return { uri: running.uri, kind: running.kind, reason: 'shared with the running app', stop: async () => undefined };
    }
  }
  return resolveDatabase({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    dbName: config.dbName,
    javaMemory: config.javaMemory,
    log,
    warn: opts.warn,
  });
}

export function noteRunningServer(config: Config, server: DatabaseServer): () => void {
  if (server.kind === 'external') return () => undefined;
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(noteFile(config), JSON.stringify({ uri: server.uri, pid: process.pid, kind: server.kind }));
  return () => rmSync(noteFile(config), { force: true });
}
