import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, signedIn, text, type Agent, type TestApp } from '../helpers';
import { html, FORBIDDEN, STALE, fields, fieldError } from './cohorts.helpers';

describe('cohorts: editing, closing and who may use them', () => {
  let t: TestApp;
  let manager: Agent;
  let programme: Awaited<ReturnType<typeof makeProgramme>>;

  beforeEach(async () => {
    t = makeApp();
    programme = await makeProgramme({ name: 'Santenov’Boost' });
    ({ agent: manager } = await signedIn(t.app, { role: 'manager' }));
  });

  describe('editing and closing', () => {
    it('edits every field, checks the name against the others, and records it', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Boost 2026', status: 'planned', startDate: new Date('2026-03-02'), endDate: new Date('2026-09-30') });
      await makeCohort(programme._id, { name: 'Déjà pris' });
      const id = String(cohort._id);
      const form = await manager.get(`/cohorts/${id}/edit`);
      expect(form.status).to.equal(200);
      expect(form.text).to.contain('value="2026-03-02"').and.to.contain('value="2026-09-30"');
      const taken = await postForm(manager, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ name: 'déjà pris', version: '0' }));
      expect(taken.status).to.equal(422);
      expect(taken.text).to.contain(fieldError('name', 'Une cohorte porte déjà ce nom dans le programme.'));
      const bad = await postForm(manager, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ endDate: '2027-01-01', startDate: '2027-06-01', version: '0' }));
      expect(bad.status).to.equal(422);
      expect(bad.text).to.contain(fieldError('endDate', 'La date de fin doit être après la date de début.'));
      // Its own name (another case) is fine.
      const res = await postForm(manager, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ name: 'BOOST 2026', status: 'active', version: '0' }));
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/cohorts/${id}`);
      const after = await Cohort.findOne({ _id: id }).lean();
      expect(after?.name).to.equal('BOOST 2026');
      expect(after?.status).to.equal('active');
      expect(after?.startDate.toISOString().slice(0, 10)).to.equal('2027-03-01');
      expect(after?.endDate.toISOString().slice(0, 10)).to.equal('2027-09-30');
      expect(String(after?.programme)).to.equal(String(programme._id));
      const entry = await ActivityEntry.findOne({ action: 'cohort.updated' }).lean();
      expect(entry?.entityType).to.equal('Cohort');
      expect(entry?.summary).to.equal('Boost 2026 (planned) → BOOST 2026 (active)');
    });

    it('refuses a stale edit with the current values shown, overwriting nothing', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Boost 2026', status: 'planned' });
      const id = String(cohort._id);
      const other = await login(t.app, (await makeUser({ role: 'manager' })).email);
      const first = await postForm(other, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ name: 'Nom de l’autre', version: '0' }));
      expect(first.status).to.equal(303);
      const res = await postForm(manager, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ name: 'Mon nom', status: 'closed', version: '0' }));
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html(STALE));
      expect(res.text).to.contain(`value="${html('Nom de l’autre')}"`).and.to.contain('name="version" value="1"');
      const stored = await Cohort.findOne({ _id: id }).lean();
      expect(stored?.name).to.equal('Nom de l’autre');
      expect(stored?.status).to.equal('planned');
      // Closing from a page opened before that change is refused too.
      const close = await postForm(manager, `/cohorts/${id}`, `/cohorts/${id}/close`, { version: '0' });
      expect(close.status).to.equal(409);
      expect(close.text).to.contain(html(STALE));
      expect((await Cohort.findOne({ _id: id }).lean())?.status).to.equal('planned');
      expect(await ActivityEntry.countDocuments({ entityType: 'Cohort' })).to.equal(1);
    });

    it('closes the cohort from its confirmation page, which says what closing does, and records it', async () => {
      const cohort = await makeCohort(programme._id, { name: 'À clore', status: 'active' });
      const id = String(cohort._id);
      const page = await manager.get(`/cohorts/${id}`);
      expect(page.text).to.contain('Clore la cohorte indique que l’accompagnement est terminé.');
      // Closing is no longer one click away (issue 12): the cohort page leads to a confirmation page that holds the button.
      expect(page.text).not.to.contain(`action="/cohorts/${id}/close"`);
      expect(page.text).to.contain(`href="/cohorts/${id}/close"`);
      const confirm = await manager.get(`/cohorts/${id}/close`);
      expect(confirm.text).to.contain(html('Clore la cohorte « À clore » ?')).and.to.contain(text('programmes.cohorts.closeEffects.startups'));
      expect(confirm.text).to.contain(`action="/cohorts/${id}/close"`);
      const res = await postForm(manager, `/cohorts/${id}/close`, `/cohorts/${id}/close`, { version: '0' });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/cohorts/${id}`);
      expect((await Cohort.findOne({ _id: id }).lean())?.status).to.equal('closed');
      const after = await manager.get(`/cohorts/${id}`);
      expect(after.text).to.contain(html('Cohorte « À clore » close.')).and.to.contain('Cette cohorte est close.');
      expect(after.text).not.to.contain(`action="/cohorts/${id}/close"`);
      const entry = await ActivityEntry.findOne({ action: 'cohort.closed' }).lean();
      expect(entry?.entityType).to.equal('Cohort');
      expect(entry?.entityId).to.equal(id);
      const again = await postForm(manager, `/cohorts/${id}`, `/cohorts/${id}/close`, { version: '1' });
      expect(again.status).to.equal(409);
      expect(again.text).to.contain('Cette cohorte est déjà close.');
      expect(await ActivityEntry.countDocuments({ action: 'cohort.closed' })).to.equal(1);
    });
  });

  describe('who may use it', () => {
    it('managers: every page 200, every action 303', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Boost', status: 'active' });
      const id = String(cohort._id);
      for (const path of ['/cohorts', '/cohorts/new', `/cohorts/${id}`, `/cohorts/${id}/edit`]) expect((await manager.get(path)).status, path).to.equal(200);
      expect((await postForm(manager, '/cohorts/new', '/cohorts', fields())).status).to.equal(303);
      expect((await postForm(manager, `/cohorts/${id}/edit`, `/cohorts/${id}`, fields({ name: 'Boost bis', version: '0' }))).status).to.equal(303);
      expect((await postForm(manager, `/cohorts/${id}`, `/cohorts/${id}/close`, { version: '1' })).status).to.equal(303);
    });

    for (const role of ['founder', 'mentor', 'partner', 'observer', 'anonymous'] as const) {
      it(`${role}: every page and action refused, nothing changes`, async () => {
        const cohort = await makeCohort(programme._id, { name: 'Boost', status: 'active' });
        const startup = await makeStartup({ cohort: cohort._id });
        const id = String(cohort._id);
        const agent = role === 'anonymous' ? request.agent(t.app) : (await signedIn(t.app, { role, startups: role === 'founder' ? [startup._id] : [] })).agent;
        for (const path of ['/cohorts', '/cohorts/new', `/cohorts/${id}`, `/cohorts/${id}/edit`]) {
          const res = await agent.get(path);
          if (role === 'anonymous') {
            expect(res.status, path).to.equal(302);
            expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
          } else {
            expect(res.status, path).to.equal(403);
            expect(res.text).to.contain(FORBIDDEN);
          }
        }
        const token = await csrfFrom(agent, role === 'anonymous' ? '/login' : '/account');
        const audits = await ActivityEntry.countDocuments({});
        for (const [path, body] of [
          ['/cohorts', fields()],
          [`/cohorts/${id}`, fields({ name: 'Pirate', version: '0' })],
          [`/cohorts/${id}/close`, { version: '0' }],
        ] as [string, Record<string, string>][]) {
          const res = await agent.post(path).type('form').send({ _csrf: token, ...body });
          if (role === 'anonymous') {
            expect(res.status, path).to.equal(302);
            expect(res.headers.location).to.equal('/login');
          } else {
            expect(res.status, path).to.equal(403);
          }
        }
        const stored = await Cohort.find({}).lean();
        expect(stored).to.have.length(1);
        expect(stored[0].name).to.equal('Boost');
        expect(stored[0].status).to.equal('active');
        expect(stored[0].__v).to.equal(0);
        expect(await ActivityEntry.countDocuments({})).to.equal(audits);
        expect(await Programme.countDocuments({})).to.equal(1);
      });
    }
  });
});
