import { ActivityEntry } from '../core/audit/model';
import { can } from '../core/policy';
import { hasKey } from '../core/i18n';
import { axesOf } from '../programmes/axes';
import { ladderOf } from '../programmes/ladder';
import type { StartupAccess } from '../startups/access';
import { figuresHistory } from '../startups/figures';
import { startupHeader } from '../startups/header';

/** How many audit entries the history tab lists (newest first); the full trail is on /activity. */
export const AUDIT_LIMIT = 50;

/** The text key of an audit action: this feature's label, the core one, or none (the raw action is shown). */
function actionKey(action: string): string | undefined {
  for (const key of [`startups.audit.${action}`, `activity.actions.${action}`]) if (hasKey('fr', key)) return key;
  return undefined;
}

/**
 * The history tab:
 * - the stage timeline, newest first (from → to, when, who, note, backward and gate-overridden marks);
 * - the headline figures history, newest first;
 * - for users who may read the audit trail (managers), the audit entries whose `entityId` is this
 *   startup's id, whatever their entity type (the startup's own changes, stage moves, figures,
 *   milestones, assessments, check-ins), and those of its other records that name the startup
 *   (documents uploaded or deleted: `startup` on the entry).
 */
export async function startupHistory(access: StartupAccess) {
  const { user, id, record: startup } = access;
  const programme = await access.programme();
  const ladder = ladderOf(programme);
  const axes = axesOf(programme);
  const label = (key: string | null | undefined) => (key ? (ladder.find((s) => s.key === key)?.label ?? { fr: key, en: key }) : null);
  const axisLabel = (key: string) => axes.find((a) => a.key === key)?.label ?? { fr: key, en: key };
  const s = startup.toObject();
  const timeline = [...(s.stageHistory ?? [])]
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
    .map((m) => ({
      to: label(m.stage),
      from: label(m.from),
      at: m.at,
      byName: m.byName ?? '',
      note: m.note ?? '',
      direction: m.direction,
      initial: m.direction === 'initial',
      backward: m.direction === 'backward',
      gateOverridden: Boolean(m.gateOverridden),
      missingGates: (m.missingGates ?? []).map((g) => ({ axis: axisLabel(g.axis), required: g.required, actual: g.actual ?? null })),
    }));
  const showAudit = can(user, 'activity.read');
  const entries = showAudit ? await ActivityEntry.find({ $or: [{ entityId: id }, { startup: id }] }).sort({ at: -1, _id: -1 }).limit(AUDIT_LIMIT).lean() : [];
  return {
    header: await startupHeader(access),
    timeline,
    figures: figuresHistory(s.figures ?? []),
    showAudit,
    audit: entries.map((e) => ({ at: e.at, actorName: e.actorName ?? '', action: e.action, actionKey: actionKey(e.action), entityType: e.entityType, summary: e.summary ?? '' })),
    auditLimit: AUDIT_LIMIT,
  };
}
