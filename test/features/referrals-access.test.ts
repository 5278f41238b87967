import { expect } from 'chai';
import { makeApp, login } from '../helpers';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { closeReferral, withdrawDocument, withdrawReferral } from '../../src/referrals/service';
import { decideConsent } from '../../src/referrals/consent';
import { referredStartup, referralView } from '../../src/referrals/view';
import { REFERRAL_ENV, asUser, outcomeOf, sharedDownload, storedDocument } from './referrals.helpers';

/**
 * SECURITY.md "Referrals and sharing": a partner reaches a startup and its documents only through a
 * live referral addressed to their organisation, only the documents shared on it, and a confidential
 * one only with a founder's consent; closing, withdrawing and revoking end access on the next request.
 */
describe('referrals: what a partner reaches', () => {
  async function world() {
    const t = makeApp(REFERRAL_ENV);
    const [x, y] = await Promise.all([makePartnerOrganisation({ name: 'Genopole X' }), makePartnerOrganisation({ name: 'Fonds Y', kind: 'investor' })]);
    const s = await makeStartup({ name: 'Cardio Sense', pitch: 'Un patch ECG connecté' });
    const other = await makeStartup({ name: 'Onco Lens' });
    const [plan, ip, secret, notShared] = await Promise.all([
      storedDocument(s._id, { title: 'Business plan' }),
      storedDocument(s._id, { title: 'Brevets' }),
      storedDocument(s._id, { title: 'Données cliniques', confidential: true }),
      storedDocument(s._id, { title: 'Comptes 2025' }),
    ]);
    const toX = await makeReferral(s._id, x._id, { documents: [plan._id, ip._id, secret._id], consents: [{ document: secret._id, status: 'pending' }] });
    const otherToY = await makeReferral(other._id, y._id, { documents: [] });
    const [partnerX, partnerY, manager, founder] = await Promise.all([
      makeUser({ role: 'partner', organisation: x._id }),
      makeUser({ role: 'partner', organisation: y._id }),
      makeUser({ role: 'manager' }),
      makeUser({ role: 'founder', startups: [s._id] }),
    ]);
    const [agentX, agentY] = await Promise.all([login(t.app, partnerX.email), login(t.app, partnerY.email)]);
    return { t, x, y, s, other, plan, ip, secret, notShared, toX, otherToY, partnerX, partnerY, manager, founder, agentX, agentY };
  }

  it('partner X downloads a document shared with X; partner Y gets 404 for the referral, its documents and the startup', async () => {
    const w = await world();
    expect(await sharedDownload(w.agentX, w.toX._id, w.plan._id)).to.equal(200);
    expect(await sharedDownload(w.agentY, w.toX._id, w.plan._id)).to.equal(404);
    // Y's own referral does not open X's documents either (another startup).
    expect(await sharedDownload(w.agentY, w.otherToY._id, w.plan._id)).to.equal(404);
    expect(await outcomeOf(asUser(w.partnerY, w.toX._id))).to.equal('NotFound');
    const seen = await referredStartup(await asUser(w.partnerX, w.toX._id));
    expect(seen).to.include({ name: 'Cardio Sense', pitch: 'Un patch ECG connecté' });
  });

  it('a document not shared, or confidential without consent, is unreachable even by id; the dossier routes stay closed to partners', async () => {
    const w = await world();
    expect(await sharedDownload(w.agentX, w.toX._id, w.notShared._id)).to.equal(404);
    expect(await sharedDownload(w.agentX, w.toX._id, w.secret._id)).to.equal(404);
    expect(await sharedDownload(w.agentX, w.toX._id, 'not-an-id')).to.equal(404);
    expect((await w.agentX.get(`/documents/${String(w.plan._id)}/download`)).status).to.equal(403);
    const view = await referralView(await asUser(w.partnerX, w.toX._id));
    expect(view.documents.map((d) => d.title).sort()).to.deep.equal(['Brevets', 'Business plan']);
  });

  it('every startup page stays 403 or 404 for a partner, even for the startup referred to them', async () => {
    const w = await world();
    const id = String(w.s._id);
    for (const path of ['/startups', `/startups/${id}`, `/startups/${id}/history`, `/startups/${id}/documents`, `/startups/${id}/milestones`, `/startups/${id}/readiness`, `/startups/${id}/mentoring`, `/startups/${id}/hosting`, `/startups/${id}/edit`]) {
      const res = await w.agentX.get(path);
      expect([403, 404], path).to.include(res.status);
    }
  });

  it('the founder’s consent shares a confidential document; withdrawing it ends access on the next request', async () => {
    const w = await world();
    await decideConsent(await asUser(w.founder, w.toX._id), String(w.secret._id), 'approve');
    expect(await sharedDownload(w.agentX, w.toX._id, w.secret._id)).to.equal(200);
    await decideConsent(await asUser(w.founder, w.toX._id), String(w.secret._id), 'withdraw');
    expect(await sharedDownload(w.agentX, w.toX._id, w.secret._id)).to.equal(404);
    expect(await sharedDownload(w.agentX, w.toX._id, w.plan._id)).to.equal(200);
  });

  it('a manager withdrawing one document ends its sharing alone; closing the referral ends all of it and the startup’s reach', async () => {
    const w = await world();
    await withdrawDocument(await asUser(w.manager, w.toX._id), String(w.ip._id));
    expect(await sharedDownload(w.agentX, w.toX._id, w.ip._id)).to.equal(404);
    expect(await sharedDownload(w.agentX, w.toX._id, w.plan._id)).to.equal(200);
    await closeReferral(await asUser(w.manager, w.toX._id));
    expect(await sharedDownload(w.agentX, w.toX._id, w.plan._id)).to.equal(404);
    expect(await outcomeOf(asUser(w.partnerX, w.toX._id).then(referredStartup))).to.equal('NotFound');
  });

  it('a withdrawn referral shares nothing; a draft is not even visible to the partner or the founders', async () => {
    const w = await world();
    await withdrawReferral(await asUser(w.manager, w.toX._id));
    expect(await sharedDownload(w.agentX, w.toX._id, w.plan._id)).to.equal(404);
    const draft = await makeReferral(w.s._id, w.x._id, { status: 'draft', documents: [w.plan._id] });
    expect(await sharedDownload(w.agentX, draft._id, w.plan._id)).to.equal(404);
    expect(await outcomeOf(asUser(w.partnerX, draft._id))).to.equal('NotFound');
    expect(await outcomeOf(asUser(w.founder, draft._id))).to.equal('NotFound');
  });

  it('founders see the status and what is shared, never the message, thread or reasons', async () => {
    const w = await world();
    const view = await referralView(await asUser(w.founder, w.toX._id));
    expect(view.status).to.equal('sent');
    expect(view.organisation).to.equal('Genopole X');
    expect(view.details).to.equal(null);
    expect(JSON.stringify(view)).to.not.contain(w.toX.message);
    const partnerView = await referralView(await asUser(w.partnerX, w.toX._id));
    expect(partnerView.details?.message).to.equal(w.toX.message);
  });
});
