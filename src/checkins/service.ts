import mongoose from 'mongoose';
import { audit } from '../core/audit';
import { writeIf } from '../core/db/safe-write';
import { Conflict } from '../core/errors';
import { Milestone } from '../milestones/model';
import { axesOf, type AxisDefinition } from '../programmes/axes';
import { startupFilter, type StartupAccess } from '../startups/access';
import { latestFigures, recordFigures, type FiguresView } from '../startups/figures';
import { startupHeader, type StartupHeader } from '../startups/header';
import { Startup } from '../startups/model';
import type { SessionUser } from '../core/auth/session-user';
import { Checkin } from './model';
import { currentMonth, dayAsDate, monthName, parisDay } from './month';
import { levelField, percentField, progressField, selfNoteField, type CheckinInput } from './schemas';

/** Milestones the check-in asks about: not yet approved, not removed. */
export const OPEN_MILESTONE_STATUSES = ['planned', 'changes_requested', 'submitted'] as const;

type StoredCheckin = {
  revision: number;
  createdAt?: Date;
  updatedAt?: Date;
  submittedByName?: string | null;
  figures: { asOf: Date; headcount: number; fundsRaised: number; revenue: number };
  milestones: { milestone: unknown; title: string; note?: string | null; percent?: number | null }[];
  selfAssessment: { axis: string; level: number; note?: string | null }[];
};

export interface SavedCheckin {
  figures: { headcount: number; fundsRaised: number; revenue: number };
  milestones: { title: string; note: string; percent: number | null }[];
  self: { label: { fr: string; en: string }; level: number; note: string }[];
}

export interface OpenMilestone {
  id: string;
  title: string;
  status: string;
  dueDate: Date;
  progressField: string;
  percentField: string;
  /** What was said about it last month, shown under the field. */
  lastNote: string;
  lastPercent: number | null;
}

export interface CheckinFormData {
  header: StartupHeader;
  startupId: string;
  month: string;
  monthName: { fr: string; en: string };
  /** This month's check-in when there is one (the form then edits it). */
  current: { at: Date; byName: string } | null;
  /** This month's check-in as saved, for the read-only page shown after saving. */
  saved: SavedCheckin | null;
  latest: FiguresView | null;
  axes: (AxisDefinition & { levelField: string; noteField: string; last: number | null })[];
  milestones: OpenMilestone[];
  values: Record<string, unknown>;
}


async function openMilestones(startupId: mongoose.Types.ObjectId) {
  return Milestone.find({ startup: startupId, status: mongoose.trusted({ $in: [...OPEN_MILESTONE_STATUSES] }), removedAt: null })
    .sort({ dueDate: 1, _id: 1 })
    .limit(50)
    .lean();
}

/** Ids of the open milestones and keys of the axes: what the form's schema is made of. */
export async function checkinFormKeys(access: StartupAccess): Promise<{ axisKeys: string[]; milestoneIds: string[] }> {
  access.require('checkins.submit');
  const [programme, milestones] = await Promise.all([access.programme(), openMilestones(access.record._id)]);
  const axes = axesOf(programme);
  return { axisKeys: axes.map((a) => a.key), milestoneIds: milestones.map((m) => String(m._id)) };
}

/** An amount as the form shows it: grouped by spaces, decimal comma in French ("1 500 000,5"). */
function amountText(n: number, locale: 'fr' | 'en'): string {
  const [int, dec] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return dec ? `${grouped}${locale === 'fr' ? ',' : '.'}${dec}` : grouped;
}

/**
 * The form of this month, pre-filled so that nobody types the same thing twice: the figures from the
 * latest entry of the figures history, the self-assessment and the milestone percentages from this
 * month's check-in (when editing it) or else from the last one.
 */
