import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { NotFound, ValidationFailed, fieldError } from '../core/errors';
import type { Storage, StorageDriver } from '../core/storage';
import type { StartupAccess } from '../startups/access';
import { startupHeader } from '../startups/header';
import { Startup } from '../startups/model';
import type { DocumentAccess } from './access';
import { cleanFileName, downloadName } from './disposition';
import { sniffAllowedType } from './filetype';
import { DossierDocument, titleKeyOf } from './model';
import type { UploadInput } from './schemas';

export { listDossier, type DocumentRow, type DossierPage } from './list';

/** Opens the storage a document was written with (the configured driver may have changed since). */
export type StorageFor = (driver: StorageDriver) => Storage;

const DAY = 24 * 60 * 60 * 1000;
/** How far ahead an expiry date is flagged (manager's home, startup page, dossier badges). */
export const EXPIRY_WARNING_DAYS = 60;

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}


/** Streams the file into storage, computing its sha256 and size on the way. */
async function storeWithHash(path: string, storage: Storage): Promise<{ key: string; sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = createReadStream(path);
  source.on('error', (err) => tap.destroy(err));
  const key = await storage.put(source.pipe(tap));
  return { key, sha256: hash.digest('hex'), size };
}

/**
 * A new document, or the next version of the one with the same title in this startup.
 * The file (a temporary file the caller removes) is checked by its bytes, stored under a random
 * key, then the record is written; if the record cannot be written the stored file is removed.
 */
