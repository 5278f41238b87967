import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Double, GridFSBucket, Int32, Long, MongoClient, type Db } from 'mongodb';
import { TargetNotEmpty, copyDatabase } from '../../src/core/db/legacy/copy';
import { FERRETDB_HINT, findFerretdb, startFerretdb } from '../../src/core/db/legacy/ferretdb';
import { DEFAULT_CACHE_DIR, resolveDatabase, withDbName, type DatabaseServer } from '../../src/core/db/resolve';
import { ferretdbImportWarning } from '../../src/core/db/runtime';
import { cleanEnv, rejectionOf } from './db-helpers';

/** Moving the data of the former fallback (FerretDB, DATA_DIR/ferretdb) into the new server. */

const FILE = Buffer.alloc(600 * 1024, 'x'); // three GridFS chunks

/** Fills db the way the app does: typed values, a unique index, a GridFS file, a collection of 2,500. */
async function fill(db: Db): Promise<void> {
  await db.collection('users').createIndex({ email: 1 }, { unique: true });
  await db.collection('users').insertMany([
    { email: 'a@example.org', logins: new Int32(3), score: new Double(2), big: Long.fromString('9007199254740993'), at: new Date('2025-01-02T03:04:05Z') },
    { email: 'b@example.org', nested: { tags: ['x', 'y'] } },
  ]);
  await db.collection('activityentries').insertMany(Array.from({ length: 2500 }, (_, i) => ({ i, summary: `entry ${i}` })));
  await new Promise<void>((resolve, reject) => {
    new GridFSBucket(db, { bucketName: 'documents' }).openUploadStream('plan.pdf').on('finish', resolve).on('error', reject).end(FILE);
  });
}

async function readFile(db: Db): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of new GridFSBucket(db, { bucketName: 'documents' }).openDownloadStreamByName('plan.pdf')) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function expectCopied(db: Db): Promise<void> {
  const user = await db.collection('users').findOne({ email: 'a@example.org' }, { promoteValues: false });
  expect(user?.logins).to.be.instanceOf(Int32);
  expect(user?.score).to.be.instanceOf(Double);
  expect(String(user?.big)).to.equal('9007199254740993');
  expect((await db.collection('users').findOne({ email: 'b@example.org' }))?.nested).to.deep.equal({ tags: ['x', 'y'] });
  expect(await db.collection('activityentries').countDocuments({})).to.equal(2500);
  expect((await readFile(db)).equals(FILE)).to.equal(true);
  const unique = (await db.collection('users').listIndexes().toArray()).find((index) => index.name === 'email_1');
  expect(unique?.unique).to.equal(true);
  const duplicate = await rejectionOf(db.collection('users').insertOne({ email: 'a@example.org' }));
  expect((duplicate as { code?: number }).code).to.equal(11000);
}

