import { checkinStatusFor } from '../checkins/service';
import mongoose from 'mongoose';
import { ActivityEntry } from '../core/audit/model';
import { startupScope } from '../core/policy';
import { Cohort } from '../programmes/cohort.model';
import { Programme } from '../programmes/model';
import { PartnerOrganisation } from '../partners/model';
import { Startup } from '../startups/model';
import { expiringDocuments } from '../documents/service';
import { founderMilestones, managerMilestones } from '../milestones/home';
import { User, type SessionUser } from '../users/model';

export interface StageCount {
  key: string;
  label: { fr: string; en: string };
  count: number;
}

/** Startups per stage of the ladder: aggregated only, what observers may see. */
async function stageCounts(filter: Record<string, unknown>): Promise<StageCount[]> {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 }).lean();
  const grouped = await Startup.aggregate<{ _id: string; count: number }>([{ $match: filter }, { $group: { _id: '$stage', count: { $sum: 1 } } }]);
  const byKey = new Map(grouped.map((g) => [g._id, g.count]));
  return (programme?.stages ?? []).map((s) => ({ key: s.key, label: { fr: s.label?.fr ?? s.key, en: s.label?.en ?? s.key }, count: byKey.get(s.key) ?? 0 }));
}

export async function homeData(user: SessionUser): Promise<Record<string, unknown>> {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 }).lean();
  const base = { programmeName: programme?.name ?? '' };
  switch (user.role) {
    case 'manager': {
      const [activeUsers, pendingUsers, startups, activeCohorts, recent, expiring, milestones] = await Promise.all([
        User.countDocuments({ active: true, passwordHash: mongoose.trusted({ $exists: true }) }),
        User.countDocuments({ active: true, passwordHash: null }),
        Startup.countDocuments({}),
        Cohort.countDocuments({ status: 'active' }),
        ActivityEntry.find({}).sort({ at: -1 }).limit(8).lean(),
        // Certificates and other documents expiring within 60 days (or past), across the programme.
        expiringDocuments(undefined, 60),
        // Review queue count and overdue milestones across the programme.
        managerMilestones(),
      ]);
      return {
        ...base,
        counts: { activeUsers, pendingUsers, startups, activeCohorts },
        stages: await stageCounts({}),
        recent: recent.map((a) => ({ at: a.at, actorName: a.actorName, action: a.action, summary: a.summary })),
        expiring,
        milestones,
      };
    }
    case 'founder':
    case 'mentor': {
      const scope = await startupScope(user);
      const startups = scope ? await Startup.find(scope).sort({ name: 1 }).lean() : [];
      const labels = new Map((programme?.stages ?? []).map((st) => [st.key, st.label]));
      return {
        ...base,
        startups: startups.map((s) => ({ id: String(s._id), name: s.name, stage: labels.get(s.stage) ?? { fr: s.stage, en: s.stage }, status: s.status, pitch: s.pitch })),
        // Founders: what is due next and what was sent back to them.
        ...(user.role === 'founder' ? { milestones: await founderMilestones(user), checkinStatus: await checkinStatusFor(user) } : {}),
      };
    }
    case 'partner': {
      const organisation = user.organisation ? await PartnerOrganisation.findOne({ _id: user.organisation }).lean() : null;
      return { ...base, organisationName: organisation?.name ?? '' };
    }
    case 'observer':
      return { ...base, stages: await stageCounts({}), totalStartups: await Startup.countDocuments({}) };
    default:
      return base;
  }
}
