import type { StartupAccess } from './access';

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

/** The header of a startup's pages, from the request's access (no read of its own but the programme, once). */
export async function startupHeader(access: StartupAccess): Promise<StartupHeader> {
  const startup = access.record;
  const programme = await access.programme();
  const stageKey = startup.stage ?? '';
  const stage = programme?.stages.find((s) => s.key === stageKey);
  const id = access.id;
  const tab = (key: string, path: string, labelKey = `startups.tabs.${key}`) => ({ key, href: `/startups/${id}${path}`, labelKey });
  const tabs = [
    tab('overview', ''),
    tab('readiness', '/readiness'),
    ...(access.can('milestones.read') ? [tab('milestones', '/milestones')] : []),
    ...(access.can('documents.read') ? [tab('documents', '/documents')] : []),
    ...(access.can('mentoring.read') ? [tab('mentoring', '/mentoring')] : []),
    ...(access.can('hosting.read') ? [tab('hosting', '/hosting', 'hosting.title')] : []),
    // Later issues add their tabs here, each behind its policy action: referrals.
    tab('history', '/history'),
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
