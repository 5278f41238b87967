import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { verifyPassword } from '../../src/core/auth/password';
import { ActivityEntry } from '../../src/core/audit/model';
import { Checkin, CheckinReminder } from '../../src/checkins/model';
import { currentMonth } from '../../src/checkins/month';
import { DossierDocument } from '../../src/documents/model';
import { Milestone } from '../../src/milestones/model';
import { Notification } from '../../src/notifications/model';
import { Cohort } from '../../src/programmes/cohort.model';
import { ReadinessAssessment, ReadinessTarget } from '../../src/readiness/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { buildDataset } from '../../src/bench/build/build';
import { BENCH_PASSWORD, BENCH_USERS, TINY } from '../../src/bench/datasets';
import { collectionSizes, resolveIds } from '../../src/bench/dataset';
import { sharedWorld } from '../helpers';

/**
 * The benchmark's datasets are built by the app's factories: a tiny one here, so that a change to a
 * model that the builders do not follow fails a test rather than the next benchmark run.
 */
describe('bench: dataset built with the factories', () => {
  let inserted: Record<string, number>;

  sharedWorld(async () => {
    inserted = await buildDataset(TINY, { log: () => undefined, batchSize: 25 });
  });

  it('holds the counts of its definition, as the server counts them', async () => {
    expect(inserted.milestones).to.equal(TINY.milestones);
    expect(inserted.activity).to.equal(TINY.activity);
    expect(inserted.notifications).to.equal(TINY.notifications);
    expect(inserted.startups).to.equal(TINY.startups);
    expect(inserted.documents).to.equal(TINY.documentsPerStartup * TINY.startups);
    const sizes = await collectionSizes();
    expect(sizes.milestones).to.equal(TINY.milestones);
    expect(sizes.activityentries).to.equal(TINY.activity);
    expect(sizes.notifications).to.equal(TINY.notifications);
    expect(sizes.startups).to.equal(TINY.startups);
    expect(sizes.users).to.equal(inserted.users);
    expect(sizes.checkins).to.equal(inserted.checkins).and.to.be.greaterThan(0);
    expect(sizes.readinessassessments).to.equal(inserted.assessments).and.to.be.greaterThan(0);
    expect(sizes.mentorassignments).to.equal(inserted.assignments).and.to.be.greaterThan(0);
    expect(sizes.cohorts).to.equal(TINY.years * TINY.cohortsPerYear + 1);
  });

  it('stores only records that their model validates', async () => {
    const models: Model<Record<string, unknown>>[] = [User, Startup, Cohort, MentorAssignment, DossierDocument, Milestone, ReadinessAssessment, ReadinessTarget, Checkin, CheckinReminder, ActivityEntry, Notification] as unknown as Model<Record<string, unknown>>[];
    for (const model of models) {
      const docs = await model.find({}).lean();
      expect(docs.length, model.modelName).to.be.greaterThan(0);
      for (const doc of docs) {
        const error = await new model(doc).validate().then(() => undefined, (err: Error) => err);
        expect(error, `${model.modelName} ${String((doc as { _id: unknown })._id)}: ${error?.message}`).to.equal(undefined);
      }
    }
  });

  it('gives the benchmark users their loads: sign-in password, the founder’s history, the mentor’s startups, the manager’s unread notifications', async () => {
    const manager = await User.findOne({ email: BENCH_USERS.manager.email }).lean();
    expect(await verifyPassword(manager?.passwordHash ?? '', BENCH_PASSWORD)).to.equal(true);
    expect(await Notification.countDocuments({ user: manager?._id })).to.equal(TINY.benchManagerNotifications);
    expect(await Notification.countDocuments({ user: manager?._id, readAt: null })).to.equal(TINY.benchManagerUnread);
    // The bell's number kept with the user matches, as notify() keeps it.
    expect(manager?.unreadNotifications).to.equal(TINY.benchManagerUnread);
    // The unread ones are the newest.
    const newestRead = await Notification.findOne({ user: manager?._id, readAt: mongoose.trusted({ $ne: null }) }).sort({ createdAt: -1 }).lean();
    const oldestUnread = await Notification.findOne({ user: manager?._id, readAt: null }).sort({ createdAt: 1 }).lean();
    expect(oldestUnread?.createdAt.getTime()).to.be.at.least(newestRead?.createdAt.getTime() ?? 0);

    const ids = await resolveIds();
    const own = await Startup.findOne({ _id: ids.ownStartup }).lean();
    expect(own?.status).to.equal('active');
    expect(await Milestone.countDocuments({ startup: own?._id })).to.be.greaterThan(TINY.milestones / TINY.startups);
    expect(await Checkin.countDocuments({ startup: own?._id })).to.be.greaterThan(0);
    expect(await ActivityEntry.countDocuments({ entityId: ids.ownStartup })).to.be.greaterThan(0);
    expect(ids.assignedStartup, 'a startup assigned to the mentor today').to.be.a('string');
    expect(ids.milestone && ids.openMilestone && ids.cohort && ids.track).to.be.a('string');
  });

  it('spreads dates so that today’s shares are realistic: overdue, waiting for review, this month’s check-ins', async () => {
    const today = new Date();
    const overdue = await Milestone.countDocuments({ status: mongoose.trusted({ $ne: 'approved' }), dueDate: mongoose.trusted({ $lt: today }) });
    const approved = await Milestone.countDocuments({ status: 'approved' });
    expect(overdue).to.be.greaterThan(0).and.to.be.lessThan(approved);
    expect(await Milestone.countDocuments({ status: 'submitted' })).to.be.greaterThan(0);
    expect(await Milestone.countDocuments({ dueDate: mongoose.trusted({ $gt: today }) })).to.be.greaterThan(0);
    const active = await Startup.countDocuments({ status: 'active' });
    expect(await Checkin.countDocuments({ month: currentMonth(today) })).to.be.at.most(active);
    expect(await ActivityEntry.countDocuments({ at: mongoose.trusted({ $gt: today }) })).to.equal(0);
    expect(await Notification.countDocuments({ createdAt: mongoose.trusted({ $gt: today }) })).to.equal(0);
  });
});
