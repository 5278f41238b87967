import { expect } from 'chai';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { countQueries, login, makeApp, queriesOn, sharedWorld, text, type Agent } from '../helpers';
import { listedNames } from './startups.helpers';
import { REFERRAL_ENV } from './referrals.helpers';
import { address, clearLink, csvRows, linkTo, rows, tabLink } from './referrals-filters.helpers';

const A_G = 'Alpha Santé · Genopole Essonne';
const B_G = 'Beta Bio · Genopole Essonne';
const C_H = 'Gamma Diag · Fonds Horizon';
const A_H = 'Alpha Santé · Fonds Horizon';
const D_G = 'Delta Care · Genopole Essonne';
const E_H = 'Éclair Médical · Fonds Horizon';

describe('referrals: the managers’ filters and the search by startup (issue 11)', () => {
  let agents: Record<'manager' | 'managerEn' | 'partner' | 'founder', Agent>;
  const id: Record<string, string> = {};

  sharedWorld(async () => {
    const t = makeApp(REFERRAL_ENV);
    const [genopole, horizon] = await Promise.all([
      makePartnerOrganisation({ name: 'Genopole Essonne', packs: [{ fr: 'Levée de fonds', en: 'Fundraising' }, { fr: 'Accès au marché', en: 'Market access' }] }),
      makePartnerOrganisation({ name: 'Fonds Horizon', kind: 'investor', packs: [{ fr: 'Investissement', en: 'Investment' }] }),
    ]);
    const [alpha, beta, gamma, delta, eclair] = await Promise.all(['Alpha Santé', 'Beta Bio', 'Gamma Diag', 'Delta Care', 'Éclair Médical'].map((name) => makeStartup({ name })));
    // Created one after the other: the list shows the newest first.
    await makeReferral(alpha._id, genopole._id, { status: 'viewed', pack: genopole.services[0], respondBy: '2020-01-01' });
    await makeReferral(beta._id, genopole._id, { status: 'accepted', free: 'clinical_site' });
    await makeReferral(gamma._id, horizon._id, { status: 'sent', free: 'funding' });
    await makeReferral(alpha._id, horizon._id, { status: 'closed', pack: horizon.services[0] });
    await makeReferral(delta._id, genopole._id, { status: 'draft', free: 'funding' });
    await makeReferral(eclair._id, horizon._id, { status: 'sent', free: 'regulatory', respondBy: '2020-01-01' });
    Object.assign(id, { genopole: String(genopole._id), horizon: String(horizon._id), alpha: String(alpha._id), gamma: String(gamma._id) });
    Object.assign(id, { fundraising: `pack:${String(genopole.services[0]._id)}`, marketAccess: `pack:${String(genopole.services[1]._id)}`, investment: `pack:${String(horizon.services[0]._id)}` });
    const [manager, managerEn, partner, founder] = await Promise.all([
      makeUser({ role: 'manager' }),
      makeUser({ role: 'manager', locale: 'en' }),
      makeUser({ role: 'partner', organisation: genopole._id }),
      makeUser({ role: 'founder', startups: [alpha._id] }),
    ]);
    const [m, me, p, f] = await Promise.all([manager, managerEn, partner, founder].map((u) => login(t.app, u.email)));
    agents = { manager: m, managerEn: me, partner: p, founder: f };
  });

  const listed = async (agent: Agent, query: string) => {
    const res = await agent.get(`/referrals${query}`);
    expect(res.status, query).to.equal(200);
    return rows(res.text);
  };

  it('each filter alone narrows to its rows: partner, status, the overdue tab, need by pack and by free need, one startup', async () => {
    const m = agents.manager;
    expect(await listed(m, '')).to.deep.equal([E_H, D_G, A_H, C_H, B_G, A_G]);
    expect(await listed(m, `?organisation=${id.genopole}`)).to.deep.equal([D_G, B_G, A_G]);
    expect(await listed(m, '?status=accepted')).to.deep.equal([B_G]);
    expect(await listed(m, '?status=draft')).to.deep.equal([D_G]);
    expect(await listed(m, '?tab=overdue')).to.deep.equal([E_H, A_G]);
    expect(await listed(m, `?need=${id.fundraising}`)).to.deep.equal([A_G]);
    expect(await listed(m, `?need=${id.investment}`)).to.deep.equal([A_H]);
    expect(await listed(m, `?need=${id.marketAccess}`)).to.deep.equal([]);
    expect(await listed(m, '?need=free:funding')).to.deep.equal([D_G, C_H]);
    expect(await listed(m, '?need=free:clinical_site')).to.deep.equal([B_G]);
    // The startup page leads there, for managers and the startup's founders.
    for (const agent of [m, agents.founder]) expect((await agent.get(`/startups/${id.alpha}`)).text).to.contain(`href="/referrals?startup=${id.alpha}">${text('referrals.startupTab.list')}</a>`);
    const one = await m.get(`/referrals?startup=${id.alpha}`);
    expect(rows(one.text)).to.deep.equal([A_H, A_G]);
    // The page names the startup it is narrowed to, with a way back to every startup.
    expect(one.text).to.contain(text('referrals.filters.startupOnly', { name: 'Alpha Santé' }));
    expect(one.text).to.contain(`<a class="ms-auto" href="/referrals">${text('referrals.filters.allStartups')}</a>`);
    // Named even when the tab shows none of its referrals.
    const none = await m.get(`/referrals?startup=${id.gamma}&tab=closed`);
    expect(rows(none.text)).to.deep.equal([]);
    expect(none.text).to.contain(text('referrals.filters.startupOnly', { name: 'Gamma Diag' }));
    expect(none.text).to.contain(`<a class="ms-auto" href="/referrals?tab&#x3D;closed">${text('referrals.filters.allStartups')}</a>`);
  });

  it('the search finds startups by name as the startups list does: case-insensitive, accents as typed, regex characters taken literally', async () => {
    const m = agents.manager;
    expect(await listed(m, '?q=bio')).to.deep.equal([B_G]);
    expect(await listed(m, `?q=${encodeURIComponent('santé')}`)).to.deep.equal([A_H, A_G]);
    expect(await listed(m, `?q=${encodeURIComponent('ALPHA S')}`)).to.deep.equal([A_H, A_G]);
    expect(await listed(m, `?q=${encodeURIComponent('SANTÉ')}`)).to.deep.equal([A_H, A_G]);
    expect(await listed(m, `?q=${encodeURIComponent('médical')}`)).to.deep.equal([E_H]);
    expect(await listed(m, `?q=${encodeURIComponent('ÉCLAIR')}`)).to.deep.equal([E_H]);
    expect(await listed(m, '?q=.*')).to.deep.equal([]);
    expect(await listed(m, '?q=zzz')).to.deep.equal([]);
    // Whatever the startups list finds for a search, the referrals list finds the same startups.
    for (const q of ['santé', 'SANTÉ', 'sante', 'éclair', 'ÉCLAIR', 'a s', 'ta', '(a+)+$']) {
      const startups = listedNames((await m.get(`/startups?q=${encodeURIComponent(q)}`)).text);
      const referred = [...new Set((await listed(m, `?q=${encodeURIComponent(q)}`)).map((r) => r.split(' · ')[0]))];
      expect(referred.sort(), q).to.deep.equal(startups.sort());
    }
  });

  it('filters combine; a status outside the tab shows nothing, and each tab link keeps the other filters and the status only where the tab shows it', async () => {
    const m = agents.manager;
    expect(await listed(m, `?tab=overdue&organisation=${id.genopole}&status=viewed`)).to.deep.equal([A_G]);
    expect(await listed(m, `?tab=overdue&organisation=${id.horizon}`)).to.deep.equal([E_H]);
    expect(await listed(m, `?organisation=${id.horizon}&need=free:funding`)).to.deep.equal([C_H]);
    expect(await listed(m, `?q=alpha&organisation=${id.horizon}`)).to.deep.equal([A_H]);
    expect(await listed(m, `?q=alpha&need=${id.fundraising}&status=viewed`)).to.deep.equal([A_G]);
    expect(await listed(m, `?q=gamma&startup=${id.alpha}`)).to.deep.equal([]);
    expect(await listed(m, '?tab=closed&status=accepted')).to.deep.equal([]);
    // On the closed tab the status select offers the closed tab's statuses only.
    const closed = await m.get('/referrals?tab=closed');
    const statusSelect = /<select id="status"[\s\S]*?<\/select>/.exec(closed.text)?.[0] ?? '';
    expect([...statusSelect.matchAll(/<option value="([a-z]*)"/g)].map((o) => o[1])).to.deep.equal(['', 'closed', 'withdrawn']);
    // From "accepted" on every tab: "All" keeps it, the tabs that show no accepted referral drop it.
    const page = await m.get(`/referrals?status=accepted&organisation=${id.genopole}&q=beta`);
    expect(rows(page.text)).to.deep.equal([B_G]);
    const org = id.genopole;
    expect(tabLink(page.text, text('referrals.inbox.all'))).to.deep.equal({ path: '/referrals', params: { organisation: org, status: 'accepted', q: 'beta' } });
    expect(tabLink(page.text, text('referrals.inbox.tabs.overdue'))).to.deep.equal({ path: '/referrals', params: { tab: 'overdue', organisation: org, q: 'beta' } });
    expect(tabLink(page.text, text('referrals.inbox.tabs.closed'))).to.deep.equal({ path: '/referrals', params: { tab: 'closed', organisation: org, q: 'beta' } });
    const viewed = await m.get(`/referrals?status=viewed&need=${id.fundraising}&page=1`);
    expect(tabLink(viewed.text, text('referrals.inbox.tabs.awaiting')).params).to.deep.equal({ tab: 'awaiting', status: 'viewed', need: id.fundraising });
    expect(tabLink(viewed.text, text('referrals.inbox.tabs.overdue')).params).to.deep.equal({ tab: 'overdue', status: 'viewed', need: id.fundraising });
    expect(tabLink(viewed.text, text('referrals.inbox.tabs.new')).params).to.deep.equal({ tab: 'new', need: id.fundraising });
    // Following the overdue link keeps the status and the need.
    expect(await listed(m, `?tab=overdue&status=viewed&need=${id.fundraising}`)).to.deep.equal([A_G]);
  });

  it('the filter bar keeps the chosen values; the CSV link keeps every filter; "clear filters" appears once one is set and keeps the tab', async () => {
    const m = agents.manager;
    const plain = await m.get('/referrals');
    expect(plain.text).to.contain('role="search"');
    expect(clearLink(plain.text)).to.equal(null);
    // Packs are named "Organisation — pack", free needs by their text.
    expect(plain.text).to.contain(`>Genopole Essonne — Levée de fonds</option>`);
    expect(plain.text).to.contain(`>${text('referrals.needs.clinical_site')}</option>`);
    const query = `?tab=overdue&q=alpha&organisation=${id.genopole}&status=viewed&need=${id.fundraising}&startup=${id.alpha}`;
    const res = await m.get(`/referrals${query}`);
    expect(rows(res.text)).to.deep.equal([A_G]);
    expect(res.text).to.contain('<input id="q" name="q" type="search" class="form-control" value="alpha"');
    expect(res.text).to.contain(`<option value="${id.genopole}" selected>Genopole Essonne</option>`);
    expect(res.text).to.contain(`<option value="viewed" selected>${text('referrals.statuses.viewed')}</option>`);
    expect(res.text).to.contain(`<option value="${id.fundraising}" selected>`);
    expect(res.text).to.contain('<input type="hidden" name="tab" value="overdue">');
    expect(res.text).to.contain(`<input type="hidden" name="startup" value="${id.alpha}">`);
    const all = { tab: 'overdue', q: 'alpha', organisation: id.genopole, status: 'viewed', need: id.fundraising, startup: id.alpha };
    expect(linkTo(res.text, '/referrals.csv')).to.deep.equal({ path: '/referrals.csv', params: all });
    expect(tabLink(res.text, text('referrals.inbox.tabs.awaiting')).params).to.deep.equal({ ...all, tab: 'awaiting' });
    expect(clearLink(res.text)).to.deep.equal({ path: '/referrals', params: { tab: 'overdue' } });
    expect(res.text).to.contain(`title="${text('list.reset')}" data-clear-filters>`);
    // A filter that matches nothing says so and offers to clear the filters.
    const empty = await m.get('/referrals?q=zzz');
    expect(empty.text).to.contain(text('referrals.filters.empty'));
    expect(empty.text).to.contain(`href="/referrals">${text('list.reset')}</a>`);
  });

  it('the CSV export honours the same filters as the page', async () => {
    const m = agents.manager;
    const csv = async (query: string) => {
      const res = await m.get(`/referrals.csv${query}`);
      expect(res.status, query).to.equal(200);
      const [header, ...body] = csvRows(res.text);
      expect(header[0]).to.equal(text('referrals.csv.startup'));
      return body.map((r) => `${r[0]} · ${r[1]}`);
    };
    expect(await csv('')).to.deep.equal([E_H, D_G, A_H, C_H, B_G, A_G]);
    expect(await csv('?status=accepted')).to.deep.equal([B_G]);
    expect(await csv('?need=free:funding')).to.deep.equal([D_G, C_H]);
    expect(await csv(`?need=${id.investment}`)).to.deep.equal([A_H]);
    expect(await csv(`?q=${encodeURIComponent('santé')}&organisation=${id.genopole}`)).to.deep.equal([A_G]);
    expect(await csv('?tab=overdue')).to.deep.equal([E_H, A_G]);
    expect(await csv(`?startup=${id.alpha}&tab=closed`)).to.deep.equal([A_H]);
    const [, row] = csvRows((await m.get(`/referrals.csv?need=${id.fundraising}`)).text);
    expect(row.slice(0, 5)).to.deep.equal(['Alpha Santé', 'Genopole Essonne', 'Levée de fonds', text('referrals.statuses.viewed'), text('referrals.overdue')]);
  });

  it('ignores bad values as the other lists do (the startups list drops a bad status): the page shows everything, nothing selected', async () => {
    const m = agents.manager;
    const all = await listed(m, '');
    for (const q of ['?status=foo', '?need=garbage', '?need=pack:123', '?need=free:caviar', '?organisation=not-an-id', '?startup=xyz', '?tab=later', '?status[$ne]=x', '?q[$regex]=.*', '?need=free:funding&need=free:hosting']) {
      const res = await m.get(`/referrals${q}`);
      expect(res.status, q).to.equal(200);
      expect(rows(res.text), q).to.deep.equal(all);
      expect(res.text, q).not.to.contain(' selected>');
      expect(clearLink(res.text), q).to.equal(null);
    }
    // A search longer than the search box is cut, and the page says so.
    const long = await m.get(`/referrals?q=${'alpha'.padEnd(150, 'x')}`);
    expect(long.text).to.contain('data-search-cut');
    expect(rows(long.text)).to.deep.equal([]);
  });

  it('a partner searches their organisation’s referrals by startup name; organisation, status, need or another startup never widen nor reveal', async () => {
    const p = agents.partner;
    const own = await p.get('/referrals');
    expect(rows(own.text)).to.deep.equal([B_G, A_G]);
    expect(own.text).to.contain('<input id="q" name="q"');
    expect(own.text).not.to.contain('id="organisation"');
    expect(own.text).not.to.contain('id="need"');
    expect(own.text).not.to.contain('/referrals.csv');
    expect(await listed(p, '?q=beta')).to.deep.equal([B_G]);
    expect(await listed(p, '?q=gamma')).to.deep.equal([]);
    expect(await listed(p, '?q=delta')).to.deep.equal([]);
    for (const q of [`?organisation=${id.horizon}`, '?status=draft', '?status=closed', '?need=free:funding']) {
      const res = await p.get(`/referrals${q}`);
      expect(rows(res.text), q).to.deep.equal([B_G, A_G]);
      // What does not apply to a partner is not carried in the page's links either.
      expect(res.text, q).not.to.match(/organisation=|status=|need=/);
    }
    const other = await p.get(`/referrals?startup=${id.gamma}`);
    expect(rows(other.text)).to.deep.equal([]);
    expect(other.text).not.to.contain('Gamma Diag');
    expect(other.text).to.contain(text('referrals.filters.startupUnknown'));
    const theirs = await p.get(`/referrals?startup=${id.alpha}`);
    expect(rows(theirs.text)).to.deep.equal([A_G]);
    expect(theirs.text).to.contain(text('referrals.filters.startupOnly', { name: 'Alpha Santé' }));
  });

  it('a founder keeps the tabs and their own startups: another startup’s id, an organisation, a status or a search change nothing', async () => {
    const f = agents.founder;
    const own = await f.get('/referrals');
    expect(rows(own.text)).to.deep.equal([A_H, A_G]);
    expect(own.text).not.to.contain('role="search"');
    expect(await listed(f, `?startup=${id.gamma}`)).to.deep.equal([]);
    expect((await f.get(`/referrals?startup=${id.gamma}`)).text).not.to.contain('Gamma Diag');
    expect((await f.get(`/referrals?startup=${id.alpha}`)).text).to.contain(text('referrals.filters.startupOnly', { name: 'Alpha Santé' }));
    for (const q of [`?organisation=${id.genopole}`, '?status=viewed', '?need=free:funding', '?q=gamma']) expect(await listed(f, q), q).to.deep.equal([A_H, A_G]);
    expect(await listed(f, '?tab=closed')).to.deep.equal([A_H]);
    expect((await f.get('/referrals.csv')).status).to.equal(403);
  });

  it('in English: the filters, the packs in the reader’s language, the startup named', async () => {
    const res = await agents.managerEn.get(`/referrals?startup=${id.alpha}&need=${id.fundraising}`);
    expect(rows(res.text)).to.deep.equal([A_G]);
    expect(res.text).to.contain('>Genopole Essonne — Fundraising</option>');
    expect(res.text).to.contain(`>${text('referrals.needs.clinical_site', {}, 'en')}</option>`);
    expect(res.text).to.contain(`<label for="status" class="form-label small">${text('referrals.filters.status', {}, 'en')}</label>`);
    expect(res.text).to.contain(text('referrals.filters.startupOnly', { name: 'Alpha Santé' }, 'en'));
    expect(res.text).to.contain(text('referrals.filters.allStartups', {}, 'en'));
    const [, row] = csvRows((await agents.managerEn.get(`/referrals.csv?need=${id.fundraising}`)).text);
    expect(row.slice(2, 5)).to.deep.equal(['Fundraising', 'Viewed', 'Overdue']);
  });

  it('stays cheap: one read of the referrals for the page and its count, one of the startups for the search and one for the names, one of the organisations', async () => {
    const counts = await countQueries(() => agents.manager.get(`/referrals?q=a&tab=overdue&need=free:funding`).expect(200));
    expect(queriesOn(counts, 'referrals'), JSON.stringify(counts)).to.equal(1);
    expect(queriesOn(counts, 'startups'), JSON.stringify(counts)).to.be.at.most(2);
    expect(queriesOn(counts, 'partnerorganisations'), JSON.stringify(counts)).to.equal(1);
  });
});

