import { Types } from 'mongoose';
import { hashPassword } from '../../core/auth/password';
import { ActivityEntry } from '../../core/audit/model';
import { Checkin, CheckinReminder } from '../../checkins/model';
import { DossierDocument } from '../../documents/model';
import { Milestone } from '../../milestones/model';
import { SEED_TRACKS } from '../../seed/milestones';
import { MilestoneTrack } from '../../milestones/track.model';
import { Notification } from '../../notifications/model';
import { DEFAULT_STAGES, Programme } from '../../programmes/model';
import { ReadinessAssessment, ReadinessTarget } from '../../readiness/model';
import { Setting } from '../../setup/model';
import { MentorAssignment } from '../../startups/assignment.model';
import { Startup } from '../../startups/model';
import { User } from '../../users/model';
import { Cohort } from '../../programmes/cohort.model';
import { PartnerOrganisation } from '../../partners/model';
import { ActionItem, CalendarFeed, MentorProfile, MentoringSession, OfficeHourSlot } from '../../mentoring/model';
import { HostingAllocation, HostingRequest, Requirement, RequirementRecord, Site, Space } from '../../hosting/model';
import { Referral } from '../../referrals/model';
import {
  buildActivityEntry,
  buildAssessment,
  buildAssignment,
  buildCheckin,
  buildCheckinReminder,
  buildCohort,
  buildDocumentRecord,
  buildMilestone,
  buildNotification,
  buildOrganisation,
  buildStartup,
  buildTarget,
  buildUser,
} from '../../seed/factories';
import { BENCH_PASSWORD, type DatasetSpec } from '../datasets';
import { Progress } from '../progress';
import { Random } from '../random';
import { activityStream, notificationStream, notificationTotal, type FeedContext } from './feed';
import { assessmentRecords, checkinRecords, targetLevels } from './followup';
import { documentRecords, milestoneRecords, shares, startupRecord, type MilestoneRef } from './history';
import { hostingRecords } from './hosting';
import { mentoringRecords } from './mentoring';
import { makePlan, type Plan } from './plan';
import { referralRecords } from './referrals';

export interface BuildOptions {
  log: (line: string) => void;
  now?: Date;
  batchSize?: number;
}

/** Inserts `items` through the model in batches: each record built by its factory and validated by Mongoose. */
async function insertAll<T, D>(part: string, items: Iterable<T>, count: number, build: (item: T) => D, insert: (docs: D[]) => Promise<unknown>, progress: Progress, batchSize: number): Promise<number> {
  let batch: D[] = [];
  let done = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await insert(batch);
    done += batch.length;
    progress.add(batch.length, part, done, count);
    batch = [];
  };
  for (const item of items) {
    batch.push(build(item));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return done;
}

/** Everything but the two big streams, computed in memory from the plan. */
function perStartupRecords(plan: Plan) {
  const rnd = new Random(plan.spec.seed * 3 + 2);
  const trackIds = SEED_TRACKS.map(() => new Types.ObjectId());
  const { milestones: milestoneShares, documents: documentShares } = shares(plan);
  const startups = plan.startups.map((s) => startupRecord(rnd, plan, s));
  const out = {
    trackIds,
    startups,
    assignments: plan.startups.flatMap((s) => s.mentors.map((m) => ({ mentor: m.mentor._id, startup: s._id, from: m.from, to: m.to }))),
    documents: [] as ReturnType<typeof documentRecords>['records'],
    milestones: [] as ReturnType<typeof milestoneRecords>,
    assessments: [] as ReturnType<typeof assessmentRecords>,
    targets: [] as { startup: Types.ObjectId; levels: Record<string, number>; setBy: Types.ObjectId; setByName: string; setAt: Date }[],
    checkins: [] as ReturnType<typeof checkinRecords>['checkins'],
    reminders: [] as ReturnType<typeof checkinRecords>['reminders'],
    milestonesOf: new Map<string, MilestoneRef[]>(),
  };
  if (!plan.spec.history) return out;
  plan.startups.forEach((s, i) => {
    const uploader = s.founders.find((f) => !f.invited) ?? plan.managers[0];
    const docs = documentRecords(rnd, s, documentShares[i], uploader);
    const milestones = milestoneRecords(rnd, plan, s, milestoneShares[i], docs.refs, trackIds);
    const refs = milestones.map((m) => ({ _id: m._id as Types.ObjectId, title: m.title as string, dueDate: m.dueDate as Date, status: m.status as string }));
    const followUp = checkinRecords(rnd, plan, s, startups[i].figures ?? [], refs);
    const target = targetLevels(rnd, s, plan.now);
    out.documents.push(...docs.records);
    out.milestones.push(...milestones);
    out.assessments.push(...assessmentRecords(rnd, plan, s));
    out.checkins.push(...followUp.checkins);
    out.reminders.push(...followUp.reminders);
    if (target) out.targets.push({ startup: s._id, levels: target, setBy: plan.managers[0]._id, setByName: plan.managers[0].name, setAt: s.cohort.startDate });
    out.milestonesOf.set(String(s._id), refs);
  });
  return out;
}

