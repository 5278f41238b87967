import mongoose from 'mongoose';
import { prepareCollections } from '../core/db/housekeeping';
import { today } from '../hosting/days';
import { HostingAllocation, HostingRequest, Site, Space } from '../hosting/model';
import { ActionItem, MentoringSession } from '../mentoring/model';
import { Milestone } from '../milestones/model';
import { PartnerOrganisation } from '../partners/model';
import { MilestoneTrack } from '../milestones/track.model';
import { Cohort } from '../programmes/cohort.model';
import { LIVE_STATUSES, Referral } from '../referrals/model';
import { MentorAssignment } from '../startups/assignment.model';
import { Startup } from '../startups/model';
import { User } from '../users/model';
import { buildDataset } from './build/build';
import { BENCH_USERS, DEFINITION_VERSION, type DatasetSpec } from './datasets';

/** The dataset's marker, in the dataset's own database: a kept dataset is reused only when it matches. */
const MARKER_COLLECTION = 'bench_dataset';

export interface DatasetMarker {
  _id: 'dataset';
  name: string;
  version: number;
  builtAt: Date;
  buildMs: number;
  inserted: Record<string, number>;
}

function db() {
  const found = mongoose.connection.db;
  if (!found) throw new Error('not connected');
  return found;
}

/**
 * Makes sure the connected database holds `spec` at the current definition version: reuses it when
 * the marker says so (unless `fresh`), else empties the database and builds it again.
 */
export async function ensureDataset(spec: DatasetSpec, options: { fresh: boolean; log: (line: string) => void }): Promise<{ marker: DatasetMarker; reused: boolean }> {
  const markers = db().collection<DatasetMarker>(MARKER_COLLECTION);
  const existing = await markers.findOne({ _id: 'dataset' });
  if (existing && !options.fresh && existing.name === spec.name && existing.version === DEFINITION_VERSION) {
    const days = Math.floor((Date.now() - new Date(existing.builtAt).getTime()) / 86_400_000);
    options.log(`  ${spec.name}: kept dataset (definition v${existing.version}, built ${new Date(existing.builtAt).toISOString().slice(0, 16)}Z, ${days} day(s) ago${days > 20 ? ': its "this month" and "overdue" shares drift, --fresh rebuilds it' : ''})`);
    return { marker: existing, reused: true };
  }
  options.log(existing ? `  ${spec.name}: ${options.fresh ? '--fresh' : `kept dataset is v${existing.version} of ${existing.name}`}: rebuilding` : `  ${spec.name}: no dataset yet: building it`);
  const started = Date.now();
  await db().dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  await prepareCollections();
  const inserted = await buildDataset(spec, { log: options.log });
  const marker: DatasetMarker = { _id: 'dataset', name: spec.name, version: DEFINITION_VERSION, builtAt: new Date(), buildMs: Date.now() - started, inserted };
  await markers.insertOne(marker);
  return { marker, reused: false };
}

/** Documents per collection as the server counts them now (the sizes actually loaded). */
export async function collectionSizes(): Promise<Record<string, number>> {
  const names = (await db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n !== MARKER_COLLECTION && !n.startsWith('system.'));
  const sizes: Record<string, number> = {};
  for (const name of names.sort()) sizes[name] = await db().collection(name).countDocuments({});
  return sizes;
}

