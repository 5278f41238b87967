import { expect } from 'chai';
import { Referral } from '../../src/referrals/model';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp, postForm, text } from '../helpers';
import { REFERRAL_ENV, storedDocument } from './referrals.helpers';

/** The partner portal: the inbox of their organisation's referrals and the referral page, over HTTP. */
describe('referrals: the partner portal pages', () => {
  async function world() {
    const t = makeApp(REFERRAL_ENV);
    const [x, y] = await Promise.all([makePartnerOrganisation({ name: 'Genopole X' }), makePartnerOrganisation({ name: 'Fonds Y' })]);
    const s = await makeStartup({ name: 'Cardio Sense', pitch: 'Un patch ECG connecté' });
    const hidden = await makeStartup({ name: 'Onco Lens' });
    const plan = await storedDocument(s._id, { title: 'Business plan' });
    const toX = await makeReferral(s._id, x._id, { documents: [plan._id], message: 'Levée de fonds en préparation' });
    await makeReferral(hidden._id, y._id);
    await makeReferral(hidden._id, x._id, { status: 'draft' });
    const [partner, founder, mentor] = await Promise.all([makeUser({ role: 'partner', organisation: x._id }), makeUser({ role: 'founder', startups: [s._id] }), makeUser({ role: 'mentor' })]);
    const otherPartner = await makeUser({ role: 'partner', organisation: y._id });
    return { t, s, plan, toX, partner, founder, mentor, otherPartner };
  }

  it('the inbox lists the organisation’s sent referrals only; the page shows the startup and the shared documents and marks it viewed', async () => {
    const w = await world();
    const agent = await login(w.t.app, w.partner.email);
    const inbox = await agent.get('/referrals');
    expect(inbox.status).to.equal(200);
    expect(inbox.text).to.contain('Cardio Sense');
    expect(inbox.text).to.not.contain('Onco Lens');
    const page = await agent.get(`/referrals/${String(w.toX._id)}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Un patch ECG connecté');
    expect(page.text).to.contain(`href="/referrals/${String(w.toX._id)}/documents/${String(w.plan._id)}/download"`);
    expect(page.text).to.contain(text('referrals.show.accept'));
    expect((await Referral.findOne({ _id: w.toX._id }).lean())?.status).to.equal('viewed');
  });

  it('another organisation’s partner gets 404; mentors 403; founders see the status, never the message', async () => {
    const w = await world();
    const other = await login(w.t.app, w.otherPartner.email);
    expect((await other.get(`/referrals/${String(w.toX._id)}`)).status).to.equal(404);
    expect((await other.get('/referrals/not-an-id')).status).to.equal(404);
    const mentor = await login(w.t.app, w.mentor.email);
    expect((await mentor.get('/referrals')).status).to.equal(403);
    const founder = await login(w.t.app, w.founder.email);
    const page = await founder.get(`/referrals/${String(w.toX._id)}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(text('referrals.statuses.sent'));
    expect(page.text).to.not.contain('Levée de fonds en préparation');
    expect((await Referral.findOne({ _id: w.toX._id }).lean())?.status).to.equal('sent');
  });

  it('declining without a reason shows the message; with one, it is declined; the partner cannot answer twice', async () => {
    const w = await world();
    const agent = await login(w.t.app, w.partner.email);
    const path = `/referrals/${String(w.toX._id)}`;
    const empty = await postForm(agent, path, `${path}/decline`, { reason: ' ' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain(text('referrals.errors.reasonRequired'));
    const done = await postForm(agent, path, `${path}/decline`, { reason: 'Stade trop précoce', status: 'accepted' });
    expect(done.status).to.equal(303);
    const stored = await Referral.findOne({ _id: w.toX._id }).lean();
    expect(stored?.status).to.equal('declined');
    expect(stored?.declineReason).to.equal('Stade trop précoce');
    const again = await postForm(agent, path, `${path}/accept`, {});
    expect(again.status).to.equal(409);
  });

  it('a founder approves a confidential document from the page and the partner can download it; the partner records an outcome once accepted', async () => {
    const w = await world();
    const secret = await storedDocument(w.s._id, { title: 'Données cliniques', confidential: true });
    const r = await makeReferral(w.s._id, w.toX.organisation, { documents: [secret._id], consents: [{ document: secret._id, status: 'pending' }] });
    const path = `/referrals/${String(r._id)}`;
    const partner = await login(w.t.app, w.partner.email);
    expect((await partner.get(`${path}/documents/${String(secret._id)}/download`)).status).to.equal(404);
    const founder = await login(w.t.app, w.founder.email);
    const page = await founder.get(path);
    expect(page.text).to.contain('Données cliniques');
    expect(page.text).to.contain(text('referrals.consentForm.approve'));
    expect((await postForm(founder, path, `${path}/consents/${String(secret._id)}`, { decision: 'approve' })).status).to.equal(303);
    expect((await partner.get(`${path}/documents/${String(secret._id)}/download`)).status).to.equal(200);
    // A partner cannot decide consent for the startup.
    expect((await postForm(partner, path, `${path}/consents/${String(secret._id)}`, { decision: 'withdraw' })).status).to.equal(403);
    expect((await postForm(partner, path, `${path}/accept`, {})).status).to.equal(303);
    const missing = await postForm(partner, path, `${path}/outcomes`, { kind: 'investment', on: new Date().toISOString().slice(0, 10), amount: '', note: '' });
    expect(missing.status).to.equal(422);
    expect(missing.text).to.contain(text('referrals.errors.amountRequired'));
    const recorded = await postForm(partner, path, `${path}/outcomes`, { kind: 'investment', on: new Date().toISOString().slice(0, 10), amount: '250000', note: '' });
    expect(recorded.status).to.equal(303);
    expect((await Referral.findOne({ _id: r._id }).lean())?.outcomes.map((o) => o.amount)).to.deep.equal([250000]);
  });

  it('the founders’ startup page shows which documents are shared with which organisation and the status, never the message; managers get the link to refer', async () => {
    const w = await world();
    const founder = await login(w.t.app, w.founder.email);
    const page = await founder.get(`/startups/${String(w.s._id)}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Genopole X');
    expect(page.text).to.contain('Business plan');
    expect(page.text).to.contain(text('referrals.statuses.sent'));
    expect(page.text).to.not.contain('Levée de fonds en préparation');
    expect(page.text).to.not.contain('/referrals/new');
    const manager = await login(w.t.app, (await makeUser({ role: 'manager' })).email);
    expect((await manager.get(`/startups/${String(w.s._id)}`)).text).to.contain(`/referrals/new?startup=${String(w.s._id)}`);
  });
});
