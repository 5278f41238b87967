import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureFerretdb, ferretdbCachePath } from '../../src/core/db/ferretdb';
import {
  DEFAULT_CACHE_DIR,
  chooseServer,
  findMongod,
  resolveDatabase,
  type BinaryLookup,
  type DatabaseServer,
  type ServerFinders,
} from '../../src/core/db/resolve';

const NO_MONGOD: BinaryLookup = { missing: 'no mongod in this test' };

/** The real environment minus variables that would change which binary is picked. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FERRETDB_BIN;
  delete env.MONGOMS_SYSTEM_BINARY;
  return env;
}

/** Finders that record their calls and must not be reached unless a test says so. */
function recordingFinders(mongod: BinaryLookup, ferretdb: BinaryLookup): ServerFinders & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    findMongod: () => {
      calls.push('mongod');
      return Promise.resolve(mongod);
    },
    findFerretdb: () => {
      calls.push('ferretdb');
      return Promise.resolve(ferretdb);
    },
  };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portOf(uri: string): number {
  const match = /:(\d+)\//.exec(uri);
  if (match === null) throw new Error(`no port in ${uri}`);
  return Number(match[1]);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** The error a promise rejects with; a server that started anyway is stopped and the test fails. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    return err as Error;
  }
  if (isServer(value)) await value.stop();
  throw new Error('expected a rejection');
}

function isServer(value: unknown): value is DatabaseServer {
  return typeof value === 'object' && value !== null && 'stop' in value && typeof value.stop === 'function';
}

async function throwAwayDirs(prefix = 'boost-ferretdb-'): Promise<string[]> {
  return (await fs.readdir(os.tmpdir())).filter((name) => name.startsWith(prefix));
}

const noteSchema = new mongoose.Schema({ text: { type: String, required: true } });

