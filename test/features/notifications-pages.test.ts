import { expect } from 'chai';
import Handlebars from 'handlebars';
import mongoose from 'mongoose';
import request from 'supertest';
import { Notification } from '../../src/notifications/model';
import { notify } from '../../src/notifications/service';
import { ROLES } from '../../src/core/policy';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { csrfFrom, login, makeApp, signedIn, type Agent, text } from '../helpers';

const NOT_FOUND = text('errors.notFound');

/** Notifications stored as given (dates chosen by the test); title shown: "Jalon « <label> » validé". */
async function seedNotifications(userId: unknown, labels: string[], options: { read?: boolean; link?: string; start?: number } = {}) {
  const base = options.start ?? Date.UTC(2026, 2, 1, 9);
  const docs = labels.map((label, i) => ({
    _id: new mongoose.Types.ObjectId(),
    user: userId,
    kind: 'milestone.approved',
    params: { milestone: label, startup: 'CardioSense' },
    link: options.link ?? '/startups',
    readAt: options.read ? new Date() : null,
    createdAt: new Date(base + i * 60000),
    updatedAt: new Date(base + i * 60000),
  }));
  // Straight into the collection: the tests choose the dates (and may store what the model would refuse).
  await Notification.collection.insertMany(docs);
  // What notify() does beside: the user's bell number counts them.
  if (!options.read) await User.updateOne({ _id: userId }, { $inc: { unreadNotifications: docs.length } });
  return docs.map((d) => String(d._id));
}

const title = (label: string) => `Jalon « ${label} » validé`;

async function post(agent: Agent, path: string, fields: Record<string, string> = {}) {
  const token = await csrfFrom(agent, '/notifications');
  return agent.post(path).type('form').send({ _csrf: token, ...fields });
}

