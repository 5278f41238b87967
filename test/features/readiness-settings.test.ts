import { expect } from 'chai';
import type { Types } from 'mongoose';
import { ActivityEntry } from '../../src/core/audit/model';
import { Programme } from '../../src/programmes/model';
import { DEFAULT_AXES } from '../../src/programmes/axes';
import { ReadinessAssessment, ReadinessTarget } from '../../src/readiness/model';
import { latestScores, readinessSummary } from '../../src/readiness/service';
import { startupAccess } from '../../src/startups/access';
import { toSessionUser } from '../../src/users/model';
import { makeUser } from '../../src/seed/factories';
import { csrfFrom, makeApp, signedIn, type Agent, text } from '../helpers';
import { AXES, assessmentFields, hidden, html, radarData, submitAssessment, world } from './readiness-helpers';

const STALE = text('errors.staleEdit');

async function storeAssessment(startup: Types.ObjectId, date: string, level: number, createdAt?: Date) {
  const assessor = await makeUser({ role: 'manager' });
  const doc = await ReadinessAssessment.create({
    startup,
    date: new Date(`${date}T00:00:00.000Z`),
    assessor: assessor._id,
    assessorName: assessor.name,
    assessorRole: 'manager',
    scores: AXES.map((axis) => ({ axis, level, justification: `niveau ${level}` })),
    submissionId: crypto.randomUUID(),
  });
  if (createdAt) await ReadinessAssessment.collection.updateOne({ _id: doc._id }, { $set: { createdAt } });
  return doc;
}

