import type { Request, Response } from 'express';
import type { Config } from '../core/config';
import { createStorage, type Storage, type StorageDriver } from '../core/storage';
import type { DocumentAccess } from './access';
import { attachmentHeader } from './disposition';
import { openDocument } from './service';

export type Downloader = (req: Request, res: Response, access: DocumentAccess) => Promise<void>;

/**
 * Streams one reached document as an attachment (the sniffed type, nosniff, no-store, a sandbox
 * CSP), from whichever storage driver holds it. Shared by the dossier's download and the referral's.
 */
export function documentDownloader(config: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>, storage: Storage = createStorage(config)): Downloader {
  const storages = new Map<StorageDriver, Storage>([[storage.driver, storage]]);
  const storageFor = (driver: StorageDriver): Storage => {
    if (!storages.has(driver)) storages.set(driver, createStorage(config, driver));
    return storages.get(driver) as Storage;
  };
  return async (req, res, access) => {
    const doc = await openDocument(access, storageFor);
    res.set({
      'Content-Type': doc.mimeType,
      'Content-Length': String(doc.size),
      'Content-Disposition': attachmentHeader(doc.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    });
    doc.stream.on('error', (err) => {
      req.log.error({ err }, 'download interrupted');
      res.destroy(err);
    });
    doc.stream.pipe(res);
  };
}
