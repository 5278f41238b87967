import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { ReadinessAssessment } from '../../src/readiness/model';
import { todayInParis } from '../../src/readiness/schemas';
import { makeOrganisation, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, signedIn, text } from '../helpers';
import { AXES, assessmentFields, assign, html, submitAssessment, world } from './readiness-helpers';

const FORBIDDEN = text('errors.forbidden');
const NOT_FOUND = text('errors.notFound');

describe('readiness: recording assessments', () => {

  it('a manager records an assessment of any startup: stored, audited, shown on the tab with a flash', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent, user } = await signedIn(app, { role: 'manager', name: 'Claire Martin' });
    const levels = { customer: 4, technology: 6, business_model: 3, ipr: 5, team: 4, funding: 2 };
    const { res } = await submitAssessment(agent, id, assessmentFields(levels));
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/startups/${id}/readiness`);

    const stored = await ReadinessAssessment.find({ startup: id }).lean();
    expect(stored).to.have.length(1);
    expect(stored[0].assessorName).to.equal('Claire Martin');
    expect(stored[0].assessorRole).to.equal('manager');
    expect(String(stored[0].assessor)).to.equal(String(user._id));
    expect(stored[0].date.toISOString().slice(0, 10)).to.equal(todayInParis());
    expect(Object.fromEntries(stored[0].scores.map((s) => [s.axis, s.level]))).to.deep.equal(levels);
    expect(stored[0].scores.find((s) => s.axis === 'ipr')?.justification).to.equal('Étude pilote dans deux CHU. (ipr)');

    const entry = await ActivityEntry.findOne({ action: 'readiness.assessed' }).lean();
    expect(entry?.entityType).to.equal('Startup');
    expect(entry?.entityId).to.equal(id);
    expect(entry?.actorName).to.equal('Claire Martin');
    expect(entry?.summary).to.contain('CardioSense').and.to.contain(todayInParis()).and.to.contain('Technologie 6');

    const tab = await agent.get(res.headers.location);
    expect(tab.status).to.equal(200);
    expect(tab.text).to.contain('Évaluation de maturité enregistrée.');
    expect(tab.text).to.contain(html('Étude pilote dans deux CHU. (team)'));
    expect(tab.text).to.contain('par Claire Martin');
  });

  it('the form shows every axis with the nine level descriptions (EU TRL for technology) and today as default date', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const form = await agent.get(`/startups/${id}/readiness/new`);
    expect(form.status).to.equal(200);
    for (const label of ['Client', 'Technologie', 'Modèle économique', 'Propriété intellectuelle', 'Équipe', 'Financement']) expect(form.text).to.contain(`>${label}</legend>`);
    expect(form.text).to.contain('TRL 1 – principes de base observés');
    expect(form.text).to.contain('TRL 9 – système réel prouvé en environnement opérationnel');
    expect(form.text).to.contain(html('Hypothèse d’un besoin'));
    for (const key of AXES) expect(form.text.match(new RegExp(`type="radio" name="level__${key}"`, 'g'))).to.have.length(9);
    expect(form.text).to.contain(`value="${todayInParis()}" max="${todayInParis()}"`);

    const en = await signedIn(app, { role: 'manager', locale: 'en' });
    const english = await en.agent.get(`/startups/${id}/readiness/new`);
    expect(english.text).to.contain('New readiness assessment');
    expect(english.text).to.contain('TRL 9 – actual system proven in operational environment');
    expect(english.text).to.contain('>Intellectual property</legend>');
  });

  it('refuses incomplete or bad input: 422, the message next to each field, values kept, nothing stored', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const fields = assessmentFields({ technology: 7 });
    delete fields.level__customer;
    fields.level__team = '10';
    fields.level__ipr = 'abc';
    fields.justification__funding = '   ';
    fields.justification__business_model = 'x'.repeat(501);
    const { res } = await submitAssessment(agent, id, fields);
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Certaines valeurs sont à corriger.');
    for (const key of ['customer', 'team', 'ipr']) expect(res.text).to.contain(`id="e-level__${key}" class="invalid-feedback d-block">Choisissez un niveau de 1 à 9.`);
    expect(res.text).to.contain('id="e-justification__funding" class="invalid-feedback">Ce champ est obligatoire.');
    expect(res.text).to.contain('id="e-justification__business_model" class="invalid-feedback">Trop long (500 caractères au plus).');
    expect(res.text).not.to.contain('id="e-level__technology"');
    // What was typed stays: the chosen level, the justifications.
    expect(res.text).to.match(/name="level__technology" id="f-level__technology-7" value="7" checked/);
    expect(res.text).to.contain(html('Étude pilote dans deux CHU. (customer)'));
    expect(await ReadinessAssessment.countDocuments({})).to.equal(0);

    const future = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
    for (const [date, message] of [
      [future, 'La date ne peut pas être dans le futur.'],
      ['2026-02-31', 'Saisissez une date valide.'],
      ['hier', 'Saisissez une date valide.'],
      ['', 'Ce champ est obligatoire.'],
    ]) {
      const bad = await submitAssessment(agent, id, { ...assessmentFields(), date });
      expect(bad.res.status, date).to.equal(422);
      expect(bad.res.text, date).to.contain(`id="e-date" class="invalid-feedback">${html(message)}`);
    }
    expect(await ReadinessAssessment.countDocuments({})).to.equal(0);

    // Exactly 500 characters and a past date are fine.
    const ok = await submitAssessment(agent, id, { ...assessmentFields({}, 'y'.repeat(480)), date: '2026-01-15' });
    expect(ok.res.status).to.equal(303);
    const stored = await ReadinessAssessment.findOne({}).lean();
    expect(stored?.date.toISOString()).to.equal('2026-01-15T00:00:00.000Z');
  });

  it('a corrected form after an error records one assessment with the same submission id', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const { res, body } = await submitAssessment(agent, id, { ...assessmentFields(), justification__team: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain(`name="submissionId" value="${body.submissionId}"`);
    const fixed = await agent.post(`/startups/${id}/readiness/new`).type('form').send({ ...body, justification__team: 'Équipe complète.' });
    expect(fixed.status).to.equal(303);
    expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
  });

  it('double submission of the same form creates one assessment, one after the other or at once', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const { res, body } = await submitAssessment(agent, id, assessmentFields());
    expect(res.status).to.equal(303);
    const again = await agent.post(`/startups/${id}/readiness/new`).type('form').send(body);
    expect(again.status).to.equal(303);
    expect(again.headers.location).to.equal(`/startups/${id}/readiness`);
    expect((await agent.get(again.headers.location)).text).to.contain('Cette évaluation était déjà enregistrée : elle n’a pas été créée une seconde fois.');
    expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
    expect(await ActivityEntry.countDocuments({ action: 'readiness.assessed' })).to.equal(1);

    // Two clicks at once on another form: still one.
    const form = await agent.get(`/startups/${id}/readiness/new`);
    const second = { ...body, submissionId: /name="submissionId" value="([^"]+)"/.exec(form.text)?.[1] ?? '' };
    expect(second.submissionId).to.not.equal(body.submissionId);
    const results = await Promise.all([1, 2, 3].map(() => agent.post(`/startups/${id}/readiness/new`).type('form').send(second)));
    for (const r of results) expect(r.status).to.equal(303);
    expect(await ReadinessAssessment.countDocuments({})).to.equal(2);
    expect(await ActivityEntry.countDocuments({ action: 'readiness.assessed' })).to.equal(2);
  });

  it('a submission id taken from someone else’s form is refused (409) and records nothing', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const a = await signedIn(app, { role: 'manager' });
    const b = await signedIn(app, { role: 'manager' });
    const first = await submitAssessment(a.agent, id, assessmentFields());
    expect(first.res.status).to.equal(303);
    const token = await csrfFrom(b.agent, `/startups/${id}/readiness/new`);
    const res = await b.agent.post(`/startups/${id}/readiness/new`).type('form').send({ ...first.body, _csrf: token });
    expect(res.status).to.equal(409);
    expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
  });
});

describe('readiness: who may read and assess', () => {

  it('an assigned mentor assesses; a mentor not assigned, or whose assignment ended, gets 404 everywhere', async () => {
    const { app } = makeApp();
    const { id, startup, otherId, other } = await world();
    const { agent, user } = await signedIn(app, { role: 'mentor', name: 'Sophie Lefèvre' });
    await assign(user._id, startup._id);
    await assign(user._id, other._id, new Date(Date.now() - 30 * 86400000), new Date(Date.now() - 86400000));

    const tab = await agent.get(`/startups/${id}/readiness`);
    expect(tab.status).to.equal(200);
    expect(tab.text).to.contain('Nouvelle évaluation');
    expect(tab.text).not.to.contain('Cibles de fin de cohorte</a>');
    const { res } = await submitAssessment(agent, id, assessmentFields({ customer: 5 }));
    expect(res.status).to.equal(303);
    const stored = await ReadinessAssessment.findOne({ startup: id }).lean();
    expect(stored?.assessorRole).to.equal('mentor');
    expect(stored?.assessorName).to.equal('Sophie Lefèvre');

    const stranger = await signedIn(app, { role: 'mentor' });
    const token = await csrfFrom(agent, `/startups/${id}/readiness/new`);
    const strangerToken = await csrfFrom(stranger.agent, '/account');
    for (const [who, a, tok, target] of [
      ['ended assignment', agent, token, otherId],
      ['never assigned', stranger.agent, strangerToken, id],
    ] as const) {
      for (const path of [`/startups/${target}/readiness`, `/startups/${target}/readiness/new`]) {
        const page = await a.get(path);
        expect(page.status, `${who} GET ${path}`).to.equal(404);
        expect(page.text).to.contain(NOT_FOUND);
      }
      const post = await a.post(`/startups/${target}/readiness/new`).type('form').send({ _csrf: tok, submissionId: crypto.randomUUID(), date: todayInParis(), ...assessmentFields() });
      expect(post.status, `${who} POST`).to.equal(404);
    }
    expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
  });

  it('a founder reads the tab of their own startup but cannot assess (403); another startup is 404', async () => {
    const { app } = makeApp();
    const { id, startup, otherId } = await world();
    const manager = await signedIn(app, { role: 'manager' });
    await submitAssessment(manager.agent, id, assessmentFields({ customer: 6 }));
    const { agent } = await signedIn(app, { role: 'founder', startups: [startup._id] });

    const tab = await agent.get(`/startups/${id}/readiness`);
    expect(tab.status).to.equal(200);
    expect(tab.text).to.contain(html('Étude pilote dans deux CHU. (customer)'));
    expect(tab.text).not.to.contain('Nouvelle évaluation');
    expect(tab.text).not.to.contain(`/startups/${id}/readiness/targets`);
    const form = await agent.get(`/startups/${id}/readiness/new`);
    expect(form.status).to.equal(403);
    expect(form.text).to.contain(FORBIDDEN);
    const token = await csrfFrom(agent, `/startups/${id}/readiness`);
    const post = await agent.post(`/startups/${id}/readiness/new`).type('form').send({ _csrf: token, submissionId: crypto.randomUUID(), date: todayInParis(), ...assessmentFields() });
    expect(post.status).to.equal(403);
    expect((await agent.get(`/startups/${id}/readiness/targets`)).status).to.equal(403);
    const foreign = await agent.get(`/startups/${otherId}/readiness`);
    expect(foreign.status).to.equal(404);
    expect(foreign.text).to.contain(NOT_FOUND);
    expect(await ReadinessAssessment.countDocuments({})).to.equal(1);
  });

  it('partners and observers get 403 on every readiness page; anonymous visitors go to the login page', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const org = await makeOrganisation();
    const paths = [`/startups/${id}/readiness`, `/startups/${id}/readiness/new`, `/startups/${id}/readiness/targets`, '/programme/readiness'];
    for (const role of ['partner', 'observer'] as const) {
      const user = await makeUser({ role, organisation: role === 'partner' ? org._id : undefined });
      const agent = await login(app, user.email);
      for (const path of paths) {
        const res = await agent.get(path);
        expect(res.status, `${role} ${path}`).to.equal(403);
        expect(res.text).to.contain(FORBIDDEN);
      }
      const token = await csrfFrom(agent, '/account');
      for (const path of paths.slice(1)) {
        const res = await agent.post(path).type('form').send({ _csrf: token, version: '0', ...assessmentFields() });
        expect(res.status, `${role} POST ${path}`).to.equal(403);
      }
    }
    for (const path of paths) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
    const anonymous = request.agent(app);
    const token = await csrfFrom(anonymous, '/login');
    const post = await anonymous.post(`/startups/${id}/readiness/new`).type('form').send({ _csrf: token, ...assessmentFields() });
    expect(post.status).to.equal(302);
    expect(post.headers.location).to.equal('/login');
    expect(await ReadinessAssessment.countDocuments({})).to.equal(0);
  });

  it('unknown and malformed startup ids answer 404, never 500', async () => {
    const { app, logs } = makeApp();
    await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const token = await csrfFrom(agent, '/account');
    for (const bad of ['000000000000000000000000', 'not-an-id', '%24gt', `${'a'.repeat(24)}0`]) {
      for (const path of [`/startups/${bad}/readiness`, `/startups/${bad}/readiness/new`, `/startups/${bad}/readiness/targets`]) {
        expect((await agent.get(path)).status, path).to.equal(404);
        expect((await agent.post(path).type('form').send({ _csrf: token, version: '0' })).status, `POST ${path}`).to.equal(404);
      }
    }
    expect(logs.filter((l) => l.includes('unhandled error'))).to.deep.equal([]);
  });
});