describe('readiness: latest scores, radar and targets', () => {

  it('latestScores takes the most recent assessment by date, then by time of recording; null when none', async () => {
    const { startup, id, otherId } = await world();
    expect(await latestScores(id)).to.equal(null);
    expect(await latestScores('not-an-id')).to.equal(null);
    await storeAssessment(startup._id, '2026-05-10', 6, new Date('2026-05-10T10:00:00Z'));
    // Recorded later but about an earlier day: not the latest.
    await storeAssessment(startup._id, '2026-03-01', 2, new Date('2026-06-01T10:00:00Z'));
    expect(await latestScores(id)).to.deep.equal(Object.fromEntries(AXES.map((k) => [k, 6])));
    // Same day as the latest, recorded afterwards: it wins.
    await storeAssessment(startup._id, '2026-05-10', 7, new Date('2026-05-10T15:00:00Z'));
    expect(await latestScores(id)).to.deep.equal(Object.fromEntries(AXES.map((k) => [k, 7])));
    expect(await latestScores(otherId)).to.equal(null);
  });

  it('the tab and readinessSummary give the radar the latest, previous and target levels; the table shows the same numbers', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent, user } = await signedIn(app, { role: 'manager' });
    const first = { customer: 2, technology: 3, business_model: 2, ipr: 1, team: 3, funding: 1 };
    const second = { customer: 4, technology: 5, business_model: 3, ipr: 2, team: 4, funding: 3 };
    expect((await submitAssessment(agent, id, { ...assessmentFields(first), date: '2026-02-01' })).res.status).to.equal(303);
    expect((await submitAssessment(agent, id, { ...assessmentFields(second), date: '2026-06-01' })).res.status).to.equal(303);
    const targets = await agent.get(`/startups/${id}/readiness/targets`);
    const saved = await agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(targets.text, '_csrf'), version: hidden(targets.text, 'version'), target__customer: '6', target__technology: '7', target__ipr: '' });
    expect(saved.status).to.equal(303);

    const tab = await agent.get(`/startups/${id}/readiness`);
    const chart = radarData(tab.text);
    expect(chart.labels.fr).to.deep.equal(DEFAULT_AXES.map((a) => a.label.fr));
    expect(chart.labels.en).to.deep.equal(DEFAULT_AXES.map((a) => a.label.en));
    expect(chart.datasets.map((d) => d.kind)).to.deep.equal(['latest', 'previous', 'target']);
    expect(chart.datasets[0].data).to.deep.equal(AXES.map((k) => second[k as keyof typeof second]));
    expect(chart.datasets[1].data).to.deep.equal(AXES.map((k) => first[k as keyof typeof first]));
    expect(chart.datasets[2].data).to.deep.equal([6, 7, null, null, null, null]);
    expect(chart.datasets[0].label.fr).to.contain('Dernière évaluation (1 juin 2026)');
    expect(chart.datasets[1].label.en).to.contain('Previous assessment (1 Feb 2026)');
    // The table (what a screen reader or a browser without JavaScript gets) has the same numbers.
    expect(tab.text).to.match(/<tr data-axis="technology">\s*<th scope="row" class="fw-normal">Technologie<\/th>\s*<td class="text-end fw-semibold" data-latest="5">5<\/td>\s*<td class="text-end" data-previous="3">3<\/td>\s*<td class="text-end" data-target="7">7<\/td>/);
    expect(tab.text).to.contain('src="/static/chart.js/chart.umd.min.js"');
    expect(tab.text).to.contain('src="/static/js/radar.js"');
    // History: newest first.
    expect(tab.text.indexOf('Évaluation du 1 juin 2026')).to.be.greaterThan(-1);
    expect(tab.text.indexOf('Évaluation du 1 juin 2026')).to.be.lessThan(tab.text.indexOf('Évaluation du 1 févr. 2026'));

    const summary = await readinessSummary(await startupAccess(toSessionUser(user), id));
    expect(summary.href).to.equal(`/startups/${id}/readiness`);
    expect(summary.rows.find((r) => r.key === 'customer')).to.include({ latest: 4, previous: 2, target: 6 });
    expect(summary.canAssess).to.equal(true);
    const chartFile = await agent.get('/static/chart.js/chart.umd.min.js');
    expect(chartFile.status).to.equal(200);
    expect((await agent.get('/static/js/radar.js')).status).to.equal(200);
  });

  it('without any assessment the tab says what to do next, and the radar is not drawn', async () => {
    const { app } = makeApp();
    const { id, startup } = await world();
    const manager = await signedIn(app, { role: 'manager' });
    const page = await manager.agent.get(`/startups/${id}/readiness`);
    expect(page.text).to.contain('Aucune évaluation pour le moment : enregistrez la première pour tracer le radar.');
    expect(page.text).not.to.contain('data-radar=');
    const founder = await signedIn(app, { role: 'founder', startups: [startup._id] });
    expect((await founder.agent.get(`/startups/${id}/readiness`)).text).to.contain(html('Aucune évaluation pour le moment : l’équipe du programme ou le mentor de la startup l’enregistrera.'));
  });

  it('targets: a manager sets them (empty = none), they are audited; bad levels 422; a stale form 409 with the current values', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const a = await signedIn(app, { role: 'manager', name: 'Anne' });
    const b = await signedIn(app, { role: 'manager', name: 'Bruno' });
    const pageA = await a.agent.get(`/startups/${id}/readiness/targets`);
    const pageB = await b.agent.get(`/startups/${id}/readiness/targets`);
    expect(pageA.status).to.equal(200);
    expect(hidden(pageA.text, 'version')).to.equal('0');

    const bad = await a.agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(pageA.text, '_csrf'), version: '0', target__customer: '12', target__team: '5' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('id="e-target__customer" class="invalid-feedback">Choisissez un niveau de 1 à 9, ou « aucune cible ».');
    expect(bad.text).to.match(/<option value="5" selected>/);
    expect(await ReadinessTarget.countDocuments({})).to.equal(0);

    const ok = await a.agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(pageA.text, '_csrf'), version: '0', target__customer: '6', target__team: '5', target__funding: '' });
    expect(ok.status).to.equal(303);
    const stored = await ReadinessTarget.findOne({ startup: id }).lean();
    expect(stored?.levels).to.deep.equal([{ axis: 'customer', level: 6 }, { axis: 'team', level: 5 }]);
    expect(stored?.setByName).to.equal('Anne');
    expect((await ActivityEntry.findOne({ action: 'readiness.targetsSet' }).lean())?.summary).to.contain('Client 6, Équipe 5');
    const tab = await a.agent.get(ok.headers.location);
    expect(tab.text).to.contain('Cibles de fin de cohorte enregistrées.');
    expect(tab.text).to.contain('Définies par Anne');

    // Bruno opened the form before Anne saved: his save is refused and shows Anne's values.
    const stale = await b.agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(pageB.text, '_csrf'), version: '0', target__customer: '9' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain(STALE);
    expect(stale.text).to.match(/<select id="f-target__customer"[\s\S]*?<option value="6" selected>/);
    expect(hidden(stale.text, 'version')).to.equal('1');
    expect((await ReadinessTarget.findOne({ startup: id }).lean())?.levels[0].level).to.equal(6);
    // A second edit from the fresh form works, and emptying an axis removes its target.
    const again = await b.agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(pageB.text, '_csrf'), version: '1', target__customer: '9', target__team: '' });
    expect(again.status).to.equal(303);
    const after = await ReadinessTarget.findOne({ startup: id }).lean();
    expect(after?.levels).to.deep.equal([{ axis: 'customer', level: 9 }]);
    expect(after?.revision).to.equal(2);
    const replay = await a.agent.post(`/startups/${id}/readiness/targets`).type('form').send({ _csrf: hidden(pageA.text, '_csrf'), version: '1', target__customer: '2' });
    expect(replay.status).to.equal(409);
  });

  it('a mentor (even assigned) cannot set targets', async () => {
    const { app } = makeApp();
    const { id } = await world();
    const { agent } = await signedIn(app, { role: 'mentor' });
    expect((await agent.get(`/startups/${id}/readiness/targets`)).status).to.equal(403);
  });
});

