import { expect } from 'chai';
import type { Types } from 'mongoose';
import { DossierDocument } from '../../src/documents/model';
import { Milestone, type MILESTONE_DIMENSIONS } from '../../src/milestones/model';
import { csrfFrom, type Agent } from '../helpers';

/** Shared by the milestone tests: records made directly, forms posted the way a browser does. */
export const UPLOAD_DIR = '/tmp/boost-test-uploads-milestones';

export async function makeMilestone(startup: Types.ObjectId, overrides: Partial<{ title: string; status: 'planned' | 'submitted' | 'approved' | 'changes_requested'; dimension: (typeof MILESTONE_DIMENSIONS)[number]; dueDate: Date; submittedAt: Date; track: Types.ObjectId }> = {}) {
  const status = overrides.status ?? 'planned';
  return Milestone.create({
    startup,
    title: overrides.title ?? 'Marquage CE obtenu',
    dimension: overrides.dimension ?? 'regulatory',
    dueDate: overrides.dueDate ?? new Date('2030-06-30'),
    status,
    track: overrides.track,
    evidence: status === 'planned' ? undefined : { text: 'Certificat reçu', documents: [], submittedAt: overrides.submittedAt ?? new Date() },
  });
}

export async function makeDocument(startup: Types.ObjectId, title = 'Certificat ISO 13485', overrides: Partial<{ deletedAt: Date; confidential: boolean }> = {}) {
  return DossierDocument.create({
    startup,
    kind: 'regulatory',
    title,
    titleKey: title.toLowerCase(),
    originalName: `${title}.pdf`,
    mimeType: 'application/pdf',
    ext: 'pdf',
    size: 10,
    sha256: 'a'.repeat(64),
    storageKey: 'b'.repeat(32),
    driver: 'disk',
    version: 1,
    confidential: overrides.confidential ?? false,
    deletedAt: overrides.deletedAt ?? null,
  });
}

export interface SubmitFields {
  evidence?: string;
  documents?: string[];
  docTitle?: string;
  docKind?: string;
  version?: number;
  extra?: Record<string, string>;
}

/** Posts the submission form (multipart, `_csrf` first, the file last). */
export async function submit(agent: Agent, startupId: string, milestoneId: string, fields: SubmitFields, file?: { data: Buffer; name: string }, token?: string) {
  const page = `/startups/${startupId}/milestones/${milestoneId}/submit`;
  const csrf = token ?? (await csrfFrom(agent, page));
  const version = fields.version ?? (await Milestone.findOne({ _id: milestoneId }).lean())?.__v ?? 0;
  let req = agent.post(page).field('_csrf', csrf).field('version', String(version));
  if (fields.evidence !== undefined) req = req.field('evidence', fields.evidence);
  for (const d of fields.documents ?? []) req = req.field('documents', d);
  if (fields.docTitle !== undefined) req = req.field('docTitle', fields.docTitle);
  if (fields.docKind !== undefined) req = req.field('docKind', fields.docKind);
  for (const [k, v] of Object.entries(fields.extra ?? {})) req = req.field(k, v);
  if (file) req = req.attach('file', file.data, { filename: file.name, contentType: 'application/pdf' });
  return req;
}

/** Posts a decision with the token of the milestone's page and its current version (unless given). */
export async function decide(agent: Agent, startupId: string, milestoneId: string, decision: string, comment = '', opts: { token?: string; version?: number; from?: string } = {}) {
  const page = `/startups/${startupId}/milestones/${milestoneId}`;
  const token = opts.token ?? (await csrfFrom(agent, '/account'));
  const version = opts.version ?? (await Milestone.findOne({ _id: milestoneId }).lean())?.__v ?? 0;
  return agent.post(`${page}/decision`).type('form').send({ _csrf: token, decision, comment, version: String(version), ...(opts.from ? { from: opts.from } : {}) });
}

export async function statusOf(id: unknown): Promise<string | undefined> {
  return (await Milestone.findOne({ _id: id }).lean())?.status;
}

export function expectText(html: string, ...parts: string[]): void {
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  for (const p of parts) expect(text, `page shows «${p}»`).to.contain(p);
}
