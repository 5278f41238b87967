import type { SessionUser } from '../core/auth/session-user';
import { recentActivity } from '../core/audit';
import { can, type Action } from '../core/policy';
import { checkinStatusFor } from '../checkins/service';
import { documentFilter } from '../documents/access';
import { expiringDocuments, groupExpiring } from '../documents/service';
import { managerHosting } from '../hosting/home';
import { founderMentoring, managerMentoring, mentorMentoring } from '../mentoring/home';
import { founderMilestones, managerMilestones } from '../milestones/home';
import { PartnerOrganisation } from '../partners/model';
import { Cohort, cohortStatusFilter } from '../programmes/cohort.model';
import { ladderOf, programmeOf, stageLabel, type ProgrammeRecord } from '../programmes/ladder';
import { startupFilter } from '../startups/access';
import { Startup } from '../startups/model';
import { User } from '../users/model';

export interface StageCount {
  key: string;
  label: { fr: string; en: string };
  count: number;
}

/** Startups per stage of the ladder: aggregated only, what observers may see. */
async function stageCounts(programme: ProgrammeRecord | null): Promise<StageCount[]> {
  const grouped = await Startup.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$stage', count: { $sum: 1 } } }]);
  const byKey = new Map(grouped.map((g) => [g._id, g.count]));
  return ladderOf(programme).map((s) => ({ key: s.key, label: s.label, count: byKey.get(s.key) ?? 0 }));
}

type Section = (user: SessionUser, programme: ProgrammeRecord | null) => Promise<Record<string, unknown>>;

/** What each part of a home page reads; a user's home has the parts the policy gives their role. */
const SECTIONS: [Action, Section][] = [
  [
    'home.programme',
    async (user) => {
      const [people, startups, activeCohorts, recent, visibleDocuments, milestones] = await Promise.all([
        // Active users with a password and those invited who have not set one, from one read.
        User.aggregate<{ _id: boolean; n: number }>([{ $match: { active: true } }, { $group: { _id: { $gt: [{ $ifNull: ['$passwordHash', null] }, null] }, n: { $sum: 1 } } }]),
        Startup.countDocuments({}),
        Cohort.countDocuments(cohortStatusFilter('active')),
        recentActivity(8),
        documentFilter(user),
        // Review queue count and overdue milestones across the programme.
        managerMilestones(),
      ]);
      return {
        counts: { activeUsers: people.find((p) => p._id === true)?.n ?? 0, pendingUsers: people.find((p) => p._id === false)?.n ?? 0, startups, activeCohorts },
        recent: recent.map((a) => ({ at: a.at, actorName: a.actorName, action: a.action, summary: a.summary })),
        // Certificates and other documents expiring within 60 days (or past), across the programme.
        expiring: groupExpiring(visibleDocuments ? await expiringDocuments(visibleDocuments, 60) : []),
        milestones,
      };
    },
  ],
  ['home.indicators', async (_user, programme) => ({ stages: await stageCounts(programme), totalStartups: await Startup.countDocuments({}) })],
  [
    'home.startups',
    async (user, programme) => {
      const scope = await startupFilter(user, 'startups.read');
      const startups = scope ? await Startup.find(scope).sort({ name: 1 }).lean() : [];
      const ladder = ladderOf(programme);
      return { startups: startups.map((s) => ({ id: String(s._id), name: s.name, stage: stageLabel(ladder, s.stage), status: s.status, pitch: s.pitch })) };
    },
  ],
  // Founders: what is due next, what was sent back to them, and this month's check-in.
  ['milestones.submit', async (user) => ({ milestones: await founderMilestones(user) })],
  ['checkins.submit', async (user) => ({ checkinStatus: await checkinStatusFor(user) })],
  // Mentoring: the week's sessions and quiet startups (managers), the mentor's agenda, the team's action items.
  ['mentoring.manage', () => managerMentoring()],
  ['officeHours.publish', (user) => mentorMentoring(user)],
  ['officeHours.book', (user) => founderMentoring(user)],
  // Hosting: requests to answer, agreements ending and requirements expiring within 60 days.
  ['hosting.manage', async () => ({ hosting: await managerHosting() })],
  [
    'home.organisation',
    async (user) => {
      const organisation = user.organisation ? await PartnerOrganisation.findOne({ _id: user.organisation }).lean() : null;
      return { organisationName: organisation?.name ?? '' };
    },
  ],
];

/** The data of the user's home page (views/home/<role>.hbs lays it out). */
export async function homeData(user: SessionUser): Promise<Record<string, unknown>> {
  const programme = await programmeOf();
  const parts = await Promise.all(SECTIONS.filter(([action]) => can(user, action)).map(([, load]) => load(user, programme)));
  return Object.assign({ programmeName: programme?.name ?? '' }, ...parts);
}
