/** File names for downloads: the user's name made harmless, and the Content-Disposition header (RFC 6266 / 5987). */

const EQUIVALENT_EXTS: Record<string, string[]> = { jpg: ['jpg', 'jpeg'] };

/**
 * The name kept for display and download: no folders, no control or bidi-override characters,
 * at most 255 characters; empty → "document".
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = [...base]
    .filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) && !(code >= 0x202a && code <= 0x202e) && !(code >= 0x2066 && code <= 0x2069);
    })
    .join('')
    .trim()
    .replace(/^\.+/, '');
  return cleaned.slice(0, 255) || 'document';
}

/** The download name: the cleaned original name, its extension forced to the sniffed type's. */
export function downloadName(originalName: string, ext: string): string {
  const name = cleanFileName(originalName);
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if ((EQUIVALENT_EXTS[ext] ?? [ext]).includes(current)) return name;
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}.${ext}`;
}

/** RFC 5987 value: UTF-8, percent-encoded, attr-chars only. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="ascii fallback"; filename*=UTF-8''…` */
export function attachmentHeader(name: string): string {
  const fallback = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/gu, '_')
    .replace(/["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