export async function uploadDocument(
  access: StartupAccess,
  input: UploadInput,
  file: { path: string; originalName: string } | undefined,
  storage: Storage,
): Promise<{ id: string; version: number; title: string; unchanged: boolean }> {
  access.require('documents.upload');
  const { user: actor, record: startup } = access;
  if (!file) throw new ValidationFailed({ file: fieldError('documents.errors.fileMissing') });
  const type = await sniffAllowedType(file.path);
  if (!type) throw new ValidationFailed({ file: fieldError('documents.errors.type') });

  const stored = await storeWithHash(file.path, storage);
  const titleKey = titleKeyOf(input.title);
  try {
    // Two uploads of the same title at once: the unique index refuses the second number, which retries.
    for (let attempt = 0; attempt < 50; attempt++) {
      const latest = await DossierDocument.findOne({ startup: startup._id, titleKey }).sort({ version: -1 }).lean();
      // The very same file as the current version (a double submission, two tabs): no new version.
      if (latest && !latest.deletedAt && latest.sha256 === stored.sha256) {
        await storage.remove(stored.key);
        return { id: String(latest._id), version: latest.version, title: latest.title, unchanged: true };
      }
      const version = (latest?.version ?? 0) + 1;
      try {
        const doc = await DossierDocument.create({
          startup: startup._id,
          kind: input.kind,
          title: input.title,
          titleKey,
          originalName: cleanFileName(file.originalName),
          mimeType: type.mime,
          ext: type.ext,
          size: stored.size,
          sha256: stored.sha256,
          storageKey: stored.key,
          driver: storage.driver,
          uploadedBy: actor.id,
          uploadedByName: actor.name,
          version,
          confidential: input.confidential,
          expiresAt: input.expiresAt,
        });
        const id = String(doc._id);
        await audit(actor, { action: 'document.uploaded', entityType: 'Document', entityId: id, startup: String(startup._id), summary: `«${input.title}» v${version} — ${startup.name}` });
        return { id, version, title: input.title, unchanged: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error('could not number the new version');
  } catch (err) {
    await storage.remove(stored.key);
    throw err;
  }
}

/**
 * Takes back a version this request just uploaded, when what it was uploaded for was refused
 * (a submission that lost a race): the record and the stored file both go; nothing else points to it.
 */
export async function discardDocument(id: string, storage: Storage): Promise<void> {
  const doc = await DossierDocument.findOneAndDelete({ _id: id });
  if (doc) await storage.remove(doc.storageKey);
}

/** A document this user may download (documentAccess: 404 outside reach), opened for reading. */
export async function openDocument(access: DocumentAccess, storageFor: StorageFor): Promise<{ stream: Readable; mimeType: string; size: number; fileName: string }> {
  const doc = access.record;
  const stream = await storageFor(doc.driver as StorageDriver).get(doc.storageKey);
  return { stream, mimeType: doc.mimeType, size: doc.size, fileName: downloadName(doc.originalName, doc.ext) };
}

/** What the delete confirmation page shows (documents.delete: managers). */
export async function documentForDeletion(access: DocumentAccess, startup: StartupAccess) {
  access.require('documents.delete');
  const doc = access.record;
  return {
    header: await startupHeader(startup),
    document: { id: String(doc._id), title: doc.title, version: doc.version, originalName: doc.originalName, uploadedAt: doc.createdAt, uploadedByName: doc.uploadedByName, confidential: doc.confidential },
  };
}

/** Soft delete by a manager: gone from lists and downloads, kept in the audit trail. Returns the startup id. */
export async function deleteDocument(access: DocumentAccess): Promise<{ startupId: string; title: string; version: number }> {
  access.require('documents.delete');
  const { user: actor, record: doc } = access;
  const result = await DossierDocument.updateOne({ _id: doc._id, deletedAt: null }, { $set: { deletedAt: new Date(), deletedBy: actor.id, deletedByName: actor.name } });
  // Deleted by someone else a moment ago: as gone as any other unknown document.
  if (result.modifiedCount !== 1) throw new NotFound();
  const startup = await Startup.findOne({ _id: doc.startup }, { name: 1 }).lean();
  await audit(actor, { action: 'document.deleted', entityType: 'Document', entityId: String(doc._id), startup: String(doc.startup), summary: `«${doc.title}» v${doc.version} — ${startup?.name ?? ''}` });
  return { startupId: String(doc.startup), title: doc.title, version: doc.version };
}

export interface ExpiringDocument {
  id: string;
  title: string;
  version: number;
  startupId: string;
  startupName: string;
  expiresAt: Date;
  expired: boolean;
  /** The startup's dossier, searched for this title. */
  href: string;
}

/**
 * Latest versions (not deleted) whose expiry date falls within `days` or is already past, soonest
 * first, among the documents `visible` selects: one startup's dossier as an access sees it
 * (dossierFilter), or everything a user reaches (documentFilter: the manager's home). `knownNames`:
 * startup names the caller already read (id → name).
 */
export async function expiringDocuments(visible: Record<string, unknown>, days = EXPIRY_WARNING_DAYS, knownNames = new Map<string, string>()): Promise<ExpiringDocument[]> {
  const now = Date.now();
  const candidates = await DossierDocument.find({ ...visible, expiresAt: mongoose.trusted({ $lte: new Date(now + days * DAY) }) }, { startup: 1, titleKey: 1, title: 1, version: 1, expiresAt: 1 })
    .sort({ expiresAt: 1 })
    .limit(500)
    .lean();
  if (candidates.length === 0) return [];
  // Only the latest visible version of each title counts: a renewed certificate replaces the old one.
  // The versions of those few titles are read (three small fields each) and matched here, not with a
  // long $in of startups that a server without usable indexes compares with every record.
  const siblings = await DossierDocument.find({ ...visible, titleKey: mongoose.trusted({ $in: [...new Set(candidates.map((c) => c.titleKey))] }) }, { startup: 1, titleKey: 1, version: 1 })
    .batchSize(10_000)
    .lean();
  const latest = new Map<string, number>();
  for (const v of siblings) {
    const k = `${String(v.startup)}|${v.titleKey}`;
    latest.set(k, Math.max(latest.get(k) ?? 0, v.version));
  }
  const current = candidates.filter((c) => latest.get(`${String(c.startup)}|${c.titleKey}`) === c.version);
  if (current.length === 0) return [];
  // Names of the startups: those the caller knows (a startup page), the others read once.
  const unknown = [...new Set(current.map((c) => String(c.startup)))].filter((id) => !knownNames.has(id));
  const startups = unknown.length ? await Startup.find({ _id: mongoose.trusted({ $in: unknown }) }, { name: 1 }).lean() : [];
  const names = new Map([...knownNames, ...startups.map((s): [string, string] => [String(s._id), s.name])]);
  return current
    .filter((c) => names.has(String(c.startup)))
    .map((c) => ({
      id: String(c._id),
      title: c.title,
      version: c.version,
      startupId: String(c.startup),
      startupName: names.get(String(c.startup)) ?? '',
      expiresAt: c.expiresAt as Date,
      expired: (c.expiresAt as Date).getTime() < now,
      href: `/startups/${String(c.startup)}/documents?q=${encodeURIComponent(c.title.slice(0, 100))}`,
    }));
}

export interface ExpiringGroup {
  title: string;
  count: number;
  expired: number;
  soonest: Date;
  /** One document: its dossier; several: the list of that title's expiring documents. */
  href: string;
  /** The document itself when the title has only one (the home then shows its version and startup). */
  single?: ExpiringDocument;
}

/** Expiring documents by title (twelve "Certificat ISO 13485" are one line), the soonest expiry first. */
export function groupExpiring(documents: ExpiringDocument[]): ExpiringGroup[] {
  const groups = new Map<string, ExpiringDocument[]>();
  for (const d of documents) {
    const key = d.title.trim().toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()]
    .map((docs) => ({
      title: docs[0].title,
      count: docs.length,
      expired: docs.filter((d) => d.expired).length,
      soonest: new Date(Math.min(...docs.map((d) => d.expiresAt.getTime()))),
      href: docs.length === 1 ? docs[0].href : `/documents/expiring?title=${encodeURIComponent(docs[0].title.slice(0, 200))}`,
      ...(docs.length === 1 ? { single: docs[0] } : {}),
    }))
    .sort((a, b) => a.soonest.getTime() - b.soonest.getTime());
}
