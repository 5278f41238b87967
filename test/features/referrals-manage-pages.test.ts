import { expect } from 'chai';
import { Notification } from '../../src/notifications/model';
import { Referral } from '../../src/referrals/model';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp, postForm, text } from '../helpers';
import { REFERRAL_ENV, sharedDownload, storedDocument } from './referrals.helpers';

/** What a manager does from the referral page: send a draft, stop sharing a document, close; each takes effect on the partner's next request. */
describe('referrals: the programme’s actions on the referral page', () => {
  it('a manager sends a draft (the partner is told), stops sharing one document, then closes: the partner loses each on the next request', async () => {
    const t = makeApp(REFERRAL_ENV);
    const org = await makePartnerOrganisation({ name: 'Bioprod Sud', kind: 'bioproduction' });
    const s = await makeStartup({ name: 'Cell Forge' });
    const [plan, deck] = await Promise.all([storedDocument(s._id, { title: 'Plan' }), storedDocument(s._id, { title: 'Pitch deck' })]);
    const r = await makeReferral(s._id, org._id, { status: 'draft', documents: [plan._id, deck._id] });
    const [manager, partnerUser] = await Promise.all([makeUser({ role: 'manager' }), makeUser({ role: 'partner', organisation: org._id })]);
    const [m, p] = await Promise.all([login(t.app, manager.email), login(t.app, partnerUser.email)]);
    const path = `/referrals/${String(r._id)}`;
    expect((await p.get(path)).status).to.equal(404);
    const draftPage = await m.get(path);
    expect(draftPage.text).to.contain(text('referrals.manage.send'));
    expect((await postForm(m, path, `${path}/send`, {})).status).to.equal(303);
    expect(await Notification.countDocuments({ user: partnerUser._id, kind: 'referral.received' })).to.equal(1);
    expect(await sharedDownload(p, r._id, deck._id)).to.equal(200);
    // The partner cannot act for the programme.
    expect((await postForm(p, path, `${path}/close`, {})).status).to.equal(403);
    expect((await postForm(m, path, `${path}/documents/${String(deck._id)}/withdraw`, {})).status).to.equal(303);
    expect(await sharedDownload(p, r._id, deck._id)).to.equal(404);
    expect(await sharedDownload(p, r._id, plan._id)).to.equal(200);
    expect((await postForm(m, path, `${path}/close`, {})).status).to.equal(303);
    expect(await sharedDownload(p, r._id, plan._id)).to.equal(404);
    expect((await Referral.findOne({ _id: r._id }).lean())?.status).to.equal('closed');
    const closedTab = await p.get('/referrals?tab=closed');
    expect(closedTab.text).to.contain('Cell Forge');
    expect((await p.get('/referrals?tab=awaiting')).text).to.not.contain('Cell Forge');
    // Closed: closing again is a conflict, shown as such.
    expect((await postForm(m, path, `${path}/close`, {})).status).to.equal(409);
  });

  it('a manager takes a document out of a draft before sending it: it is never shared', async () => {
    const t = makeApp(REFERRAL_ENV);
    const org = await makePartnerOrganisation({ name: 'Fonds Est' });
    const s = await makeStartup({ name: 'Neuro Lumière' });
    const [plan, deck] = await Promise.all([storedDocument(s._id, { title: 'Plan' }), storedDocument(s._id, { title: 'Pitch deck' })]);
    const r = await makeReferral(s._id, org._id, { status: 'draft', documents: [plan._id, deck._id] });
    const [manager, partnerUser] = await Promise.all([makeUser({ role: 'manager' }), makeUser({ role: 'partner', organisation: org._id })]);
    const [m, p] = await Promise.all([login(t.app, manager.email), login(t.app, partnerUser.email)]);
    const path = `/referrals/${String(r._id)}`;
    const draft = (await m.get(path)).text;
    expect(draft).to.contain(`action="${path}/documents/${String(deck._id)}/withdraw"`).and.to.contain(text('referrals.manage.unpickDocument'));
    const res = await postForm(m, path, `${path}/documents/${String(deck._id)}/withdraw`, {});
    expect(res.status).to.equal(303);
    const after = (await m.get(path)).text;
    expect(after).to.contain(text('referrals.done.documentUnpicked').replace(/'/g, '&#x27;'));
    expect(after.slice(after.indexOf('id="docs-h"'))).to.contain('Plan').and.not.to.contain('Pitch deck');
    expect((await postForm(m, path, `${path}/send`, {})).status).to.equal(303);
    expect(await sharedDownload(p, r._id, plan._id)).to.equal(200);
    expect(await sharedDownload(p, r._id, deck._id)).to.equal(404);
  });

  it('a manager refers a startup from the form: packs of the partners, the dossier’s documents; a wrong need is shown on the form; founders and partners get 403', async () => {
    const t = makeApp(REFERRAL_ENV);
    const org = await makePartnerOrganisation({ name: 'Genopole Essonne', packs: [{ fr: 'Accès au marché', en: 'Market access', days: 30 }] });
    const s = await makeStartup({ name: 'Neuro Pulse' });
    const [plan, secret] = await Promise.all([storedDocument(s._id, { title: 'Plan' }), storedDocument(s._id, { title: 'Essai clinique', confidential: true })]);
    const [manager, founder] = await Promise.all([makeUser({ role: 'manager' }), makeUser({ role: 'founder', startups: [s._id] })]);
    const m = await login(t.app, manager.email);
    const form = `/referrals/new?startup=${String(s._id)}`;
    const page = await m.get(form);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Accès au marché');
    expect(page.text).to.contain('Essai clinique');
    const pack = `pack:${String(org.services[0]._id)}`;
    const bad = await postForm(m, form, '/referrals', { startup: String(s._id), organisation: String(org._id), need: '', message: 'x', documents: [String(plan._id)] });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain(text('referrals.errors.needRequired'));
    const done = await postForm(m, form, '/referrals', { startup: String(s._id), organisation: String(org._id), need: pack, message: 'Accès au marché hospitalier', documents: [String(plan._id), String(secret._id)], status: 'accepted' });
    expect(done.status).to.equal(303);
    const r = await Referral.findOne({}).lean();
    expect(r?.status).to.equal('draft');
    expect(r?.documents.map(String)).to.have.members([String(plan._id), String(secret._id)]);
    const f = await login(t.app, founder.email);
    expect((await f.get(form)).status).to.equal(403);
  });

  it('managers filter all referrals by partner and tab and export them as CSV; a partner’s filter cannot widen their reach; the CSV is the managers’', async () => {
    const t = makeApp(REFERRAL_ENV);
    const [x, y] = await Promise.all([makePartnerOrganisation({ name: 'Genopole X' }), makePartnerOrganisation({ name: 'Fonds Y' })]);
    const [a, b] = await Promise.all([makeStartup({ name: 'Alpha Med' }), makeStartup({ name: 'Beta Bio' })]);
    await makeReferral(a._id, x._id, { status: 'viewed', respondBy: '2020-01-01' });
    await makeReferral(b._id, y._id, { status: 'accepted' });
    const [manager, partnerX] = await Promise.all([makeUser({ role: 'manager' }), makeUser({ role: 'partner', organisation: x._id })]);
    const m = await login(t.app, manager.email);
    const all = await m.get('/referrals');
    expect(all.text).to.contain('Alpha Med');
    expect(all.text).to.contain('Beta Bio');
    const onlyY = await m.get(`/referrals?organisation=${String(y._id)}`);
    expect(onlyY.text).to.contain('Beta Bio');
    expect(onlyY.text).to.not.contain('Alpha Med');
    const overdue = await m.get('/referrals?tab=overdue');
    expect(overdue.text).to.contain('Alpha Med');
    expect(overdue.text).to.not.contain('Beta Bio');
    const csv = await m.get(`/referrals.csv?organisation=${String(x._id)}`);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.contain('text/csv');
    expect(csv.text).to.contain('"Alpha Med";"Genopole X"');
    expect(csv.text).to.contain(text('referrals.overdue'));
    expect(csv.text).to.not.contain('Beta Bio');
    const p = await login(t.app, partnerX.email);
    expect((await p.get(`/referrals?organisation=${String(y._id)}`)).text).to.not.contain('Beta Bio');
    expect((await p.get('/referrals.csv')).status).to.equal(403);
    // An operator in the query string falls back to no filter: it never reaches the query.
    const injected = await m.get('/referrals?organisation[$ne]=x');
    expect(injected.status).to.equal(200);
    expect(injected.text).to.contain('Alpha Med');
  });
});
