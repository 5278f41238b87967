import type { Response } from 'express';

/** Sends a CSV download (spreadsheet-friendly text from startups/csv.ts). */
export function sendCsv(res: Response, file: { fileName: string; body: string }): void {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.set('X-Content-Type-Options', 'nosniff');
  res.send(file.body);
}
