import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { DEFAULT_STAGES, Programme } from '../../src/programmes/model';
import { stageKeyFrom } from '../../src/ladder/service';
import { makeProgramme, makeStartup } from '../../src/seed/factories';
import { csrfFrom, makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { html, NOT_FOUND, REQUIRED, GATE_LEVEL, stored, keys, version, setGates, listedKeys, stageBlock, stageFields } from './programme.helpers';

describe('programme: the maturity ladder, its stages', () => {
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
      // The ladder is compact (issue 12): each stage in the page's language, no internal key; both languages are on its edit page.
      for (const s of DEFAULT_STAGES) {
        expect(res.text).to.contain(html(s.label.fr)).and.to.contain(html(s.criteria.fr));
        expect(res.text).not.to.contain(`<code>${s.key}</code>`);
      }
      const edit = await manager.get('/programme/stages/validation/edit');
      const validation = DEFAULT_STAGES.find((s) => s.key === 'validation');
      expect(edit.text).to.contain(html(validation?.label.en ?? '?')).and.to.contain(html(validation?.criteria.en ?? '?'));
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
      const count = (key: string) => /data-count="(\d+)"/.exec(stageBlock(res.text, key))?.[1];
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
      expect(stageBlock(res.text, 'proof_of_concept')).to.contain('Proof of concept</h3>').and.not.to.contain('Preuve de concept');
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
});
