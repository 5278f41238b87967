import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { parisWallTime } from '../../src/core/time';
import { ActionItem, CalendarFeed, MentorProfile, MentoringSession, OfficeHourSlot, SESSION_STATUSES } from '../../src/mentoring/model';
import { assignedAt } from '../../src/startups/access';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { User } from '../../src/users/model';
import { buildDataset } from '../../src/bench/build/build';
import { collectionSizes, resolveIds, type BenchIds } from '../../src/bench/dataset';
import { BENCH_PASSWORD, BENCH_USERS, TINY } from '../../src/bench/datasets';
import { expectedTitle, fillPath, refusal, type Values } from '../../src/bench/measure';
import { PAGES } from '../../src/bench/pages';
import { login, makeApp, sharedWorld } from '../helpers';

const MENTORING_PATH = /^\/(mentors|mentoring|office-hours|calendar)\b|\/mentoring\b/;
const trusted = mongoose.trusted;

/**
 * The mentoring records of the benchmark's datasets, on the tiny one: what a programme holds after a
 * year of mentoring, valid for its models, and what the benchmark users' mentoring pages need.
 */
describe('bench: the mentoring records of a dataset', () => {
  let inserted: Record<string, number>;
  let ids: BenchIds;
  let values: Values;

  sharedWorld(async () => {
    inserted = await buildDataset(TINY, { log: () => undefined, batchSize: 25 });
    ids = await resolveIds();
    values = { ...ids, founderUserName: BENCH_USERS.founder.name };
  });

  it('holds profiles, sessions of every status, action items, office hours and feeds', async () => {
    const sizes = await collectionSizes();
    expect(sizes.mentorprofiles).to.equal(TINY.mentors).and.to.equal(inserted.mentorProfiles);
    expect(sizes.mentoringsessions).to.equal(inserted.mentoringSessions).and.to.be.within(TINY.mentoringSessions * 0.8, TINY.mentoringSessions * 1.2);
    expect(sizes.actionitems).to.equal(inserted.actionItems).and.to.be.greaterThan(0);
    expect(sizes.officehourslots).to.equal(inserted.officeHourSlots).and.to.be.greaterThan(0);
    expect(sizes.calendarfeeds).to.equal(inserted.calendarFeeds).and.to.be.greaterThan(0);
    const now = new Date();
    for (const status of SESSION_STATUSES) expect(await MentoringSession.countDocuments({ status }), status).to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ status: 'scheduled', end: trusted({ $lte: now }) }), 'to record').to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ status: 'scheduled', start: trusted({ $gt: now }) }), 'to come').to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ status: trusted({ $ne: 'scheduled' }), start: trusted({ $gt: now }) }), 'held or missed ahead of time').to.equal(await MentoringSession.countDocuments({ status: 'cancelled', start: trusted({ $gt: now }) }));
    // The builders' own times stand (Mongoose's timestamps do not replace them with the loading time).
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
    expect(await MentoringSession.countDocuments({ createdAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
    expect(await ActionItem.countDocuments({ updatedAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
    expect(await OfficeHourSlot.countDocuments({ updatedAt: trusted({ $lt: monthAgo }) })).to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ 'feedback.rating': trusted({ $gte: 1 }) })).to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ notes: trusted({ $ne: '' }), status: 'completed' })).to.be.greaterThan(0);
    expect(await MentoringSession.countDocuments({ cancelReason: '', status: 'cancelled' })).to.equal(0);
    for (const owner of ['startup', 'coach'] as const) for (const done of [true, false]) expect(await ActionItem.countDocuments({ owner, done }), `${owner} ${String(done)}`).to.be.greaterThan(0);
    expect(await ActionItem.countDocuments({ done: true, doneAt: null })).to.equal(0);
    for (const status of ['open', 'booked'] as const) expect(await OfficeHourSlot.countDocuments({ status }), status).to.be.greaterThan(0);
    for (const slot of await OfficeHourSlot.find({ status: 'booked' }).lean()) {
      const session = await MentoringSession.findOne({ _id: slot.session }).lean();
      expect(String(session?.slot), 'the booked slot’s session').to.equal(String(slot._id));
      expect(session?.start.getTime()).to.equal(slot.start.getTime());
    }
  });

  it('stores only records that their model validates', async () => {
    // The models' own document types differ; each is only asked to validate what it stored.
    const models = [MentorProfile, MentoringSession, OfficeHourSlot, ActionItem, CalendarFeed] as unknown as Model<Record<string, unknown>>[];
    for (const model of models) {
      for (const doc of await model.find({}).lean()) {
        const error = await new model(doc).validate().then(() => undefined, (err: Error) => err);
        expect(error, `${model.modelName}: ${error?.message}`).to.equal(undefined);
      }
    }
  });

  it('places sessions at Paris working hours, between a mentor and a startup assigned then, never two at once', async () => {
    const sessions = await MentoringSession.find({}).sort({ start: 1 }).lean();
    const assignments = await MentorAssignment.find({}).lean();
    const names = new Map((await User.find({ role: 'mentor' }, { name: 1 }).lean()).map((u) => [String(u._id), u.name]));
    const lastEnd = new Map<string, number>();
    for (const s of sessions) {
      expect(s.end.getTime() - s.start.getTime()).to.equal(s.durationMinutes * 60_000);
      const from = parisWallTime(s.start).time;
      const to = parisWallTime(s.end).time;
      expect(from >= '08:30' && to <= '19:00' && parisWallTime(s.end).day === parisWallTime(s.start).day, `${from}–${to}`).to.equal(true);
      expect(s.mentorName).to.equal(names.get(String(s.mentor)));
      const period = assignments.find((a) => String(a.mentor) === String(s.mentor) && String(a.startup) === String(s.startup) && a.from <= s.start && (!a.to || a.to >= s.end));
      expect(period, `session ${String(s._id)} within an assignment`).to.not.equal(undefined);
      if (s.status === 'cancelled') continue;
      expect(s.start.getTime(), 'the mentor is free').to.be.at.least(lastEnd.get(String(s.mentor)) ?? 0);
      lastEnd.set(String(s.mentor), s.end.getTime());
    }
    for (const item of await ActionItem.find({}).lean()) {
      const session = sessions.find((s) => String(s._id) === String(item.session));
      expect(session?.status, 'items come from held sessions').to.equal('completed');
      expect(String(item.startup)).to.equal(String(session?.startup));
    }
  });

  it('gives the benchmark mentor and founder what their mentoring pages show', async () => {
    const mentor = await User.findOne({ email: BENCH_USERS.mentor.email }).lean();
    const founder = await User.findOne({ email: BENCH_USERS.founder.email }).lean();
    const now = new Date();
    const today = parisWallTime(now).day;
    const mine = await MentoringSession.find({ mentor: mentor?._id, status: 'scheduled' }).lean();
    expect(await MentorProfile.countDocuments({ _id: mentor?._id })).to.equal(1);
    expect(await MentorAssignment.countDocuments({ mentor: mentor?._id, ...assignedAt(now) })).to.be.greaterThan(0);
    expect(mine.filter((s) => parisWallTime(s.start).day === today).length, 'today').to.be.greaterThan(0);
    expect(mine.filter((s) => s.start > now && s.start.getTime() < now.getTime() + 7 * 86_400_000).length, 'this week').to.be.greaterThan(0);
    expect(mine.filter((s) => s.end <= now).length, 'to record').to.be.greaterThan(0);
    expect(await ActionItem.countDocuments({ mentor: mentor?._id, owner: 'coach', done: false })).to.be.greaterThan(0);
    expect(await OfficeHourSlot.countDocuments({ mentor: mentor?._id, status: 'open', start: trusted({ $gt: now }) })).to.be.greaterThan(0);

    const own = founder?.startups[0];
    expect(await MentoringSession.countDocuments({ startup: own })).to.be.greaterThan(20);
    expect(await ActionItem.countDocuments({ startup: own, owner: 'startup', done: false })).to.be.greaterThan(0);
    const coaches = (await MentorAssignment.find({ startup: own, ...assignedAt(now) }).lean()).map((a) => a.mentor);
    expect(await OfficeHourSlot.countDocuments({ mentor: trusted({ $in: coaches }), status: 'open', start: trusted({ $gt: now }) })).to.be.greaterThan(0);
  });

  it('resolves every placeholder of the mentoring pages', () => {
    const pages = PAGES.filter((p) => MENTORING_PATH.test(p.path));
    expect(pages.length).to.be.at.least(25);
    for (const key of ['benchMentor', 'session', 'movableSession', 'mentorSession', 'founderSession'] as const) expect(ids[key], key).to.be.a('string');
    for (const page of pages) {
      expect(fillPath(page.path, values), `${page.role} ${page.path}`).to.be.a('string');
      expect(expectedTitle(page.title, values), `${page.role} ${page.path}: ${page.title}`).to.be.a('string');
    }
  });

  it('answers every mentoring page of the benchmark as it expects (200, its title, the user signed in)', async function () {
    this.timeout(60_000);
    const { app } = makeApp();
    for (const role of ['manager', 'mentor', 'founder'] as const) {
      const agent = await login(app, BENCH_USERS[role].email, BENCH_PASSWORD);
      for (const page of PAGES.filter((p) => p.role === role && (MENTORING_PATH.test(p.path) || p.path === '/'))) {
        const url = fillPath(page.path, values) ?? '';
        const res = await agent.get(url).set('accept-language', 'fr').set('accept', 'text/html');
        const why = refusal({ status: res.status, headers: res.headers, body: res.text }, expectedTitle(page.title, values) ?? '', BENCH_USERS[role].name);
        expect(why, `${role} ${url}`).to.equal(undefined);
      }
    }
  });
});