export async function checkinForm(access: StartupAccess, now = new Date()): Promise<CheckinFormData> {
  access.require('checkins.submit');
  const { user, id, record: startup } = access;
  const month = currentMonth(now);
  const [programme, milestones, header, current, last] = await Promise.all([
    access.programme(),
    openMilestones(startup._id),
    startupHeader(access),
    Checkin.findOne({ startup: startup._id, month }).lean<StoredCheckin>(),
    Checkin.findOne({ startup: startup._id, month: mongoose.trusted({ $lt: month }) })
      .sort({ month: -1 })
      .lean<StoredCheckin>(),
  ]);
  const axes = axesOf(programme);
  const latest = latestFigures(startup.figures ?? []);
  const source = current ?? last;
  const values: Record<string, unknown> = { month, version: current?.revision ?? 0 };
  const figures = latest ?? current?.figures ?? null;
  if (figures) {
    values.headcount = String(figures.headcount);
    values.fundsRaised = amountText(figures.fundsRaised, user.locale);
    values.revenue = amountText(figures.revenue, user.locale);
  }
  const lastLevels = new Map((last?.selfAssessment ?? []).map((s) => [s.axis, s.level]));
  for (const score of source?.selfAssessment ?? []) {
    values[levelField(score.axis)] = score.level;
    if (current) values[selfNoteField(score.axis)] = score.note ?? '';
  }
  const lastProgress = new Map((last?.milestones ?? []).map((m) => [String(m.milestone), m]));
  for (const m of milestones) {
    const mid = String(m._id);
    const mine = current?.milestones.find((p) => String(p.milestone) === mid);
    const before = lastProgress.get(mid);
    if (mine) {
      values[progressField(mid)] = mine.note ?? '';
      if (typeof mine.percent === 'number') values[percentField(mid)] = mine.percent;
    } else if (typeof before?.percent === 'number') {
      values[percentField(mid)] = before.percent;
    }
  }
  return {
    header,
    startupId: id,
    month,
    monthName: monthName(month),
    current: current ? { at: current.updatedAt ?? current.createdAt ?? new Date(), byName: current.submittedByName ?? '' } : null,
    saved: current
      ? {
          figures: { headcount: current.figures.headcount, fundsRaised: current.figures.fundsRaised, revenue: current.figures.revenue },
          milestones: current.milestones.map((m) => ({ title: m.title, note: m.note ?? '', percent: typeof m.percent === 'number' ? m.percent : null })),
          self: current.selfAssessment.map((a) => ({ label: axes.find((x) => x.key === a.axis)?.label ?? { fr: a.axis, en: a.axis }, level: a.level, note: a.note ?? '' })),
        }
      : null,
    latest,
    axes: axes.map((a) => ({ ...a, levelField: levelField(a.key), noteField: selfNoteField(a.key), last: lastLevels.get(a.key) ?? null })),
    milestones: milestones.map((m) => {
      const before = lastProgress.get(String(m._id));
      return {
        id: String(m._id),
        title: m.title,
        status: m.status ?? 'planned',
        dueDate: m.dueDate,
        progressField: progressField(String(m._id)),
        percentField: percentField(String(m._id)),
        lastNote: before?.note ?? '',
        lastPercent: typeof before?.percent === 'number' ? before.percent : null,
      };
    }),
    values,
  };
}

/** What a save compares to know that the same form arrived twice. */
function contentKey(c: { figures: { headcount: number; fundsRaised: number; revenue: number }; milestones: { milestone: unknown; note?: string | null; percent?: number | null }[]; selfAssessment: { axis: string; level: number; note?: string | null }[] }): string {
  return JSON.stringify({
    f: [c.figures.headcount, c.figures.fundsRaised, c.figures.revenue],
    m: c.milestones.map((m) => [String(m.milestone), m.note ?? '', m.percent ?? null]),
    s: c.selfAssessment.map((s) => [s.axis, s.level, s.note ?? '']),
  });
}

export interface SaveResult {
  outcome: 'created' | 'updated' | 'duplicate';
  /** Whether the figures history got a new entry (only when a figure changed). */
  figuresRecorded: boolean;
}

/**
 * Saves this month's check-in: creates it, or edits it when one exists (the form's revision must be the
 * stored one, else 409 with the current values). The same form sent twice saves once, even at the same
 * moment: the creation meets the unique index (startup, month), an edit carries the revision in its
 * filter (writeIf), and the loser compares what it brought with what is stored. When a figure differs
 * from the latest entry of the history, a new entry is added through recordFigures (the one writer of
 * the figures history).
 */