describe('importing the former FerretDB data', function () {
  this.timeout(180_000);
  const logs: string[] = [];
  const log = (msg: string): void => {
    logs.push(msg);
  };
  let source: DatabaseServer;
  let client: MongoClient;
  let target: Db;

  before(async () => {
    // A throw-away mongo-java-server as the source; the target is the suite's server (MongoDB or the fallback).
    source = await resolveDatabase({ dbName: 'boost', log, finders: { findMongod: () => Promise.resolve({ missing: 'not in this test' }) } });
    client = await new MongoClient(process.env.BOOST_TEST_DB_URI ?? '').connect();
  });

  after(async () => {
    await client.close();
    await source.stop();
  });

  beforeEach(async () => {
    logs.length = 0;
    target = client.db(`boost_import_${process.pid}`);
    await target.dropDatabase();
  });

  afterEach(async () => {
    await target.dropDatabase();
  });

  it('copies every collection, GridFS included, in batches, with values as stored and the indexes', async () => {
    const from = new MongoClient(source.uri);
    try {
      const db = (await from.connect()).db();
      await db.dropDatabase();
      await fill(db);
      const report = await copyDatabase(db, target, log);
      expect(report.collections).to.deep.equal([
        { name: 'activityentries', documents: 2500, expected: 2500 },
        { name: 'documents.chunks', documents: 3, expected: 3 },
        { name: 'documents.files', documents: 1, expected: 1 },
        { name: 'users', documents: 2, expected: 2 },
      ]);
      expect(logs).to.include('  activityentries: 2500 document(s)');
      await expectCopied(target);
    } finally {
      await from.close();
    }
  });

  it('refuses a target that holds data, and copies nothing', async () => {
    const from = new MongoClient(source.uri);
    try {
      const db = (await from.connect()).db();
      await db.dropDatabase();
      await fill(db);
      await target.collection('users').insertOne({ email: 'already@example.org' });
      const error = await rejectionOf(copyDatabase(db, target, log));
      expect(error).to.be.instanceOf(TargetNotEmpty);
      expect(error.message).to.equal(`the target database "${target.databaseName}" already holds data (users: 1); the import only fills an empty database`);
      expect((await target.listCollections().toArray()).map((c) => c.name)).to.deep.equal(['users']);
    } finally {
      await from.close();
    }
  });

  it('warns at start when DATA_DIR/ferretdb holds data and the database in use is empty', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-legacy-'));
    try {
      const uri = uriOf(target);
      expect(await ferretdbImportWarning(dataDir, uri)).to.equal(undefined);
      await fs.mkdir(path.join(dataDir, 'ferretdb'));
      await fs.writeFile(path.join(dataDir, 'ferretdb', 'boost.sqlite'), '');
      await target.createCollection('users'); // the app creates its collections, empty, at start
      expect(await ferretdbImportWarning(dataDir, uri)).to.equal(
        `WARNING: ${path.join(dataDir, 'ferretdb')} holds data of the former embedded server (FerretDB) and this database is empty. ` +
          'Run `npm run db:import-ferretdb` to copy it here (the old folder is left as it is).',
      );
      await target.collection('users').insertOne({ email: 'someone@example.org' });
      expect(await ferretdbImportWarning(dataDir, uri)).to.equal(undefined);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says how to get FerretDB when there is none', async () => {
    const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-empty-cache-'));
    try {
      const error = await rejectionOf(findFerretdb({ PATH: '/nonexistent' }, cacheDir));
      expect(error.message).to.equal(
        `no FerretDB 1.x binary to read the old data (FERRETDB_BIN unset, none in ${path.join(cacheDir, 'ferretdb', 'v1.24.2')}, ` +
          `no ferretdb on PATH): ${FERRETDB_HINT}`,
      );
      expect(FERRETDB_HINT).to.include('https://github.com/FerretDB/FerretDB/releases/tag/v1.24.2').and.include('FERRETDB_BIN');
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('npm run db:import-ferretdb: reads a real FerretDB folder, leaves it as it was, refuses a second run', async function () {
    const binary = await findFerretdb(cleanEnv(), DEFAULT_CACHE_DIR).catch(() => undefined);
    if (binary === undefined) {
      // CI on a fresh clone has no FerretDB; the copy itself is tested above.
      console.log(`      (skipped: no FerretDB binary; ${FERRETDB_HINT})`);
      this.skip();
    }
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-legacy-'));
    try {
      const old = await startFerretdb(binary, path.join(dataDir, 'ferretdb'));
      const writer = new MongoClient(old.uri);
      try {
        await fill((await writer.connect()).db('boost'));
      } finally {
        await writer.close();
        await old.stop();
      }
      const before = await folderHash(path.join(dataDir, 'ferretdb'));
      const env = { ...cleanEnv(), DATA_DIR: dataDir, DB_NAME: 'boost', FERRETDB_BIN: binary, MONGODB_URI: uriOf(target) };
      const first = await runImport(env, dataDir);
      expect(first.code).to.equal(0, first.output);
      expect(first.output).to.include('done: 2506 document(s) in 4 collection(s)');
      await expectCopied(target);
      expect(await folderHash(path.join(dataDir, 'ferretdb'))).to.equal(before);
      const second = await runImport(env, dataDir);
      expect(second.code).to.equal(1);
      expect(second.output).to.include(`the target database "${target.databaseName}" already holds data`);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** The suite's server, with the database of db. */
function uriOf(db: Db): string {
  return withDbName(process.env.BOOST_TEST_DB_URI ?? '', db.databaseName);
}

async function folderHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await fs.readdir(dir)).sort()) hash.update(name).update(await fs.readFile(path.join(dir, name)));
  return hash.digest('hex');
}

/** Runs the command as a user would (from another folder, so that no .env of the repository applies). */
function runImport(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; output: string }> {
  const cli = path.join(__dirname, '..', '..', 'src', 'core', 'db', 'legacy', 'import-cli.ts');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', require.resolve('tsx/cjs'), cli], { env, cwd, timeout: 150_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
