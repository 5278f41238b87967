import { Programme } from '../programmes/model';
import type { SessionUser } from '../users/model';
import { can } from '../core/policy';

/** What the header and tabs of every startup page show (views/partials/startup-header.hbs). */
export interface StartupHeader {
  id: string;
  name: string;
  slug: string;
  status: string;
  stage: { key: string; label: { fr: string; en: string } };
  /** Tabs this user may open. */
  tabs: { key: string; href: string; labelKey: string }[];
}

export async function startupHeader(
  user: SessionUser,
  startup: { _id: unknown; name: string; slug: string; status?: string | null; stage?: string | null; programme?: unknown },
): Promise<StartupHeader> {
  const programme = startup.programme ? await Programme.findOne({ _id: startup.programme }).lean() : await Programme.findOne({}).sort({ createdAt: 1 }).lean();
  const stageKey = startup.stage ?? '';
  const stage = programme?.stages.find((s) => s.key === stageKey);
  const id = String(startup._id);
  const tabs = [
    { key: 'overview', href: `/startups/${id}`, labelKey: 'startups.tabs.overview' },
    { key: 'readiness', href: `/startups/${id}/readiness`, labelKey: 'startups.tabs.readiness' },
    ...(can(user, 'milestones.read') ? [{ key: 'milestones', href: `/startups/${id}/milestones`, labelKey: 'startups.tabs.milestones' }] : []),
    ...(can(user, 'documents.read') ? [{ key: 'documents', href: `/startups/${id}/documents`, labelKey: 'startups.tabs.documents' }] : []),
    // Later issues add their tabs here, each behind its policy action: milestones, mentoring, hosting, referrals.
    { key: 'history', href: `/startups/${id}/history`, labelKey: 'startups.tabs.history' },
  ];
  return {
    id,
    name: startup.name,
    slug: startup.slug,
    status: startup.status ?? 'applicant',
    stage: { key: stageKey, label: { fr: stage?.label?.fr ?? stageKey, en: stage?.label?.en ?? stageKey } },
    tabs,
  };
}
