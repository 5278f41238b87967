import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { expect } from 'chai';
import { DiskStorage } from '../../src/core/storage';
import { sniffAllowedType } from '../../src/documents/filetype';
import { DossierDocument } from '../../src/documents/model';
import { seedDocuments } from '../../src/seed/documents';
import { DEMO_STARTUPS, seedDemo } from '../../src/seed/demo';
import { Startup } from '../../src/startups/model';
import { sharedWorld } from '../helpers';

const DIR = '/tmp/boost-test-uploads-seed';
const DAY = 24 * 60 * 60 * 1000;

describe('demo dossiers (seedDocuments)', () => {
  sharedWorld(async () => {
    await rm(DIR, { recursive: true, force: true });
    await seedDemo();
  });

  it('gives every demo startup a confidential document, one expiring within 60 days and one in two versions; twice changes nothing', async () => {
    const storage = new DiskStorage(DIR);
    const first = await seedDocuments(storage);
    expect(first.created).to.equal(DEMO_STARTUPS.length * 4);
    expect((await seedDocuments(storage)).created).to.equal(0);
    for (const demo of DEMO_STARTUPS) {
      const startup = await Startup.findOne({ slug: demo.slug }).lean();
      const docs = await DossierDocument.find({ startup: startup?._id }).lean();
      expect(new Set(docs.map((d) => d.titleKey)).size, demo.slug).to.be.within(2, 3);
      expect(docs.some((d) => d.confidential), demo.slug).to.equal(true);
      expect(docs.some((d) => d.expiresAt && d.expiresAt.getTime() > Date.now() && d.expiresAt.getTime() < Date.now() + 60 * DAY), demo.slug).to.equal(true);
      expect(docs.some((d) => d.version === 2), demo.slug).to.equal(true);
    }
  });

  it('stores real files that pass the type check of an upload, with their recorded sha256', async () => {
    const storage = new DiskStorage(DIR);
    const docs = await DossierDocument.find({}).limit(4).lean();
    for (const doc of docs) {
      const content = await buffer(await storage.get(doc.storageKey));
      expect(content.length).to.equal(doc.size);
      expect(createHash('sha256').update(content).digest('hex')).to.equal(doc.sha256);
      const file = `/tmp/boost-seed-check-${doc.storageKey}`;
      await writeFile(file, content);
      expect((await sniffAllowedType(file))?.mime).to.equal(doc.mimeType);
      await rm(file);
    }
  });
});
