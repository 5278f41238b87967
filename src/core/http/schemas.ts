import Joi from 'joi';
import { PASSWORD_MAX } from '../auth/password';
import { parseDay, todayInParis } from '../dates';
import { cleanText } from '../text';

/**
 * Pieces shared by the features' schemas (src/<feature>/schemas.ts). Every form follows them:
 * - free text: `line(max)` for one line (names, titles), `text(max)` for a textarea; both clean the
 *   value first (src/core/text.ts: NFC, no control, bidi-override or invisible characters, trimmed,
 *   empty when nothing visible is left), then apply the length and "required" rules;
 * - dates: `day(options)`, the one rule for every date field (a real calendar day, in a range);
 * - searches: `searchText`, cut to SEARCH_MAX characters (the page says so: core/http/search.ts).
 * test/core/schemas-shape.test.ts checks that every string field of a feature schema is one of
 * these or a closed choice (a list of values, a pattern, an id).
 */

interface CleanRoot extends Joi.Root {
  line(): Joi.StringSchema;
  text(): Joi.StringSchema;
}

/** Joi types whose value is cleaned before any rule runs (Joi.extend() is untyped: its two methods are named here). */
const Clean = Joi.extend(
  { type: 'line', base: Joi.string(), prepare: (value: unknown) => ({ value: typeof value === 'string' ? cleanText(value) : value }) },
  { type: 'text', base: Joi.string(), prepare: (value: unknown) => ({ value: typeof value === 'string' ? cleanText(value, { multiline: true }) : value }) },
) as CleanRoot;

/** One line of free text, at most `max` characters once cleaned. Add `.required()` or `.allow('').default('')`. */
export function line(max: number): Joi.StringSchema {
  return Clean.line().max(max);
}

/** Free text with line breaks (a textarea), at most `max` characters once cleaned. */
export function text(max: number): Joi.StringSchema {
  return Clean.text().max(max);
}

export const objectId = Joi.string().hex().length(24);
export const email = Joi.string().trim().lowercase().max(254).email({ tlds: false });
export const page = Joi.number().integer().min(1).max(100000).default(1);
export const version = Joi.number().integer().min(0).required();
export const locale = Joi.string().valid('fr', 'en');

/**
 * A password as typed: never cleaned nor trimmed (spaces inside a passphrase count); its rules
 * (length, blank, common) are passwordProblem()'s in core/auth/password.ts. The cap bounds hashing.
 */
export const password = Joi.string().max(PASSWORD_MAX * 4).meta({ rule: 'password' });

/** How much of a search box is searched. */
export const SEARCH_MAX = 100;

/** A search box: cleaned like any line, then cut to its first SEARCH_MAX characters (never refused, never dropped). */
export const searchText = Clean.line()
  .allow('')
  .default('')
  .custom((value: string) => Array.from(value).slice(0, SEARCH_MAX).join(''));

/** Whether a search box's value was longer than what is searched (the page then says so). */
export function isSearchCut(raw: unknown): boolean {
  return typeof raw === 'string' && Array.from(cleanText(raw)).length > SEARCH_MAX;
}

export interface DayOptions {
  /** Earliest day accepted, YYYY-MM-DD (default 1900-01-01). */
  min?: string;
  /** Latest day accepted, YYYY-MM-DD (default 2100-12-31). */
  max?: string;
  /** Not after today (Paris): founded, "as of", assessed on. */
  notFuture?: boolean;
  /** The field of the same form this day must come after (an end date after its start). */
  after?: string;
  /** The value handed to the service: a Date at UTC midnight (default) or the YYYY-MM-DD text. */
  as?: 'date' | 'string';
}

/**
 * The one date rule of every form: a calendar day typed in an `<input type="date">` (YYYY-MM-DD),
 * a real one ('2026-02-30' is refused, never rolled over), within a range of years (year 0001 is
 * refused), optionally not in the future or after another field. Messages: validation.date,
 * validation.dateRange, validation.dateFuture, validation.dateAfter (a feature may give its own
 * with `.messages()`). Add `.required()` or `.empty('')`.
 */
export function day(options: DayOptions = {}): Joi.StringSchema {
  const min = options.min ?? '1900-01-01';
  const max = options.max ?? '2100-12-31';
  return Joi.string()
    .trim()
    .custom((value: string, helpers) => {
      const date = parseDay(value);
      if (!date) return helpers.error('date.base');
      if (options.notFuture && value > todayInParis()) return helpers.error('date.future');
      if (value < min || value > max) return helpers.error('date.range', { from: min.slice(0, 4), to: max.slice(0, 4) });
      if (options.after) {
        // The other field may already be validated (a Date) or not yet (its text).
        const raw = (helpers.state.ancestors[0] as Record<string, unknown>)[options.after];
        const other = raw instanceof Date ? raw : parseDay(raw);
        if (other && date.getTime() <= other.getTime()) return helpers.error('date.after');
      }
      return options.as === 'string' ? value : date;
    })
    .messages({ 'date.base': 'validation.date', 'date.range': 'validation.dateRange', 'date.future': 'validation.dateFuture', 'date.after': 'validation.dateAfter' })
    .meta({ rule: 'day' });
}

/** A local path to come back to after login: never another site (`//x`, `/\x`, `https://x`). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters and backslashes: browsers may read them as another origin.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return '/';
  return value;
}
