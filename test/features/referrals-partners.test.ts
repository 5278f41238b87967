import { expect } from 'chai';
import { Referral } from '../../src/referrals/model';
import { referralsByOrganisation, statsOf } from '../../src/referrals/partner-stats';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp, text } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;

/** How each partner answers, for the managers: received, acceptance rate, median response time, outcomes; the silent ones. */
describe('referrals: the partners as the programme follows them', () => {
  it('counts what each organisation received and answered, its acceptance rate and median response time, and flags one that never answers', async () => {
    const [quick, silent] = await Promise.all([makePartnerOrganisation({ name: 'Fonds Rapide' }), makePartnerOrganisation({ name: 'CHU Muet' })]);
    const s = await makeStartup();
    const answered = async (status: 'accepted' | 'declined', days: number) => {
      const r = await makeReferral(s._id, quick._id, { status });
      const sentAt = new Date(Date.now() - 30 * DAY);
      await Referral.updateOne({ _id: r._id }, { $set: { sentAt, answeredAt: new Date(sentAt.getTime() + days * DAY), declineReason: status === 'declined' ? 'Hors de notre thèse.' : '', transitions: [{ status: 'sent', at: sentAt }, { status, at: sentAt }] } });
    };
    await answered('accepted', 2);
    await answered('accepted', 4);
    await answered('declined', 10);
    await makeReferral(s._id, quick._id, { status: 'draft' });
    await makeReferral(s._id, silent._id, { status: 'viewed', respondBy: '2020-01-01' });
    await makeReferral(s._id, silent._id, { status: 'sent' });
    const byOrganisation = await referralsByOrganisation();
    const q = statsOf(byOrganisation.get(String(quick._id)) ?? []);
    const m = statsOf(byOrganisation.get(String(silent._id)) ?? []);
    expect(q).to.include({ received: 3, answered: 3, accepted: 2, medianResponseDays: 4, silent: false });
    expect(q?.acceptanceRate).to.be.closeTo(2 / 3, 0.001);
    expect(m).to.include({ received: 2, answered: 0, acceptanceRate: null, awaiting: 2, overdue: 1, silent: true });

    const t = makeApp();
    const manager = await login(t.app, (await makeUser({ role: 'manager' })).email);
    const page = await manager.get('/partners');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('CHU Muet');
    expect(page.text).to.contain(text('partners.silent'));
    const partner = await login(t.app, (await makeUser({ role: 'partner', organisation: quick._id })).email);
    expect((await partner.get('/partners')).status).to.equal(403);
  });

  it('flags an organisation whose median answer comes later than its packs say, on the directory and its page', async () => {
    const slow = await makePartnerOrganisation({ name: 'Bioprod Lente', packs: [{ fr: 'Lot clinique', en: 'Clinical batch', days: 10 }] });
    const prompt = await makePartnerOrganisation({ name: 'Bioprod Rapide', packs: [{ fr: 'Lot clinique', en: 'Clinical batch', days: 10 }] });
    const s = await makeStartup();
    for (const [organisation, days] of [[slow, 20], [slow, 25], [prompt, 3]] as const) {
      const r = await makeReferral(s._id, organisation._id, { status: 'accepted' });
      const sentAt = new Date(Date.now() - 40 * DAY);
      await Referral.updateOne({ _id: r._id }, { $set: { sentAt, answeredAt: new Date(sentAt.getTime() + days * DAY), transitions: [{ status: 'accepted', at: sentAt }] } });
    }
    const byOrganisation = await referralsByOrganisation();
    expect(statsOf(byOrganisation.get(String(slow._id)) ?? [], new Date(), 10)).to.include({ slow: true, medianResponseDays: 22.5 });
    expect(statsOf(byOrganisation.get(String(prompt._id)) ?? [], new Date(), 10)).to.include({ slow: false });
    const manager = await login(makeApp().app, (await makeUser({ role: 'manager' })).email);
    const badge = text('partners.slow', { days: 10 });
    const list = (await manager.get('/partners')).text;
    const rowOf = (name: string) => list.slice(list.indexOf(name), list.indexOf('</tr>', list.indexOf(name)));
    expect(rowOf('Bioprod Lente')).to.contain(badge);
    expect(rowOf('Bioprod Rapide')).not.to.contain(badge);
    expect((await manager.get(`/partners/${String(slow._id)}`)).text).to.contain(badge);
  });
});
