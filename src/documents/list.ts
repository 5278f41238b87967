import { escapeRegex, paged, type Paged } from '../core/http/paginate';
import { collator, formatNumber, type Locale } from '../core/i18n';
import type { StartupAccess } from '../startups/access';
import { startupHeader, type StartupHeader } from '../startups/header';
import { dossierFilter } from './access';
import { DOCUMENT_KINDS, DossierDocument, type DocumentKind } from './model';
import type { ListQuery } from './schemas';

const DAY = 24 * 60 * 60 * 1000;
const FAMILIES_PER_PAGE = 20;

export interface DocumentRow {
  id: string;
  title: string;
  kind: DocumentKind;
  version: number;
  originalName: string;
  ext: string;
  size: string;
  sha256: string;
  sha256Short: string;
  confidential: boolean;
  expiresAt?: Date;
  expiry?: 'expired' | 'soon';
  uploadedAt: Date;
  uploadedByName: string;
}

/** A document: its latest version, the older ones folded under it. */
export interface DocumentFamily {
  latest: DocumentRow;
  older: DocumentRow[];
}

export interface DossierPage {
  header: StartupHeader;
  startupId: string;
  result: Paged<DocumentFamily>;
  /** The current page's families grouped by kind, in the order of DOCUMENT_KINDS. */
  groups: { kind: DocumentKind; families: DocumentFamily[] }[];
  /** Documents in the dossier before any filter: tells "empty dossier" from "no match". */
  totalDocuments: number;
  canUpload: boolean;
  canDelete: boolean;
}

/** A size in the page's language: "512 octets", "12,3 ko", "1,3 Mo" / "1.3 MB". */
export function formatSize(locale: Locale, bytes: number): string {
  if (bytes < 1000) return formatNumber(locale, bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
  if (bytes < 1000 * 1000) return formatNumber(locale, bytes / 1000, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 });
  return formatNumber(locale, bytes / 1000 / 1000, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 });
}

function toRow(doc: Record<string, unknown> & { _id: unknown }, locale: Locale, now: number): DocumentRow {
  const expiresAt = (doc.expiresAt as Date | null | undefined) ?? undefined;
  const sha256 = String(doc.sha256);
  return {
    id: String(doc._id),
    title: String(doc.title),
    kind: doc.kind as DocumentKind,
    version: Number(doc.version),
    originalName: String(doc.originalName ?? ''),
    ext: String(doc.ext ?? '').toUpperCase(),
    size: formatSize(locale, Number(doc.size)),
    sha256,
    sha256Short: sha256.slice(0, 12),
    confidential: Boolean(doc.confidential),
    expiresAt,
    expiry: expiresAt ? (expiresAt.getTime() < now ? 'expired' : expiresAt.getTime() <= now + 60 * DAY ? 'soon' : undefined) : undefined,
    uploadedAt: doc.createdAt as Date,
    uploadedByName: String(doc.uploadedByName ?? ''),
  };
}

/**
 * The dossier tab of a startup as this user may see it: documents by kind and title, latest version
 * first, older versions under it; search by title, filter by kind, pages of 20 documents.
 * A dossier holds tens of documents: the grouping happens here rather than in the database
 * (FerretDB 1.x has no $facet).
 */
export async function listDossier(access: StartupAccess, query: ListQuery, locale: Locale): Promise<DossierPage> {
  const docs = await DossierDocument.find(dossierFilter(access)).sort({ titleKey: 1, version: -1 }).limit(5000).lean();
  const now = Date.now();
  const families = new Map<string, DocumentFamily>();
  for (const doc of docs) {
    const row = toRow(doc as unknown as Record<string, unknown> & { _id: unknown }, locale, now);
    const family = families.get(doc.titleKey);
    if (family) family.older.push(row);
    else families.set(doc.titleKey, { latest: row, older: [] });
  }
  const search = query.q ? new RegExp(escapeRegex(query.q), 'i') : undefined;
  const byTitle = collator(locale === 'en' ? 'en-GB' : 'fr-FR', { sensitivity: 'base', numeric: true });
  const matching = [...families.values()]
    .filter((f) => (!query.kind || f.latest.kind === query.kind) && (!search || search.test(f.latest.title)))
    .sort((a, b) => DOCUMENT_KINDS.indexOf(a.latest.kind) - DOCUMENT_KINDS.indexOf(b.latest.kind) || byTitle.compare(a.latest.title, b.latest.title));
  const pages = Math.max(1, Math.ceil(matching.length / FAMILIES_PER_PAGE));
  const pageNo = Math.min(query.page, pages);
  const items = matching.slice((pageNo - 1) * FAMILIES_PER_PAGE, pageNo * FAMILIES_PER_PAGE);
  const groups = DOCUMENT_KINDS.map((kind) => ({ kind, families: items.filter((f) => f.latest.kind === kind) })).filter((g) => g.families.length > 0);
  return {
    header: await startupHeader(access),
    startupId: access.id,
    result: paged(items, matching.length, pageNo, FAMILIES_PER_PAGE),
    groups,
    totalDocuments: docs.length,
    canUpload: access.can('documents.upload'),
    canDelete: access.can('documents.delete'),
  };
}
