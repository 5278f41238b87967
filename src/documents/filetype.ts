import { fileTypeFromFile } from 'file-type';

/**
 * The types a dossier accepts, recognised from their bytes (file-type 21): the browser's MIME
 * type and the file's extension are never read. A zip that is not OOXML/ODF, HTML, SVG, scripts,
 * executables and anything unrecognised are refused.
 */
export const ALLOWED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** What the form's help text lists. */
export const ALLOWED_LABEL = 'PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP';

/** The sniffed type of a file when it is on the allow-list, else undefined. */
export async function sniffAllowedType(file: string): Promise<{ ext: string; mime: string } | undefined> {
  const found = await fileTypeFromFile(file);
  if (!found) return undefined;
  const mime = ALLOWED_TYPES[found.ext];
  // Both must agree: file-type names each format by one ext and one MIME type.
  if (!mime || mime !== found.mime) return undefined;
  return { ext: found.ext, mime };
}
