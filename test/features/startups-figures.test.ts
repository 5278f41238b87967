import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Startup } from '../../src/startups/model';
import { parseAmount } from '../../src/startups/numbers';
import { makeApp, postForm, type TestApp } from '../helpers';
import { agentsOf, html, startupWorld, versionOn, type StartupWorld } from './startups.helpers';

describe('startups: headline figures and the history tab', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Awaited<ReturnType<typeof agentsOf>>;
  const figuresPath = (s: { _id: unknown }) => `/startups/${String(s._id)}/figures`;
  const record = (agent: typeof agents.manager, s: { _id: unknown }, fields: Record<string, string>) => postForm(agent, figuresPath(s), figuresPath(s), fields);

  beforeEach(async () => {
    t = makeApp();
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  it('reads amounts typed the French way', () => {
    expect(parseAmount('1 500 000')).to.equal(1500000);
    expect(parseAmount('1\u00a0500\u202f000,50')).to.equal(1500000.5);
    expect(parseAmount('1500000,50')).to.equal(1500000.5);
    expect(parseAmount('1.500.000,50')).to.equal(1500000.5);
    expect(parseAmount('1500000.5')).to.equal(1500000.5);
    expect(parseAmount('-3')).to.equal(-3);
    // Three decimals, several marks, exponents, hex, English grouping: refused rather than guessed.
    for (const bad of ['', 'abc', '1,2,3', '1.5.0', '12,345', '1e6', '0x10', '1,234.5']) expect(parseAmount(bad), bad).to.equal(undefined);
  });

  it('a founder records figures for their startup in French notation; the history keeps every entry, the overview shows the latest', async () => {
    const first = await record(agents.founder, world.alpha, { asOf: '2025-12-31', headcount: '8', fundsRaised: '1 500 000', revenue: '120 000,50' });
    expect(first.status).to.equal(303);
    const second = await record(agents.manager, world.alpha, { asOf: '2026-03-31', headcount: '11', fundsRaised: '2 000 000', revenue: '0' });
    expect(second.status).to.equal(303);
    // An older date recorded later does not become "the latest".
    const older = await record(agents.founder, world.alpha, { asOf: '2025-06-30', headcount: '5', fundsRaised: '400000', revenue: '0' });
    expect(older.status).to.equal(303);
    const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
    expect(stored?.figures.map((f) => [f.asOf.toISOString().slice(0, 10), f.headcount, f.fundsRaised, f.revenue, f.byName])).to.deep.equal([
      ['2025-12-31', 8, 1500000, 120000.5, 'Fanny Fondatrice'],
      ['2026-03-31', 11, 2000000, 0, 'Claire Manager'],
      ['2025-06-30', 5, 400000, 0, 'Fanny Fondatrice'],
    ]);
    expect(await ActivityEntry.countDocuments({ action: 'startup.figuresRecorded', entityId: String(world.alpha._id) })).to.equal(3);
    const overview = await agents.founder.get(`/startups/${String(world.alpha._id)}`);
    expect(overview.text).to.contain('Chiffres enregistrés.');
    expect(overview.text).to.contain('au 31 mars 2026');
    expect(overview.text).to.match(/Fonds levés \(€\)<\/dt><dd class="col-5 text-end">2\u202f000\u202f000<\/dd>/);
    expect(overview.text).to.contain('par Claire Manager');
    const history = await agents.founder.get(`/startups/${String(world.alpha._id)}/history`);
    const rows = [...history.text.matchAll(/<tr><td>([^<]+)<\/td><td class="text-end">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).to.deep.equal([
      ['31 mars 2026', '11'],
      ['31 déc. 2025', '8'],
      ['30 juin 2025', '5'],
    ]);
  });

  it('refuses negative amounts, a fractional headcount, text and a future date (422, messages at the fields, values kept, nothing stored)', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ fundsRaised: '-1 000' }, 'fundsRaised', 'La valeur doit être au moins 0.'],
      [{ revenue: '-0,50' }, 'revenue', 'La valeur doit être au moins 0.'],
      [{ headcount: '-2' }, 'headcount', 'La valeur doit être au moins 0.'],
      [{ headcount: '2,5' }, 'headcount', 'Saisissez un nombre entier.'],
      [{ fundsRaised: 'beaucoup' }, 'fundsRaised', 'Saisissez un nombre.'],
      [{ asOf: '2999-01-01' }, 'asOf', 'La date ne peut pas être dans le futur.'],
      [{ asOf: '' }, 'asOf', 'Saisissez une date valide.'],
    ];
    for (const [override, field, message] of cases) {
      const typed: Record<string, string> = { asOf: '2026-01-31', headcount: '4', fundsRaised: '100 000', revenue: '0', ...override };
      const res = await record(agents.manager, world.alpha, typed);
      expect(res.status, JSON.stringify(override)).to.equal(422);
      expect(res.text, field).to.contain(`id="e-${field}" class="invalid-feedback">${html(message)}</div>`);
      expect(res.text, field).to.match(new RegExp(`name="${field}" type="[a-z]+" class="form-control is-invalid" value="${html(typed[field])}"`));
    }
    expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.figures).to.deep.equal([]);
  });

  it('the same figures sent twice (even at once) are recorded once; different ones sent at once are both kept', async () => {
    const fields = { asOf: '2026-01-31', headcount: '4', fundsRaised: '100 000', revenue: '0' };
    const [a, b] = await Promise.all([record(agents.manager, world.alpha, fields), record(agents.founder, world.alpha, fields)]);
    expect([a.status, b.status]).to.deep.equal([303, 303]);
    expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.figures).to.have.length(1);
    const again = await record(agents.manager, world.alpha, fields);
    expect(again.status).to.equal(303);
    expect((await agents.manager.get(again.headers.location)).text).to.contain(html('Ces chiffres étaient déjà enregistrés pour cette date : rien n’a été ajouté.'));
    await Promise.all([
      record(agents.manager, world.alpha, { ...fields, headcount: '5' }),
      record(agents.founder, world.alpha, { ...fields, headcount: '6' }),
    ]);
    expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.figures.map((f) => f.headcount).sort()).to.deep.equal([4, 5, 6]);
  });

  it('recording figures leaves an open profile form valid (the history is appended, the profile untouched)', async () => {
    const version = await versionOn(agents.manager, `/startups/${String(world.alpha._id)}/edit`);
    await record(agents.founder, world.alpha, { asOf: '2026-01-31', headcount: '4', fundsRaised: '0', revenue: '0' });
    const res = await postForm(agents.manager, `/startups/${String(world.alpha._id)}/edit`, `/startups/${String(world.alpha._id)}`, {
      name: 'Alpha Santé',
      slug: world.alpha.slug,
      area: 'medtech',
      status: 'active',
      pitch: 'Nouveau pitch',
      version,
    });
    expect(res.status).to.equal(303);
    expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.figures).to.have.length(1);
  });

  it('who may update figures: managers and the founder of the startup; 404 for another founder’s, 403 for mentors, partners, observers', async () => {
    const fields = { asOf: '2026-01-31', headcount: '4', fundsRaised: '1', revenue: '1' };
    expect((await agents.founder.get(figuresPath(world.beta))).status).to.equal(404);
    expect((await record(agents.founder, world.alpha, fields)).status).to.equal(303);
    const foreign = await postForm(agents.founder, figuresPath(world.alpha), figuresPath(world.beta), fields);
    expect(foreign.status).to.equal(404);
    for (const agent of [agents.mentor, agents.partner, agents.observer]) {
      expect((await agent.get(figuresPath(world.beta))).status).to.equal(403);
      expect((await postForm(agent, '/account', figuresPath(world.beta), fields)).status).to.equal(403);
    }
    const anon = await request(t.app).get(figuresPath(world.alpha));
    expect(anon.status).to.equal(302);
    expect((await Startup.findOne({ _id: world.beta._id }).lean())?.figures).to.deep.equal([]);
  });

  describe('history tab', () => {
    it('managers see the startup’s audit entries (any entity type keyed by its id), not other startups’', async () => {
      await record(agents.manager, world.alpha, { asOf: '2026-01-31', headcount: '4', fundsRaised: '1', revenue: '1' });
      await ActivityEntry.create({ actorName: 'Quelqu’un', action: 'document.uploaded', entityType: 'Document', entityId: String(world.alpha._id), summary: 'Business plan v2' });
      await ActivityEntry.create({ actorName: 'Autre', action: 'startup.updated', entityType: 'Startup', entityId: String(world.beta._id), summary: 'Beta secret change' });
      const res = await agents.manager.get(`/startups/${String(world.alpha._id)}/history`);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('Journal de la startup');
      expect(res.text).to.contain('a mis à jour les chiffres');
      expect(res.text).to.contain('Business plan v2');
      expect(res.text).not.to.contain('Beta secret change');
    });

    it('founders and assigned mentors see the stage timeline and figures, never the audit log', async () => {
      await ActivityEntry.create({ actorName: 'Claire', action: 'startup.updated', entityType: 'Startup', entityId: String(world.beta._id), summary: 'Note interne' });
      const mentor = await agents.mentor.get(`/startups/${String(world.beta._id)}/history`);
      expect(mentor.status).to.equal(200);
      expect(mentor.text).to.contain('Étapes');
      expect(mentor.text).to.contain('Historique des chiffres');
      expect(mentor.text).not.to.contain('Journal de la startup');
      expect(mentor.text).not.to.contain('Note interne');
      const founder = await agents.founder.get(`/startups/${String(world.alpha._id)}/history`);
      expect(founder.status).to.equal(200);
      expect(founder.text).not.to.contain('Journal de la startup');
    });
  });
});
