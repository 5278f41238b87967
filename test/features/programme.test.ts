import { expect } from 'chai';
import Handlebars from 'handlebars';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { DEFAULT_STAGES, Programme } from '../../src/programmes/model';
import { stageKeyFrom } from '../../src/programmes/service';
import { makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, postForm, signedIn, type Agent, type TestApp, text } from '../helpers';

/** Text as Handlebars puts it in a page. */
const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

const FORBIDDEN = text('errors.forbidden');
const NOT_FOUND = text('errors.notFound');
const STALE = text('programmes.stale');
const REQUIRED = text('validation.required');
const GATE_LEVEL = text('programmes.stage.gateLevel');

async function stored() {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 }).lean();
  if (!programme) throw new Error('no programme');
  return programme;
}
const keys = async (): Promise<string[]> => (await stored()).stages.map((s) => s.key);
const version = async (): Promise<string> => String((await stored()).__v);

/** Sets the gates of one stage straight in the database (FerretDB has no positional `$` update). */
async function setGates(key: string, gates: { axis: string; level: number }[]): Promise<void> {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 });
  const stage = programme?.stages.find((s) => s.key === key);
  if (!programme || !stage) throw new Error(`no stage ${key}`);
  stage.set('minLevels', gates);
  await programme.save();
}

/** The stage keys in the order the ladder page lists them. */
function listedKeys(page: string): string[] {
  return [...page.matchAll(/<li id="stage-([a-z0-9_]+)"/g)].map((m) => m[1]);
}

/** The version the ladder page puts in its buttons. */
function pageVersion(page: string): string {
  const match = /name="version" value="(\d+)"/.exec(page);
  if (!match) throw new Error('no version on the page');
  return match[1];
}

/** The block of one stage on the ladder page. */
function stageBlock(page: string, key: string): string {
  const start = page.indexOf(`<li id="stage-${key}"`);
  if (start < 0) throw new Error(`no stage ${key} on the page`);
  const next = page.indexOf('<li id="stage-', start + 1);
  return page.slice(start, next > start ? next : page.indexOf('</ol>', start));
}

const stageFields = (over: Record<string, string> = {}): Record<string, string> => ({
  labelFr: 'Étude clinique pivot',
  labelEn: 'Pivotal clinical study',
  criteriaFr: 'Protocole accepté par le CPP.',
  criteriaEn: 'Protocol approved by the ethics committee.',
  ...over,
});

