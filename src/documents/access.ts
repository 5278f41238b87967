import mongoose from 'mongoose';
import type { SessionUser } from '../core/auth/session-user';
import { isObjectId } from '../core/db/ids';
import { NotFound } from '../core/errors';
import { decide, grantAccess, relationToStartup, startupReach, type Access } from '../core/policy';
import { startupFacts, type StartupAccess } from '../startups/access';
import { DossierDocument } from './model';

export type DocumentRecord = NonNullable<Awaited<ReturnType<typeof findLive>>>;
export type DocumentAccess = Access<DocumentRecord>;

/** A document not deleted, looked up by _id alone (the embedded server's index serves only that). */
const findLive = async (id: string) => {
  const doc = await DossierDocument.findOne({ _id: id }).lean();
  return doc && !doc.deletedAt ? doc : null;
};

/**
 * Dossier documents a user may list and download anywhere, as a Mongo filter (null: none at all):
 * the startups they reach for documents.read, without the confidential ones where the policy
 * says so (mentors), never a deleted document.
 */
export async function documentFilter(user: SessionUser): Promise<Record<string, unknown> | null> {
  const reach = await startupReach(user, 'documents.read', startupFacts);
  if (!reach) return null;
  const filter: Record<string, unknown> = { deletedAt: null };
  if (reach.ids !== 'all') filter.startup = mongoose.trusted({ $in: reach.ids.map((id) => new mongoose.Types.ObjectId(id)) });
  if (!decide(user.role, reach.relation, 'documents.readConfidential')) filter.confidential = false;
  return filter;
}

/** The documents of one startup this access may see (404 when it may see none). */
export function dossierFilter(access: StartupAccess): Record<string, unknown> {
  access.require('documents.read');
  return { startup: access.record._id, deletedAt: null, ...(access.can('documents.readConfidential') ? {} : { confidential: false }) };
}

/**
 * One document as this user may reach it, from one read (and a mentor's assignment): unknown,
 * deleted, outside reach, or confidential for a mentor are all NotFound.
 */
export async function documentAccess(user: SessionUser, docId: string): Promise<DocumentAccess> {
  if (!isObjectId(docId)) throw new NotFound();
  const doc = await findLive(docId);
  if (!doc) throw new NotFound();
  const relation = await relationToStartup(user, String(doc.startup), startupFacts);
  if (!relation) throw new NotFound();
  const access = grantAccess(user, doc, relation);
  access.require('documents.read');
  if (doc.confidential) access.require('documents.readConfidential');
  return access;
}
