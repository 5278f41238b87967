import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { Conflict, Forbidden, NotFound, ValidationFailed, fieldError } from '../core/errors';
import { pageBounds, paged, type Paged } from '../core/http/paginate';
import { formatDate, translate, type Locale } from '../core/i18n';
import { relationTo } from '../core/policy';
import { findStartupFor } from '../startups/access';
import { startupHeader, type StartupHeader } from '../startups/header';
import type { SessionUser } from '../users/model';
import type { AxisDefinition } from './axes';
import { ReadinessAssessment, ReadinessTarget } from './model';
import { axesFor, labelOf } from './programme';
import { levelField, type AssessmentInput } from './schemas';

type Bilingual = { fr: string; en: string };
type Scores = Record<string, number>;
type StartupRef = { _id: unknown; name: string; slug: string; status?: string | null; stage?: string | null; programme?: unknown };

/** Managers assess every startup they reach; mentors only the startups currently assigned to them. */
export async function canAssess(user: SessionUser, startupId: string): Promise<boolean> {
  if (user.role === 'manager') return true;
  if (user.role === 'mentor') return (await relationTo(user, startupId)) === 'assigned';
  return false;
}

const NEWEST_FIRST = { date: -1, createdAt: -1, _id: -1 } as const;

function scoresOf(doc: { scores: { axis: string; level: number }[] }): Scores {
  return Object.fromEntries(doc.scores.map((s) => [s.axis, s.level]));
}

/** Levels of the most recent assessment (by date, then time of recording), or null when never assessed. */
export async function latestScores(startupId: string): Promise<Record<string, number> | null> {
  if (!mongoose.isValidObjectId(startupId) || !/^[a-f0-9]{24}$/i.test(startupId)) return null;
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

async function summaryFor(user: SessionUser, startup: StartupRef, axes: AxisDefinition[]): Promise<RadarSummary> {
  const id = String(startup._id);
  const [lastTwo, target, assess] = await Promise.all([
    ReadinessAssessment.find({ startup: id }).sort(NEWEST_FIRST).limit(2).lean(),
    ReadinessTarget.findOne({ startup: id }).lean(),
    canAssess(user, id),
  ]);
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
    canAssess: assess,
    canTarget: user.role === 'manager',
  };
}

/** What views/partials/readiness-radar.hbs shows: latest and previous assessment, targets, link to the tab. */
export async function readinessSummary(user: SessionUser, startupId: string): Promise<RadarSummary> {
  const startup = await findStartupFor(user, startupId);
  return summaryFor(user, startup, await axesFor(startup));
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
}

/** The readiness tab: radar, targets and the history of assessments (newest first). */
export async function readinessPage(user: SessionUser, startupId: string, page: number): Promise<ReadinessPage> {
  const startup = await findStartupFor(user, startupId);
  const axes = await axesFor(startup);
  const { skip, limit } = pageBounds(page, 10);
  const [header, summary, docs, total, target] = await Promise.all([
    startupHeader(user, startup),
    summaryFor(user, startup, axes),
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
  return { header, summary, history: paged(items, total, page, 10), targets };
}

export interface AssessmentForm {
  header: StartupHeader;
  startupId: string;
  axes: (AxisDefinition & { last: number | null })[];
}

/** The startup, its axes and the last levels, for the assessment form; only for those who may assess it. */
export async function assessmentForm(user: SessionUser, startupId: string): Promise<AssessmentForm> {
  const startup = await findStartupFor(user, startupId);
  if (!(await canAssess(user, startupId))) throw user.role === 'mentor' ? new NotFound() : new Forbidden();
  const [axes, header, last] = await Promise.all([axesFor(startup), startupHeader(user, startup), latestScores(startupId)]);
  return { header, startupId, axes: axes.map((a) => ({ ...a, last: last?.[a.key] ?? null })) };
}

/**
 * Records an assessment: every axis of the programme scored once. The form's one-time submission id
 * is unique in the collection, so posting the same form twice (or twice at once) records one assessment.
 */
export async function recordAssessment(user: SessionUser, startupId: string, input: AssessmentInput): Promise<{ duplicate: boolean }> {
  const startup = await findStartupFor(user, startupId);
  if (!(await canAssess(user, startupId))) throw user.role === 'mentor' ? new NotFound() : new Forbidden();
  const axes = await axesFor(startup);
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
      assessorRole: user.role === 'manager' ? 'manager' : 'mentor',
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