describe('programme: the maturity ladder', () => {
  let t: TestApp;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
  });

  describe('the ladder page', () => {
    it('creates the default programme the first time a manager opens it, and records it', async () => {
      expect(await Programme.countDocuments({})).to.equal(0);
      const res = await manager.get('/programme');
      expect(res.status).to.equal(200);
      expect(await Programme.countDocuments({})).to.equal(1);
      expect(await keys()).to.deep.equal(DEFAULT_STAGES.map((s) => s.key));
      expect(listedKeys(res.text)).to.deep.equal(DEFAULT_STAGES.map((s) => s.key));
      for (const s of DEFAULT_STAGES) {
        expect(res.text).to.contain(html(s.label.fr)).and.to.contain(html(s.label.en));
        expect(res.text).to.contain(html(s.criteria.fr)).and.to.contain(html(s.criteria.en));
      }
      expect(await ActivityEntry.countDocuments({ entityType: 'Programme', action: 'programme.created' })).to.equal(1);
      // Opening it again creates nothing more.
      await manager.get('/programme');
      expect(await Programme.countDocuments({})).to.equal(1);
    });

    it('shows how many startups sit at each stage and the readiness gates with the axis labels', async () => {
      await makeProgramme({ name: 'Santenov’Boost' });
      await setGates('validation', [{ axis: 'technology', level: 6 }, { axis: 'ipr', level: 4 }]);
      for (const stage of ['development', 'development', 'development', 'validation']) await makeStartup({ stage });
      const res = await manager.get('/programme');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain(html('Santenov’Boost'));
      const count = (key: string) => /fs-4 fw-semibold text-brand">(\d+)</.exec(stageBlock(res.text, key))?.[1];
      expect(count('development')).to.equal('3');
      expect(count('validation')).to.equal('1');
      expect(count('ideation')).to.equal('0');
      const validation = stageBlock(res.text, 'validation');
      expect(validation).to.contain(html('Technologie ≥ 6')).and.to.contain(html('Propriété intellectuelle ≥ 4'));
      expect(stageBlock(res.text, 'ideation')).to.contain('Aucun seuil.');
      // A stage with startups says why it cannot be deleted instead of offering the button.
      expect(stageBlock(res.text, 'development')).to.contain('Suppression impossible').and.not.to.contain('/programme/stages/development/delete');
      expect(stageBlock(res.text, 'ideation')).to.contain('/programme/stages/ideation/delete');
    });

    it('speaks English to an English-speaking manager', async () => {
      await makeProgramme();
      const { agent } = await signedIn(t.app, { role: 'manager', locale: 'en' });
      const res = await agent.get('/programme');
      expect(res.text).to.contain('Maturity ladder').and.to.contain('Add a stage').and.to.contain('Entry criteria');
      expect(res.text).to.contain('<h3 class="h5 mb-1">Proof of concept</h3>');
    });
  });

  describe('adding a stage', () => {
    it('makes the key from the French label, unique, and inserts the stage where asked; gates are saved', async () => {
      await makeProgramme();
      let res = await postForm(manager, '/programme/stages/new', '/programme/stages', { ...stageFields(), after: 'development', gate_technology: '5', gate_customer: '', version: await version() });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/programme#stage-etude_clinique_pivot');
      expect(await keys()).to.deep.equal(['ideation', 'proof_of_concept', 'development', 'etude_clinique_pivot', 'validation', 'market_entry', 'scale_up']);
      const stage = (await stored()).stages[3];
      expect(stage.label).to.deep.equal({ fr: 'Étude clinique pivot', en: 'Pivotal clinical study' });
      expect(stage.criteria).to.deep.equal({ fr: 'Protocole accepté par le CPP.', en: 'Protocol approved by the ethics committee.' });
      expect(stage.minLevels).to.deep.equal([{ axis: 'technology', level: 5 }]);
      const page = await manager.get('/programme');
      expect(page.text).to.contain(html('Étape « Étude clinique pivot » ajoutée.'));

      // The same label again: another key; at the end by default; '' = at the start.
      res = await postForm(manager, '/programme/stages/new', '/programme/stages', { ...stageFields(), version: await version() });
      expect(res.status).to.equal(303);
      res = await postForm(manager, '/programme/stages/new', '/programme/stages', { ...stageFields({ labelFr: '1re étape !' }), after: '', version: await version() });
      expect(res.status).to.equal(303);
      const after = await keys();
      expect(after[0]).to.equal('stage_1re_etape');
      expect(after[after.length - 1]).to.equal('etude_clinique_pivot_2');
      const audits = await ActivityEntry.find({ entityType: 'Programme', action: 'programme.stageAdded' }).lean();
      expect(audits).to.have.length(3);
      expect(audits[0].summary).to.contain('etude_clinique_pivot');
      // The audit trail says it in words.
      expect((await manager.get('/activity?entityType=Programme')).text).to.contain('a ajouté une étape de maturité');
    });

    it('builds keys that fit the model', () => {
      expect(stageKeyFrom('Mise sur le marché', [])).to.equal('mise_sur_le_marche');
      expect(stageKeyFrom('Idéation', ['ideation', 'ideation_2'])).to.equal('ideation_3');
      expect(stageKeyFrom('!!!', [])).to.equal('stage');
      expect(stageKeyFrom('2e tour', [])).to.equal('stage_2e_tour');
      expect(stageKeyFrom('x'.repeat(200), [])).to.match(/^[a-z][a-z0-9_]{0,59}$/);
    });

    it('refuses empty labels and gates outside 1–9, each message next to its field, and keeps what was typed', async () => {
      await makeProgramme();
      const before = await stored();
      const cases: [Record<string, string>, string, string][] = [
        [{ labelFr: '' }, 'labelFr', REQUIRED],
        [{ labelEn: '   ' }, 'labelEn', REQUIRED],
        [{ labelFr: 'x'.repeat(121) }, 'labelFr', 'Trop long (120 caractères au plus).'],
        [{ criteriaEn: 'x'.repeat(2001) }, 'criteriaEn', 'Trop long (2000 caractères au plus).'],
        [{ gate_technology: '0' }, 'gate_technology', GATE_LEVEL],
        [{ gate_team: '10' }, 'gate_team', GATE_LEVEL],
        [{ gate_funding: 'beaucoup' }, 'gate_funding', GATE_LEVEL],
        [{ gate_customer: '2.5' }, 'gate_customer', GATE_LEVEL],
      ];
      for (const [over, field, message] of cases) {
        const res = await postForm(manager, '/programme/stages/new', '/programme/stages', { ...stageFields(over), version: await version() });
        expect(res.status, field).to.equal(422);
        expect(res.text, field).to.contain(`<div id="e-${field}" class="invalid-feedback">${html(message)}</div>`);
        expect(res.text, field).to.contain('aria-invalid="true"');
        if (!('labelFr' in over)) expect(res.text, field).to.contain(`value="${html('Étude clinique pivot')}"`);
      }
      const after = await stored();
      expect(after.stages.map((s) => s.key)).to.deep.equal(before.stages.map((s) => s.key));
      expect(after.__v).to.equal(before.__v);
      expect(await ActivityEntry.countDocuments({ action: 'programme.stageAdded' })).to.equal(0);
    });
  });

  describe('editing a stage', () => {
    it('renames in both languages, rewrites the criteria and sets or clears gates; the key stays', async () => {
      await makeProgramme();
      await setGates('validation', [{ axis: 'team', level: 3 }]);
      const form = await manager.get('/programme/stages/validation/edit');
      expect(form.status).to.equal(200);
      expect(form.text).to.contain(`value="${html('Validation (clinique, réglementaire)')}"`);
      expect(form.text).to.match(/id="f-gate_team"[^>]*value="3"/);
      const res = await postForm(manager, '/programme/stages/validation/edit', '/programme/stages/validation', {
        labelFr: 'Validation clinique',
        labelEn: 'Clinical validation',
        criteriaFr: 'Marquage CE obtenu.',
        criteriaEn: 'CE marking obtained.',
        gate_team: '',
        gate_technology: '7',
        version: await version(),
      });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/programme#stage-validation');
      const stage = (await stored()).stages.find((s) => s.key === 'validation');
      expect(stage?.label).to.deep.equal({ fr: 'Validation clinique', en: 'Clinical validation' });
      expect(stage?.criteria).to.deep.equal({ fr: 'Marquage CE obtenu.', en: 'CE marking obtained.' });
      expect(stage?.minLevels).to.deep.equal([{ axis: 'technology', level: 7 }]);
      expect(await keys()).to.deep.equal(DEFAULT_STAGES.map((s) => s.key));
      const entry = await ActivityEntry.findOne({ action: 'programme.stageUpdated' }).lean();
      expect(entry?.entityType).to.equal('Programme');
      expect(entry?.summary).to.contain('Validation clinique').and.to.contain('technology ≥ 7');
    });

    it('refuses an empty label or a bad gate and changes nothing', async () => {
      await makeProgramme();
      const before = await stored();
      for (const [over, field, message] of [
        [{ labelEn: '' }, 'labelEn', REQUIRED],
        [{ gate_ipr: '12' }, 'gate_ipr', GATE_LEVEL],
      ] as [Record<string, string>, string, string][]) {
        const res = await postForm(manager, '/programme/stages/ideation/edit', '/programme/stages/ideation', { ...stageFields(over), version: await version() });
        expect(res.status).to.equal(422);
        expect(res.text).to.contain(`<div id="e-${field}" class="invalid-feedback">${html(message)}</div>`);
      }
      expect((await stored()).stages).to.deep.equal(before.stages);
    });

    it('answers 404 for a stage the ladder does not have or a malformed key', async () => {
      await makeProgramme();
      for (const key of ['unknown_stage', 'Bad-Key', '%24gt', '_x']) {
        const get = await manager.get(`/programme/stages/${key}/edit`);
        expect(get.status, key).to.equal(404);
        expect(get.text).to.contain(NOT_FOUND);
        const token = await csrfFrom(manager, '/programme');
        for (const action of ['', '/move', '/delete']) {
          const res = await manager.post(`/programme/stages/${key}${action}`).type('form').send({ _csrf: token, ...stageFields(), direction: 'up', version: await version() });
          expect(res.status, `${key}${action}`).to.equal(404);
        }
      }
      expect(await keys()).to.deep.equal(DEFAULT_STAGES.map((s) => s.key));
    });
  });

  describe('reordering', () => {
    it('moves a stage up and down with the buttons of the ladder, recorded in the audit trail', async () => {
      await makeProgramme();
      let page = await manager.get('/programme');
      let res = await postForm(manager, '/programme', '/programme/stages/validation/move', { direction: 'up', version: pageVersion(page.text) });
      expect(res.status).to.equal(303);
      expect(await keys()).to.deep.equal(['ideation', 'proof_of_concept', 'validation', 'development', 'market_entry', 'scale_up']);
      page = await manager.get('/programme');
      expect(listedKeys(page.text)).to.deep.equal(['ideation', 'proof_of_concept', 'validation', 'development', 'market_entry', 'scale_up']);
      expect(page.text).to.contain(html('Étape « Validation (clinique, réglementaire) » déplacée.'));
      res = await postForm(manager, '/programme', '/programme/stages/ideation/move', { direction: 'down', version: pageVersion(page.text) });
      expect(res.status).to.equal(303);
      expect(await keys()).to.deep.equal(['proof_of_concept', 'ideation', 'validation', 'development', 'market_entry', 'scale_up']);
      const moves = await ActivityEntry.find({ action: 'programme.stageMoved' }).sort({ at: 1 }).lean();
      expect(moves.map((m) => m.summary)).to.deep.equal(['Validation (clinique, réglementaire) (validation): 4 → 3', 'Idéation (ideation): 1 → 2']);
      // The ends of the ladder have no button that would go further; a forged request is refused.
      page = await manager.get('/programme');
      expect(stageBlock(page.text, 'proof_of_concept')).not.to.contain('value="up"');
      expect(stageBlock(page.text, 'scale_up')).not.to.contain('value="down"');
      res = await postForm(manager, '/programme', '/programme/stages/scale_up/move', { direction: 'down', version: pageVersion(page.text) });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain('Cette étape est déjà à l’extrémité de l’échelle.');
      res = await postForm(manager, '/programme', '/programme/stages/ideation/move', { direction: 'sideways', version: pageVersion(page.text) });
      expect(res.status).to.equal(409);
      expect(await keys()).to.deep.equal(['proof_of_concept', 'ideation', 'validation', 'development', 'market_entry', 'scale_up']);
    });
  });

  describe('deleting a stage', () => {
    it('refuses while startups sit at the stage, saying how many, and deletes it once they are gone', async () => {
      await makeProgramme();
      const startups = [await makeStartup({ stage: 'market_entry' }), await makeStartup({ stage: 'market_entry' }), await makeStartup({ stage: 'market_entry' })];
      let res = await postForm(manager, '/programme', '/programme/stages/market_entry/delete', { version: await version() });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html('3 startups sont à cette étape : déplacez-les d’abord.'));
      expect(listedKeys(res.text)).to.include('market_entry');
      expect(await keys()).to.include('market_entry');

      await startups[0].deleteOne();
      await startups[1].deleteOne();
      res = await postForm(manager, '/programme', '/programme/stages/market_entry/delete', { version: await version() });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html('1 startup est à cette étape : déplacez-la d’abord.'));

      await startups[2].updateOne({ stage: 'scale_up' });
      res = await postForm(manager, '/programme', '/programme/stages/market_entry/delete', { version: await version() });
      expect(res.status).to.equal(303);
      expect(await keys()).to.deep.equal(['ideation', 'proof_of_concept', 'development', 'validation', 'scale_up']);
      expect((await manager.get('/programme')).text).to.contain(html('Étape « Mise sur le marché » supprimée.'));
      const entry = await ActivityEntry.findOne({ action: 'programme.stageDeleted' }).lean();
      expect(entry?.entityType).to.equal('Programme');
      expect(entry?.summary).to.equal('Mise sur le marché (market_entry)');
    });

    it('never deletes the last stage', async () => {
      const programme = await makeProgramme();
      await Programme.updateOne({ _id: programme._id }, { $set: { stages: [DEFAULT_STAGES[0]] } });
      const page = await manager.get('/programme');
      expect(page.text).to.contain('La dernière étape ne peut pas être supprimée.');
      const res = await postForm(manager, '/programme', '/programme/stages/ideation/delete', { version: await version() });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain('Le programme doit garder au moins une étape.');
      expect(await keys()).to.deep.equal(['ideation']);
    });
  });

  describe('two managers at once (optimistic concurrency)', () => {
    it('a button pressed on a stale ladder is refused with the current ladder shown', async () => {
      await makeProgramme();
      const other = await login(t.app, (await makeUser({ role: 'manager' })).email);
      const mine = await manager.get('/programme');
      const stale = pageVersion(mine.text);
      expect((await postForm(other, '/programme', '/programme/stages/scale_up/move', { direction: 'up', version: stale })).status).to.equal(303);
      const current = await keys();
      expect(current.slice(-2)).to.deep.equal(['scale_up', 'market_entry']);
      for (const [action, fields] of [
        ['/programme/stages/validation/move', { direction: 'down', version: stale }],
        ['/programme/stages/ideation/delete', { version: stale }],
        ['/programme/stages/ideation/delete', {}],
      ] as [string, Record<string, string>][]) {
        const res = await postForm(manager, '/programme', action, fields);
        expect(res.status, action).to.equal(409);
        expect(res.text).to.contain(html(STALE));
        expect(listedKeys(res.text)).to.deep.equal(current);
        expect(pageVersion(res.text)).to.equal(await version());
      }
      expect(await keys()).to.deep.equal(current);
    });

    it('a stale stage form is refused, shows the other person’s values and overwrites nothing', async () => {
      await makeProgramme();
      const other = await login(t.app, (await makeUser({ role: 'manager' })).email);
      const stale = await version();
      const first = await postForm(other, '/programme/stages/ideation/edit', '/programme/stages/ideation', { ...stageFields({ labelFr: 'Idée', labelEn: 'Idea' }), gate_team: '2', version: stale });
      expect(first.status).to.equal(303);
      const res = await postForm(manager, '/programme/stages/ideation/edit', '/programme/stages/ideation', { ...stageFields({ labelFr: 'Amorçage', labelEn: 'Seed' }), version: stale });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html(STALE));
      expect(res.text).to.contain('value="Idée"').and.to.contain('value="Idea"');
      expect(res.text).to.match(/id="f-gate_team"[^>]*value="2"/);
      expect(res.text).to.contain(`name="version" value="${await version()}"`);
      expect(res.text).to.contain('data-testid="current-ladder"');
      const stage = (await stored()).stages[0];
      expect(stage.label).to.deep.equal({ fr: 'Idée', en: 'Idea' });
      // An add on a stale form is refused too, keeping what was typed with the current version.
      const add = await postForm(manager, '/programme/stages/new', '/programme/stages', { ...stageFields(), version: stale });
      expect(add.status).to.equal(409);
      expect(add.text).to.contain(`value="${html('Étude clinique pivot')}"`).and.to.contain(`name="version" value="${await version()}"`);
      expect(await keys()).not.to.include('etude_clinique_pivot');
      expect(await ActivityEntry.countDocuments({ action: 'programme.stageUpdated' })).to.equal(1);
    });
  });

  describe('the programme’s name and description', () => {
    it('edits them with the version rule, validation and an audit entry', async () => {
      await makeProgramme({ name: 'Ancien nom' });
      const form = await manager.get('/programme/edit');
      expect(form.status).to.equal(200);
      expect(form.text).to.contain('value="Ancien nom"');
      const v = await version();
      let res = await postForm(manager, '/programme/edit', '/programme', { name: '', description: 'x', version: v });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(`<div id="e-name" class="invalid-feedback">${REQUIRED}</div>`);
      res = await postForm(manager, '/programme/edit', '/programme', { name: 'Santenov’Boost', description: 'Accélérateur santé.', version: v });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/programme');
      const programme = await stored();
      expect(programme.name).to.equal('Santenov’Boost');
      expect(programme.description).to.equal('Accélérateur santé.');
      const page = await manager.get('/programme');
      expect(page.text).to.contain(html('Santenov’Boost')).and.to.contain('Accélérateur santé.').and.to.contain('Programme mis à jour.');
      expect(await ActivityEntry.countDocuments({ entityType: 'Programme', action: 'programme.updated' })).to.equal(1);
      // The same form again, stale: refused, current values shown.
      res = await postForm(manager, '/programme/edit', '/programme', { name: 'Autre nom', description: '', version: v });
      expect(res.status).to.equal(409);
      expect(res.text).to.contain(html(STALE)).and.to.contain(`value="${html('Santenov’Boost')}"`);
      expect((await stored()).name).to.equal('Santenov’Boost');
    });
  });

  describe('who may use it', () => {
    const pages = ['/programme', '/programme/edit', '/programme/stages/new', '/programme/stages/ideation/edit'];

    it('managers: every page 200, every action 303', async () => {
      await makeProgramme();
      for (const path of pages) expect((await manager.get(path)).status, path).to.equal(200);
      const posts: [string, Record<string, string>][] = [
        ['/programme', { name: 'Nom', description: '' }],
        ['/programme/stages', stageFields()],
        ['/programme/stages/ideation', stageFields({ labelFr: 'Idéation' })],
        ['/programme/stages/ideation/move', { direction: 'down' }],
        ['/programme/stages/etude_clinique_pivot/delete', {}],
      ];
      for (const [path, fields] of posts) {
        const res = await postForm(manager, '/programme', path, { ...fields, version: await version() });
        expect(res.status, path).to.equal(303);
      }
    });

    for (const role of ['founder', 'mentor', 'partner', 'observer', 'anonymous'] as const) {
      it(`${role}: every page and action refused, nothing changes`, async () => {
        await makeProgramme();
        const startup = await makeStartup();
        const agent = role === 'anonymous' ? request.agent(t.app) : (await signedIn(t.app, { role, startups: role === 'founder' ? [startup._id] : [] })).agent;
        for (const path of pages) {
          const res = await agent.get(path);
          if (role === 'anonymous') {
            expect(res.status, path).to.equal(302);
            expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
          } else {
            expect(res.status, path).to.equal(403);
            expect(res.text).to.contain(FORBIDDEN);
          }
        }
        const before = await stored();
        const audits = await ActivityEntry.countDocuments({});
        const token = await csrfFrom(agent, role === 'anonymous' ? '/login' : '/account');
        for (const [path, fields] of [
          ['/programme', { name: 'Pirate', description: '' }],
          ['/programme/stages', stageFields()],
          ['/programme/stages/ideation', stageFields({ labelFr: 'Pirate' })],
          ['/programme/stages/ideation/move', { direction: 'down' }],
          ['/programme/stages/scale_up/delete', {}],
        ] as [string, Record<string, string>][]) {
          const res = await agent.post(path).type('form').send({ _csrf: token, ...fields, version: String(before.__v) });
          if (role === 'anonymous') {
            expect(res.status, path).to.equal(302);
            expect(res.headers.location).to.equal('/login');
          } else {
            expect(res.status, path).to.equal(403);
          }
        }
        const after = await stored();
        expect(after.name).to.equal(before.name);
        expect(after.stages).to.deep.equal(before.stages);
        expect(after.__v).to.equal(before.__v);
        expect(await ActivityEntry.countDocuments({})).to.equal(audits);
      });
    }
  });
});
