import { Readable } from 'node:stream';
import type { Types } from 'mongoose';
import { createStorage } from '../../src/core/storage';
import type { SessionUser } from '../../src/core/auth/session-user';
import { buildDocumentRecord } from '../../src/seed/factories';
import { minimalPdf } from '../../src/documents/samples';
import { referralAccess, type ReferralAccess } from '../../src/referrals/access';
import { toSessionUser } from '../../src/users/model';
import { testConfig, type Agent } from '../helpers';

/** Where the referral tests store files. */
export const REFERRAL_ENV = { UPLOAD_DIR: '/tmp/boost-test-uploads-referrals' };

/** A dossier document whose file is really stored (so that a download streams it). */
export async function storedDocument(startup: Types.ObjectId, fields: { title: string; confidential?: boolean }) {
  const data = minimalPdf([fields.title]);
  const key = await createStorage(testConfig(REFERRAL_ENV)).put(Readable.from(data));
  const doc = buildDocumentRecord({ startup, title: fields.title, confidential: fields.confidential ?? false, size: data.length });
  doc.storageKey = key;
  return doc.save();
}

/** The session user of a stored user, as a request would carry it. */
export function sessionOf(user: Parameters<typeof toSessionUser>[0]): SessionUser {
  return toSessionUser(user);
}

/** A referral as `user` reaches it now (a fresh read, as every request does). */
export function asUser(user: Parameters<typeof toSessionUser>[0], referralId: unknown): Promise<ReferralAccess> {
  return referralAccess(toSessionUser(user), String(referralId));
}

/** GET the partner's download of a shared document: its status (the body is not read). */
export async function sharedDownload(agent: Agent, referralId: unknown, docId: unknown): Promise<number> {
  const res = await agent.get(`/referrals/${String(referralId)}/documents/${String(docId)}/download`).buffer(true).parse((r, done) => {
    r.on('data', () => undefined);
    r.on('end', () => done(null, null));
  });
  return res.status;
}

/** The name of the error a service call ends with ('NotFound', 'Conflict'…), or 'none' when it succeeds. */
export async function outcomeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'none';
  } catch (err) {
    return (err as Error).name;
  }
}
