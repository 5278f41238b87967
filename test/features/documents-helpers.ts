import { readdir } from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { GRIDFS_BUCKET } from '../../src/core/storage';
import { UPLOAD_TEMP_DIR } from '../../src/core/http/upload';
import { DossierDocument } from '../../src/documents/model';
import { csrfFrom, type Agent } from '../helpers';

/** Shared by the dossier tests: where files land, how a browser posts the upload form. */
export const UPLOAD_DIR = '/tmp/boost-test-uploads-documents';
/** A small cap so "one byte over" is cheap: UPLOAD_MAX_MB=1. */
export const CAP = 1024 * 1024;
export const ENV = { UPLOAD_DIR, UPLOAD_MAX_MB: '1' };

export interface FileToSend {
  data: Buffer;
  name: string;
  /** What the browser claims; the app never believes it. */
  type?: string;
}

export interface UploadFields {
  title?: string;
  kind?: string;
  confidential?: boolean;
  expiresAt?: string;
}

/**
 * Posts the upload form the way a browser does: `_csrf` first (from the page), the fields, then the file.
 * `token` overrides the page's token; `tokenLast` puts it after the file.
 */
export async function upload(agent: Agent, startupId: string, fields: UploadFields, file?: FileToSend, opts: { token?: string; tokenPage?: string; tokenLast?: boolean } = {}) {
  const token = opts.token ?? (await csrfFrom(agent, opts.tokenPage ?? `/startups/${startupId}/documents`));
  let req = agent.post(`/startups/${startupId}/documents`);
  if (!opts.tokenLast) req = req.field('_csrf', token);
  if (fields.title !== undefined) req = req.field('title', fields.title);
  if (fields.kind !== undefined) req = req.field('kind', fields.kind);
  if (fields.confidential) req = req.field('confidential', 'on');
  if (fields.expiresAt !== undefined) req = req.field('expiresAt', fields.expiresAt);
  if (file) req = req.attach('file', file.data, { filename: file.name, contentType: file.type ?? 'application/octet-stream' });
  if (opts.tokenLast) req = req.field('_csrf', token);
  return req;
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** Every trace an upload can leave: stored files (disk and GridFS), temporary files, records. */
export async function traces(): Promise<{ stored: string[]; gridfs: number; temp: string[]; records: number }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  const [stored, temp, files, chunks, records] = await Promise.all([
    filesUnder(UPLOAD_DIR),
    filesUnder(UPLOAD_TEMP_DIR),
    db.collection(`${GRIDFS_BUCKET}.files`).countDocuments({}),
    db.collection(`${GRIDFS_BUCKET}.chunks`).countDocuments({}),
    DossierDocument.countDocuments({}),
  ]);
  return { stored, gridfs: files + chunks, temp, records };
}

/** The text a user reads (tags stripped, entities of the app's escaping decoded, spaces collapsed). */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** GET a download with its body as a Buffer whatever the Content-Type. */
export function download(agent: Agent, docId: string) {
  return agent
    .get(`/documents/${docId}/download`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}