describe('referrals: pagination keeps every filter', () => {
  it('the next page of a filtered list carries the filters, and the second page holds the rest of the same rows', async () => {
    const t = makeApp(REFERRAL_ENV);
    const [org, other] = await Promise.all([makePartnerOrganisation({ name: 'Bioprod Sud', kind: 'bioproduction' }), makePartnerOrganisation({ name: 'Autre Fonds' })]);
    const startups = await Promise.all(Array.from({ length: 23 }, (_, i) => makeStartup({ name: `Cell ${String(i).padStart(2, '0')}` })));
    for (const s of startups) await makeReferral(s._id, org._id, { status: 'sent', free: 'manufacturing' });
    // Not in the filter: another partner, another need, another status.
    await makeReferral(startups[0]._id, other._id, { status: 'sent', free: 'manufacturing' });
    await makeReferral(startups[1]._id, org._id, { status: 'sent', free: 'hosting' });
    await makeReferral(startups[2]._id, org._id, { status: 'accepted', free: 'manufacturing' });
    const manager = await makeUser({ role: 'manager' });
    const m = await login(t.app, manager.email);
    const filters = { tab: 'new', q: 'cell', organisation: String(org._id), need: 'free:manufacturing' };
    const first = await m.get(`/referrals?${new URLSearchParams(filters).toString()}`);
    expect(rows(first.text)).to.have.length(20);
    expect(first.text).to.contain(text('list.showing', { page: 1, pages: 2, total: 23 }));
    const next = /<a class="page-link" href="([^"]*)">/g;
    const links = [...first.text.matchAll(next)].map((found) => address(found[1]));
    expect(links.at(-1)).to.deep.equal({ path: '', params: { ...filters, page: '2' } });
    const second = await m.get(`/referrals?${new URLSearchParams({ ...filters, page: '2' }).toString()}`);
    const all = [...rows(first.text), ...rows(second.text)];
    expect(all).to.have.length(23);
    expect(new Set(all).size).to.equal(23);
    expect(all.every((r) => r.endsWith(' · Bioprod Sud'))).to.equal(true);
  });
});