/** Ids the page list needs, read from the dataset. */
export interface BenchIds {
  /** The founder's startup (full history); the manager's startup pages use it too. */
  ownStartup: string;
  ownStartupName: string;
  /** A startup assigned to the mentor today (another one when there is one). */
  assignedStartup?: string;
  assignedStartupName?: string;
  cohort?: string;
  cohortName?: string;
  /** A milestone of the founder's startup waiting for review (or any of its milestones). */
  milestone?: string;
  milestoneTitle?: string;
  /** A planned or sent-back milestone of the founder's startup: the submission form. */
  openMilestone?: string;
  openMilestoneTitle?: string;
  assignedMilestone?: string;
  assignedMilestoneTitle?: string;
  founderUser: string;
  track?: string;
  /** The benchmark's mentor (the directory's and their own profile page). */
  benchMentor: string;
  benchMentorName: string;
  /** The founder's startup's latest held session (the managers' session page). */
  session?: string;
  sessionTopic?: string;
  /** A planned session to come of the founder's startup: the move form. */
  movableSession?: string;
  /** A held session (else any) of the benchmark mentor with assignedStartup. */
  mentorSession?: string;
  mentorSessionTopic?: string;
  /** A session of the founder's startup with an item the team still owes (else its latest held one). */
  founderSession?: string;
  founderSessionTopic?: string;
  /** The site and space of the founder's startup's allocation (below); without one, the first space. */
  site?: string;
  siteName?: string;
  space?: string;
  spaceName?: string;
  /** An allocation of the founder's startup: the running one, else its latest. */
  allocation?: string;
  /** A request of the founder's startup: its pending one (the manager's decision form), else its latest. */
  hostingRequest?: string;
  /** The benchmark partner's organisation (the managers' inbox filtered by it). */
  partnerOrganisation?: string;
  partnerOrganisationName?: string;
  /**
   * A live referral to the partner's organisation with documents shared: an accepted one when there
   * is one (the partner's first look at a sent one marks it viewed), the latest answered first.
   */
  referral?: string;
  referralStartupName?: string;
  /** A sent referral of the founder's startup: live with a confidential document shared after consent, else its latest. */
  founderReferral?: string;
}

/** The sessions the mentoring pages open: see BenchIds. */
async function sessionIds(own: mongoose.Types.ObjectId, mentor: mongoose.Types.ObjectId, assigned: mongoose.Types.ObjectId | undefined, now: Date) {
  const latest = (filter: Record<string, unknown>) => MentoringSession.findOne(filter, { topic: 1 }).sort({ start: -1 }).lean();
  const held = await latest({ startup: own, status: 'completed' });
  const movable = await MentoringSession.findOne({ startup: own, status: 'scheduled', start: mongoose.trusted({ $gt: now }) }, { topic: 1 }).sort({ start: 1 }).lean();
  const mentors = assigned ? ((await latest({ startup: assigned, mentor, status: 'completed' })) ?? (await latest({ startup: assigned, mentor }))) : null;
  const owed = await ActionItem.findOne({ startup: own, owner: 'startup', done: false }, { session: 1 }).sort({ createdAt: -1 }).lean();
  const founders = (owed ? await MentoringSession.findOne({ _id: owed.session }, { topic: 1 }).lean() : null) ?? held;
  return {
    session: held ? String(held._id) : undefined,
    sessionTopic: held?.topic,
    movableSession: movable ? String(movable._id) : undefined,
    mentorSession: mentors ? String(mentors._id) : undefined,
    mentorSessionTopic: mentors?.topic,
    founderSession: founders ? String(founders._id) : undefined,
    founderSessionTopic: founders?.topic,
  };
}

/** The hosting records the hosting pages open: see BenchIds. */
async function hostingIds(own: mongoose.Types.ObjectId) {
  const day = today();
  const allocation = (await HostingAllocation.findOne({ startup: own, from: mongoose.trusted({ $lte: day }), to: mongoose.trusted({ $gte: day }) }).sort({ from: -1 }).lean()) ?? (await HostingAllocation.findOne({ startup: own }).sort({ from: -1 }).lean());
  const space = allocation ? await Space.findOne({ _id: allocation.space }).lean() : await Space.findOne({}).sort({ createdAt: 1, _id: 1 }).lean();
  const site = space ? await Site.findOne({ _id: space.site }).lean() : null;
  const request = (await HostingRequest.findOne({ startup: own, status: 'pending' }).sort({ createdAt: -1 }).lean()) ?? (await HostingRequest.findOne({ startup: own }).sort({ createdAt: -1 }).lean());
  return {
    site: site ? String(site._id) : undefined,
    siteName: site?.name,
    space: space ? String(space._id) : undefined,
    spaceName: space?.name,
    allocation: allocation ? String(allocation._id) : undefined,
    hostingRequest: request ? String(request._id) : undefined,
  };
}