/**
 * Builds a dataset into the connected (empty) database through the app's factories and models.
 * Prints progress lines; answers the number of records inserted per collection.
 */
export async function buildDataset(spec: DatasetSpec, options: BuildOptions): Promise<Record<string, number>> {
  const { log } = options;
  const batchSize = options.batchSize ?? 1000;
  const plan = makePlan(spec, options.now ?? new Date());
  const records = perStartupRecords(plan);
  const mentoring = mentoringRecords(plan);
  const hosting = hostingRecords(plan);
  const partners = referralRecords(plan, records.documents);
  // One argon2 hash for every user: hashing is slow on purpose.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const ctx: FeedContext = { plan, milestonesOf: records.milestonesOf, documentIds: records.documents.map((d) => d._id as Types.ObjectId) };
  const activityCount = spec.history ? spec.activity : 0;
  const notificationCount = spec.history ? notificationTotal(plan) : 0;
  const sizes: [string, number][] = [
    ['cohorts', plan.cohorts.length],
    ['organisations', partners.organisations.length],
    ['users', plan.people.length],
    ['startups', records.startups.length],
    ['assignments', records.assignments.length],
    ['documents', records.documents.length],
    ['milestones', records.milestones.length],
    ['assessments', records.assessments.length],
    ['targets', records.targets.length],
    ['checkins', records.checkins.length],
    ['reminders', records.reminders.length],
    ['mentorProfiles', mentoring.profiles.length],
    ['officeHourSlots', mentoring.slots.length],
    ['mentoringSessions', mentoring.sessions.length],
    ['actionItems', mentoring.items.length],
    ['calendarFeeds', mentoring.feeds.length],
    ['requirements', hosting.requirements.length],
    ['sites', hosting.sites.length],
    ['spaces', hosting.spaces.length],
    ['requirementRecords', hosting.records.length],
    ['hostingRequests', hosting.requests.length],
    ['hostingAllocations', hosting.allocations.length],
    ['referrals', partners.referrals.length],
    ['activity', activityCount],
    ['notifications', notificationCount],
  ];
  const total = sizes.reduce((a, [, n]) => a + n, 0);
  log(`  ${spec.name}: ${sizes.map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}`);
  const progress = new Progress(`loading ${spec.name}`, total, log);
  const inserted: Record<string, number> = {};
  const size = (key: string): number => sizes.find(([k]) => k === key)?.[1] ?? 0;

  await Programme.create({ _id: plan.programmeId, name: 'Santenov’Boost (bench)', description: 'Jeu de données du benchmark.', stages: DEFAULT_STAGES, createdAt: plan.cohorts[0].startDate });
  await MilestoneTrack.insertMany(SEED_TRACKS.map((t, i) => new MilestoneTrack({ ...t, _id: records.trackIds[i] })));
  await Setting.updateOne({ _id: 'setup' }, { $setOnInsert: { value: { at: plan.cohorts[0].startDate, by: 'bench' } } }, { upsert: true });

  inserted.cohorts = await insertAll('cohorts', plan.cohorts, size('cohorts'), (c) => buildCohort(plan.programmeId, { ...c, createdAt: c.startDate }).set('_id', c._id), (d) => Cohort.insertMany(d), progress, batchSize);
  inserted.organisations = await insertAll('organisations', partners.organisations, size('organisations'), ({ _id, name, kind, ...profile }) => buildOrganisation({ _id, name, kind }).set(profile), (d) => PartnerOrganisation.insertMany(d), progress, batchSize);
  const recentLogin = new Random(spec.seed + 99);
  inserted.users = await insertAll(
    'users',
    plan.people,
    size('users'),
    (p) => buildUser({ _id: p._id, email: p.email, name: p.name, role: p.role, startups: p.startups, organisation: p.organisation, passwordHash: p.invited ? undefined : passwordHash, createdAt: p.createdAt, lastLoginAt: p.invited ? undefined : recentLogin.between(p.createdAt, plan.now) }),
    (d) => User.insertMany(d),
    progress,
    batchSize,
  );
  inserted.startups = await insertAll('startups', records.startups, size('startups'), buildStartup, (d) => Startup.insertMany(d), progress, batchSize);
  const assignedBy = plan.managers[0].name;
  inserted.assignments = await insertAll('assignments', records.assignments, size('assignments'), (a) => buildAssignment(a).set('assignedByName', assignedBy), (d) => MentorAssignment.insertMany(d), progress, batchSize);
  inserted.documents = await insertAll('documents', records.documents, size('documents'), buildDocumentRecord, (d) => DossierDocument.insertMany(d), progress, batchSize);
  inserted.milestones = await insertAll('milestones', records.milestones, size('milestones'), buildMilestone, (d) => Milestone.insertMany(d), progress, batchSize);
  inserted.assessments = await insertAll('assessments', records.assessments, size('assessments'), buildAssessment, (d) => ReadinessAssessment.insertMany(d), progress, batchSize);
  inserted.targets = await insertAll('targets', records.targets, size('targets'), buildTarget, (d) => ReadinessTarget.insertMany(d), progress, batchSize);
  inserted.checkins = await insertAll('checkins', records.checkins, size('checkins'), buildCheckin, (d) => Checkin.insertMany(d), progress, batchSize);
  inserted.reminders = await insertAll('reminders', records.reminders, size('reminders'), buildCheckinReminder, (d) => CheckinReminder.insertMany(d), progress, batchSize);
  inserted.mentorProfiles = await insertAll('mentorProfiles', mentoring.profiles, size('mentorProfiles'), (p) => new MentorProfile(p), (d) => MentorProfile.insertMany(d), progress, batchSize);
  inserted.officeHourSlots = await insertAll('officeHourSlots', mentoring.slots, size('officeHourSlots'), (s) => new OfficeHourSlot(s), (d) => OfficeHourSlot.insertMany(d), progress, batchSize);
  inserted.mentoringSessions = await insertAll('mentoringSessions', mentoring.sessions, size('mentoringSessions'), (s) => new MentoringSession(s), (d) => MentoringSession.insertMany(d), progress, batchSize);
  inserted.actionItems = await insertAll('actionItems', mentoring.items, size('actionItems'), (i) => new ActionItem(i), (d) => ActionItem.insertMany(d), progress, batchSize);
  inserted.calendarFeeds = await insertAll('calendarFeeds', mentoring.feeds, size('calendarFeeds'), (f) => new CalendarFeed(f), (d) => CalendarFeed.insertMany(d), progress, batchSize);
  inserted.requirements = await insertAll('requirements', hosting.requirements, size('requirements'), ({ key: _key, ...r }) => new Requirement(r), (d) => Requirement.insertMany(d), progress, batchSize);
  inserted.sites = await insertAll('sites', hosting.sites, size('sites'), (r) => new Site(r), (d) => Site.insertMany(d), progress, batchSize);
  inserted.spaces = await insertAll('spaces', hosting.spaces, size('spaces'), (r) => new Space(r), (d) => Space.insertMany(d), progress, batchSize);
  inserted.requirementRecords = await insertAll('requirementRecords', hosting.records, size('requirementRecords'), (r) => new RequirementRecord(r), (d) => RequirementRecord.insertMany(d), progress, batchSize);
  inserted.hostingRequests = await insertAll('hostingRequests', hosting.requests, size('hostingRequests'), (r) => new HostingRequest(r), (d) => HostingRequest.insertMany(d), progress, batchSize);
  inserted.hostingAllocations = await insertAll('hostingAllocations', hosting.allocations, size('hostingAllocations'), (r) => new HostingAllocation(r), (d) => HostingAllocation.insertMany(d), progress, batchSize);
  inserted.referrals = await insertAll('referrals', partners.referrals, size('referrals'), (r) => new Referral(r), (d) => Referral.insertMany(d), progress, batchSize);
  inserted.activity = await insertAll('activity', activityStream(ctx, activityCount), activityCount, buildActivityEntry, (d) => ActivityEntry.insertMany(d), progress, batchSize);
  inserted.notifications = await insertAll('notifications', spec.history ? notificationStream(ctx) : [], notificationCount, buildNotification, (d) => Notification.insertMany(d), progress, batchSize);
  // What notify() keeps beside the notifications: each user's unread number (the bell).
  const unread = await Notification.aggregate<{ _id: unknown; n: number }>([{ $match: { readAt: null } }, { $group: { _id: '$user', n: { $sum: 1 } } }]);
  for (const u of unread) await User.updateOne({ _id: u._id }, { $set: { unreadNotifications: u.n } });
  log(`  ${spec.name}: ${total.toLocaleString('en-US')} records loaded in ${Math.round(progress.elapsedMs() / 1000)} s`);
  return inserted;
}
