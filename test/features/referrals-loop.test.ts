import { expect } from 'chai';
import type { Types } from 'mongoose';
import { ActivityEntry } from '../../src/core/audit/model';
import { addDays, today } from '../../src/hosting/days';
import { Notification } from '../../src/notifications/model';
import { PartnerOrganisation } from '../../src/partners/model';
import { Referral } from '../../src/referrals/model';
import { acceptReferral, closeReferral, createReferral, declineReferral, openReferral, sendReferral, withdrawReferral } from '../../src/referrals/service';
import { decideConsent } from '../../src/referrals/consent';
import { addComment, recordOutcome } from '../../src/referrals/thread';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { asUser, outcomeOf, sessionOf, storedDocument } from './referrals.helpers';

const told = (user: Types.ObjectId, kind: string) => Notification.countDocuments({ user, kind });

/** The referral loop at the service level: draft → sent → viewed → accepted | declined → closed, withdrawn; consent; thread; outcomes. */
describe('referrals: the loop', () => {
  async function world() {
    const org = await makePartnerOrganisation({ name: 'Genopole Essonne', packs: [{ fr: 'Levée de fonds', en: 'Fundraising', days: 21 }] });
    const s = await makeStartup({ name: 'Neuro Pulse' });
    const [plan, secret] = await Promise.all([storedDocument(s._id, { title: 'Plan d’affaires' }), storedDocument(s._id, { title: 'Dossier clinique', confidential: true })]);
    const [manager, founder, partner, colleague] = await Promise.all([
      makeUser({ role: 'manager' }),
      makeUser({ role: 'founder', startups: [s._id] }),
      makeUser({ role: 'partner', organisation: org._id }),
      makeUser({ role: 'partner', organisation: org._id }),
    ]);
    return { org, s, plan, secret, manager, founder, partner, colleague, pack: String(org.services[0]._id) };
  }

  it('a manager drafts with a pack (deadline from the pack), sends: the plain document is shared, the confidential one waits for consent; the partner’s team and the founders are told', async () => {
    const w = await world();
    const id = await createReferral(sessionOf(w.manager), { startup: String(w.s._id), organisation: String(w.org._id), pack: w.pack, message: 'Levée de 2 M€ en préparation', documents: [String(w.plan._id), String(w.secret._id)] });
    let r = await Referral.findOne({ _id: id }).lean();
    expect(r?.status).to.equal('draft');
    expect(r?.respondBy).to.equal(addDays(today(), 21));
    expect(r?.need.packName?.fr).to.equal('Levée de fonds');
    // A draft reaches no partner, and founders are not told yet.
    expect(await outcomeOf(asUser(w.partner, id))).to.equal('NotFound');
    await sendReferral(await asUser(w.manager, id));
    r = await Referral.findOne({ _id: id }).lean();
    expect(r?.status).to.equal('sent');
    expect(r?.shared.map((x) => String(x.document))).to.deep.equal([String(w.plan._id)]);
    expect(r?.consents.map((c) => [String(c.document), c.status])).to.deep.equal([[String(w.secret._id), 'pending']]);
    expect(await told(w.partner._id, 'referral.received')).to.equal(1);
    expect(await told(w.colleague._id, 'referral.received')).to.equal(1);
    expect(await told(w.founder._id, 'referral.consentRequested')).to.equal(1);
    expect(await ActivityEntry.countDocuments({ entityId: id })).to.equal(2);
    // Sent once: sending again is refused.
    expect(await outcomeOf(asUser(w.manager, id).then((a) => sendReferral(a)))).to.equal('Conflict');
  });

  it('refuses a pack of another organisation, a document of another startup, a past deadline; only managers create', async () => {
    const w = await world();
    const stranger = await makeStartup();
    const foreign = await storedDocument(stranger._id, { title: 'Autre' });
    const base = { startup: String(w.s._id), organisation: String(w.org._id), message: '', documents: [] as string[] };
    expect(await outcomeOf(createReferral(sessionOf(w.manager), { ...base, pack: String(foreign._id) }))).to.equal('ValidationFailed');
    expect(await outcomeOf(createReferral(sessionOf(w.manager), { ...base, free: 'funding', documents: [String(foreign._id)] }))).to.equal('ValidationFailed');
    expect(await outcomeOf(createReferral(sessionOf(w.manager), { ...base, free: 'funding', respondBy: addDays(today(), -1) }))).to.equal('ValidationFailed');
    expect(await outcomeOf(createReferral(sessionOf(w.manager), base))).to.equal('ValidationFailed');
    expect(await outcomeOf(createReferral(sessionOf(w.founder), { ...base, free: 'funding' }))).to.equal('Forbidden');
    expect(await outcomeOf(createReferral(sessionOf(w.partner), { ...base, free: 'funding' }))).to.equal('Forbidden');
    expect(await Referral.countDocuments({})).to.equal(0);
    // An organisation from before packs (its services a free text) offers no pack, and no error.
    const legacy = await PartnerOrganisation.collection.insertOne({ name: 'Ancien partenaire', kind: 'other', services: 'Hébergement' });
    const old = { ...base, organisation: String(legacy.insertedId) };
    expect(await outcomeOf(createReferral(sessionOf(w.manager), { ...old, pack: String(foreign._id) }))).to.equal('ValidationFailed');
    expect(await outcomeOf(createReferral(sessionOf(w.manager), { ...old, free: 'hosting' }))).to.equal('none');
  });

  it('the partner opens (viewed), accepts, records outcomes; the programme and founders are told; invalid moves are refused', async () => {
    const w = await world();
    const r = await makeReferral(w.s._id, w.org._id, { documents: [w.plan._id] });
    // A manager looking changes nothing; the partner's first look marks it viewed.
    await openReferral(await asUser(w.manager, r._id));
    expect((await Referral.findOne({ _id: r._id }).lean())?.status).to.equal('sent');
    await openReferral(await asUser(w.partner, r._id));
    expect((await Referral.findOne({ _id: r._id }).lean())?.status).to.equal('viewed');
    // Outcomes wait for an acceptance; founders and managers do not answer for the partner.
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => recordOutcome(a, { kind: 'meeting_held', on: today(), note: '' })))).to.equal('Conflict');
    expect(await outcomeOf(asUser(w.founder, r._id).then((a) => acceptReferral(a)))).to.equal('NotFound');
    expect(await outcomeOf(asUser(w.manager, r._id).then((a) => acceptReferral(a)))).to.equal('NotFound');
    await acceptReferral(await asUser(w.partner, r._id));
    expect(await told(w.manager._id, 'referral.accepted')).to.equal(1);
    expect(await told(w.founder._id, 'referral.accepted')).to.equal(1);
    // Accepted: declining now is an invalid move.
    expect(await outcomeOf(asUser(w.colleague, r._id).then((a) => declineReferral(a, 'Hors périmètre')))).to.equal('Conflict');
    await recordOutcome(await asUser(w.partner, r._id), { kind: 'meeting_held', on: today(), note: 'Premier rendez-vous' });
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => recordOutcome(a, { kind: 'investment', on: today(), note: '' })))).to.equal('ValidationFailed');
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => recordOutcome(a, { kind: 'no_fit', on: today(), note: ' ' })))).to.equal('ValidationFailed');
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => recordOutcome(a, { kind: 'meeting_held', on: addDays(today(), 2), note: '' })))).to.equal('ValidationFailed');
    await recordOutcome(await asUser(w.partner, r._id), { kind: 'investment', on: today(), amount: 500000, note: '' });
    const stored = await Referral.findOne({ _id: r._id }).lean();
    expect(stored?.outcomes.map((o) => [o.kind, o.amount ?? null])).to.deep.equal([['meeting_held', null], ['investment', 500000]]);
    expect(stored?.transitions.map((t) => t.status)).to.deep.equal(['sent', 'viewed', 'accepted']);
    expect(await told(w.manager._id, 'referral.outcome')).to.equal(2);
    await closeReferral(await asUser(w.manager, r._id));
    expect(await outcomeOf(asUser(w.manager, r._id).then((a) => closeReferral(a)))).to.equal('Conflict');
    expect(await outcomeOf(asUser(w.manager, r._id).then((a) => withdrawReferral(a)))).to.equal('Conflict');
  });

  it('declining needs a reason; the programme reads it, the founders get the status only', async () => {
    const w = await world();
    const r = await makeReferral(w.s._id, w.org._id);
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => declineReferral(a, '   ')))).to.equal('ValidationFailed');
    await declineReferral(await asUser(w.partner, r._id), 'Stade trop précoce');
    const toManager = await Notification.findOne({ user: w.manager._id, kind: 'referral.declined' }).lean();
    expect(toManager?.params).to.include({ reason: 'Stade trop précoce' });
    const toFounder = await Notification.findOne({ user: w.founder._id }).lean();
    expect(toFounder?.kind).to.equal('referral.declinedStatus');
    expect(JSON.stringify(toFounder?.params)).to.not.contain('Stade trop précoce');
  });

  it('a concurrent accept and decline: exactly one wins, the other is a Conflict', async () => {
    const w = await world();
    for (let round = 0; round < 5; round += 1) {
      const r = await makeReferral(w.s._id, w.org._id);
      const [a, b] = await Promise.all([asUser(w.partner, r._id), asUser(w.colleague, r._id)]);
      const results = await Promise.all([outcomeOf(acceptReferral(a)), outcomeOf(declineReferral(b, 'Pas pour nous'))]);
      expect(results.filter((x) => x === 'none'), results.join(',')).to.have.length(1);
      expect(results.filter((x) => x === 'Conflict')).to.have.length(1);
      const stored = await Referral.findOne({ _id: r._id }).lean();
      expect(stored?.transitions).to.have.length(2);
      expect(stored?.status).to.equal(results[0] === 'none' ? 'accepted' : 'declined');
    }
  });

  it('consent: only the startup’s founders decide; a refusal keeps the document out; decided twice at once, one wins', async () => {
    const w = await world();
    const r = await makeReferral(w.s._id, w.org._id, { documents: [w.plan._id, w.secret._id], consents: [{ document: w.secret._id, status: 'pending' }] });
    const doc = String(w.secret._id);
    expect(await outcomeOf(asUser(w.manager, r._id).then((a) => decideConsent(a, doc, 'approve')))).to.equal('NotFound');
    expect(await outcomeOf(asUser(w.partner, r._id).then((a) => decideConsent(a, doc, 'approve')))).to.equal('NotFound');
    const other = await makeUser({ role: 'founder', startups: [(await makeStartup())._id] });
    expect(await outcomeOf(asUser(other, r._id))).to.equal('NotFound');
    const cofounder = await makeUser({ role: 'founder', startups: [w.s._id] });
    const [a, b] = await Promise.all([asUser(w.founder, r._id), asUser(cofounder, r._id)]);
    const results = await Promise.all([outcomeOf(decideConsent(a, doc, 'approve')), outcomeOf(decideConsent(b, doc, 'refuse'))]);
    expect(results.filter((x) => x === 'none')).to.have.length(1);
    const stored = await Referral.findOne({ _id: r._id }).lean();
    const approved = stored?.consents[0].status === 'approved';
    expect(stored?.shared.some((s) => String(s.document) === doc)).to.equal(approved);
    expect(await told(w.manager._id, approved ? 'referral.consentGiven' : 'referral.consentRefused')).to.equal(1);
  });

  it('the thread: the programme and the partner write to each other (the other side is told); closed, it is refused', async () => {
    const w = await world();
    const r = await makeReferral(w.s._id, w.org._id);
    await addComment(await asUser(w.manager, r._id), 'Pouvez-vous les recevoir en mars ?');
    await addComment(await asUser(w.partner, r._id), 'Oui, le 12.');
    expect(await outcomeOf(asUser(w.founder, r._id).then((a) => addComment(a, 'Et nous ?')))).to.equal('NotFound');
    const stored = await Referral.findOne({ _id: r._id }).lean();
    expect(stored?.thread.map((c) => [c.side, c.text])).to.deep.equal([['programme', 'Pouvez-vous les recevoir en mars ?'], ['organisation', 'Oui, le 12.']]);
    expect(await told(w.partner._id, 'referral.commented')).to.equal(1);
    expect(await told(w.manager._id, 'referral.commented')).to.equal(1);
    expect(await told(w.founder._id, 'referral.commented')).to.equal(0);
    await withdrawReferral(await asUser(w.manager, r._id));
    expect(await outcomeOf(asUser(w.manager, r._id).then((a) => addComment(a, 'Encore un mot')))).to.equal('Conflict');
  });
});