/** The referrals the referral pages open: see BenchIds. */
async function referralIds(own: mongoose.Types.ObjectId) {
  const partner = await User.findOne({ email: BENCH_USERS.partner.email }, { organisation: 1 }).lean();
  const organisation = partner?.organisation ? await PartnerOrganisation.findOne({ _id: partner.organisation }, { name: 1 }).lean() : null;
  const live = organisation ? await Referral.find({ organisation: organisation._id, status: mongoose.trusted({ $in: LIVE_STATUSES }) }, { startup: 1, status: 1, shared: 1 }).sort({ answeredAt: -1, _id: 1 }).lean() : [];
  const open = live.filter((r) => r.shared.some((d) => !d.withdrawnAt));
  const referral = open.find((r) => r.status === 'accepted') ?? open.find((r) => r.status !== 'sent') ?? open[0];
  const startup = referral ? await Startup.findOne({ _id: referral.startup }, { name: 1 }).lean() : null;
  const mine = await Referral.find({ startup: own, sentAt: mongoose.trusted({ $ne: null }) }, { status: 1, consents: 1 }).sort({ sentAt: -1 }).lean();
  const founder = mine.find((r) => LIVE_STATUSES.includes(r.status) && r.consents.some((c) => c.status === 'approved')) ?? mine[0];
  return {
    partnerOrganisation: organisation ? String(organisation._id) : undefined,
    partnerOrganisationName: organisation?.name,
    referral: referral ? String(referral._id) : undefined,
    referralStartupName: startup?.name,
    founderReferral: founder ? String(founder._id) : undefined,
  };
}

export async function resolveIds(): Promise<BenchIds> {
  const founder = await User.findOne({ email: BENCH_USERS.founder.email }).lean();
  const mentor = await User.findOne({ email: BENCH_USERS.mentor.email }).lean();
  if (!founder || !mentor) throw new Error('the dataset has no benchmark users: rebuild it with --fresh');
  const own = await Startup.findOne({ _id: founder.startups[0] }, { name: 1 }).lean();
  if (!own) throw new Error('the benchmark founder has no startup: rebuild the dataset with --fresh');
  const now = new Date();
  const assignments = await MentorAssignment.find({ mentor: mentor._id, from: mongoose.trusted({ $lte: now }), $or: [{ to: null }, { to: mongoose.trusted({ $gte: now }) }] }).lean();
  const assignedId = assignments.map((a) => String(a.startup)).find((id) => id !== String(own._id)) ?? (assignments[0] ? String(assignments[0].startup) : undefined);
  const assigned = assignedId ? await Startup.findOne({ _id: assignedId }, { name: 1 }).lean() : null;
  const cohort = (await Cohort.findOne({ status: 'active' }).sort({ startDate: -1 }).lean()) ?? (await Cohort.findOne({}).sort({ startDate: -1 }).lean());
  const milestone = (await Milestone.findOne({ startup: own._id, status: 'submitted', removedAt: null }).lean()) ?? (await Milestone.findOne({ startup: own._id, removedAt: null }).lean());
  const open = await Milestone.findOne({ startup: own._id, status: mongoose.trusted({ $in: ['planned', 'changes_requested'] }), removedAt: null }).lean();
  const assignedMilestone = assigned ? await Milestone.findOne({ startup: assigned._id, removedAt: null }).lean() : null;
  const track = await MilestoneTrack.findOne({}).lean();
  return {
    ownStartup: String(own._id),
    ownStartupName: own.name,
    assignedStartup: assigned ? String(assigned._id) : undefined,
    assignedStartupName: assigned?.name,
    cohort: cohort ? String(cohort._id) : undefined,
    cohortName: cohort?.name,
    milestone: milestone ? String(milestone._id) : undefined,
    milestoneTitle: milestone?.title,
    openMilestone: open ? String(open._id) : undefined,
    openMilestoneTitle: open?.title,
    assignedMilestone: assignedMilestone ? String(assignedMilestone._id) : undefined,
    assignedMilestoneTitle: assignedMilestone?.title,
    founderUser: String(founder._id),
    track: track ? String(track._id) : undefined,
    benchMentor: String(mentor._id),
    benchMentorName: mentor.name,
    ...(await sessionIds(own._id, mentor._id, assigned?._id, now)),
    ...(await hostingIds(own._id)),
    ...(await referralIds(own._id)),
  };
}

/** What the loader child (prepare-cli.ts) answers on its last line, after PREPARED_PREFIX. */
export const PREPARED_PREFIX = 'BENCH_PREPARED ';

export interface Prepared {
  marker: DatasetMarker;
  reused: boolean;
  sizes: Record<string, number>;
  ids: BenchIds;
}
