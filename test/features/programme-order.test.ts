import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { DEFAULT_STAGES, Programme } from '../../src/programmes/model';
import { makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { html, STALE, stored, keys, version, listedKeys, pageVersion, stageBlock, stageFields } from './programme.helpers';

describe('programme: reordering and deleting stages, two managers at once', () => {
  let t: TestApp;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
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
});
