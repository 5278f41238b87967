import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Programme } from '../../src/programmes/model';
import { ReadinessAssessment } from '../../src/readiness/model';
import { Startup } from '../../src/startups/model';
import { makeApp, postForm, type TestApp } from '../helpers';
import { STALE, agentsOf, html, startupWorld, versionOn, type StartupWorld } from './startups.helpers';

describe('startups: stage moves', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Awaited<ReturnType<typeof agentsOf>>;
  const stagePath = (s: { _id: unknown }) => `/startups/${String(s._id)}/stage`;

  beforeEach(async () => {
    t = makeApp();
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  /** Posts the stage form of `startup` as the manager, with the version the page gives. */
  async function move(startup: { _id: unknown }, fields: Record<string, string>) {
    const version = await versionOn(agents.manager, stagePath(startup));
    return postForm(agents.manager, stagePath(startup), stagePath(startup), { version, ...fields });
  }

  /** Gates on a stage of the programme's ladder. */
  async function gate(stage: string, minLevels: { axis: string; level: number }[]) {
    const programme = await Programme.findOne({ _id: world.programme._id });
    if (!programme) throw new Error('no programme');
    const target = programme.stages.find((s) => s.key === stage);
    if (!target) throw new Error(`no stage ${stage}`);
    target.set('minLevels', minLevels);
    await programme.save();
  }

  it('the stage page offers the next stage first, shows the ladder with criteria, and moves forward with a note', async () => {
    const page = await agents.manager.get(stagePath(world.beta));
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<option value="proof_of_concept" selected>Preuve de concept \(suivante\)<\/option>/);
    expect(page.text).to.contain('Premiers résultats techniques ou scientifiques.');
    const res = await move(world.beta, { stage: 'proof_of_concept', note: 'Comité du 12 mars : POC validé.' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/startups/${String(world.beta._id)}`);
    const stored = await Startup.findOne({ _id: world.beta._id }).lean();
    expect(stored?.stage).to.equal('proof_of_concept');
    const last = stored?.stageHistory.at(-1);
    expect(last).to.include({ stage: 'proof_of_concept', from: 'ideation', direction: 'forward', note: 'Comité du 12 mars : POC validé.', gateOverridden: false, byName: 'Claire Manager' });
    expect(String(last?.by)).to.equal(String(world.users.manager._id));
    const entry = await ActivityEntry.findOne({ action: 'startup.stageMoved', entityType: 'Startup', entityId: String(world.beta._id) }).lean();
    expect(entry?.summary).to.contain('ideation → proof_of_concept (forward)');
    const overview = await agents.manager.get(res.headers.location);
    expect(overview.text).to.contain('Étape changée.');
    expect(overview.text).to.contain('Preuve de concept');
  });

  it('the note is required: 422 with the message at the field, nothing recorded', async () => {
    const res = await move(world.beta, { stage: 'proof_of_concept', note: '   ' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('id="e-note" class="invalid-feedback">Ce champ est obligatoire.</div>');
    const stored = await Startup.findOne({ _id: world.beta._id }).lean();
    expect(stored?.stage).to.equal('ideation');
    expect(stored?.stageHistory).to.have.length(0);
    expect(await ActivityEntry.countDocuments({ action: 'startup.stageMoved' })).to.equal(0);
  });

  it('moving backwards is allowed and recorded as such; the timeline shows it', async () => {
    const res = await move(world.alpha, { stage: 'development', note: 'Étude clinique suspendue.' });
    expect(res.status).to.equal(303);
    const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
    expect(stored?.stage).to.equal('development');
    expect(stored?.stageHistory.at(-1)).to.include({ from: 'validation', stage: 'development', direction: 'backward' });
    expect((await agents.manager.get(`/startups/${String(world.alpha._id)}`)).text).to.contain('Étape changée (retour en arrière enregistré comme tel).');
    const history = await agents.manager.get(`/startups/${String(world.alpha._id)}/history`);
    expect(history.text).to.contain('data-badge="backward"');
    expect(history.text).to.contain('Étude clinique suspendue.');
  });

  it('a move to the current stage says so and records nothing', async () => {
    const res = await move(world.alpha, { stage: 'validation', note: 'Rien ne change' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain(html('La startup est déjà à cette étape : rien n’a été enregistré.'));
    const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
    expect(stored?.stageHistory).to.have.length(0);
    expect(stored?.__v).to.equal(0);
  });

  it('a stage that is not on the ladder is refused', async () => {
    const res = await move(world.alpha, { stage: 'moon_landing', note: 'x' });
    expect(res.status).to.equal(422);
    expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.stage).to.equal('validation');
  });

  it('a move made on a stale page is refused (409) with the current stage shown; nothing recorded twice', async () => {
    const version = await versionOn(agents.manager, stagePath(world.beta));
    const first = await postForm(agents.manager, stagePath(world.beta), stagePath(world.beta), { version, stage: 'proof_of_concept', note: 'Premier' });
    expect(first.status).to.equal(303);
    const second = await postForm(agents.manager, stagePath(world.beta), stagePath(world.beta), { version, stage: 'development', note: 'Second, sur une page périmée' });
    expect(second.status).to.equal(409);
    expect(second.text).to.contain(html(STALE));
    expect(second.text).to.match(/<option value="proof_of_concept" selected>Preuve de concept \(actuelle\)/);
    const stored = await Startup.findOne({ _id: world.beta._id }).lean();
    expect(stored?.stage).to.equal('proof_of_concept');
    expect(stored?.stageHistory).to.have.length(1);
  });

  it('truly concurrent moves from the same page: exactly one is recorded, the others are refused (409)', async () => {
    const version = await versionOn(agents.manager, stagePath(world.beta));
    const targets = ['proof_of_concept', 'development', 'validation', 'market_entry', 'scale_up'];
    const answers = await Promise.all(targets.map((stage) => postForm(agents.manager, stagePath(world.beta), stagePath(world.beta), { version, stage, note: `Vers ${stage}` })));
    expect(answers.map((r) => r.status).sort()).to.deep.equal([303, 409, 409, 409, 409]);
    const stored = await Startup.findOne({ _id: world.beta._id }).lean();
    expect(stored?.stageHistory).to.have.length(1);
    expect(stored?.stage).to.equal(stored?.stageHistory[0].stage);
    expect(await ActivityEntry.countDocuments({ action: 'startup.stageMoved' })).to.equal(1);
  });

  describe('readiness gates', () => {
    it('never assessed: every gate is missing, the manager is asked to confirm, and the override is recorded', async () => {
      await gate('proof_of_concept', [
        { axis: 'technology', level: 3 },
        { axis: 'customer', level: 2 },
      ]);
      const ask = await move(world.beta, { stage: 'proof_of_concept', note: 'Décision du comité malgré tout' });
      expect(ask.status).to.equal(409);
      expect(ask.text).to.contain(html('Les niveaux de maturité requis pour cette étape ne sont pas atteints.'));
      expect(ask.text).to.contain('Technologie : niveau requis 3, <em>jamais évalué</em>');
      expect(ask.text).to.contain('Client : niveau requis 2, <em>jamais évalué</em>');
      expect(ask.text).to.contain('name="confirmOverride" value="1"');
      expect((await Startup.findOne({ _id: world.beta._id }).lean())?.stage).to.equal('ideation');
      expect(await ActivityEntry.countDocuments({ action: 'startup.stageMoved' })).to.equal(0);

      const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(ask.text)?.[1] ?? '';
      const confirm = await postForm(agents.manager, stagePath(world.beta), stagePath(world.beta), {
        version: hidden('version'),
        stage: hidden('stage'),
        note: 'Décision du comité malgré tout',
        confirmOverride: hidden('confirmOverride'),
      });
      expect(confirm.status).to.equal(303);
      const stored = await Startup.findOne({ _id: world.beta._id }).lean();
      expect(stored?.stage).to.equal('proof_of_concept');
      const last = stored?.stageHistory.at(-1);
      expect(last?.gateOverridden).to.equal(true);
      expect(last?.missingGates).to.deep.equal([
        { axis: 'technology', required: 3, actual: null },
        { axis: 'customer', required: 2, actual: null },
      ]);
      expect((await ActivityEntry.findOne({ action: 'startup.stageMoved' }).lean())?.summary).to.contain('gates overridden: technology –/3, customer –/2');
      const history = await agents.manager.get(`/startups/${String(world.beta._id)}/history`);
      expect(history.text).to.contain('data-badge="overridden"');
      expect(history.text).to.contain('Technologie : niveau requis 3, jamais évalué');
    });

    it('with an assessment: only the gates below the latest levels are missing; met gates need no confirmation', async () => {
      await gate('proof_of_concept', [
        { axis: 'technology', level: 3 },
        { axis: 'customer', level: 2 },
      ]);
      const assess = (date: string, technology: number, customer: number, n: number) =>
        ReadinessAssessment.create({
          startup: world.beta._id,
          date: new Date(date),
          assessor: world.users.manager._id,
          assessorName: 'Claire Manager',
          assessorRole: 'manager',
          scores: [
            { axis: 'technology', level: technology, justification: 'x' },
            { axis: 'customer', level: customer, justification: 'x' },
          ],
          submissionId: `test-${n}`,
        });
      await assess('2026-01-10', 5, 5, 1);
      await assess('2026-02-10', 2, 4, 2);
      const ask = await move(world.beta, { stage: 'proof_of_concept', note: 'Techno en retard' });
      expect(ask.status).to.equal(409);
      expect(ask.text).to.contain('Technologie : niveau requis 3, niveau actuel 2');
      expect(ask.text).not.to.contain('Client : niveau requis');
      const version = /name="version" value="(\d+)"/.exec(ask.text)?.[1] ?? '';
      const confirm = await postForm(agents.manager, stagePath(world.beta), stagePath(world.beta), { version, stage: 'proof_of_concept', note: 'Techno en retard', confirmOverride: '1' });
      expect(confirm.status).to.equal(303);
      expect((await Startup.findOne({ _id: world.beta._id }).lean())?.stageHistory.at(-1)?.missingGates).to.deep.equal([{ axis: 'technology', required: 3, actual: 2 }]);

      await gate('development', [{ axis: 'customer', level: 4 }]);
      const met = await move(world.beta, { stage: 'development', note: 'Niveaux atteints' });
      expect(met.status).to.equal(303);
      const last = (await Startup.findOne({ _id: world.beta._id }).lean())?.stageHistory.at(-1);
      expect(last).to.include({ stage: 'development', gateOverridden: false });
      expect(last?.missingGates).to.deep.equal([]);
    });
  });

  it('only managers move stages: founders (own startup too), mentors, partners and observers get 403, anonymous users the login page', async () => {
    for (const [agent, startup] of [
      [agents.founder, world.alpha],
      [agents.mentor, world.beta],
      [agents.partner, world.alpha],
      [agents.observer, world.alpha],
    ] as const) {
      expect((await agent.get(stagePath(startup))).status).to.equal(403);
      const res = await postForm(agent, '/account', stagePath(startup), { version: '0', stage: 'scale_up', note: 'Pirate' });
      expect(res.status).to.equal(403);
    }
    const anon = await request(t.app).get(stagePath(world.alpha));
    expect(anon.headers.location).to.equal(`/login?next=${encodeURIComponent(stagePath(world.alpha))}`);
    const stored = await Startup.find({}).lean();
    expect(stored.every((s) => s.stageHistory.length === 0)).to.equal(true);
  });
});
