import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { expect } from 'chai';
import { DiskStorage } from '../../src/core/storage';

describe('disk storage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boost-storage-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores under a random key, never the user\'s name, and reads it back', async () => {
    const storage = new DiskStorage(dir);
    const a = await storage.put(Readable.from(['bonjour ', 'le monde']));
    const b = await storage.put(Readable.from(['bonjour le monde']));
    expect(a).to.match(/^[a-f0-9]{32}$/);
    expect(a).not.to.equal(b);
    expect(await text(await storage.get(a))).to.equal('bonjour le monde');
    expect(await storage.exists(a)).to.equal(true);
    await storage.remove(a);
    expect(await storage.exists(a)).to.equal(false);
  });

  it('refuses keys that could leave the folder', async () => {
    const storage = new DiskStorage(dir);
    for (const key of ['../etc/passwd', 'a/../../b', '', 'ABCDEF']) {
      let failed = false;
      try {
        await storage.get(key);
      } catch {
        failed = true;
      }
      expect(failed, key).to.equal(true);
    }
  });

  it('leaves no partial file when the upload stream fails', async () => {
    const storage = new DiskStorage(dir);
    const broken = new Readable({
      read() {
        this.push('half a file');
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
    const leftovers = (await readdir(dir, { recursive: true })).filter((f) => !/^[a-f0-9]{2}$/.test(String(f)));
    expect(leftovers).to.deep.equal([]);
  });
});
