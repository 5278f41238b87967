import { can, relationTo } from '../core/policy';
import { expiringDocuments } from '../documents/service';
import { Cohort } from '../programmes/cohort.model';
import { axesOf } from '../readiness/axes';
import { readinessSummary } from '../readiness/service';
import type { SessionUser } from '../users/model';
import { findStartupFor } from './access';
import { latestFigures } from './figures';
import { startupHeader } from './header';
import { ladderOf, programmeOf } from './service';

/** The overview tab: profile, current stage and its criteria, latest figures, readiness, expiring documents, allowed actions. */
export async function startupOverview(user: SessionUser, id: string) {
  const startup = await findStartupFor(user, id);
  const s = startup.toObject();
  const [programme, cohort, relation, readiness, documents] = await Promise.all([
    programmeOf(s.programme),
    s.cohort ? Cohort.findOne({ _id: s.cohort }, { name: 1, status: 1 }).lean() : null,
    relationTo(user, id),
    readinessSummary(user, id),
    expiringDocuments(id, 60),
  ]);
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const current = ladder.find((st) => st.key === s.stage);
  const mine = relation === 'all' || relation === 'own';
  return {
    header: await startupHeader(user, startup),
    startup: {
      id,
      name: s.name,
      slug: s.slug,
      legalName: s.legalName ?? '',
      siret: s.siret ?? '',
      foundedAt: s.foundedAt ?? undefined,
      area: s.area,
      pitch: s.pitch ?? '',
      website: s.website ?? '',
      tags: s.tags ?? [],
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
    actions: {
      edit: can(user, 'startups.edit') && mine,
      moveStage: can(user, 'startups.moveStage') && relation === 'all',
      figures: can(user, 'startups.figures') && mine,
    },
  };
}