describe('notifications: list, bell, open and mark as read', () => {

  it('every role can open its list; anonymous visitors go to the login page', async () => {
    const { app } = makeApp();
    for (const role of ROLES) {
      const s = role === 'founder' ? await makeStartup() : undefined;
      const { agent } = await signedIn(app, { role, startups: s ? [s._id] : [] });
      const res = await agent.get('/notifications');
      expect(res.status, role).to.equal(200);
      expect(res.text, role).to.contain('Aucune notification');
    }
    const anonymous = await request(app).get('/notifications');
    expect(anonymous.status).to.equal(302);
    expect(anonymous.headers.location).to.equal('/login?next=%2Fnotifications');
    for (const path of ['/notifications/read-all', `/notifications/${String(new mongoose.Types.ObjectId())}/read`, `/notifications/${String(new mongoose.Types.ObjectId())}/open`]) {
      const agent = request.agent(app);
      const token = await csrfFrom(agent, '/login');
      const res = await agent.post(path).type('form').send({ _csrf: token });
      expect(res.status, path).to.equal(302);
      expect(res.headers.location, path).to.equal('/login');
    }
  });

  it('shows only the user’s own notifications, newest first, in their language, with an unread filter and pages', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app, { role: 'manager' });
    const other = await makeUser({ role: 'manager' });
    await seedNotifications(user._id, ['Old read'], { read: true, start: Date.UTC(2026, 0, 1) });
    await seedNotifications(user._id, ['Older', 'Newer']);
    await seedNotifications(other._id, ['Someone else']);

    const all = await agent.get('/notifications');
    expect(all.status).to.equal(200);
    expect(all.text).to.contain(title('Newer'));
    expect(all.text).to.contain(title('Old read'));
    expect(all.text).to.not.contain('Someone else');
    expect(all.text.indexOf(title('Newer'))).to.be.lessThan(all.text.indexOf(title('Older')));
    expect(all.text.indexOf(title('Older'))).to.be.lessThan(all.text.indexOf(title('Old read')));
    expect(all.text).to.contain('Bravo : le jalon de CardioSense est atteint.');
    expect(all.text).to.contain('2 notifications non lues');

    const unread = await agent.get('/notifications?filter=unread');
    expect(unread.text).to.contain(title('Newer'));
    expect(unread.text).to.not.contain(title('Old read'));

    // Bad filter values fall back to "all" instead of failing.
    const bad = await agent.get('/notifications?filter[$ne]=x&page=abc');
    expect(bad.status).to.equal(200);
    expect(bad.text).to.contain(title('Old read'));

    // English reader: English texts.
    const en = await makeUser({ role: 'founder', locale: 'en' });
    await seedNotifications(en._id, ['Launch']);
    const enAgent = await login(app, en.email);
    const enPage = await enAgent.get('/notifications');
    expect(enPage.text).to.contain('Milestone “Launch” approved');
    expect(enPage.text).to.contain('1 unread notification');
  });

  it('paginates (20 a page) and keeps the filter in the page links', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    await seedNotifications(user._id, Array.from({ length: 25 }, (_, i) => `N${String(i).padStart(2, '0')}`));
    const first = await agent.get('/notifications?filter=unread');
    expect(first.text).to.contain(title('N24'));
    expect(first.text).to.not.contain(title('N04'));
    expect(first.text).to.contain(`href="${Handlebars.Utils.escapeExpression('?filter=unread&page=2')}"`);
    const second = await agent.get('/notifications?filter=unread&page=2');
    expect(second.text).to.contain(title('N04'));
    expect(second.text).to.contain(title('N00'));
    expect(second.text).to.not.contain(title('N05'));
  });

  it('the empty state of the unread filter says what to do next', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    await seedNotifications(user._id, ['Done'], { read: true });
    const res = await agent.get('/notifications?filter=unread');
    expect(res.text).to.contain('Aucune notification non lue.');
    expect(res.text).to.contain('Voir toutes les notifications');
    expect(res.text).to.not.contain('Tout marquer comme lu');
  });

  it('the bell’s number follows notify() and reading, and the list repairs a number that drifted', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    const bellOf = async () => Number(/aria-hidden="true">(\d+)<\/span>/.exec(/data-bell>([\s\S]*?)<\/a>/.exec((await agent.get('/account')).text)?.[1] ?? '')?.[1] ?? 0);
    for (const milestone of ['M1', 'M2', 'M3']) await notify({ to: [String(user._id)], kind: 'milestone.approved', params: { milestone, startup: 'CardioSense' }, link: '/' });
    expect(await bellOf()).to.equal(3);
    const [first] = await Notification.find({ user: user._id }).sort({ _id: 1 }).lean();
    await post(agent, `/notifications/${String(first._id)}/read`);
    // Reading it twice lowers the number once.
    await post(agent, `/notifications/${String(first._id)}/read`);
    expect(await bellOf()).to.equal(2);
    // A number that drifted (a crash between two writes) is set right when the user opens the list.
    await User.updateOne({ _id: user._id }, { $set: { unreadNotifications: 9 } });
    await agent.get('/notifications');
    expect(await bellOf()).to.equal(2);
    await post(agent, '/notifications/read-all');
    expect(await bellOf()).to.equal(0);
    expect((await User.findOne({ _id: user._id }).lean())?.unreadNotifications).to.equal(0);
  });

  it('the bell shows the unread count on every page, and no badge at zero', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    await seedNotifications(user._id, ['A', 'B', 'C']);
    await seedNotifications(user._id, ['R'], { read: true });
    const page = await agent.get('/account');
    expect(page.status).to.equal(200);
    const bell = /<a [^>]*href="\/notifications"[^>]*data-bell>([\s\S]*?)<\/a>/.exec(page.text)?.[1] ?? '';
    expect(bell).to.contain('<span class="badge rounded-pill text-bg-warning" aria-hidden="true">3</span>');
    expect(bell).to.contain('<span class="visually-hidden">3 notifications non lues</span>');
    await post(agent, '/notifications/read-all');
    const after = await agent.get('/account');
    const bellAfter = /<a [^>]*href="\/notifications"[^>]*data-bell>([\s\S]*?)<\/a>/.exec(after.text)?.[1] ?? '';
    expect(bellAfter).to.not.contain('badge');
    expect(bellAfter).to.contain('Notifications : aucune non lue');
    // Not on pages of anonymous visitors.
    const login = await request(app).get('/login');
    expect(login.text).to.not.contain('data-bell');
  });

  it('marks one as read with a message and comes back to the same view', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    const [id, keep] = await seedNotifications(user._id, ['One', 'Two']);
    const res = await post(agent, `/notifications/${id}/read`, { filter: 'unread', page: '1' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/notifications?filter=unread');
    expect((await Notification.findById(id).lean())?.readAt).to.be.instanceOf(Date);
    expect((await Notification.findById(keep).lean())?.readAt).to.equal(null);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('Notification marquée comme lue.');
    expect(page.text).to.not.contain(title('One'));
    // Again: still fine, nothing changes.
    const again = await post(agent, `/notifications/${id}/read`);
    expect(again.status).to.equal(303);
    expect(again.headers.location).to.equal('/notifications');
  });

  it('marks all of the user’s own as read, not anyone else’s', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    const other = await makeUser();
    await seedNotifications(user._id, ['A', 'B']);
    await seedNotifications(other._id, ['X']);
    const res = await post(agent, '/notifications/read-all');
    expect(res.status).to.equal(303);
    expect(await Notification.countDocuments({ user: user._id, readAt: null })).to.equal(0);
    expect(await Notification.countDocuments({ user: other._id, readAt: null })).to.equal(1);
    expect((await agent.get('/notifications')).text).to.contain('2 notification(s) marquée(s) comme lue(s).');
    await post(agent, '/notifications/read-all');
    expect((await agent.get('/notifications')).text).to.contain('Aucune notification non lue : rien à marquer.');
  });

  it('open marks it read and goes to its page; a stored link that is not local is never followed', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    const [id] = await seedNotifications(user._id, ['Go'], { link: '/startups?q=cardio' });
    const res = await post(agent, `/notifications/${id}/open`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/startups?q=cardio');
    expect((await Notification.findById(id).lean())?.readAt).to.be.instanceOf(Date);
    for (const link of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const [bad] = await seedNotifications(user._id, ['Evil'], { link });
      const out = await post(agent, `/notifications/${bad}/open`);
      expect(out.status, link).to.equal(303);
      expect(out.headers.location, link).to.equal('/notifications');
    }
  });

  it('another user’s notification and a malformed id answer 404 on every button, changing nothing', async () => {
    const { app } = makeApp();
    const { agent } = await signedIn(app, { role: 'manager' });
    const other = await makeUser({ role: 'founder' });
    const [theirs] = await seedNotifications(other._id, ['Private']);
    for (const id of [theirs, 'not-an-id', '123', String(new mongoose.Types.ObjectId())]) {
      for (const action of ['read', 'open']) {
        const res = await post(agent, `/notifications/${id}/${action}`);
        expect(res.status, `${action} ${id}`).to.equal(404);
        expect(res.text).to.contain(NOT_FOUND);
      }
    }
    expect((await Notification.findById(theirs).lean())?.readAt).to.equal(null);
  });

  it('every button needs the CSRF token', async () => {
    const { app } = makeApp();
    const { user, agent } = await signedIn(app);
    const [id] = await seedNotifications(user._id, ['Token']);
    for (const path of [`/notifications/${id}/read`, `/notifications/${id}/open`, '/notifications/read-all']) {
      const res = await agent.post(path).type('form').send({});
      expect(res.status, path).to.equal(403);
      const wrong = await agent.post(path).type('form').send({ _csrf: 'forged' });
      expect(wrong.status, path).to.equal(403);
    }
    expect((await Notification.findById(id).lean())?.readAt).to.equal(null);
  });

  it('a notification sent through notify() reaches the list and the bell of its recipient only', async () => {
    const { app } = makeApp();
    const s = await makeStartup({ name: 'CardioSense' });
    const { user: founder, agent } = await signedIn(app, { role: 'founder', startups: [s._id] });
    const { agent: otherAgent } = await signedIn(app, { role: 'founder', startups: [s._id] });
    await notify({ to: [String(founder._id)], kind: 'milestone.changesRequested', params: { startup: 'CardioSense', milestone: 'ISO <13485>' }, link: `/startups/${String(s._id)}` });
    const page = await agent.get('/notifications');
    expect(page.text).to.contain('Modifications demandées sur le jalon « ISO &lt;13485&gt; »');
    expect(page.text).to.contain('1 notification non lue');
    const others = await otherAgent.get('/notifications');
    expect(others.text).to.contain('Aucune notification');
    expect(others.text).to.not.contain('ISO');
  });
});
