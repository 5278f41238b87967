import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DryMongoBinary, MongoBinary, MongoMemoryServer } from 'mongodb-memory-server';
import { errorMessage, isExecutableFile, tail } from './proc';

/** Where a server binary is, or why there is none. */
export type BinaryLookup = { path: string; source: string } | { missing: string };

const DOWNLOAD_TIMEOUT_MS = 60_000;

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

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms / 1000} s`)), ms);
    // A hanging download must not keep the process alive on its own.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface StorageDir {
  dir: string;
  throwAway: boolean;
}

/** dataDir/sub (kept), or a fresh temp dir when there is no dataDir (removed by the returned cleanup). */
export async function storageDir(dataDir: string | undefined, sub: string): Promise<StorageDir> {
  if (dataDir === undefined) {
    return { dir: await fs.mkdtemp(path.join(os.tmpdir(), `boost-${sub}-`)), throwAway: true };
  }
  const dir = path.resolve(dataDir, sub);
  await fs.mkdir(dir, { recursive: true });
  return { dir, throwAway: false };
}

export function dataNote(storage: StorageDir): string {
  return storage.throwAway ? 'throw-away data' : `data in ${storage.dir}`;
}

/** Removes a throw-away dir on stop(), or at process exit when stop() was never called. */
export function throwAwayRemover(storage: StorageDir): () => Promise<void> {
  if (!storage.throwAway) return () => Promise.resolve();
  const removeAtExit = (): void => rmSync(storage.dir, { recursive: true, force: true });
  process.on('exit', removeAtExit);
  return async () => {
    process.off('exit', removeAtExit);
    await fs.rm(storage.dir, { recursive: true, force: true });
  };
}

export interface StartedMongod {
  uri: string;
  dataDir: string;
  note: string;
  stop(): Promise<void>;
}

export async function startMongod(binary: string, dataDir: string | undefined, dbName: string): Promise<StartedMongod> {
  // Our own dir rather than mongodb-memory-server's: it keeps its temp dir when a start fails.
  const storage = await storageDir(dataDir, 'mongod');
  const removeThrowAway = throwAwayRemover(storage);
  try {
    const server = await MongoMemoryServer.create({
      binary: { systemBinary: binary },
      instance: { ip: '127.0.0.1', dbPath: storage.dir, storageEngine: 'wiredTiger' },
    });
    return {
      uri: server.getUri(dbName),
      dataDir: storage.dir,
      note: dataNote(storage),
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
