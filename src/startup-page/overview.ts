import { can } from '../core/policy';
import { axesOf } from '../programmes/axes';
import { Cohort } from '../programmes/cohort.model';
import { ladderOf } from '../programmes/ladder';
import { dossierFilter } from '../documents/access';
import { expiringDocuments } from '../documents/service';
import { expiringRequirements } from '../hosting/tab';
import { readinessSummary } from '../readiness/service';
import { startupReferrals } from '../referrals/startup-tab';
import type { StartupAccess } from '../startups/access';
import { latestFigures } from '../startups/figures';
import { startupHeader } from '../startups/header';

/** The overview tab: profile, current stage and its criteria, latest figures, readiness, expiring documents, allowed actions. */
export async function startupOverview(access: StartupAccess) {
  const s = access.record.toObject();
  const [programme, cohort, readiness, documents, header, requirements, referrals] = await Promise.all([
    access.programme(),
    s.cohort ? Cohort.findOne({ _id: s.cohort }, { name: 1, status: 1 }).lean() : null,
    readinessSummary(access),
    access.can('documents.read') ? expiringDocuments(dossierFilter(access), 60, new Map([[access.id, s.name]])) : [],
    startupHeader(access),
    // Hosting requirements (trainings, certificates) expiring within 60 days or lapsed, beside the documents.
    access.can('hosting.read') ? expiringRequirements(access.id) : [],
    startupReferrals(access),
  ]);
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const current = ladder.find((st) => st.key === s.stage);
  return {
    header,
    startup: {
      id: access.id,
      name: s.name,
      slug: s.slug,
      legalName: s.legalName ?? '',
      siret: s.siret ?? '',
      foundedAt: s.foundedAt ?? undefined,
      area: s.area,
      pitch: s.pitch ?? '',
      website: s.website ?? '',
      tags: s.tags ?? [],
      team: (s.team ?? []).map((p) => ({ name: p.name, role: p.role ?? '' })),
      contactEmail: s.contactEmail ?? '',
      contactPhone: s.contactPhone ?? '',
      linkedin: s.linkedin ?? '',
      cohort: cohort ? { id: String(cohort._id), name: cohort.name } : null,
      status: s.status,
      updatedAt: s.updatedAt,
    },
    stage: {
      key: s.stage,
      label: current?.label ?? { fr: s.stage, en: s.stage },
      criteria: current?.criteria ?? { fr: '', en: '' },
      gates: (current?.minLevels ?? []).map((g) => ({ axis: axes.find((a) => a.key === g.axis)?.label ?? { fr: g.axis, en: g.axis }, level: g.level })),
      since: s.stageHistory?.at(-1)?.at,
      index: ladder.findIndex((st) => st.key === s.stage) + 1,
      of: ladder.length,
    },
    figures: latestFigures(s.figures ?? []),
    readiness,
    documents,
    requirements,
    referrals,
    actions: {
      edit: access.can('startups.edit'),
      moveStage: access.can('startups.moveStage'),
      figures: access.can('startups.figures'),
      // Invite a founder of this startup (the user form opens with the role and the startup chosen).
      inviteFounder: can(access.user, 'users.manage'),
    },
  };
}
