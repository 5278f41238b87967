import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { Milestone } from '../../src/milestones/model';
import { seedMilestones, seedTracks, SEED_TRACKS } from '../../src/seed/milestones';
import { startOfToday } from '../../src/milestones/service';
import { MilestoneTrack } from '../../src/milestones/track.model';
import { seedDemo } from '../../src/seed/demo';
import { makeCohort, makeProgramme, makeStartup } from '../../src/seed/factories';
import { makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { expectText, makeMilestone } from './milestones-helpers';

const DAY = 24 * 60 * 60 * 1000;

describe('milestones: review queue, tracks, home widgets, seed', () => {
  let t: TestApp;
  let manager: Agent;

  beforeEach(async () => {
    t = makeApp();
    ({ agent: manager } = await signedIn(t.app, { role: 'manager' }));
  });

  it('the queue lists submitted milestones oldest submission first, filters by cohort and dimension, paginates, says when empty', async () => {
    expectText((await manager.get('/milestones/review')).text, 'Aucun jalon en attente d’examen.');
    const programme = await makeProgramme();
    const spring = await makeCohort(programme._id, { name: 'Printemps' });
    const autumn = await makeCohort(programme._id, { name: 'Automne' });
    const a = await makeStartup({ name: 'Alpha', cohort: spring._id });
    const b = await makeStartup({ name: 'Beta', cohort: autumn._id });
    const now = Date.now();
    await makeMilestone(a._id, { title: 'Récent', status: 'submitted', submittedAt: new Date(now - 1 * DAY), dimension: 'clinical' });
    await makeMilestone(b._id, { title: 'Ancien', status: 'submitted', submittedAt: new Date(now - 9 * DAY), dimension: 'regulatory' });
    await makeMilestone(a._id, { title: 'Moyen', status: 'submitted', submittedAt: new Date(now - 5 * DAY), dimension: 'regulatory' });
    await makeMilestone(a._id, { title: 'Juste prévu', status: 'planned' });
    await makeMilestone(a._id, { title: 'Déjà validé', status: 'approved' });
    const order = (html: string) => ['Ancien', 'Moyen', 'Récent'].filter((x) => html.includes(`>${x}</a>`)).sort((x, y) => html.indexOf(`>${x}</a>`) - html.indexOf(`>${y}</a>`));
    const all = await manager.get('/milestones/review');
    expect(order(all.text)).to.deep.equal(['Ancien', 'Moyen', 'Récent']);
    expect(all.text).not.to.contain('Juste prévu').and.not.to.contain('Déjà validé');
    expect(order((await manager.get(`/milestones/review?cohort=${String(spring._id)}`)).text)).to.deep.equal(['Moyen', 'Récent']);
    expect(order((await manager.get('/milestones/review?dimension=regulatory')).text)).to.deep.equal(['Ancien', 'Moyen']);
    const none = await manager.get(`/milestones/review?cohort=${String(autumn._id)}&dimension=clinical`);
    expectText(none.text, 'Aucun jalon soumis ne correspond à ces filtres.');
    expect(none.text).to.contain(`value="${String(autumn._id)}" selected`);
    // Bad filter values fall back to "all" rather than failing.
    expect((await manager.get('/milestones/review?cohort=%24ne&dimension=zzz')).status).to.equal(200);

    for (let i = 0; i < 20; i++) await makeMilestone(b._id, { title: `Lot ${i}`, status: 'submitted', submittedAt: new Date(now - (30 + i) * DAY) });
    const page2 = await manager.get('/milestones/review?page=2');
    expectText(page2.text, 'Page 2 sur 2 · 23 résultat(s)', 'Récent');
    expect(page2.text).not.to.contain('>Lot 19</a>');
  });

  it('tracks: created through the form, applied with due dates = today + offset, refused the second time', async () => {
    const fields = { nameFr: 'Parcours e-santé', nameEn: '', titleFr_0: 'Analyse d’impact RGPD', dimension_0: 'regulatory', offset_0: '30', titleFr_1: 'Hébergement HDS', titleEn_1: 'HDS hosting', dimension_1: 'technology', offset_1: '90' };
    const created = await postForm(manager, '/milestones/tracks/new', '/milestones/tracks', fields);
    expect(created.status).to.equal(303);
    const track = await MilestoneTrack.findOne({}).lean();
    expect(track?.name).to.deep.include({ fr: 'Parcours e-santé', en: 'Parcours e-santé' });
    expect(track?.steps.map((s) => [s.title?.fr, s.title?.en, s.offsetDays])).to.deep.equal([
      ['Analyse d’impact RGPD', 'Analyse d’impact RGPD', 30],
      ['Hébergement HDS', 'HDS hosting', 90],
    ]);
    const incomplete = await postForm(manager, '/milestones/tracks/new', '/milestones/tracks', { nameFr: 'Incomplet', titleFr_0: 'Sans dimension', offset_0: '5' });
    expect(incomplete.status).to.equal(422);
    expectText(incomplete.text, 'Étape 1 : titre, dimension et nombre de jours (0 à 3650) sont requis.');
    expect(await MilestoneTrack.countDocuments({})).to.equal(1);

    const startup = await makeStartup({ name: 'DermAI' });
    const tab = `/startups/${String(startup._id)}/milestones`;
    const applied = await postForm(manager, tab, `${tab}/apply-track`, { track: String(track?._id) });
    expect(applied.status).to.equal(303);
    const milestones = await Milestone.find({ startup: startup._id }).sort({ dueDate: 1 }).lean();
    const today = startOfToday().getTime();
    expect(milestones.map((m) => [m.title, m.status, (m.dueDate.getTime() - today) / DAY])).to.deep.equal([
      ['Analyse d’impact RGPD', 'planned', 30],
      ['Hébergement HDS', 'planned', 90],
    ]);
    expectText((await manager.get(tab)).text, 'Parcours « Parcours e-santé » appliqué : 2 jalon(s) créé(s).');
    const twice = await postForm(manager, tab, `${tab}/apply-track`, { track: String(track?._id) });
    expect(twice.status).to.equal(303);
    expectText((await manager.get(tab)).text, 'Ce parcours a déjà été appliqué à cette startup');
    expect(await Milestone.countDocuments({ startup: startup._id })).to.equal(2);
    expect(await ActivityEntry.countDocuments({ action: 'milestone.trackApplied', entityId: String(startup._id) })).to.equal(1);

    // Edit with the version; a stale page is refused with the current values.
    const edit = `/milestones/tracks/${String(track?._id)}`;
    const saved = await postForm(manager, `${edit}/edit`, edit, { ...fields, nameFr: 'E-santé', version: '0' });
    expect(saved.status).to.equal(303);
    const stale = await postForm(manager, `${edit}/edit`, edit, { ...fields, nameFr: 'Vieux', version: '0' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain('value="E-santé"');
  });

  it('home pages: founders see what is due next and what was sent back; managers the queue count and overdue milestones', async () => {
    const startup = await makeStartup({ name: 'RespiraCare' });
    const now = Date.now();
    await makeMilestone(startup._id, { title: 'En retard', dueDate: new Date(now - 10 * DAY) });
    await makeMilestone(startup._id, { title: 'Bientôt', dueDate: new Date(now + 5 * DAY) });
    await makeMilestone(startup._id, { title: 'Plus tard', dueDate: new Date(now + 50 * DAY) });
    await makeMilestone(startup._id, { title: 'Bien plus tard', dueDate: new Date(now + 500 * DAY) });
    const back = await makeMilestone(startup._id, { title: 'À reprendre', status: 'changes_requested', dueDate: new Date(now + 20 * DAY) });
    await Milestone.updateOne({ _id: back._id }, { $push: { thread: { by: back._id, byName: 'Claire Martin', byRole: 'manager', at: new Date(), decision: 'changes_requested', comment: 'Ajoutez le devis.' } } });
    await makeMilestone(startup._id, { title: 'En examen', status: 'submitted', dueDate: new Date(now - 3 * DAY) });
    await makeMilestone(startup._id, { title: 'Validé en retard', status: 'approved', dueDate: new Date(now - 30 * DAY) });

    const { agent: founder } = await signedIn(t.app, { role: 'founder', startups: [startup._id] });
    const home = (await founder.get('/')).text;
    expectText(home, 'Prochains jalons', 'En retard', 'Bientôt', 'À reprendre', 'Jalons à reprendre', 'Ajoutez le devis.');
    const dueNext = home.slice(home.indexOf('id="due-next"'), home.indexOf('id="sent-back"'));
    expect(dueNext).not.to.contain('Plus tard').and.not.to.contain('En examen');

    const mhome = (await manager.get('/')).text;
    // Overdue means the founders have something to do (issue 12): the one waiting for review is in the queue, not late.
    expectText(mhome, 'Jalons à examiner', 'Jalons en retard', 'En retard', '1 jalon(s) en retard au total.');
    const overdueList = mhome.slice(mhome.indexOf('id="overdue-title"'), mhome.indexOf('id="expiring-title"'));
    expect(overdueList).not.to.contain('En examen');
    expect(mhome).to.match(/href="\/milestones\/review"[^>]*>[\s\S]{0,200}>1</);
    expect(mhome).not.to.contain('Validé en retard');
  });

  it('seed: two bilingual tracks and milestones in every state for each demo startup, idempotent', async () => {
    await seedDemo();
    expect(await seedTracks()).to.equal(2);
    expect(await seedTracks()).to.equal(0);
    const tracks = await MilestoneTrack.find({}).lean();
    expect(tracks.map((tr) => tr.key).sort()).to.deep.equal(['biotech', 'medical-device']);
    for (const tr of tracks) for (const s of tr.steps) expect(s.title?.fr && s.title?.en, 'both languages').to.be.a('string').and.not.equal('');
    expect(SEED_TRACKS[0].steps.map((s) => s.title.en)).to.include.members(['ISO 13485 quality management system', 'ISO 14971 risk management file', 'CE marking', 'First sale']);
    const created = await seedMilestones();
    expect(created).to.be.greaterThan(0);
    expect(await seedMilestones()).to.equal(0);
    const states = await Milestone.distinct('status');
    expect(states.sort()).to.deep.equal(['approved', 'changes_requested', 'planned', 'submitted']);
    const sentBack = await Milestone.findOne({ status: 'changes_requested' }).lean();
    expect(sentBack?.thread.some((e) => e.decision === 'changes_requested' && e.comment)).to.equal(true);
    const sub = await Milestone.findOne({ status: 'submitted' }).lean();
    expect(sub?.evidence?.text).to.not.equal('');
  });
});
