import { expect } from 'chai';
import mongoose from 'mongoose';
import type { MailMessage, Mailer } from '../../src/core/mail';
import { Notification } from '../../src/notifications/model';
import { backfillUnreadCounts, notificationText, notify } from '../../src/notifications/service';
import { makeUser } from '../../src/seed/factories';
import { makeApp } from '../helpers';
import { User } from '../../src/users/model';

/** A Mailer that keeps what it is asked to send. */
function capturingMailer(): Mailer & { mails: MailMessage[] } {
  const mails: MailMessage[] = [];
  return {
    mails,
    async send(message) {
      mails.push(message);
    },
  };
}

const submitted = (to: string[], extra: Partial<{ link: string; kind: string }> = {}) => ({
  to,
  kind: extra.kind ?? 'milestone.submitted',
  params: { startup: 'CardioSense', milestone: 'Marquage CE' },
  link: extra.link ?? '/startups/abc/milestones',
});

describe('notifications: notify() and texts', () => {

  it('creates one notification per distinct active recipient and nobody else', async () => {
    const a = await makeUser({ role: 'manager' });
    const b = await makeUser({ role: 'manager' });
    const inactive = await makeUser({ role: 'manager', active: false });
    const bystander = await makeUser({ role: 'manager' });
    const unknownId = String(new mongoose.Types.ObjectId());
    await notify(submitted([String(a._id), String(a._id), String(b._id), String(inactive._id), 'not-an-id', unknownId]));
    const stored = await Notification.find({}).lean();
    expect(stored.map((n) => String(n.user)).sort()).to.deep.equal([String(a._id), String(b._id)].sort());
    expect(stored[0].kind).to.equal('milestone.submitted');
    expect(stored[0].params).to.deep.equal({ startup: 'CardioSense', milestone: 'Marquage CE' });
    expect(stored[0].link).to.equal('/startups/abc/milestones');
    expect(stored[0].readAt).to.equal(null);
    expect(await Notification.countDocuments({ user: bystander._id })).to.equal(0);
    expect(await Notification.countDocuments({ user: inactive._id })).to.equal(0);
  });

  it('writes nothing for an empty recipient list', async () => {
    await notify(submitted([]));
    expect(await Notification.countDocuments({})).to.equal(0);
  });

  it('refuses a link that is not a local path, writing nothing', async () => {
    const a = await makeUser();
    for (const link of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      let thrown: unknown;
      try {
        await notify(submitted([String(a._id)], { link }));
      } catch (err) {
        thrown = err;
      }
      expect(thrown, link).to.be.instanceOf(Error);
    }
    expect(await Notification.countDocuments({})).to.equal(0);
    // The model refuses it too, whoever writes.
    let invalid: unknown;
    try {
      await Notification.create({ user: a._id, kind: 'x', link: '//evil.example' });
    } catch (err) {
      invalid = err;
    }
    expect(invalid).to.be.instanceOf(mongoose.Error.ValidationError);
  });

  it('keeps only plain string and number params under safe names', async () => {
    const a = await makeUser();
    await notify({ to: [String(a._id)], kind: 'milestone.approved', params: { milestone: 'M1', count: 3, $where: 'x', 'a.b': 'y', obj: { x: 1 } as unknown as string }, link: '/' });
    const stored = await Notification.findOne({ user: a._id }).lean();
    expect(stored?.params).to.deep.equal({ milestone: 'M1', count: 3 });
  });

  it('has the texts of the milestone and check-in kinds in French and English', () => {
    const params = { startup: 'CardioSense', milestone: 'Marquage CE', month: '2026-03' };
    expect(notificationText('fr', 'milestone.submitted', params).title).to.equal('CardioSense a soumis le jalon « Marquage CE »');
    expect(notificationText('en', 'milestone.submitted', params).title).to.equal('CardioSense submitted the milestone “Marquage CE”');
    expect(notificationText('fr', 'milestone.changesRequested', params).title).to.equal('Modifications demandées sur le jalon « Marquage CE »');
    expect(notificationText('en', 'milestone.changesRequested', params).title).to.equal('Changes requested on the milestone “Marquage CE”');
    expect(notificationText('fr', 'milestone.approved', params).title).to.equal('Jalon « Marquage CE » validé');
    expect(notificationText('en', 'milestone.approved', params).body).to.equal('Well done: the milestone of CardioSense is achieved.');
    expect(notificationText('fr', 'checkin.reminder', params).title).to.equal('N’oubliez pas le point mensuel de CardioSense pour mars 2026');
    expect(notificationText('en', 'checkin.reminder', params).title).to.equal('Remember the monthly check-in of CardioSense for March 2026');
  });

  it('shows a generic text for an unknown kind and "…" for a missing value, never a crash', () => {
    expect(notificationText('fr', 'nothing.known', {})).to.deep.equal({ title: 'Nouvelle notification', body: 'Ouvrez-la pour voir le détail.' });
    expect(notificationText('en', '__proto__', null).title).to.equal('New notification');
    expect(notificationText('fr', 'milestone', {}).title).to.equal('Nouvelle notification');
    expect(notificationText('fr', 'milestone.approved', {}).title).to.equal('Jalon « … » validé');
    // A value that looks like a placeholder is shown as typed, not filled again.
    expect(notificationText('fr', 'milestone.approved', { milestone: '{startup}', startup: 'X' }).title).to.equal('Jalon « {startup} » validé');
  });

  it('mails each recipient in their own language with the full link, when a mailer is given', async () => {
    const fr = await makeUser({ role: 'manager', locale: 'fr', name: 'Camille' });
    const en = await makeUser({ role: 'manager', locale: 'en', name: 'Alex' });
    const inactive = await makeUser({ role: 'manager', active: false });
    const mailer = capturingMailer();
    await notify(submitted([String(fr._id), String(en._id), String(inactive._id)]), mailer, 'https://boost.example.org/');
    expect(mailer.mails).to.have.length(2);
    const toFr = mailer.mails.find((m) => m.to === fr.email);
    const toEn = mailer.mails.find((m) => m.to === en.email);
    expect(toFr?.subject).to.equal('CardioSense a soumis le jalon « Marquage CE »');
    expect(toFr?.text).to.contain('Bonjour Camille,');
    expect(toFr?.text).to.contain('Le jalon attend votre revue');
    expect(toFr?.text).to.contain('Ouvrir : https://boost.example.org/startups/abc/milestones');
    expect(toEn?.subject).to.equal('CardioSense submitted the milestone “Marquage CE”');
    expect(toEn?.text).to.contain('Hello Alex,');
    expect(toEn?.text).to.contain('Open: https://boost.example.org/startups/abc/milestones');
  });

  it('sends no mail without a mailer', async () => {
    const { mails } = makeApp();
    const a = await makeUser();
    await notify(submitted([String(a._id)]));
    expect(mails).to.have.length(0);
    expect(await Notification.countDocuments({ user: a._id })).to.equal(1);
  });

  it('a mail that fails is logged and neither throws nor undoes the notifications', async () => {
    const a = await makeUser();
    const b = await makeUser();
    const warnings: unknown[] = [];
    const failing: Mailer = {
      async send(message) {
        if (message.to === a.email) throw new Error('SMTP down');
      },
    };
    await notify(submitted([String(a._id), String(b._id)]), failing, 'http://x', { warn: (...args: unknown[]) => warnings.push(args) } as never);
    expect(await Notification.countDocuments({})).to.equal(2);
    expect(warnings).to.have.length(1);
    expect(JSON.stringify(warnings[0])).to.contain(String(a._id));
    // Without a logger too.
    await notify(submitted([String(a._id)]), failing);
    expect(await Notification.countDocuments({ user: a._id })).to.equal(2);
  });

  it('counts the bell’s number once for users stored before it was kept with them', async () => {
    const earlier = await makeUser();
    await User.collection.updateOne({ _id: earlier._id }, { $unset: { unreadNotifications: '' } });
    await Notification.collection.insertMany([
      { user: earlier._id, kind: 'milestone.approved', params: {}, link: '/', readAt: null },
      { user: earlier._id, kind: 'milestone.approved', params: {}, link: '/', readAt: null },
      { user: earlier._id, kind: 'milestone.approved', params: {}, link: '/', readAt: new Date() },
    ]);
    expect(await backfillUnreadCounts()).to.equal(1);
    expect((await User.findOne({ _id: earlier._id }).lean())?.unreadNotifications).to.equal(2);
    expect(await backfillUnreadCounts()).to.equal(0);
  });
});

