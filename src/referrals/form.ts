import type { SessionUser } from '../core/auth/session-user';
import { requireCan } from '../core/policy';
import { DossierDocument } from '../documents/model';
import { PartnerOrganisation, packsOf } from '../partners/model';
import { startupFor } from '../startups/access';
import { FREE_NEEDS, type FreeNeed } from './model';
import type { ReferralInput } from './service';
import type { NewReferralForm } from './schemas';

/**
 * What the "refer this startup" form offers a manager: the organisations with their packs (each
 * pack named `pack:<id>` in the need list, free needs `free:<need>`) and the startup's documents
 * (latest versions first, confidential ones marked: they will wait for a founder's consent).
 */
export async function referralFormOptions(user: SessionUser, startupId: string) {
  requireCan(user, 'referrals.manage');
  const startup = await startupFor(user, startupId, 'startups.read');
  const [organisations, documents] = await Promise.all([
    PartnerOrganisation.find({}, { name: 1, kind: 1, services: 1 }).sort({ name: 1 }).limit(500).lean(),
    DossierDocument.find({ startup: startup.record._id, deletedAt: null }, { title: 1, version: 1, kind: 1, confidential: 1 }).sort({ title: 1, version: -1 }).limit(500).lean(),
  ]);
  return {
    startup: { id: startup.id, name: startup.record.name },
    organisations: organisations.map((o) => ({ id: String(o._id), name: o.name })),
    packs: organisations.flatMap((o) => packsOf(o).map((p) => ({ value: `pack:${String(p._id)}`, organisation: o.name, name: p.name, days: p.typicalResponseDays }))),
    freeNeeds: FREE_NEEDS.map((n) => ({ value: `free:${n}`, need: n })),
    documents: documents.map((d) => ({ id: String(d._id), title: d.title, version: d.version, confidential: d.confidential })),
  };
}

/** The form's values as the service takes them: the need split into a pack or a free need. */
export function referralInputOf(value: NewReferralForm): ReferralInput {
  const [kind, need] = value.need.split(':');
  return {
    startup: value.startup,
    organisation: value.organisation,
    pack: kind === 'pack' ? need : undefined,
    free: kind === 'free' ? (need as FreeNeed) : undefined,
    message: value.message,
    documents: value.documents,
    respondBy: value.respondBy || undefined,
  };
}
