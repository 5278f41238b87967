import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { makeProgramme, makeStartup } from '../../src/seed/factories';
import { csrfFrom, makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { html, FORBIDDEN, STALE, REQUIRED, stored, version, stageFields } from './programme.helpers';

describe('programme: name, description and who may use it', () => {
  let t: TestApp;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
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
