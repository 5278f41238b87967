/**
 * Intl formatters (and collators), made once per language and options and kept. Building one costs about 0.1 ms and native
 * (ICU) memory that V8 does not see: pages that made a formatter for every date they showed spent CPU on it
 * and, under load, grew the process's resident memory by hundreds of MB that garbage collection never gave
 * back (`npm run bench -- --soak`). The keys come from the code (a few languages × a few option sets).
 */
const MAX_KEPT = 200;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const collators = new Map<string, Intl.Collator>();

function kept<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let format = cache.get(key);
  if (format === undefined) {
    // A bound, should options ever come from data: start again rather than grow.
    if (cache.size >= MAX_KEPT) cache.clear();
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return kept(dateFormats, `${tag} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(tag, options));
}

export function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(numberFormats, `${tag} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(tag, options));
}

export function collator(tag: string, options: Intl.CollatorOptions = {}): Intl.Collator {
  return kept(collators, `${tag} ${JSON.stringify(options)}`, () => new Intl.Collator(tag, options));
}
