import { expect } from 'chai';
import Handlebars from 'handlebars';
import mongoose from 'mongoose';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, signedIn, type Agent, type TestApp, text } from '../helpers';

const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

const FORBIDDEN = text('errors.forbidden');
const NOT_FOUND = text('errors.notFound');
const STALE = text('errors.staleEdit');
const REQUIRED = text('validation.required');
const BAD_DATE = text('validation.date');

const fields = (over: Record<string, string> = {}): Record<string, string> => ({
  name: 'Boost 2027 – printemps',
  startDate: '2027-03-01',
  endDate: '2027-09-30',
  status: 'planned',
  ...over,
});

/** Cohort names in the order the list shows them. */
function listed(page: string): string[] {
  return [...page.matchAll(/<td><a href="\/cohorts\/[0-9a-f]{24}">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
}

/** The error shown next to a field of the form. */
const fieldError = (field: string, message: string): string => `<div id="e-${field}" class="invalid-feedback">${html(message)}</div>`;

/** The count the cohort page shows for one stage of the ladder. */
function stageCount(page: string, key: string): string | undefined {
  return new RegExp(`data-stage="${key}">\\s*<span>[^<]*</span><span class="badge[^"]*">(\\d+)</span>`).exec(page)?.[1];
}

describe('cohorts', () => {
  let t: TestApp;
  let manager: Agent;
  let programme: Awaited<ReturnType<typeof makeProgramme>>;

  beforeEach(async () => {
    t = makeApp();
    programme = await makeProgramme({ name: 'Santenov’Boost' });
    ({ agent: manager } = await signedIn(t.app, { role: 'manager' }));
  });

  describe('the list', () => {
    it('says what to do when there is no cohort yet', async () => {
      const res = await manager.get('/cohorts');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('Aucune cohorte pour le moment : créez la première');
      expect(res.text).to.contain('<a class="btn btn-primary" href="/cohorts/new">Nouvelle cohorte</a>');
    });

    it('searches by name, filters by status, sorts by start date and pages, keeping the filters in the links', async () => {
      await makeCohort(programme._id, { name: 'Boost 2025 – automne', status: 'closed', startDate: new Date('2025-10-01'), endDate: new Date('2026-03-31') });
      await makeCohort(programme._id, { name: 'Boost 2026 – printemps', status: 'active', startDate: new Date('2026-03-02'), endDate: new Date('2026-09-30') });
      await makeCohort(programme._id, { name: 'Boost 2026 – automne', status: 'planned', startDate: new Date('2026-10-05'), endDate: new Date('2027-04-30') });
      const all = await manager.get('/cohorts');
      expect(listed(all.text)).to.deep.equal(['Boost 2026 – automne', 'Boost 2026 – printemps', 'Boost 2025 – automne'].map(html));
      expect(all.text).to.contain('2 mars 2026').and.to.contain('30 sept. 2026');
      expect(listed((await manager.get('/cohorts?sort=startDate')).text)).to.deep.equal(['Boost 2025 – automne', 'Boost 2026 – printemps', 'Boost 2026 – automne'].map(html));
      expect(listed((await manager.get('/cohorts?q=AUTOMNE&sort=name')).text)).to.deep.equal(['Boost 2025 – automne', 'Boost 2026 – automne'].map(html));
      expect(listed((await manager.get('/cohorts?status=active')).text)).to.deep.equal([html('Boost 2026 – printemps')]);
      expect(listed((await manager.get('/cohorts?q=.*')).text)).to.deep.equal([]);
      const none = await manager.get('/cohorts?q=zzz');
      expect(none.text).to.contain('Aucune cohorte ne correspond à ces critères.');
      // Operators and repeated parameters fall back to the defaults.
      expect(listed((await manager.get('/cohorts?q[$ne]=x&status=active&status=closed')).text)).to.have.length(3);

      for (let i = 0; i < 22; i += 1) await makeCohort(programme._id, { name: `Promo ${String(i).padStart(2, '0')}`, status: 'planned', startDate: new Date(Date.UTC(2030, 0, i + 1)) });
      const first = await manager.get('/cohorts?status=planned&sort=startDate');
      expect(listed(first.text)).to.have.length(20);
      expect(first.text).to.contain('Page 1 sur 2 · 23 résultat(s)');
      expect(first.text).to.contain(`href="${html('?status=planned&sort=startDate&page=2')}"`);
      const second = await manager.get('/cohorts?status=planned&sort=startDate&page=2');
      expect(listed(second.text)).to.deep.equal(['Promo 19', 'Promo 20', 'Promo 21']);
    });

    it('shows the number of startups of each cohort', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Avec startups' });
      await makeCohort(programme._id, { name: 'Sans startups' });
      for (let i = 0; i < 3; i += 1) await makeStartup({ cohort: cohort._id });
      const res = await manager.get('/cohorts?sort=name');
      expect(res.text).to.match(/Avec startups<\/a><\/td>[\s\S]*?<td class="text-end">3<\/td>/);
      expect(res.text).to.match(/Sans startups<\/a><\/td>[\s\S]*?<td class="text-end">0<\/td>/);
    });
  });

  describe('creating', () => {
    it('creates a cohort in the programme, shows it and records it', async () => {
      const form = await manager.get('/cohorts/new');
      expect(form.status).to.equal(200);
      expect(form.text).to.contain('type="date"');
      const res = await postForm(manager, '/cohorts/new', '/cohorts', { ...fields(), programme: new mongoose.Types.ObjectId().toString() });
      expect(res.status).to.equal(303);
      const cohort = await Cohort.findOne({ name: 'Boost 2027 – printemps' }).lean();
      expect(cohort).to.not.equal(null);
      expect(res.headers.location).to.equal(`/cohorts/${String(cohort?._id)}`);
      expect(String(cohort?.programme)).to.equal(String(programme._id));
      expect(cohort?.startDate.toISOString()).to.equal('2027-03-01T00:00:00.000Z');
      expect(cohort?.endDate.toISOString()).to.equal('2027-09-30T00:00:00.000Z');
      expect(cohort?.status).to.equal('planned');
      const page = await manager.get(res.headers.location);
      expect(page.text).to.contain(html('Cohorte « Boost 2027 – printemps » créée.'));
      expect(page.text).to.contain('du 1 mars 2027 au 30 sept. 2027');
      const entry = await ActivityEntry.findOne({ action: 'cohort.created' }).lean();
      expect(entry?.entityType).to.equal('Cohort');
      expect(entry?.entityId).to.equal(String(cohort?._id));
    });

    it('refuses each bad field with a message next to it, keeping what was typed', async () => {
      const cases: [Record<string, string>, string, string][] = [
        [{ name: '' }, 'name', REQUIRED],
        [{ name: 'x'.repeat(121) }, 'name', 'Trop long (120 caractères au plus).'],
        [{ startDate: '' }, 'startDate', REQUIRED],
        [{ startDate: 'demain' }, 'startDate', BAD_DATE],
        [{ startDate: '2027-02-30' }, 'startDate', BAD_DATE],
        [{ endDate: '31/12/2027' }, 'endDate', BAD_DATE],
        [{ endDate: '2027-02-01' }, 'endDate', 'La date de fin doit être après la date de début.'],
        [{ endDate: '2027-03-01' }, 'endDate', 'La date de fin doit être après la date de début.'],
        [{ status: 'archived' }, 'status', 'Choisissez une valeur de la liste.'],
      ];
      for (const [over, field, message] of cases) {
        const res = await postForm(manager, '/cohorts/new', '/cohorts', fields(over));
        expect(res.status, field).to.equal(422);
        expect(res.text, JSON.stringify(over)).to.contain(fieldError(field, message));
        if (field !== 'name') expect(res.text).to.contain(`value="${html('Boost 2027 – printemps')}"`);
        if (over.startDate === 'demain') expect(res.text).to.contain('value="demain"');
      }
      expect(await Cohort.countDocuments({})).to.equal(0);
      expect(await ActivityEntry.countDocuments({ entityType: 'Cohort' })).to.equal(0);
    });

    it('keeps names unique in the programme, whatever their case', async () => {
      await makeCohort(programme._id, { name: 'Boost 2027 – printemps' });
      for (const name of ['Boost 2027 – printemps', 'BOOST 2027 – PRINTEMPS', '  Boost 2027 – printemps ']) {
        const res = await postForm(manager, '/cohorts/new', '/cohorts', fields({ name }));
        expect(res.status, name).to.equal(422);
        expect(res.text).to.contain(fieldError('name', 'Une cohorte porte déjà ce nom dans le programme.'));
      }
      expect(await Cohort.countDocuments({})).to.equal(1);
    });
  });

  describe('the cohort page', () => {
    it('lists its startups with their stage and status, and counts them per stage of the ladder (zeros too)', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Boost 2026 – printemps' });
      const other = await makeCohort(programme._id, { name: 'Autre' });
      const made = [
        await makeStartup({ name: 'CardioSense', cohort: cohort._id, stage: 'validation', status: 'active' }),
        await makeStartup({ name: 'DermAI', cohort: cohort._id, stage: 'validation', status: 'active' }),
        await makeStartup({ name: 'Oncolytix', cohort: cohort._id, stage: 'development', status: 'applicant' }),
        await makeStartup({ name: 'Ancienne', cohort: cohort._id, stage: 'retired_stage', status: 'alumni' }),
      ];
      await makeStartup({ name: 'Ailleurs', cohort: other._id, stage: 'validation' });
      const res = await manager.get(`/cohorts/${String(cohort._id)}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain(`<a href="/startups/${String(made[0]._id)}">CardioSense</a>`);
      expect(res.text).to.contain(`<a href="/startups/${String(made[2]._id)}">Oncolytix</a>`);
      expect(res.text).not.to.contain('Ailleurs');
      expect(res.text).to.match(/Oncolytix<\/a><\/td>\s*<td>Développement \(prototype, préclinique\)<\/td>\s*<td>Candidate<\/td>/);
      expect(res.text).to.match(/CardioSense<\/a><\/td>\s*<td>Validation \(clinique, réglementaire\)<\/td>\s*<td>Accompagnée<\/td>/);
      expect(stageCount(res.text, 'validation')).to.equal('2');
      expect(stageCount(res.text, 'development')).to.equal('1');
      for (const key of ['ideation', 'proof_of_concept', 'market_entry', 'scale_up']) expect(stageCount(res.text, key), key).to.equal('0');
      expect(stageCount(res.text, '_off')).to.equal('1');
      expect(res.text).to.contain('4 startup(s)');
      // The counts follow the ladder's order.
      const order = [...res.text.matchAll(/data-stage="([a-z_]+)"/g)].map((m) => m[1]);
      expect(order).to.deep.equal(['ideation', 'proof_of_concept', 'development', 'validation', 'market_entry', 'scale_up', '_off']);
    });

    it('has an empty state, and shows English labels to an English-speaking manager', async () => {
      const cohort = await makeCohort(programme._id, { name: 'Vide', startDate: new Date('2026-03-02'), endDate: new Date('2026-09-30') });
      const res = await manager.get(`/cohorts/${String(cohort._id)}`);
      expect(res.text).to.contain('Aucune startup dans cette cohorte.');
      expect(stageCount(res.text, 'ideation')).to.equal('0');
      const { agent } = await signedIn(t.app, { role: 'manager', locale: 'en' });
      const en = await agent.get(`/cohorts/${String(cohort._id)}`);
      expect(en.text).to.contain('2 Mar 2026 to 30 Sept 2026').and.to.contain('Startups by stage').and.to.contain('Proof of concept');
    });

    it('answers 404 for an unknown or malformed id, on every route', async () => {
      const token = await csrfFrom(manager, '/cohorts/new');
      for (const id of [new mongoose.Types.ObjectId().toString(), 'not-an-id', '%24gt', 'ZZZZZZZZZZZZZZZZZZZZZZZZ', `${new mongoose.Types.ObjectId().toString()}0`]) {
        for (const path of [`/cohorts/${id}`, `/cohorts/${id}/edit`]) {
          const res = await manager.get(path);
          expect(res.status, path).to.equal(404);
          expect(res.text).to.contain(NOT_FOUND);
        }
        for (const path of [`/cohorts/${id}`, `/cohorts/${id}/close`]) {
          const res = await manager.post(path).type('form').send({ _csrf: token, ...fields(), version: '0' });
          expect(res.status, path).to.equal(404);
        }
      }
      expect(t.logs.filter((l) => l.includes('unhandled error'))).to.deep.equal([]);
    });
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

    it('closes the cohort from its page, after the confirmation text, and records it', async () => {
      const cohort = await makeCohort(programme._id, { name: 'À clore', status: 'active' });
      const id = String(cohort._id);
      const page = await manager.get(`/cohorts/${id}`);
      expect(page.text).to.contain('Clore la cohorte indique que l’accompagnement est terminé.');
      expect(page.text).to.contain(`action="/cohorts/${id}/close"`);
      const res = await postForm(manager, `/cohorts/${id}`, `/cohorts/${id}/close`, { version: '0' });
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