describe('readiness: axes of the programme', () => {

  async function axesPage(agent: Agent) {
    const page = await agent.get('/programme/readiness');
    expect(page.status).to.equal(200);
    const fields: Record<string, string> = {};
    for (const m of page.text.matchAll(/<input (?:id="[^"]*" )?name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]] = m[2].replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
    // The form's own token and version (the page's logout form has a token too: take the form's).
    const form = page.text.slice(page.text.indexOf('action="/programme/readiness"'));
    fields._csrf = hidden(form, '_csrf');
    fields.version = hidden(form, 'version');
    return { page, fields };
  }

  it('a manager renames an axis and rewrites a level: copied into the programme, seen in the form and the radar', async () => {
    const { app } = makeApp();
    const { id, programme } = await world();
    const { agent } = await signedIn(app, { role: 'manager' });
    const { page, fields } = await axesPage(agent);
    expect(page.text).to.contain('TRL 4 – technology validated in lab');
    expect(fields.label_fr__customer).to.equal('Client');
    expect(Object.keys(fields).filter((k) => /^l\d_(fr|en)__/.test(k))).to.have.length(6 * 18);
    expect((await Programme.findOne({ _id: programme._id }).lean())?.readinessAxes).to.have.length(0);

    const res = await agent.post('/programme/readiness').type('form').send({ ...fields, label_fr__customer: 'Marché', label_en__customer: 'Market', l3_fr__customer: 'Premiers retours de prescripteurs' });
    expect(res.status).to.equal(303);
    expect((await agent.get(res.headers.location)).text).to.contain('Axes de maturité enregistrés.');
    const stored = await Programme.findOne({ _id: programme._id }).lean();
    expect(stored?.readinessAxes.map((a) => a.key)).to.deep.equal(AXES);
    expect(stored?.readinessAxes[0].label).to.deep.equal({ fr: 'Marché', en: 'Market' });
    expect(stored?.readinessAxes[0].levels[2].fr).to.equal('Premiers retours de prescripteurs');
    expect(stored?.readinessAxes[1].levels[8].fr).to.equal('TRL 9 – système réel prouvé en environnement opérationnel');
    const entry = await ActivityEntry.findOne({ action: 'readiness.axesUpdated' }).lean();
    expect(entry?.entityType).to.equal('Programme');
    expect(entry?.summary).to.contain('customer → Marché / Market');

    const form = await agent.get(`/startups/${id}/readiness/new`);
    expect(form.text).to.contain('>Marché</legend>');
    expect(form.text).to.contain('Premiers retours de prescripteurs');
    expect((await submitAssessment(agent, id, assessmentFields({ customer: 5 }))).res.status).to.equal(303);
    const chart = radarData((await agent.get(`/startups/${id}/readiness`)).text);
    expect(chart.labels.fr[0]).to.equal('Marché');
    expect(chart.labels.en[0]).to.equal('Market');
    expect(chart.datasets[0].data[0]).to.equal(5);
  });

  it('refuses an empty label (422, values kept) and a stale form (409, current values shown)', async () => {
    const { app } = makeApp();
    const { programme } = await world();
    const a = await signedIn(app, { role: 'manager' });
    const b = await signedIn(app, { role: 'manager' });
    const first = await axesPage(a.agent);
    const second = await axesPage(b.agent);

    const empty = await a.agent.post('/programme/readiness').type('form').send({ ...first.fields, label_en__team: '', label_fr__team: 'Équipe dirigeante' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('id="e-label_en__team" class="invalid-feedback">Ce champ est obligatoire.');
    expect(empty.text).to.contain('value="Équipe dirigeante"');

    expect((await a.agent.post('/programme/readiness').type('form').send({ ...first.fields, label_fr__team: 'Équipe dirigeante' })).status).to.equal(303);
    const stale = await b.agent.post('/programme/readiness').type('form').send({ ...second.fields, label_fr__funding: 'Argent' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain(STALE);
    expect(stale.text).to.contain('value="Équipe dirigeante"');
    const stored = await Programme.findOne({ _id: programme._id }).lean();
    expect(stored?.readinessAxes.find((x) => x.key === 'funding')?.label?.fr).to.equal('Financement');
    expect(stored?.readinessAxes.find((x) => x.key === 'team')?.label?.fr).to.equal('Équipe dirigeante');
  });

  it('only managers configure the axes', async () => {
    const { app } = makeApp();
    await world();
    for (const role of ['founder', 'mentor'] as const) {
      const { agent } = await signedIn(app, { role });
      expect((await agent.get('/programme/readiness')).status, role).to.equal(403);
      const token = await csrfFrom(agent, '/account');
      expect((await agent.post('/programme/readiness').type('form').send({ _csrf: token, version: '0', label_fr__customer: 'X' })).status).to.equal(403);
    }
    expect((await Programme.findOne({}).lean())?.readinessAxes).to.have.length(0);
  });
});