export async function saveCheckin(access: StartupAccess, input: CheckinInput, now = new Date()): Promise<SaveResult> {
  access.require('checkins.submit');
  const { user, id, record: startup } = access;
  const month = currentMonth(now);
  if (input.month !== month) throw new Conflict('checkins.errors.monthChanged');
  const milestones = await openMilestones(startup._id);
  const titles = new Map(milestones.map((m) => [String(m._id), m.title]));
  const progress = input.milestones.filter((p) => titles.has(p.milestone)).map((p) => ({ ...p, milestone: new mongoose.Types.ObjectId(p.milestone), title: titles.get(p.milestone) as string }));
  const figures = { headcount: input.headcount, fundsRaised: input.fundsRaised, revenue: input.revenue };
  const latest = latestFigures(startup.figures ?? []);
  const changed = !latest || latest.headcount !== figures.headcount || latest.fundsRaised !== figures.fundsRaised || latest.revenue !== figures.revenue;
  const today = dayAsDate(parisDay(now));
  const content = { figures: { asOf: changed || !latest ? today : latest.asOf, ...figures }, milestones: progress, selfAssessment: input.selfAssessment };
  const by = { submittedBy: user.id, submittedByName: user.name };

  /** A save that lost to another one: the same content is a form sent twice, else the page was stale. */
  const settle = async (): Promise<SaveResult> => {
    const stored = await Checkin.findOne({ startup: startup._id, month }).lean<StoredCheckin>();
    if (stored && contentKey(stored) === contentKey(content)) return { outcome: 'duplicate', figuresRecorded: false };
    throw new Conflict('errors.staleEdit');
  };

  let outcome: SaveResult['outcome'];
  const existing = await Checkin.findOne({ startup: startup._id, month }, { _id: 1, revision: 1 }).lean();
  if (existing) {
    if (existing.revision !== input.version) return settle();
    try {
      await writeIf(Checkin, { _id: existing._id, revision: input.version }, { $set: { ...content, ...by }, $inc: { revision: 1 } }, { lockKey: `checkin:${id}:${month}` });
    } catch (err) {
      if (err instanceof Conflict) return settle();
      throw err;
    }
    outcome = 'updated';
  } else {
    if (input.version !== 0) throw new Conflict('errors.staleEdit');
    try {
      await Checkin.create({ startup: startup._id, month, ...by, revision: 1, ...content });
    } catch (err) {
      if ((err as { code?: number } | null)?.code === 11000) return settle();
      throw err;
    }
    outcome = 'created';
  }
  const figuresRecorded = changed ? (await recordFigures(access, { asOf: today, ...figures })).added : false;
  await audit(user, {
    action: outcome === 'created' ? 'checkin.submitted' : 'checkin.updated',
    entityType: 'Startup',
    entityId: id,
    summary: `${startup.name} — ${month} · ${figures.headcount} / ${figures.fundsRaised} € / ${figures.revenue} €${figuresRecorded ? '' : ' (=)'}`,
  });
  return { outcome, figuresRecorded };
}

export interface CheckinStatus {
  startupId: string;
  startupName: string;
  month: string;
  monthName: { fr: string; en: string };
  done: boolean;
  at?: Date;
  byName?: string;
  href: string;
}

/**
 * For the founder's home page (views/partials/checkin-status.hbs): for each of their active startups,
 * whether this month's check-in is done. Empty for every other role.
 */
export async function checkinStatusFor(user: SessionUser, now = new Date()): Promise<CheckinStatus[]> {
  const [mine, theirs] = await Promise.all([startupFilter(user, 'checkins.submit'), startupFilter(user, 'checkins.submit', 'startup')]);
  if (!mine || !theirs) return [];
  const month = currentMonth(now);
  const [startups, checkins] = await Promise.all([Startup.find({ ...mine, status: 'active' }, { name: 1 }).sort({ name: 1 }).lean(), Checkin.find({ ...theirs, month }).lean()]);
  const byStartup = new Map(checkins.map((c) => [String(c.startup), c]));
  return startups.map((s) => {
    const c = byStartup.get(String(s._id));
    return {
      startupId: String(s._id),
      startupName: s.name,
      month,
      monthName: monthName(month),
      done: Boolean(c),
      at: c ? (c.updatedAt ?? c.createdAt) : undefined,
      byName: c?.submittedByName ?? undefined,
      href: `/startups/${String(s._id)}/checkin`,
    };
  });
}
