import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { audit } from '../core/audit';
import { loadConfig } from '../core/config';
import { createStorage, type Storage } from '../core/storage';
import { DEMO_STARTUPS } from './demo';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { DossierDocument, titleKeyOf, type DocumentKind } from '../documents/model';
import { minimalPdf, tinyPng } from '../documents/samples';

const DAY = 24 * 60 * 60 * 1000;

interface DemoFile {
  title: string;
  kind: DocumentKind;
  version: number;
  originalName: string;
  confidential: boolean;
  expiresInDays?: number;
  content: Buffer;
  ext: 'pdf' | 'png';
}

function demoFiles(name: string, index: number): DemoFile[] {
  return [
    {
      title: 'Business plan 2026',
      kind: 'business_plan',
      version: 1,
      originalName: `${name} - business plan 2026.pdf`,
      confidential: true,
      content: minimalPdf([`${name}`, 'Business plan 2026 (demonstration)', 'Confidential: not shown to mentors.']),
      ext: 'pdf',
    },
    {
      title: 'Certificat ISO 13485',
      kind: 'regulatory',
      version: 1,
      originalName: `Certificat ISO 13485 ${name}.pdf`,
      confidential: false,
      expiresInDays: 15 + ((index * 7) % 40),
      content: minimalPdf([`${name}`, 'ISO 13485:2016 certificate (demonstration)', 'Quality management system for medical devices.']),
      ext: 'pdf',
    },
    {
      title: 'Visuel du produit',
      kind: 'pitch_deck',
      version: 1,
      originalName: 'visuel-produit.png',
      confidential: false,
      content: tinyPng([108, 117, 125], 16),
      ext: 'png',
    },
    {
      title: 'Visuel du produit',
      kind: 'pitch_deck',
      version: 2,
      originalName: 'visuel-produit-v2.png',
      confidential: false,
      content: tinyPng([13, 110, 253], 16),
      ext: 'png',
    },
  ];
}

const MIME = { pdf: 'application/pdf', png: 'image/png' } as const;

/**
 * Demo dossiers: for each demo startup a confidential business plan (PDF), an ISO 13485 certificate
 * expiring within 60 days (PDF) and a product visual in two versions (PNG), all made in code and
 * stored through the configured storage. Idempotent: a version already there is left as it is.
 */
export async function seedDocuments(storage: Storage = createStorage(loadConfig())): Promise<{ created: number }> {
  const manager = await User.findOne({ email: 'manager@demo.boost' }).lean();
  let created = 0;
  for (const [index, demo] of DEMO_STARTUPS.entries()) {
    const startup = await Startup.findOne({ slug: demo.slug }).lean();
    if (!startup) continue;
    for (const file of demoFiles(startup.name, index)) {
      const titleKey = titleKeyOf(file.title);
      if (await DossierDocument.exists({ startup: startup._id, titleKey, version: file.version })) continue;
      const key = await storage.put(Readable.from([file.content]));
      try {
        const doc = await DossierDocument.create({
          startup: startup._id,
          kind: file.kind,
          title: file.title,
          titleKey,
          originalName: file.originalName,
          mimeType: MIME[file.ext],
          ext: file.ext,
          size: file.content.length,
          sha256: createHash('sha256').update(file.content).digest('hex'),
          storageKey: key,
          driver: storage.driver,
          uploadedBy: manager?._id,
          uploadedByName: manager?.name ?? 'Demo',
          version: file.version,
          confidential: file.confidential,
          expiresAt: file.expiresInDays === undefined ? undefined : new Date(Date.now() + file.expiresInDays * DAY),
        });
        created += 1;
        await audit(manager ? { id: String(manager._id), name: manager.name } : null, {
          action: 'document.uploaded',
          entityType: 'Document',
          entityId: String(doc._id),
          startup: String(startup._id),
          summary: `«${file.title}» v${file.version} — ${startup.name}`,
        });
      } catch (err) {
        await storage.remove(key);
        throw err;
      }
    }
  }
  return { created };
}
