import { Schema, model, type InferSchemaType } from 'mongoose';

export const DOCUMENT_KINDS = ['application', 'business_plan', 'pitch_deck', 'regulatory', 'ip', 'financials', 'clinical', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The key that makes two titles "the same document": trimmed, spaces collapsed, case-insensitive. */
export function titleKeyOf(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * One stored version of a dossier document. A new upload under the same title (titleKey) in the
 * same startup is the next version; the unique index keeps two concurrent uploads from getting the
 * same number. Deleting is soft: the record stays for the audit trail, lists and downloads skip it.
 */
const documentSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    kind: { type: String, enum: DOCUMENT_KINDS, required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    titleKey: { type: String, required: true },
    /** The name the file had on the uploader's computer: shown and used as download name, never as a path. */
    originalName: { type: String, default: '', maxlength: 255 },
    /** Sniffed from the content's magic bytes, never the browser's claim. */
    mimeType: { type: String, required: true },
    ext: { type: String, required: true },
    size: { type: Number, required: true, min: 0 },
    sha256: { type: String, required: true, match: /^[a-f0-9]{64}$/ },
    storageKey: { type: String, required: true },
    driver: { type: String, enum: ['disk', 'gridfs'], required: true },
    uploadedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    uploadedByName: { type: String, default: '' },
    version: { type: Number, required: true, min: 1 },
    confidential: { type: Boolean, default: false },
    expiresAt: { type: Date },
    deletedAt: { type: Date, default: null },
    deletedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    deletedByName: { type: String },
  },
  { timestamps: true },
);
documentSchema.index({ startup: 1, titleKey: 1, version: 1 }, { unique: true });
documentSchema.index({ startup: 1, deletedAt: 1 });
documentSchema.index({ expiresAt: 1 });

export type DocumentFields = InferSchemaType<typeof documentSchema>;
export const DossierDocument = model('Document', documentSchema);
