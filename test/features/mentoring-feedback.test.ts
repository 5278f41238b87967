import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { formatDate } from '../../src/core/i18n';
import type { MailMessage } from '../../src/core/mail';
import { dayEnd } from '../../src/mentoring/days';
import { ActionItem, MentoringSession } from '../../src/mentoring/model';
import { remindActionItemsDue } from '../../src/mentoring/reminders';
import { makeActionItem, makeSession, makeStartup, makeUser } from '../../src/seed/factories';
import { makeApp, text, type TestApp } from '../helpers';
import { csvRows, fieldMessage, founderOf, mentorOf, notificationsOf, postAs, someone, type Person } from './mentoring.helpers';

/** A session's page after it: the mentor's private notes, the action items, the ratings given once. */
const NOTES = 'Note confidentielle 5RT la fondatrice hesite a lever';
const ITEM = 'Envoyer le protocole d’essai au comité';
const DAY = 24 * 3_600_000;

describe('mentoring: notes, action items and feedback', () => {
  let t: TestApp;
  let startup: Awaited<ReturnType<typeof makeStartup>>;
  let mentor: Person;
  let founder: Person;
  let sid: string;
  const at = (path = '') => `/mentoring/sessions/${sid}${path}`;
  const stored = async () => {
    const s = await MentoringSession.findOne({ _id: sid }).lean();
    if (!s) throw new Error('no session');
    return s;
  };
  /** The page a 303 leads to, read by the same person (it shows the flash message). */
  const follow = async (who: Person, res: { status: number; headers: Record<string, string> }) => {
    expect(res.status).to.equal(303);
    return (await who.agent.get(res.headers.location)).text;
  };

  beforeEach(async () => {
    t = makeApp();
    startup = await makeStartup({ name: 'CardioSense' });
    mentor = await mentorOf(t.app, [startup._id], 'Sophie Lefèvre');
    founder = await founderOf(t.app, [startup._id], 'Amina Diallo');
    const session = await makeSession(mentor.user._id, startup._id, { start: new Date(Date.now() - 3 * DAY), status: 'completed', topic: 'Essai clinique', mentorName: 'Sophie Lefèvre' });
    sid = String(session._id);
  });

  describe('notes', () => {
    it('the mentor saves them, the manager reads them; the founder never sees them (page, CSV, tab), nor a mentor colleague', async () => {
      const saved = await postAs(mentor, at('/notes'), { notes: NOTES, version: '0' });
      expect(saved.headers.location).to.equal(at('#notes'));
      const mine = await follow(mentor, saved);
      expect(mine).to.contain(text('mentoring.notes.saved'));
      expect(mine).to.contain(NOTES);
      expect((await stored()).notes).to.equal(NOTES);

      const manager = await someone(t.app, 'manager');
      expect((await manager.agent.get(at())).text).to.contain(NOTES);

      const page = await founder.agent.get(at());
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Essai clinique');
      expect(page.text).not.to.contain(NOTES);
      expect(page.text).not.to.contain(text('mentoring.notes.title'));
      const csv = await founder.agent.get('/mentoring/sessions/export.csv');
      expect(csv.status).to.equal(200);
      const rows = csvRows(csv.text);
      expect(rows).to.have.length(2);
      expect(rows[0]).not.to.include(text('mentoring.csv.notes'));
      expect(rows[1]).to.include('Essai clinique');
      expect(csv.text).not.to.contain('5RT');
      const tab = await founder.agent.get(`/startups/${String(startup._id)}/mentoring`);
      expect(tab.status).to.equal(200);
      expect(tab.text).to.contain('Essai clinique');
      expect(tab.text).not.to.contain('5RT');

      const colleague = await mentorOf(t.app, [startup._id], 'Marc Aubert');
      const theirs = await colleague.agent.get(at());
      expect(theirs.status).to.equal(200);
      expect(theirs.text).to.contain('Essai clinique');
      expect(theirs.text).not.to.contain('5RT');
      // Writing another mentor's notes is out of the colleague's reach: 404, as everywhere a record is.
      expect((await postAs(colleague, at('/notes'), { notes: 'Intrus', version: '1' })).status).to.equal(404);
      expect((await stored()).notes).to.equal(NOTES);
    });

    it('a founder posting notes: 403; a stale version: 409 with the notes stored now', async () => {
      expect((await postAs(founder, at('/notes'), { notes: 'Écrit par la startup', version: '0' })).status).to.equal(403);
      expect((await stored()).notes).to.equal('');

      expect((await postAs(mentor, at('/notes'), { notes: 'Première version des notes', version: '0' })).status).to.equal(303);
      const stale = await postAs(mentor, at('/notes'), { notes: 'Écrasement', version: '0' });
      expect(stale.status).to.equal(409);
      expect(stale.text).to.contain(text('errors.staleEdit'));
      expect(stale.text).to.match(/<textarea id="f-notes"[^>]*>Première version des notes<\/textarea>/);
      expect((await stored()).notes).to.equal('Première version des notes');
    });
  });

  describe('action items', () => {
    it('the mentor adds one: empty text 422 with the values kept; the same item posted twice is one item', async () => {
      const empty = await postAs(mentor, at('/items'), { text: ' ', owner: 'coach', due: '2030-01-15' });
      expect(empty.status).to.equal(422);
      expect(fieldMessage(empty.text, 'text')).to.equal(text('validation.required'));
      expect(empty.text).to.contain('value="2030-01-15"');
      expect(empty.text).to.contain('<option value="coach" selected>');
      expect(await ActionItem.countDocuments()).to.equal(0);

      const fields = { text: ITEM, owner: 'startup', due: '2030-01-15' };
      const first = await postAs(mentor, at('/items'), fields);
      expect(first.headers.location).to.equal(at('#items'));
      expect(await follow(mentor, first)).to.contain(text('mentoring.items.added'));
      expect((await postAs(mentor, at('/items'), fields)).status).to.equal(303);
      const items = await ActionItem.find({}).lean();
      expect(items.map((i) => [i.text, i.owner, i.done])).to.deep.equal([[ITEM, 'startup', false]]);
      // The same form sent twice at the same moment (a double click): one item, both answered with the success.
      const once = /name="_once" value="([^"]+)"/.exec((await mentor.agent.get(at())).text)?.[1];
      expect(once, 'the form carries a one-time key').to.be.a('string');
      const again = { text: 'Relire le protocole', owner: 'coach', due: '2030-02-01', _once: once ?? '' };
      const both = await Promise.all([postAs(mentor, at('/items'), again), postAs(mentor, at('/items'), again)]);
      for (const res of both) expect(res.headers.location).to.equal(at('#items'));
      expect(await follow(mentor, both[0])).to.contain(text('mentoring.items.added'));
      expect(await ActionItem.countDocuments({ text: 'Relire le protocole' })).to.equal(1);
    });

    it('an open item shows on the founder’s home; ticked off it leaves the home and shows done; ticking twice succeeds', async () => {
      expect((await postAs(mentor, at('/items'), { text: ITEM, owner: 'startup', due: '2030-01-15' })).status).to.equal(303);
      const item = await ActionItem.findOne({}).lean();
      if (!item) throw new Error('no item');
      const tick = `${at('/items')}/${String(item._id)}/done`;
      const home = await founder.agent.get('/');
      expect(home.text).to.contain(ITEM);
      expect(home.text).to.contain(`action="${tick}"`);

      const done = await postAs(founder, tick, { done: '1', from: 'home' });
      expect(done.headers.location).to.equal('/');
      expect(await follow(founder, done)).to.contain(text('mentoring.items.done', { text: ITEM }));
      const after = await founder.agent.get('/');
      expect(after.text).not.to.contain(ITEM);
      expect(after.text).to.contain(text('mentoring.home.noTeamItems'));
      const ticked = await ActionItem.findOne({ _id: item._id }).lean();
      expect(ticked?.done).to.equal(true);
      const page = await founder.agent.get(at());
      expect(page.text).to.contain(text('mentoring.items.doneBy', { name: 'Amina Diallo', date: formatDate('fr', ticked?.doneAt) }));

      const again = await postAs(founder, tick, { done: '1' });
      expect(again.headers.location).to.equal(at('#items'));
      const shown = await follow(founder, again);
      expect(shown).to.contain('alert-success');
      expect(shown).to.contain(text('mentoring.items.done', { text: ITEM }));
      expect((await ActionItem.findOne({ _id: item._id }).lean())?.doneAt?.getTime()).to.equal(ticked?.doneAt?.getTime());
    });

    it('a founder ticking the mentor’s item: 403, it stays open', async () => {
      const session = await stored();
      const item = await makeActionItem({ _id: session._id, startup: session.startup, mentor: session.mentor }, { text: 'Présenter un CRO', owner: 'coach' });
      expect((await postAs(founder, `${at('/items')}/${String(item._id)}/done`, { done: '1' })).status).to.equal(403);
      expect((await ActionItem.findOne({ _id: item._id }).lean())?.done).to.equal(false);
      expect((await postAs(mentor, `${at('/items')}/${String(item._id)}/done`, { done: '1' })).status).to.equal(303);
      expect((await ActionItem.findOne({ _id: item._id }).lean())?.done).to.equal(true);
    });
  });

  describe('feedback and preparation', () => {
    it('the founder rates a held session: no rating or 6 refused (422, typed comment kept), then stored and shown', async () => {
      for (const rating of [undefined, '6', '0', 'abc']) {
        const res = await postAs(founder, at('/feedback'), { ...(rating === undefined ? {} : { rating }), comment: 'Très utile' });
        expect(res.status, String(rating)).to.equal(422);
        expect(res.text).to.contain(text('mentoring.errors.rating'));
        expect(res.text).to.contain('Très utile</textarea>');
      }
      expect((await stored()).feedback).to.equal(undefined);
      const sent = await postAs(founder, at('/feedback'), { rating: '4', comment: 'Très utile' });
      expect(sent.headers.location).to.equal(at('#feedback'));
      const page = await follow(founder, sent);
      expect(page).to.contain(text('mentoring.feedback.saved'));
      expect(page).to.contain('4 / 5');
      expect(page).to.contain('Très utile');
      const feedback = (await stored()).feedback;
      expect([feedback?.rating, feedback?.comment, String(feedback?.by)]).to.deep.equal([4, 'Très utile', founder.id]);
    });

    it('the same form posted twice at once: one rating, both succeed; another rating later: 409, the first stands', async () => {
      const fields = { rating: '5', comment: 'Parfait' };
      const both = await Promise.all([postAs(founder, at('/feedback'), fields), postAs(founder, at('/feedback'), fields)]);
      expect(both.map((r) => r.status)).to.deep.equal([303, 303]);
      expect((await stored()).feedback?.rating).to.equal(5);
      expect(await ActivityEntry.countDocuments({ action: 'mentoring.feedbackGiven' })).to.equal(1);

      const other = await postAs(founder, at('/feedback'), { rating: '2', comment: 'Finalement non' });
      expect(other.status).to.equal(409);
      expect(other.text).to.contain(text('mentoring.errors.alreadyRated'));
      const cofounder = await founderOf(t.app, [startup._id]);
      expect((await postAs(cofounder, at('/feedback'), { rating: '1', comment: '' })).status).to.equal(409);
      const feedback = (await stored()).feedback;
      expect([feedback?.rating, feedback?.comment, String(feedback?.by)]).to.deep.equal([5, 'Parfait', founder.id]);
    });

    it('a planned session, not held yet: feedback refused', async () => {
      const planned = await makeSession(mentor.user._id, startup._id, { start: new Date(Date.now() + 2 * DAY), topic: 'Levée de fonds' });
      const res = await postAs(founder, `/mentoring/sessions/${String(planned._id)}/feedback`, { rating: '4', comment: '' });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(text('mentoring.errors.notHeld'));
      expect((await MentoringSession.findOne({ _id: planned._id }).lean())?.feedback).to.equal(undefined);
    });

    it('the mentor: no feedback (403), the preparation once; the founder never sees the preparation, the manager does', async () => {
      expect((await postAs(mentor, at('/feedback'), { rating: '5', comment: '' })).status).to.equal(403);
      expect((await stored()).feedback).to.equal(undefined);
      expect((await postAs(founder, at('/preparation'), { rating: '5', comment: '' })).status).to.equal(403);

      const prepared = await postAs(mentor, at('/preparation'), { rating: '2', comment: 'Peu préparée 8KW' });
      expect(await follow(mentor, prepared)).to.contain(text('mentoring.preparation.saved'));
      const second = await postAs(mentor, at('/preparation'), { rating: '5', comment: '' });
      expect(second.status).to.equal(409);
      expect(second.text).to.contain(text('mentoring.errors.alreadyRated'));
      expect((await stored()).preparation?.rating).to.equal(2);

      const page = (await founder.agent.get(at())).text;
      expect(page).not.to.contain('8KW');
      expect(page).not.to.contain(text('mentoring.preparation.title'));
      const csv = await founder.agent.get('/mentoring/sessions/export.csv');
      expect(csvRows(csv.text)[0]).not.to.include(text('mentoring.csv.preparation'));
      const manager = await someone(t.app, 'manager');
      const seen = (await manager.agent.get(at())).text;
      expect(seen).to.contain(text('mentoring.preparation.title'));
      expect(seen).to.contain('8KW');
    });

    it('the mentor’s directory page shows the average of the feedback ratings', async () => {
      const other = await makeStartup();
      await makeSession(mentor.user._id, other._id, { start: new Date(Date.now() - 10 * DAY), status: 'completed', feedback: { rating: 5 } });
      await makeSession(mentor.user._id, other._id, { start: new Date(Date.now() - 20 * DAY), status: 'completed', feedback: { rating: 4 } });
      expect((await postAs(founder, at('/feedback'), { rating: '4', comment: '' })).status).to.equal(303);
      const manager = await someone(t.app, 'manager');
      const page = await manager.agent.get(`/mentors/${mentor.id}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('4,3 / 5'); // (5 + 4 + 4) / 3
      expect(page.text).to.contain(text('mentoring.profile.ratings', { count: 3 }));
    });
  });

  describe('reminders of action items due tomorrow', () => {
    it('tells the owners of the open items due tomorrow (Paris day) once; not done items nor items due later', async () => {
      const session = await stored();
      const ref = { _id: session._id, startup: session.startup, mentor: session.mentor };
      const cofounder = await makeUser({ role: 'founder', startups: [startup._id] });
      // 2030-03-10 23:30 UTC is already 2030-03-11 00:30 in Paris: "tomorrow" is the 12th.
      const now = new Date('2030-03-10T23:30:00Z');
      const due = (day: string): Date => dayEnd(day);
      const make = (text: string, owner: 'startup' | 'coach', day: string, done = false) => makeActionItem(ref, { text, owner, due: due(day), done });
      const teamItem = await make('Envoyer le protocole', 'startup', '2030-03-12');
      const coachItem = await make('Relire le dossier', 'coach', '2030-03-12');
      await make('Déjà fait', 'startup', '2030-03-12', true);
      await make('Pour après-demain', 'startup', '2030-03-13');
      await make('Pour aujourd’hui', 'coach', '2030-03-11');
      await makeActionItem(ref, { text: 'Sans échéance', owner: 'startup' });

      const mails: MailMessage[] = [];
      const deps = { mailer: { send: async (m: MailMessage) => void mails.push(m) }, baseUrl: t.config.baseUrl };
      expect(await remindActionItemsDue(deps, now)).to.equal(2);
      const expected = { [founder.id]: 1, [String(cofounder._id)]: 1, [mentor.id]: 1 };
      expect(await notificationsOf('mentoring.actionItemDue')).to.deep.equal(expected);
      expect(mails).to.have.length(3);
      const titles = mails.map((m) => m.subject).sort();
      expect(titles.filter((s) => s.includes('Envoyer le protocole'))).to.have.length(2);
      expect(titles.filter((s) => s.includes('Relire le dossier'))).to.have.length(1);

      expect(await remindActionItemsDue(deps, new Date(now.getTime() + 3_600_000))).to.equal(0);
      expect(await notificationsOf('mentoring.actionItemDue')).to.deep.equal(expected);
      expect(mails).to.have.length(3);
      const reminded = (await ActionItem.find({}).lean()).filter((i) => i.remindedAt);
      expect(reminded.map((i) => String(i._id)).sort()).to.deep.equal([String(teamItem._id), String(coachItem._id)].sort());
    });
  });
});
