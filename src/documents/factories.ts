import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { newKey } from '../core/storage/keys';
import { nextNumber } from '../core/sequence';
import { DossierDocument, titleKeyOf, type DocumentKind } from './model';

export interface DocumentRecordOverrides {
  _id?: Types.ObjectId;
  startup: Types.ObjectId;
  title?: string;
  kind?: DocumentKind;
  version?: number;
  originalName?: string;
  size?: number;
  confidential?: boolean;
  expiresAt?: Date;
  uploadedBy?: Types.ObjectId;
  uploadedByName?: string;
  deletedAt?: Date | null;
  createdAt?: Date;
}

/**
 * An unsaved dossier record (a PDF by default) whose storage key points at no stored file: lists,
 * expiry warnings and evidence links work; a download answers as for a file gone missing. Tests that
 * download go through uploadDocument() instead.
 */
export function buildDocumentRecord(overrides: DocumentRecordOverrides) {
  const { createdAt, title = `Document ${nextNumber()}`, ...rest } = overrides;
  return new DossierDocument({
    kind: 'other',
    version: 1,
    originalName: `${title}.pdf`,
    mimeType: 'application/pdf',
    ext: 'pdf',
    size: 48_000,
    sha256: createHash('sha256').update(`${title}|${String(overrides.startup)}|${overrides.version ?? 1}`).digest('hex'),
    storageKey: newKey(),
    driver: 'disk',
    confidential: false,
    deletedAt: null,
    ...rest,
    title,
    titleKey: titleKeyOf(title),
    ...(createdAt ? { createdAt, updatedAt: createdAt } : {}),
  });
}
