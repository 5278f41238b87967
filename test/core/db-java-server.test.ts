import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { JavaServerExit } from '../../src/core/db/embedded/server';
import {
  DEFAULT_CACHE_DIR,
  JAVA_SERVER_FILE,
  lookupJavaServer,
  resolveDatabase,
  type JavaServerLookup,
  type ServerFinders,
} from '../../src/core/db/resolve';
import { cleanEnv, exists, isAlive, portAnswers, portOf, rejectionOf, waitFor, withNotes } from './db-helpers';

/** mongo-java-server for real: started, stopped, killed, locked, orphaned. */
describe('mongo-java-server (the embedded fallback)', function () {
  // Each start is a JVM start; the machine may be busy with other suites.
  this.timeout(120_000);
  const logs: string[] = [];
  const log = (msg: string): void => {
    logs.push(msg);
  };
  let java: JavaServerLookup;
  const noMongod: Partial<ServerFinders> = { findMongod: () => Promise.resolve({ missing: 'no mongod in this test' }) };
  let finders: Partial<ServerFinders>;
  let dataDir: string;

  before(async function () {
    // Normally done by `npm run db:prepare`; a first run copies or downloads the jars and compiles.
    this.timeout(10 * 60_000);
    java = await lookupJavaServer(cleanEnv(), DEFAULT_CACHE_DIR, log);
    if ('missing' in java) throw new Error(java.missing);
    finders = { ...noMongod, findJavaServer: () => Promise.resolve(java) };
  });

  beforeEach(async () => {
    logs.length = 0;
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-mjs-test-'));
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts a throw-away server in memory, logs which and why, and stop() ends it', async () => {
    const server = await resolveDatabase({ dbName: 'boost_test', log, env: cleanEnv(), finders: noMongod });
    let stopped = false;
    try {
      expect(server.kind).to.equal('mongo-java-server');
      expect(server.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/boost_test$/);
      expect(server.dataDir).to.equal(undefined);
      expect(logs.at(-1)).to.match(
        /^database: mongo-java-server 1\.47\.0 \(H2 MVStore\) at mongodb:\/\/127\.0\.0\.1:\d+\/boost_test — no mongod binary \(no mongod in this test\); mongo-java-server 1\.47\.0 with Java \d+ from .+; throw-away data in memory, heap 512 MB$/,
      );
      const found = await withNotes(server.uri, async (Note) => {
        await Note.create({ text: 'hello' });
        return Note.findOne({ text: 'hello' }).lean();
      });
      expect(found?.text).to.equal('hello');
      // Its output is captured (kept as a tail), never written to this process's stdout; an error reply
      // (each model's `create` of an existing collection) is not logged there either, with the user's data.
      expect(server.process?.child.stdout).to.not.equal(null);
      const refused = await withNotes(server.uri, (Note) => rejectionOf(Note.collection.conn.db?.createCollection('notes') ?? Promise.resolve()));
      expect((refused as { code?: number }).code).to.equal(48);
      expect(server.process?.output()).to.not.include('already exists');
      await server.stop();
      stopped = true;
      const exit = await server.process?.exited;
      expect(exit?.expected).to.equal(true);
      expect(await portAnswers(portOf(server.uri))).to.equal(false);
      await server.stop(); // a second stop() is harmless
      expect(logs.filter((line) => line.includes('exited unexpectedly'))).to.deep.equal([]);
    } finally {
      if (!stopped) await server.stop();
    }
  });

  it('is used when the mongod found does not run', async () => {
    const brokenMongod: Partial<ServerFinders> = { ...finders, findMongod: () => Promise.resolve({ path: '/bin/false', source: 'from test' }) };
    const server = await resolveDatabase({ dbName: 'boost_test', log, env: cleanEnv(), finders: brokenMongod });
    try {
      expect(server.kind).to.equal('mongo-java-server');
      expect(server.reason).to.match(/^no mongod binary \(mongod from test but it failed to start: .+\); mongo-java-server 1\.47\.0 with /);
    } finally {
      await server.stop();
    }
  });

  it('keeps data across two start/stop cycles in DATA_DIR/mongo-java-server', async () => {
    const file = path.join(dataDir, 'mongo-java-server', JAVA_SERVER_FILE);
    const first = await resolveDatabase({ dataDir, dbName: 'boost_test', log, finders });
    expect(first.dataDir).to.equal(path.join(dataDir, 'mongo-java-server'));
    expect(first.reason).to.include(`data in ${file}, cache 512 MB, heap 1024 MB`);
    await withNotes(first.uri, (Note) => Note.create({ text: 'kept' }));
    await first.stop();
    expect(await exists(file)).to.equal(true);

    const second = await resolveDatabase({ dataDir, dbName: 'boost_test', log, finders, javaMemory: { heapMb: 384, cacheMb: 64 } });
    try {
      expect(second.reason).to.include('cache 64 MB, heap 384 MB');
      const texts = await withNotes(second.uri, async (Note) => (await Note.find().lean()).map((n) => n.text));
      expect(texts).to.deep.equal(['kept']);
    } finally {
      await second.stop();
    }
  });

  it('keeps a write acknowledged just before the Java process is killed with SIGKILL', async () => {
    const first = await resolveDatabase({ dataDir, dbName: 'boost_test', log, finders });
    const child = first.process?.child;
    if (child?.pid === undefined) throw new Error('no Java process');
    try {
      await withNotes(first.uri, async (Note) => {
        await Note.create({ text: 'before the kill' });
        await Note.updateOne({ text: 'before the kill' }, { $set: { text: 'updated before the kill' } });
      });
      process.kill(child.pid, 'SIGKILL');
      const exit: JavaServerExit | undefined = await first.process?.exited;
      expect(exit?.signal).to.equal('SIGKILL');
      expect(exit?.expected).to.equal(false);
      expect(logs.some((line) => line.startsWith('database: mongo-java-server exited unexpectedly (signal SIGKILL)'))).to.equal(true);
    } finally {
      await first.stop();
    }
    const second = await resolveDatabase({ dataDir, dbName: 'boost_test', log, finders });
    try {
      const texts = await withNotes(second.uri, async (Note) => (await Note.find().lean()).map((n) => n.text));
      expect(texts).to.deep.equal(['updated before the kill']);
    } finally {
      await second.stop();
    }
  });

  it('refuses, with a clear message, a data file another running server holds', async () => {
    const first = await resolveDatabase({ dataDir, dbName: 'boost_test', log, finders });
    try {
      const error = await rejectionOf(resolveDatabase({ dataDir, dbName: 'boost_test', log, finders }));
      expect(error.message).to.equal(
        `the data file ${path.join(dataDir, 'mongo-java-server', JAVA_SERVER_FILE)} is locked by another running server: another ` +
          '`npm start` (or a server it left behind) uses the same DATA_DIR. Stop it, or give this one another DATA_DIR.',
      );
      // The first one is untouched.
      expect(await portAnswers(portOf(first.uri))).to.equal(true);
    } finally {
      await first.stop();
    }
  });

  it('ends when the process that started it dies without stopping it (no orphan server)', async () => {
    const script = path.join(__dirname, 'fixtures', 'start-java-server.ts');
    const parent = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    try {
      await waitFor('the fixture to report the Java pid', () => /java-pid (\d+)/.test(out) || parent.exitCode !== null, 90_000);
      const javaPid = Number(/java-pid (\d+)/.exec(out)?.[1]);
      expect(javaPid).to.be.greaterThan(0);
      expect(isAlive(javaPid)).to.equal(true);
      parent.kill('SIGKILL');
      await waitFor('the Java process to end after its parent', () => !isAlive(javaPid), 30_000);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
