/**
 * CSV for French spreadsheet software: UTF-8 with a byte-order mark (so accents open right),
 * `;` between cells (the comma is the decimal mark in French), CRLF between rows.
 * Every cell is quoted; a cell that a spreadsheet would read as a formula (= + - @, tab, CR)
 * is prefixed with an apostrophe (OWASP "CSV injection").
 */
export type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
