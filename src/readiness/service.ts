import { audit } from '../core/audit';
import { isObjectId } from '../core/db/ids';
import { Conflict, ValidationFailed, fieldError } from '../core/errors';
import { pageBounds, paged, type Paged } from '../core/http/paginate';
import { formatDate, translate, type Locale } from '../core/i18n';
import { can } from '../core/policy';
import { axesOf, labelOf, type AxisDefinition } from '../programmes/axes';
import type { StartupAccess } from '../startups/access';
import { startupHeader, type StartupHeader } from '../startups/header';
import { ReadinessAssessment, ReadinessTarget } from './model';
import { levelField, type AssessmentInput } from './schemas';

type Bilingual = { fr: string; en: string };
type Scores = Record<string, number>;

/** The readiness axes of the startup's programme. */
export async function axesOfStartup(access: StartupAccess): Promise<AxisDefinition[]> {
  return axesOf(await access.programme());
}

const NEWEST_FIRST = { date: -1, createdAt: -1, _id: -1 } as const;

function scoresOf(doc: { scores: { axis: string; level: number }[] }): Scores {
  return Object.fromEntries(doc.scores.map((s) => [s.axis, s.level]));
}

/** Levels of the most recent assessment (by date, then time of recording), or null when never assessed. */
export async function latestScores(startupId: string): Promise<Record<string, number> | null> {
  if (!isObjectId(startupId)) return null;
  const latest = await ReadinessAssessment.findOne({ startup: startupId }).sort(NEWEST_FIRST).lean();
  return latest ? scoresOf(latest) : null;
}

export type RadarSummary = {
  href: string;
  newHref: string;
  targetsHref: string;
  startupId: string;
  axes: { key: string; label: Bilingual }[];
  latest: { date: Date; assessorName: string } | null;
  previous: { date: Date; assessorName: string } | null;
  hasTargets: boolean;
  /** One row per axis: the numbers of the radar, for the table shown beside it. */
  rows: { key: string; label: Bilingual; latest: number | null; previous: number | null; target: number | null }[];
  /** The radar's data (labels and dataset names in both languages) for public/js/radar.js. */
  chart: string;
  canAssess: boolean;
  canTarget: boolean;
};

function datasetName(key: string, date: Date | null): Bilingual {
  const name = (locale: Locale) => translate(locale, key, { date: date ? formatDate(locale, date) : '' });
  return { fr: name('fr'), en: name('en') };
}

async function summaryFor(access: StartupAccess, axes: AxisDefinition[]): Promise<RadarSummary> {
  const id = access.id;
  const [lastTwo, target] = await Promise.all([ReadinessAssessment.find({ startup: id }).sort(NEWEST_FIRST).limit(2).lean(), ReadinessTarget.findOne({ startup: id }).lean()]);
  const [latest, previous] = lastTwo;
  const latestScores = latest ? scoresOf(latest) : {};
  const previousScores = previous ? scoresOf(previous) : {};
  const targets: Scores = target ? Object.fromEntries(target.levels.map((l) => [l.axis, l.level])) : {};
  const rows = axes.map((a) => ({
    key: a.key,
    label: a.label,
    latest: latestScores[a.key] ?? null,
    previous: previousScores[a.key] ?? null,
    target: targets[a.key] ?? null,
  }));
  const hasTargets = Object.keys(targets).length > 0;
  const datasets = [
    ...(latest ? [{ kind: 'latest', label: datasetName('readiness.radar.latestOn', latest.date), data: rows.map((r) => r.latest) }] : []),
    ...(previous ? [{ kind: 'previous', label: datasetName('readiness.radar.previousOn', previous.date), data: rows.map((r) => r.previous) }] : []),
    ...(hasTargets ? [{ kind: 'target', label: datasetName('readiness.radar.target', null), data: rows.map((r) => r.target) }] : []),
  ];
  const chart = { labels: { fr: axes.map((a) => a.label.fr), en: axes.map((a) => a.label.en) }, datasets };
  return {
    href: `/startups/${id}/readiness`,
    newHref: `/startups/${id}/readiness/new`,
    targetsHref: `/startups/${id}/readiness/targets`,
    startupId: id,
    axes: axes.map((a) => ({ key: a.key, label: a.label })),
    latest: latest ? { date: latest.date, assessorName: latest.assessorName } : null,
    previous: previous ? { date: previous.date, assessorName: previous.assessorName } : null,
    hasTargets,
    rows,
    chart: JSON.stringify(chart),
    canAssess: access.can('readiness.assess'),
    canTarget: access.can('readiness.target'),
  };
}

/** What views/partials/readiness-radar.hbs shows: latest and previous assessment, targets, link to the tab. */
export async function readinessSummary(access: StartupAccess): Promise<RadarSummary> {
  return summaryFor(access, await axesOfStartup(access));
}