async function withConnection<T>(uri: string, work: (Note: mongoose.Model<{ text: string }>) => Promise<T>): Promise<T> {
  const conn = await mongoose.createConnection(uri, { bufferCommands: false, serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    return await work(conn.model('Note', noteSchema));
  } finally {
    await conn.close();
  }
}

describe('database resolution', () => {
  describe('chooseServer', () => {
    it('uses MONGODB_URI without looking for any binary', async () => {
      const finders = recordingFinders({ path: '/x/mongod', source: 'test' }, { path: '/x/ferretdb', source: 'test' });
      const choice = await chooseServer('mongodb://db.example:27017/boost', finders);
      expect(choice).to.deep.equal({ kind: 'external', uri: 'mongodb://db.example:27017/boost', reason: 'MONGODB_URI is set' });
      expect(finders.calls).to.deep.equal([]);
    });

    it('prefers mongod and does not look for FerretDB', async () => {
      const finders = recordingFinders({ path: '/x/mongod', source: 'from test' }, { path: '/x/ferretdb', source: 'test' });
      const choice = await chooseServer(undefined, finders);
      expect(choice).to.deep.equal({ kind: 'mongod', binary: '/x/mongod', reason: 'mongod from test' });
      expect(finders.calls).to.deep.equal(['mongod']);
    });

    it('falls back to FerretDB and says why mongod was not used', async () => {
      const finders = recordingFinders({ missing: 'download failed: offline' }, { path: '/x/ferretdb', source: 'from PATH' });
      const choice = await chooseServer('', finders);
      expect(choice.kind).to.equal('ferretdb');
      expect(choice.reason).to.equal('no mongod binary (download failed: offline); FerretDB from PATH');
      expect(finders.calls).to.deep.equal(['mongod', 'ferretdb']);
    });

    it('fails with both reasons when no server can be had', async () => {
      const finders = recordingFinders({ missing: 'no mongod here' }, { missing: 'no go here' });
      const error = await rejectionOf(chooseServer(undefined, finders));
      expect(error.message).to.include('no mongod here').and.include('no go here');
    });
  });

  describe('findMongod', () => {
    it('reports a MONGOMS_SYSTEM_BINARY that does not exist', async () => {
      const lookup = await findMongod({ MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod' });
      expect(lookup).to.deep.equal({ missing: 'MONGOMS_SYSTEM_BINARY=/nonexistent/mongod is not an executable file' });
    });

    it('does not try a download when MONGOMS_RUNTIME_DOWNLOAD is false (unless a mongod is cached)', async () => {
      const lookup = await findMongod({ MONGOMS_RUNTIME_DOWNLOAD: 'false' });
      if ('path' in lookup) {
        expect(lookup.source).to.match(/^from the mongodb-memory-server cache/);
      } else {
        expect(lookup.missing).to.equal('MONGOMS_SYSTEM_BINARY unset, no cached binary, download disabled by MONGOMS_RUNTIME_DOWNLOAD');
      }
    });
  });

  describe('ensureFerretdb build', () => {
    // A stand-in `go`: the local toolchain "fails", the GOTOOLCHAIN retry succeeds.
    const fakeGo = [
      '#!/bin/sh',
      'case "$1" in',
      '  mod) mkdir -p "$FAKE_MOD/build/version" && chmod -R a-w "$FAKE_MOD" && echo "{\\"Path\\": \\"x\\", \\"Dir\\": \\"$FAKE_MOD\\"}" ;;',
      '  build)',
      '    [ "$(cat build/version/version.txt)" = v1.24.2 ] || { echo "no version.txt" >&2; exit 2; }',
      '    [ "$GOTOOLCHAIN" = go1.24.3 ] || { echo "go: local toolchain too old" >&2; exit 1; }',
      '    printf "#!/bin/sh\\necho version: v1.24.2\\n" > "$3" && chmod +x "$3" ;;',
      'esac',
      '',
    ].join('\n');

    it('copies the module source, adds version.txt, retries with GOTOOLCHAIN and installs atomically', async () => {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-fake-go-'));
      try {
        await fs.mkdir(path.join(work, 'bin'));
        await fs.writeFile(path.join(work, 'bin', 'go'), fakeGo, { mode: 0o755 });
        const cacheDir = path.join(work, 'cache');
        const env = { PATH: `${path.join(work, 'bin')}:/usr/bin:/bin`, FAKE_MOD: path.join(work, 'mod') };
        const messages: string[] = [];
        const binary = await ensureFerretdb({ env, cacheDir, log: (msg) => messages.push(msg) });
        expect(binary).to.equal(ferretdbCachePath(cacheDir));
        expect(await fs.readdir(path.dirname(binary))).to.deep.equal(['ferretdb']);
        expect(messages[0]).to.equal('building FerretDB 1.24.2 once with Go (a few minutes)…');
        expect(messages[1]).to.include('local toolchain too old').and.include('retrying with GOTOOLCHAIN=go1.24.3');
        // Found in the cache the second time, without building.
        messages.length = 0;
        expect(await ensureFerretdb({ env, cacheDir, log: (msg) => messages.push(msg) })).to.equal(binary);
        expect(messages).to.deep.equal([]);
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    });

    it('explains that Go is missing when there is nothing to build with', async () => {
      const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-empty-cache-'));
      try {
        const error = await rejectionOf(ensureFerretdb({ env: { PATH: '/nonexistent' }, cacheDir, log: () => undefined }));
        expect(error.message).to.include('no ferretdb on PATH').and.include('Go is not installed to build it');
      } finally {
        await fs.rm(cacheDir, { recursive: true, force: true });
      }
    });
  });

  describe('resolveDatabase', () => {
    let ferretdbBinary: string;
    const logs: string[] = [];
    const log = (msg: string): void => {
      logs.push(msg);
    };
    const noMongod: Partial<ServerFinders> = { findMongod: () => Promise.resolve(NO_MONGOD) };

    before(async function () {
      // Normally done by `npm run db:prepare`; a first build takes minutes.
      this.timeout(15 * 60_000);
      ferretdbBinary = await ensureFerretdb({ env: cleanEnv(), cacheDir: DEFAULT_CACHE_DIR, log });
    });

    beforeEach(() => {
      logs.length = 0;
    });

    it('returns an external server without starting anything', async () => {
      const finders = recordingFinders(NO_MONGOD, { missing: 'unused' });
      const server = await resolveDatabase({ mongodbUri: 'mongodb://u:secret@db.example:27017/?tls=true', dbName: 'boost', log, finders });
      expect(server.kind).to.equal('external');
      expect(server.uri).to.equal('mongodb://u:secret@db.example:27017/boost?tls=true');
      expect(server.dataDir).to.equal(undefined);
      expect(finders.calls).to.deep.equal([]);
      expect(logs).to.deep.equal(['database: external MongoDB at mongodb://***@db.example:27017/boost?tls=true — MONGODB_URI is set']);
      await server.stop();
    });

    it('keeps the database named in MONGODB_URI for the app, and adds dbName when it names none', async () => {
      const uri = async (mongodbUri: string): Promise<string> => (await resolveDatabase({ mongodbUri, dbName: 'boost', log })).uri;
      expect(await uri('mongodb://a:1,b:2/prod')).to.equal('mongodb://a:1,b:2/prod');
      expect(await uri('mongodb+srv://u:p@c.example/prod?retryWrites=true')).to.equal('mongodb+srv://u:p@c.example/prod?retryWrites=true');
      expect(await uri('mongodb://h')).to.equal('mongodb://h/boost');
      expect(await uri('mongodb://h/?tls=true')).to.equal('mongodb://h/boost?tls=true');
    });

    it('for the tests, replaces the database named in MONGODB_URI, keeping it as authSource when it had that role', async () => {
      const uri = async (mongodbUri: string): Promise<string> => (await resolveDatabase({ mongodbUri, dbName: 'boost_test', log, uriDatabase: 'replace' })).uri;
      expect(await uri('mongodb://a:1,b:2/prod')).to.equal('mongodb://a:1,b:2/boost_test');
      expect(await uri('mongodb://h')).to.equal('mongodb://h/boost_test');
      expect(await uri('mongodb://u:p@h/admin?tls=true')).to.equal('mongodb://u:p@h/boost_test?tls=true&authSource=admin');
      expect(await uri('mongodb+srv://u:p@c.example/prod?authSource=admin')).to.equal(
        'mongodb+srv://u:p@c.example/boost_test?authSource=admin',
      );
    });

    it('starts FerretDB from the project cache in a throw-away dir, and stop() removes it', async () => {
      expect(ferretdbBinary).to.equal(ferretdbCachePath(DEFAULT_CACHE_DIR));
      const started = Date.now();
      const server = await resolveDatabase({ dbName: 'boost_test', log, env: cleanEnv(), finders: noMongod });
      const startMs = Date.now() - started;
      let stopped = false;
      try {
        expect(server.kind).to.equal('ferretdb');
        expect(server.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/boost_test$/);
        expect(server.dataDir).to.be.a('string');
        expect(path.dirname(server.dataDir ?? '')).to.equal(os.tmpdir());
        expect(logs).to.have.length(1);
        expect(logs[0]).to.equal(
          `database: FerretDB 1.24.2 (SQLite) at ${server.uri} — no mongod binary (no mongod in this test); ` +
            `FerretDB from the project cache (${ferretdbBinary}); throw-away data`,
        );
        const found = await withConnection(server.uri, async (Note) => {
          await Note.create({ text: 'hello' });
          return Note.findOne({ text: 'hello' }).lean();
        });
        expect(found?.text).to.equal('hello');
        expect(await portAnswers(portOf(server.uri))).to.equal(true);
        await server.stop();
        stopped = true;
        expect(await portAnswers(portOf(server.uri))).to.equal(false);
        expect(await exists(server.dataDir ?? '')).to.equal(false);
        await server.stop(); // a second stop() is harmless
        console.log(`      (FerretDB answered a ping ${startMs} ms after resolveDatabase was called)`);
      } finally {
        if (!stopped) await server.stop();
      }
    });

    it('falls back to FerretDB when the mongod found does not run', async () => {
      const brokenMongod: Partial<ServerFinders> = { findMongod: () => Promise.resolve({ path: '/bin/false', source: 'from test' }) };
      const mongodDirsBefore = await throwAwayDirs('boost-mongod-');
      const server = await resolveDatabase({ dbName: 'boost_test', log, env: cleanEnv(), finders: brokenMongod });
      try {
        expect(server.kind).to.equal('ferretdb');
        expect(server.reason).to.match(/^no mongod binary \(mongod from test but it failed to start: .+\); FerretDB from /);
        expect(await throwAwayDirs('boost-mongod-')).to.deep.equal(mongodDirsBefore);
      } finally {
        await server.stop();
      }
    });

    it('keeps data across restarts in a persistent dataDir', async () => {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-db-test-'));
      try {
        const first = await resolveDatabase({ dataDir, dbName: 'boost_test', log, env: cleanEnv(), finders: noMongod });
        expect(first.dataDir).to.equal(path.join(dataDir, 'ferretdb'));
        expect(first.reason).to.include(`data in ${path.join(dataDir, 'ferretdb')}`);
        await withConnection(first.uri, (Note) => Note.create({ text: 'kept' }));
        await first.stop();
        expect(await exists(path.join(dataDir, 'ferretdb'))).to.equal(true);

        const second = await resolveDatabase({ dataDir, dbName: 'boost_test', log, env: cleanEnv(), finders: noMongod });
        try {
          const texts = await withConnection(second.uri, async (Note) => (await Note.find().lean()).map((n) => n.text));
          expect(texts).to.deep.equal(['kept']);
        } finally {
          await second.stop();
        }
        expect(await exists(path.join(dataDir, 'ferretdb'))).to.equal(true);
      } finally {
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    });

    it('rejects with a clear error when FERRETDB_BIN points to a missing file, and builds nothing', async () => {
      const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-empty-cache-'));
      try {
        const env = { ...cleanEnv(), FERRETDB_BIN: '/nonexistent/ferretdb' };
        const error = await rejectionOf(resolveDatabase({ dbName: 'boost_test', log, env, cacheDir, finders: noMongod }));
        expect(error.message)
          .to.include('no mongod in this test')
          .and.include('FERRETDB_BIN=/nonexistent/ferretdb is not an executable file');
        expect(await fs.readdir(cacheDir)).to.deep.equal([]);
        expect(logs).to.deep.equal([]);
      } finally {
        await fs.rm(cacheDir, { recursive: true, force: true });
      }
    });

    it('rejects with the log tail when FerretDB exits at start, leaving no temp dir', async () => {
      const dirsBefore = await throwAwayDirs();
      const fake = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-fake-ferretdb-'));
      try {
        const script = path.join(fake, 'ferretdb');
        // Passes the version check, then fails like a real start error would.
        await fs.writeFile(
          script,
          '#!/bin/sh\nif [ "$1" = --version ]; then echo "version: v1.24.2"; exit 0; fi\necho "boom: cannot open storage" >&2\nexit 3\n',
          { mode: 0o755 },
        );
        const env = { ...cleanEnv(), FERRETDB_BIN: script };
        const error = await rejectionOf(resolveDatabase({ dbName: 'boost_test', log, env, finders: noMongod }));
        expect(error.message).to.equal('FerretDB exited at start (code 3): boom: cannot open storage');
        expect(await throwAwayDirs()).to.deep.equal(dirsBefore);
      } finally {
        await fs.rm(fake, { recursive: true, force: true });
      }
    });
  });
});
