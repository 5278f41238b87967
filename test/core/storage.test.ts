import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { DiskStorage, GRIDFS_BUCKET, GridFsStorage, createStorage, type Storage } from '../../src/core/storage';
import { testConfig } from '../helpers';

/** Whatever the driver keeps besides the stored files themselves (leftovers of a failed upload). */
interface Driver {
  name: string;
  make(): Promise<Storage>;
  /** Every trace of stored content: file names on disk, or GridFS files and chunks. */
  traces(): Promise<string[]>;
  cleanup(): Promise<void>;
}

let dir = '';
const disk: Driver = {
  name: 'disk',
  async make() {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boost-storage-'));
    return new DiskStorage(dir);
  },
  async traces() {
    return (await readdir(dir, { recursive: true })).map(String).filter((f) => !/^[a-f0-9]{2}$/.test(f));
  },
  cleanup: () => rm(dir, { recursive: true, force: true }),
};

function db() {
  const found = mongoose.connection.db;
  if (!found) throw new Error('no database');
  return found;
}
const BUCKET = 'storage_test';
const gridfs: Driver = {
  name: 'gridfs',
  async make() {
    await Promise.all([db().collection(`${BUCKET}.files`).deleteMany({}), db().collection(`${BUCKET}.chunks`).deleteMany({})]);
    return new GridFsStorage(db, BUCKET);
  },
  async traces() {
    const files = await db().collection(`${BUCKET}.files`).find({}).toArray();
    const chunks = await db().collection(`${BUCKET}.chunks`).find({}, { projection: { files_id: 1, n: 1 } }).toArray();
    return [...files.map((f) => `file ${String(f._id)}`), ...chunks.map((c) => `chunk ${String(c.files_id)}#${String(c.n)}`)];
  },
  async cleanup() {
    await Promise.all([db().collection(`${BUCKET}.files`).deleteMany({}), db().collection(`${BUCKET}.chunks`).deleteMany({})]);
  },
};

/** The same behaviour, whichever driver holds the files. */
for (const driver of [disk, gridfs]) {
  describe(`storage driver: ${driver.name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await driver.make();
    });
    afterEach(() => driver.cleanup());

    it('names itself', () => {
      expect(storage.driver).to.equal(driver.name);
    });

    it("stores under a random key, never the user's name, and reads it back", async () => {
      const a = await storage.put(Readable.from(['bonjour ', 'le monde']));
      const b = await storage.put(Readable.from(['bonjour le monde']));
      expect(a).to.match(/^[a-f0-9]{32}$/);
      expect(a).not.to.equal(b);
      expect(await text(await storage.get(a))).to.equal('bonjour le monde');
      expect(await storage.exists(a)).to.equal(true);
      await storage.remove(a);
      expect(await storage.exists(a)).to.equal(false);
      expect(await text(await storage.get(b))).to.equal('bonjour le monde');
    });

    it('keeps binary content of several chunks byte for byte (600 KB crosses GridFS chunks of 255 KB)', async () => {
      const content = Buffer.alloc(600 * 1024);
      for (let i = 0; i < content.length; i++) content[i] = (i * 31 + 7) % 256;
      const key = await storage.put(Readable.from([content.subarray(0, 100_000), content.subarray(100_000)]));
      expect((await buffer(await storage.get(key))).equals(content)).to.equal(true);
    });

    it('stores an empty file', async () => {
      const key = await storage.put(Readable.from([Buffer.alloc(0)]));
      expect((await buffer(await storage.get(key))).length).to.equal(0);
    });

    it('refuses to read a key it does not hold, and removing twice is harmless', async () => {
      const key = await storage.put(Readable.from(['x']));
      await storage.remove(key);
      await storage.remove(key);
      let failed = false;
      try {
        await buffer(await storage.get(key));
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await driver.traces()).to.deep.equal([]);
    });

    it('refuses keys that could leave the folder or the bucket', async () => {
      for (const key of ['../etc/passwd', 'a/../../b', '', 'ABCDEF', '{"$gt":""}']) {
        let failed = false;
        try {
          await storage.get(key);
        } catch {
          failed = true;
        }
        expect(failed, key).to.equal(true);
      }
    });

    it('leaves nothing behind when the upload stream fails half-way', async () => {
      const broken = new Readable({
        read() {
          this.push(Buffer.alloc(300 * 1024, 1));
          this.destroy(new Error('connection reset'));
        },
      });
      let failed = false;
      try {
        await storage.put(broken);
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await driver.traces()).to.deep.equal([]);
    });
  });
}

describe('createStorage', () => {
  it('chooses the driver from STORAGE_DRIVER (disk by default, under UPLOAD_DIR)', async () => {
    const diskStorage = createStorage(testConfig());
    expect(diskStorage).to.be.instanceOf(DiskStorage);
    const gridStorage = createStorage(testConfig({ STORAGE_DRIVER: 'gridfs' }));
    expect(gridStorage).to.be.instanceOf(GridFsStorage);
    const key = await gridStorage.put(Readable.from(['dans la base']));
    expect(await db().collection(`${GRIDFS_BUCKET}.files`).countDocuments({ _id: key as never })).to.equal(1);
    await gridStorage.remove(key);
    expect(await db().collection(`${GRIDFS_BUCKET}.chunks`).countDocuments({ files_id: key })).to.equal(0);
  });

  it('can open the other driver for files stored before a change of STORAGE_DRIVER', () => {
    expect(createStorage(testConfig(), 'gridfs').driver).to.equal('gridfs');
    expect(createStorage(testConfig({ STORAGE_DRIVER: 'gridfs' }), 'disk').driver).to.equal('disk');
  });
});