export interface HistoryItem {
  id: string;
  date: Date;
  assessorName: string;
  assessorRole: string;
  scores: { key: string; label: Bilingual; level: number; levelText: Bilingual; justification: string }[];
}

export interface ReadinessPage {
  header: StartupHeader;
  summary: RadarSummary;
  history: Paged<HistoryItem>;
  targets: { rows: { label: Bilingual; level: number }[]; setByName: string; setAt: Date } | null;
  /** Managers: a link to the axes settings. */
  canConfigure: boolean;
}

/** The readiness tab: radar, targets and the history of assessments (newest first). */
export async function readinessPage(access: StartupAccess, page: number): Promise<ReadinessPage> {
  const startup = access.record;
  const axes = await axesOfStartup(access);
  const { skip, limit } = pageBounds(page, 10);
  const [header, summary, docs, total, target] = await Promise.all([
    startupHeader(access),
    summaryFor(access, axes),
    ReadinessAssessment.find({ startup: startup._id }).sort(NEWEST_FIRST).skip(skip).limit(limit).lean(),
    ReadinessAssessment.countDocuments({ startup: startup._id }),
    ReadinessTarget.findOne({ startup: startup._id }).lean(),
  ]);
  const order = (key: string) => {
    const i = axes.findIndex((a) => a.key === key);
    return i === -1 ? axes.length : i;
  };
  const items = docs.map((d) => ({
    id: String(d._id),
    date: d.date,
    assessorName: d.assessorName,
    assessorRole: d.assessorRole,
    scores: [...d.scores]
      .sort((a, b) => order(a.axis) - order(b.axis))
      .map((s) => ({
        key: s.axis,
        label: labelOf(axes, s.axis),
        level: s.level,
        levelText: axes.find((a) => a.key === s.axis)?.levels[s.level - 1] ?? { fr: '', en: '' },
        justification: s.justification,
      })),
  }));
  const targets =
    target && target.levels.length > 0
      ? {
          rows: [...target.levels].sort((a, b) => order(a.axis) - order(b.axis)).map((l) => ({ label: labelOf(axes, l.axis), level: l.level })),
          setByName: target.setByName,
          setAt: target.setAt,
        }
      : null;
  return { header, summary, history: paged(items, total, page, 10), targets, canConfigure: can(access.user, 'programme.manage') };
}

export interface AssessmentForm {
  header: StartupHeader;
  startupId: string;
  axes: (AxisDefinition & { last: number | null })[];
}

/** The startup, its axes and the last levels, for the assessment form; only for those who may assess it. */
export async function assessmentForm(access: StartupAccess): Promise<AssessmentForm> {
  access.require('readiness.assess');
  const [axes, header, last] = await Promise.all([axesOfStartup(access), startupHeader(access), latestScores(access.id)]);
  return { header, startupId: access.id, axes: axes.map((a) => ({ ...a, last: last?.[a.key] ?? null })) };
}

/**
 * Records an assessment: every axis of the programme scored once. The form's one-time submission id
 * is unique in the collection, so posting the same form twice (or twice at once) records one assessment.
 */
export async function recordAssessment(access: StartupAccess, input: AssessmentInput): Promise<{ duplicate: boolean }> {
  access.require('readiness.assess');
  const { user, id: startupId, record: startup } = access;
  const axes = await axesOfStartup(access);
  const missing = axes.filter((a) => !input.scores.some((s) => s.axis === a.key));
  if (missing.length > 0) throw new ValidationFailed(Object.fromEntries(missing.map((a) => [levelField(a.key), fieldError('readiness.errors.level')])));
  const scores = axes.map((a) => input.scores.find((s) => s.axis === a.key) as AssessmentInput['scores'][number]);

  const isSame = (doc: { assessor: unknown; startup: unknown } | null) => doc && String(doc.assessor) === user.id && String(doc.startup) === startupId;
  const earlier = await ReadinessAssessment.findOne({ submissionId: input.submissionId }).lean();
  if (earlier) {
    if (isSame(earlier)) return { duplicate: true };
    throw new Conflict();
  }
  try {
    await ReadinessAssessment.create({
      startup: startup._id,
      date: new Date(`${input.date}T00:00:00.000Z`),
      assessor: user.id,
      assessorName: user.name,
      assessorRole: user.role,
      scores,
      submissionId: input.submissionId,
    });
  } catch (err) {
    if ((err as { code?: number } | null)?.code !== 11000) throw err;
    // The same form arrived twice at once: the other request recorded it.
    if (isSame(await ReadinessAssessment.findOne({ submissionId: input.submissionId }).lean())) return { duplicate: true };
    throw new Conflict();
  }
  await audit(user, {
    action: 'readiness.assessed',
    entityType: 'Startup',
    entityId: startupId,
    summary: `${startup.name} — ${input.date} — ${scores.map((s) => `${labelOf(axes, s.axis).fr} ${s.level}`).join(', ')}`,
  });
  return { duplicate: false };
}
