import type { Types } from 'mongoose';
import { PartnerOrganisation, type PartnerKind } from '../partners/model';
import { Referral, type ConsentStatus, type FreeNeed, type ReferralStatus } from './model';

/** Partner organisations and referrals for tests and seeds (no rule checked: the services check them). */
export async function makePartnerOrganisation(overrides: { name?: string; kind?: PartnerKind; packs?: { fr: string; en: string; days?: number }[] } = {}) {
  return PartnerOrganisation.create({
    name: overrides.name ?? `Partenaire ${new Date().getTime().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    kind: overrides.kind ?? 'genopole_network',
    services: (overrides.packs ?? []).map((p) => ({ name: { fr: p.fr, en: p.en }, typicalResponseDays: p.days ?? 15 })),
  });
}

export interface ReferralOverrides {
  status?: ReferralStatus;
  free?: FreeNeed;
  /** One of the organisation's packs as the need (instead of a free need): its _id and name. */
  pack?: { _id: Types.ObjectId; name?: { fr: string; en: string } | null };
  respondBy?: string;
  message?: string;
  /** Picked documents; once sent, shared (or in `consents` when listed there). */
  documents?: Types.ObjectId[];
  consents?: { document: Types.ObjectId; status: ConsentStatus }[];
}

/** A referral in the given state, as the services would have left it (documents shared from `sentAt` unless awaiting consent). */
export async function makeReferral(startup: Types.ObjectId, organisation: Types.ObjectId, overrides: ReferralOverrides = {}) {
  const status = overrides.status ?? 'sent';
  const now = new Date();
  const sent = status !== 'draft';
  const consents = (overrides.consents ?? []).map((c) => ({ document: c.document, status: c.status, requestedAt: now, decidedAt: c.status === 'pending' ? undefined : now }));
  const waiting = new Set(consents.filter((c) => c.status !== 'approved').map((c) => String(c.document)));
  const documents = overrides.documents ?? [];
  return Referral.create({
    startup,
    organisation,
    need: overrides.pack ? { pack: overrides.pack._id, packName: overrides.pack.name ?? { fr: '', en: '' } } : { free: overrides.free ?? 'funding' },
    message: overrides.message ?? 'Une startup prometteuse à rencontrer.',
    documents,
    shared: sent ? documents.filter((d) => !waiting.has(String(d))).map((d) => ({ document: d, sharedAt: now })) : [],
    consents: sent ? consents : [],
    respondBy: overrides.respondBy ?? new Date(now.getTime() + 15 * 86400000).toISOString().slice(0, 10),
    status,
    sentAt: sent ? now : undefined,
    transitions: [{ status, at: now }],
  });
}
