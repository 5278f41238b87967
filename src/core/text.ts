/**
 * The one normalisation of text that people type (names, titles, descriptions, comments, searches):
 * every form field of free text goes through it (src/core/http/schemas.ts: `line()` and `text()`),
 * before its length and "required" rules are checked. File names have their own cleaner
 * (documents/disposition.ts); passwords are never changed.
 *
 * - Unicode NFC, so that "é" typed two ways is one text (search, uniqueness, sorting);
 * - no control characters (NUL, escape, C1…): a tab and, in multi-line text, line breaks stay;
 * - no bidirectional controls (the right-to-left override that shows a name reversed, embeddings,
 *   isolates, marks) and no invisible characters that only hide things (zero-width space, word
 *   joiner, byte-order mark, soft hyphen);
 * - trimmed; a single line has its line breaks and runs of spaces turned into one space;
 * - empty when nothing visible is left (a name made of a zero-width joiner alone is no name).
 */

/** Bidirectional embeddings, overrides, isolates and marks (ALM, LRM, RLM). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Characters that show nothing and carry no meaning in a name: zero-width space, word joiner, BOM, Mongolian vowel separator, soft hyphen. */
const HIDDEN = /[\u200B\u2060\uFEFF\u180E\u00AD]/g;
/** C0 controls but tab and line feed, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Nothing visible: spaces, format characters (zero-width joiners…) and lone combining marks. */
const NOTHING_VISIBLE = /^[\s\p{Cf}\p{M}]*$/u;

export interface CleanOptions {
  /** Keep line breaks (a textarea); otherwise the text becomes one line. */
  multiline?: boolean;
}

export function cleanText(input: string, options: CleanOptions = {}): string {
  let text = input
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(BIDI_CONTROLS, '')
    .replace(HIDDEN, '')
    .replace(CONTROLS, '');
  text = options.multiline
    ? text
        .split('\n')
        .map((l) => l.replace(/[ \t]+$/, ''))
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
    : text.replace(/[\s]+/g, (run) => (/[\n\t]/.test(run) || run.length > 1 ? ' ' : run));
  text = text.trim();
  return NOTHING_VISIBLE.test(text) ? '' : text;
}

