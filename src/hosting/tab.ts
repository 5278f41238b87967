import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { ValidationFailed, fieldError } from '../core/errors';
import { DossierDocument } from '../documents/model';
import type { StartupAccess } from '../startups/access';
import { startupHeader } from '../startups/header';
import { allocationStatus } from './allocations';
import { addDays, today, validUntil } from './days';
import { HostingAllocation, HostingRequest, Requirement, RequirementRecord, Site, Space } from './model';
import type { RecordInput } from './schemas';

/** How far ahead a requirement's expiry is announced (the tab, the dossier's expiry list, the manager's home). */
export const EXPIRY_NOTICE_DAYS = 60;

const idsOf = (values: unknown[]) => [...new Set(values.map(String))].map((id) => new mongoose.Types.ObjectId(id));

/** Where each requirement stands for the startup: valid (until), expiring within 60 days, expired, or never met. */
export async function requirementStates(startupId: string) {
  const [requirements, records] = await Promise.all([Requirement.find({}).lean(), RequirementRecord.find({ startup: new mongoose.Types.ObjectId(startupId) }).lean()]);
  const day = today();
  const soon = addDays(day, EXPIRY_NOTICE_DAYS);
  return requirements
    .map((r) => {
      const latest = records.filter((rec) => String(rec.requirement) === String(r._id)).sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0];
      const state = !latest ? 'missing' : latest.validUntil < day ? 'expired' : latest.validUntil <= soon ? 'expiring' : 'valid';
      return { id: String(r._id), name: r.name, kind: r.kind, validityMonths: r.validityMonths, state, person: latest?.person ?? '', obtainedOn: latest?.obtainedOn, validUntil: latest?.validUntil, document: latest?.document ? String(latest.document) : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The startup's requirements whose latest record expires within 60 days or has lapsed (the overview's expiry list). */
export async function expiringRequirements(startupId: string) {
  return (await requirementStates(startupId)).filter((r) => r.state === 'expiring' || r.state === 'expired').sort((a, b) => (a.validUntil ?? '').localeCompare(b.validUntil ?? ''));
}

/** The startup's hosting tab: its allocations (current first), its requests, where its requirements stand. */
export async function hostingTab(access: StartupAccess) {
  access.require('hosting.read');
  const startup = access.record._id;
  const [header, allocations, requests, requirements] = await Promise.all([startupHeader(access), HostingAllocation.find({ startup }).lean(), HostingRequest.find({ startup }).lean(), requirementStates(access.id)]);
  const spaceIds = [...allocations.map((a) => a.space), ...requests.flatMap((r) => [r.space, r.proposal?.space].filter(Boolean))];
  const [spaces, sites] = await Promise.all([Space.find({ _id: mongoose.trusted({ $in: idsOf(spaceIds) }) }, { name: 1, site: 1, kind: 1 }).lean(), Site.find({}, { name: 1 }).lean()]);
  const spaceNames = new Map(spaces.map((s) => [String(s._id), s.name]));
  const siteNames = new Map(sites.map((s) => [String(s._id), s.name]));
  const order = { active: 0, approved: 1, ended: 2 } as const;
  return {
    header,
    allocations: allocations
      .map((a) => ({ id: String(a._id), spaceName: spaceNames.get(String(a.space)) ?? '', siteName: siteNames.get(String(a.site)) ?? '', seats: a.seats, from: a.from, to: a.to, pricePerSeat: a.pricePerSeat, status: allocationStatus(a), changes: a.changes }))
      .sort((a, b) => order[a.status] - order[b.status] || b.from.localeCompare(a.from)),
    requests: requests
      .map((r) => ({ id: String(r._id), kind: r.kind, spaceName: r.space ? (spaceNames.get(String(r.space)) ?? '') : '', seats: r.seats, from: r.from, to: r.to, status: r.status, createdAt: r.createdAt }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
    requirements,
    can: { request: access.can('hosting.request'), manage: access.can('hosting.manage') },
  };
}

/**
 * Records that the startup meets a requirement: who, on which day, optionally the dossier document
 * (of this startup) that proves it; valid for the requirement's months from that day.
 */
export async function recordRequirement(access: StartupAccess, input: RecordInput): Promise<string> {
  access.require('hosting.manage');
  const requirement = await Requirement.findOne({ _id: input.requirement }).lean();
  if (!requirement) throw new ValidationFailed({ requirement: fieldError('hosting.errors.requirementRequired') });
  if (input.obtainedOn > today()) throw new ValidationFailed({ obtainedOn: fieldError('hosting.errors.obtainedInFuture') });
  if (input.document) {
    const document = await DossierDocument.findOne({ _id: input.document }, { startup: 1 }).lean();
    if (!document || String(document.startup) !== access.id) throw new ValidationFailed({ document: fieldError('hosting.errors.unknownDocument') });
  }
  const until = validUntil(input.obtainedOn, requirement.validityMonths);
  const same = await RequirementRecord.findOne({ startup: access.record._id, requirement: requirement._id, obtainedOn: input.obtainedOn, person: input.person }).lean();
  if (!same) {
    await RequirementRecord.create({ startup: access.record._id, requirement: requirement._id, person: input.person, obtainedOn: input.obtainedOn, validUntil: until, document: input.document, recordedBy: access.user.id, recordedByName: access.user.name });
    await audit(access.user, { action: 'hosting.requirementRecorded', entityType: 'Startup', entityId: access.id, summary: `${access.record.name} · ${requirement.name} · ${input.obtainedOn}` });
  }
  return requirement.name;
}

/** The startup's dossier documents, to pick a proof from (latest version of each title). */
export async function documentChoices(access: StartupAccess) {
  const docs = await DossierDocument.find({ startup: access.record._id }, { title: 1, titleKey: 1, version: 1 }).lean();
  const latest = new Map<string, { id: string; title: string; version: number }>();
  for (const d of docs) if ((latest.get(d.titleKey)?.version ?? 0) < d.version) latest.set(d.titleKey, { id: String(d._id), title: d.title, version: d.version });
  return [...latest.values()].sort((a, b) => a.title.localeCompare(b.title));
}
