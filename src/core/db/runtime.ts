import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { resolveDatabase, type DatabaseServer } from './resolve';

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

function runningServer(config: Config): { uri: string; pid: number } | undefined {
  try {
    const note = JSON.parse(readFileSync(noteFile(config), 'utf8')) as { uri?: unknown; pid?: unknown };
    if (typeof note.uri === 'string' && typeof note.pid === 'number' && isAlive(note.pid)) return { uri: note.uri, pid: note.pid };
  } catch {
    // No note, or unreadable: no running app.
  }
  return undefined;
}

export async function openConfiguredDatabase(config: Config, log: (msg: string) => void): Promise<DatabaseServer> {
  if (!config.mongodbUri) {
    const running = runningServer(config);
    if (running) {
      log(`database: the running app's embedded server (pid ${running.pid})`);
      return { uri: running.uri, kind: 'ferretdb', reason: 'shared with the running app', stop: async () => undefined };
    }
  }
  return resolveDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, dbName: config.dbName, log });
}

export function noteRunningServer(config: Config, server: DatabaseServer): () => void {
  if (server.kind === 'external') return () => undefined;
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(noteFile(config), JSON.stringify({ uri: server.uri, pid: process.pid, kind: server.kind }));
  return () => rmSync(noteFile(config), { force: true });
}
