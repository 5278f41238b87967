import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Checkin } from '../../src/checkins/model';
import { currentMonth, monthName, previousMonth } from '../../src/checkins/month';
import { checkinStatusFor } from '../../src/checkins/service';
import { Milestone } from '../../src/milestones/model';
import { ReadinessAssessment } from '../../src/readiness/model';
import { latestScores } from '../../src/readiness/service';
import { Startup } from '../../src/startups/model';
import { toSessionUser } from '../../src/users/model';
import { makeUser } from '../../src/seed/factories';
import { login, makeApp, postForm, type Agent, type TestApp } from '../helpers';
import { AXES, FORBIDDEN, NOT_FOUND, STALE, checkinWorld, formFields, html } from './checkins.helpers';

describe('monthly check-in: the founders’ form', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof checkinWorld>>;
  const month = currentMonth();
  const pathOf = (s: { _id: unknown }) => `/startups/${String(s._id)}/checkin`;
  /** The form itself: once this month's check-in is saved, the page shows it read-only and this opens the form. */
  const formOf = (s: { _id: unknown }) => `${pathOf(s)}?edit=1`;
  /** The form as shown, with some fields changed, posted like a browser. */
  async function submit(agent: Agent, changes: Record<string, string> = {}, startup: { _id: unknown } = w.alpha) {
    const page = await agent.get(formOf(startup));
    expect(page.status).to.equal(200);
    return postForm(agent, formOf(startup), pathOf(startup), { ...formFields(page.text), ...changes });
  }
  const levels = (n: string) => Object.fromEntries(AXES.map((a) => [`level__${a}`, n]));
  const figuresCount = async () => ((await Startup.findOne({ _id: w.alpha._id }).lean())?.figures ?? []).length;

  beforeEach(async () => {
    t = makeApp();
    w = await checkinWorld(t.app);
  });

  describe('who may use it', () => {
    it('founders of another startup and malformed ids get 404, reading and saving', async () => {
      for (const path of [pathOf(w.alpha), '/startups/not-an-id/checkin', '/startups/0123456789abcdef01234567/checkin']) {
        const get = await w.agents.betaFounder.get(path);
        expect(get.status, path).to.equal(404);
        expect(get.text).to.contain(NOT_FOUND);
        const post = await postForm(w.agents.betaFounder, '/', path, { month, version: '0', headcount: '3', fundsRaised: '0', revenue: '0', ...levels('2') });
        expect(post.status, path).to.equal(404);
      }
      expect(await Checkin.countDocuments({})).to.equal(0);
    });

    it('managers, mentors (even assigned), partners and observers get 403; anonymous visitors go to the login page', async () => {
      for (const role of ['manager', 'mentor', 'partner', 'observer'] as const) {
        const agent = w.agents[role];
        const get = await agent.get(pathOf(w.alpha));
        expect(get.status, role).to.equal(403);
        expect(get.text).to.contain(FORBIDDEN);
        const post = await postForm(agent, '/', pathOf(w.alpha), { month, version: '0', headcount: '3', fundsRaised: '0', revenue: '0', ...levels('2') });
        expect(post.status, role).to.equal(403);
      }
      const anonymous = await request(t.app).get(pathOf(w.alpha));
      expect(anonymous.status).to.equal(302);
      expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(pathOf(w.alpha))}`);
      expect(await Checkin.countDocuments({})).to.equal(0);
    });
  });

  describe('pre-filled with last month', () => {
    it('shows the latest figures (French notation), last check-in’s levels and percentages, and only the open milestones', async () => {
      await Checkin.create({
        startup: w.alpha._id,
        month: previousMonth(month),
        submittedBy: w.users.founder._id,
        submittedByName: 'Fanny Fondatrice',
        figures: { asOf: new Date('2026-01-31'), headcount: 7, fundsRaised: 1000000, revenue: 0 },
        milestones: [{ milestone: w.milestones.submitted._id, title: 'Système qualité ISO 13485', note: 'Audit blanc prévu', percent: 60 }],
        selfAssessment: AXES.map((axis, i) => ({ axis, level: i + 2, note: 'ancien commentaire' })),
      });
      const page = await w.agents.founder.get(formOf(w.alpha));
      expect(page.status).to.equal(200);
      const fields = formFields(page.text);
      expect(fields).to.include({ month, version: '0', headcount: '8', fundsRaised: '1 500 000', revenue: '120 000,5' });
      expect(AXES.map((a) => fields[`level__${a}`])).to.deep.equal(['2', '3', '4', '5', '6', '7']);
      // Last month's notes are not copied into this month (they are history), the percentage is.
      expect(fields[`note__customer`]).to.equal('');
      expect(fields[`percent__${String(w.milestones.submitted._id)}`]).to.equal('60');
      expect(page.text).to.contain(html('Le mois dernier : Audit blanc prévu'));
      expect(page.text).to.contain('Classe MDR confirmée');
      expect(page.text).to.contain('Système qualité ISO 13485');
      expect(page.text).to.contain('Dossier de risques ISO 14971');
      for (const hidden of ['Marquage CE obtenu', 'Jalon retiré', 'Jalon de Beta']) expect(page.text).not.to.contain(hidden);
      expect(page.text).to.contain(html('Repris des derniers chiffres enregistrés (au 31 janv. 2026)'));
    });

    it('in English, amounts use a decimal point and read back unchanged; a startup without figures or check-in starts empty', async () => {
      await Startup.updateOne({ _id: w.beta._id }, { $set: { figures: [] } });
      const empty = formFields((await w.agents.betaFounder.get(pathOf(w.beta))).text);
      expect(empty).to.include({ headcount: '', fundsRaised: '', revenue: '', level__team: '' });
      const english = await makeUser({ role: 'founder', locale: 'en', name: 'Emma English', startups: [w.alpha._id] });
      const agent = await login(t.app, english.email);
      const page = await agent.get(formOf(w.alpha));
      expect(page.text).to.contain(`Check-in for ${monthName(month).en}`);
      expect(page.text).to.contain('Your self-assessment');
      expect(formFields(page.text)).to.include({ headcount: '8', fundsRaised: '1 500 000', revenue: '120 000.5' });
      // Saved as shown: the figures read back the same, so the history gets no new entry.
      expect((await postForm(agent, pathOf(w.alpha), pathOf(w.alpha), { ...formFields(page.text), ...levels('3') })).status).to.equal(303);
      expect(await figuresCount()).to.equal(1);
      expect((await agent.get(pathOf(w.alpha))).text).to.contain('Monthly check-in saved. Thank you!');
    });
  });

  describe('saving', () => {
    it('stores the check-in without a new figures entry when the figures did not change; audit entry and flash', async () => {
      const res = await submit(w.agents.founder, { ...levels('4'), [`progress__${String(w.milestones.planned._id)}`]: 'Échange avec l’organisme notifié', [`percent__${String(w.milestones.planned._id)}`]: '30', note__team: 'Recrutement d’une RAQ' });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(pathOf(w.alpha));
      const stored = await Checkin.findOne({ startup: w.alpha._id }).lean();
      expect(stored?.month).to.equal(month);
      expect(stored?.revision).to.equal(1);
      expect(stored?.submittedByName).to.equal('Fanny Fondatrice');
      expect(String(stored?.submittedBy)).to.equal(String(w.users.founder._id));
      expect(stored?.figures).to.include({ headcount: 8, fundsRaised: 1500000, revenue: 120000.5 });
      expect(stored?.figures.asOf.toISOString().slice(0, 10)).to.equal('2026-01-31');
      expect(stored?.milestones).to.deep.equal([{ milestone: w.milestones.planned._id, title: 'Classe MDR confirmée', note: 'Échange avec l’organisme notifié', percent: 30 }]);
      expect(stored?.selfAssessment.find((s) => s.axis === 'team')).to.deep.include({ level: 4, note: 'Recrutement d’une RAQ' });
      expect(await figuresCount()).to.equal(1);
      expect(await ActivityEntry.countDocuments({ action: 'checkin.submitted', entityId: String(w.alpha._id) })).to.equal(1);
      expect(await ActivityEntry.countDocuments({ action: 'startup.figuresRecorded' })).to.equal(0);
      // After saving (issue 12): the saved check-in, read-only, with one message and an edit link; no tab of the startup is highlighted.
      const saved = await w.agents.founder.get(pathOf(w.alpha));
      expect(saved.text).to.contain('Point mensuel enregistré. Merci !').and.not.to.contain('Point déjà enregistré le');
      expect(saved.text).not.to.contain('<form method="post" action="/startups/');
      expect(saved.text.replace(/&#x3D;/g, '=')).to.contain(`href="${formOf(w.alpha)}"`);
      expect(saved.text).to.contain('Recrutement d’une RAQ').and.to.contain('Échange avec l’organisme notifié');
      expect(saved.text).not.to.match(/class="nav-link active" href="\/startups\/[^"]+"/);
      const page = await w.agents.founder.get(formOf(w.alpha));
      expect(page.text).to.contain('Point déjà enregistré le');
      expect(formFields(page.text)).to.include({ version: '1', note__team: 'Recrutement d’une RAQ', [`percent__${String(w.milestones.planned._id)}`]: '30' });
    });

    it('a second save the same month edits the check-in; changed figures (French input) add one figures entry through the startups feature', async () => {
      expect((await submit(w.agents.founder, levels('3'))).status).to.equal(303);
      const res = await submit(w.agents.founder, { headcount: '9', fundsRaised: '2 000 000,50', revenue: '150000' });
      expect(res.status).to.equal(303);
      const all = await Checkin.find({ startup: w.alpha._id }).lean();
      expect(all).to.have.length(1);
      expect(all[0].revision).to.equal(2);
      expect(all[0].figures).to.include({ headcount: 9, fundsRaised: 2000000.5, revenue: 150000 });
      const startup = await Startup.findOne({ _id: w.alpha._id }).lean();
      expect(startup?.figures).to.have.length(2);
      expect(startup?.figures[1]).to.include({ headcount: 9, fundsRaised: 2000000.5, revenue: 150000, byName: 'Fanny Fondatrice' });
      expect(await ActivityEntry.countDocuments({ action: 'startup.figuresRecorded' })).to.equal(1);
      expect(await ActivityEntry.countDocuments({ action: 'checkin.updated' })).to.equal(1);
      const page = await w.agents.founder.get(formOf(w.alpha));
      expect(page.text).to.contain('Point mensuel mis à jour ; les nouveaux chiffres ont été ajoutés à l’historique.');
      // The form now shows the new figures: saving it again as is adds nothing to the history.
      expect(formFields(page.text)).to.include({ headcount: '9', fundsRaised: '2 000 000,5', revenue: '150 000', version: '2' });
      expect((await submit(w.agents.founder)).status).to.equal(303);
      expect(((await Startup.findOne({ _id: w.alpha._id }).lean())?.figures ?? []).length).to.equal(2);
    });

    it('the self-assessment stays apart: no readiness assessment is recorded and the latest scores do not move', async () => {
      await ReadinessAssessment.create({ startup: w.alpha._id, date: new Date('2026-02-01'), assessor: w.users.manager._id, assessorName: 'Claire Manager', assessorRole: 'manager', scores: AXES.map((axis) => ({ axis, level: 3, justification: 'revue' })), submissionId: 'seed-1' });
      const before = await latestScores(String(w.alpha._id));
      expect((await submit(w.agents.founder, levels('8'))).status).to.equal(303);
      expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
      expect(await latestScores(String(w.alpha._id))).to.deep.equal(before);
      expect((await Checkin.findOne({}).lean())?.selfAssessment.map((s) => s.level)).to.deep.equal([8, 8, 8, 8, 8, 8]);
    });

    it('fields the form does not offer change nothing (startup, submittedBy, revision, another startup’s milestone)', async () => {
      const page = await w.agents.founder.get(formOf(w.alpha));
      const res = await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), {
        ...formFields(page.text),
        ...levels('2'),
        startup: String(w.beta._id),
        submittedBy: String(w.users.manager._id),
        revision: '99',
        [`progress__${String((await Milestone.findOne({ title: 'Jalon de Beta' }).lean())?._id)}`]: 'intrus',
      });
      expect(res.status).to.equal(303);
      const stored = await Checkin.findOne({}).lean();
      expect(String(stored?.startup)).to.equal(String(w.alpha._id));
      expect(String(stored?.submittedBy)).to.equal(String(w.users.founder._id));
      expect(stored?.revision).to.equal(1);
      expect(stored?.milestones).to.deep.equal([]);
    });
  });

  describe('bad input', () => {
    it('422: messages next to the fields, typed values kept, nothing stored', async () => {
      const res = await submit(w.agents.founder, {
        headcount: 'huit',
        fundsRaised: '-5',
        revenue: '1,2,3',
        level__customer: '',
        level__team: '12',
        [`percent__${String(w.milestones.planned._id)}`]: '150',
        [`progress__${String(w.milestones.planned._id)}`]: 'x'.repeat(1001),
        note__ipr: 'Brevet déposé en janvier',
      });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('Saisissez un nombre.');
      expect(res.text).to.contain('La valeur doit être au moins 0.');
      expect(res.text).to.contain('Choisissez un niveau de 1 à 9.');
      expect(res.text).to.contain('Saisissez un pourcentage entier de 0 à 100, ou laissez vide.');
      expect(res.text).to.contain('Trop long (1000 caractères au plus).');
      expect(res.text).to.match(/id="e-level__customer"/);
      expect(res.text).to.match(/id="e-headcount"/);
      const kept = formFields(res.text);
      expect(kept).to.include({ headcount: 'huit', fundsRaised: '-5', revenue: '1,2,3', note__ipr: 'Brevet déposé en janvier', [`percent__${String(w.milestones.planned._id)}`]: '150' });
      expect(await Checkin.countDocuments({})).to.equal(0);
      expect(await figuresCount()).to.equal(1);
    });
  });

  describe('one check-in per startup and month', () => {
    it('a save from a stale form is refused (409) with the current values shown; nothing is overwritten', async () => {
      const fannyPage = await w.agents.founder.get(formOf(w.alpha));
      const cyrilPage = await w.agents.cofounder.get(formOf(w.alpha));
      expect((await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), { ...formFields(fannyPage.text), ...levels('5') })).status).to.equal(303);
      const late = await postForm(w.agents.cofounder, formOf(w.alpha), pathOf(w.alpha), { ...formFields(cyrilPage.text), ...levels('2'), headcount: '12' });
      expect(late.status).to.equal(409);
      expect(late.text).to.contain(STALE);
      expect(formFields(late.text)).to.include({ version: '1', level__team: '5', headcount: '8' });
      const stored = await Checkin.find({}).lean();
      expect(stored).to.have.length(1);
      expect(stored[0].selfAssessment[0].level).to.equal(5);
      expect(stored[0].submittedByName).to.equal('Fanny Fondatrice');
      expect(await figuresCount()).to.equal(1);
      // An edit from a form drawn before the last edit is refused too.
      const v1 = formFields((await w.agents.founder.get(formOf(w.alpha))).text);
      expect((await postForm(w.agents.cofounder, formOf(w.alpha), pathOf(w.alpha), { ...v1, ...levels('6') })).status).to.equal(303);
      expect((await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), { ...v1, ...levels('7') })).status).to.equal(409);
      expect((await Checkin.findOne({}).lean())?.revision).to.equal(2);
    });

    it('the same form sent twice, one after the other or at the same moment, saves one check-in and one figures entry', async () => {
      const page = await w.agents.founder.get(formOf(w.alpha));
      const fields = { ...formFields(page.text), ...levels('4'), headcount: '10' };
      const first = await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), fields);
      const again = await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), fields);
      expect([first.status, again.status]).to.deep.equal([303, 303]);
      expect((await w.agents.founder.get(pathOf(w.alpha))).text).to.contain('Ce point était déjà enregistré avec ces valeurs : rien n’a changé.');
      expect(await Checkin.countDocuments({})).to.equal(1);
      expect(await figuresCount()).to.equal(2);

      // At the same moment, on Beta (no check-in yet).
      const betaPage = await w.agents.betaFounder.get(formOf(w.beta));
      const betaFields = { ...formFields(betaPage.text), ...levels('3'), headcount: '4', fundsRaised: '100 000', revenue: '0' };
      const token = /name="_csrf" value="([^"]+)"/.exec(betaPage.text)?.[1] as string;
      const results = await Promise.all([1, 2, 3].map(() => w.agents.betaFounder.post(pathOf(w.beta)).type('form').send({ _csrf: token, ...betaFields })));
      expect(results.map((r) => r.status)).to.deep.equal([303, 303, 303]);
      expect(await Checkin.countDocuments({ startup: w.beta._id })).to.equal(1);
      expect(((await Startup.findOne({ _id: w.beta._id }).lean())?.figures ?? []).length).to.equal(1);
    });

    it('a form drawn last month and sent this month is not saved into the wrong month', async () => {
      const page = await w.agents.founder.get(formOf(w.alpha));
      const res = await postForm(w.agents.founder, formOf(w.alpha), pathOf(w.alpha), { ...formFields(page.text), ...levels('4'), month: previousMonth(month) });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html('Le mois a changé depuis l’ouverture du formulaire'));
      expect(await Checkin.countDocuments({})).to.equal(0);
    });
  });

  describe('status for the founder’s home page', () => {
    it('says "to do" until the check-in is saved, then when and by whom; nothing for other roles', async () => {
      const fanny = toSessionUser(w.users.founder);
      const [before] = await checkinStatusFor(fanny);
      expect(before).to.include({ startupName: 'Alpha Santé', month, done: false, href: pathOf(w.alpha) });
      expect((await submit(w.agents.founder, levels('4'))).status).to.equal(303);
      const [after] = await checkinStatusFor(fanny);
      expect(after).to.include({ done: true, byName: 'Fanny Fondatrice' });
      expect(after.at).to.be.instanceOf(Date);
      expect(await checkinStatusFor(toSessionUser(w.users.manager))).to.deep.equal([]);
      expect(await checkinStatusFor(toSessionUser(w.users.betaFounder))).to.have.length(1);
    });
  });
});
