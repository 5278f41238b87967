/**
 * Reads an amount typed the French way or the English way: "1 500 000", "1 500 000,50",
 * "1.500.000,50", "1500000.50" (spaces, no-break spaces and apostrophes as thousands separators).
 * Returns undefined for anything else (letters, several decimal marks, more than 2 decimals).
 * A leading minus sign is read too, so that the caller can say "must be at least 0".
 */
export function parseAmount(input: string): number | undefined {
  let s = input.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  if (!s || s.length > 30) return undefined;
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  if (s.includes(',') && s.includes('.')) {
    // "1.500.000,50": the dots group thousands, the comma marks decimals.
    if (!/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) return undefined;
    s = s.replace(/\./g, '').replace(',', '.');
  } else if (s.includes(',')) {
    s = s.replace(',', '.');
  }
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return undefined;
  const value = Number(s);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}
