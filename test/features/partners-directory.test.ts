import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { PartnerOrganisation } from '../../src/partners/model';
import { Referral } from '../../src/referrals/model';
import { makePartnerOrganisation, makeReferral, makeStartup, makeUser } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import { login, makeApp, sharedWorld, text, type TestApp } from '../helpers';
import { csvRows, someone, type Person } from './mentoring.helpers';

/** The partner directory (issue 11): organisations, their packs and their people, as managers run it. */
const post = (who: Person, action: string, fields: Record<string, string | string[]> = {}) => who.agent.post(action).type('form').send({ _csrf: who.token, ...fields });
const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)?.[1] ?? '';
const org = (name: string) => PartnerOrganisation.findOne({ name }).lean();
/** A text as the page shows it (Handlebars escapes quotes and equals signs). */
const html = (message: string) => message.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');

describe('partners: who reaches the directory', () => {
  let t: TestApp;
  const p: Record<string, Person> = {};
  let id: string;

  sharedWorld(async () => {
    t = makeApp();
    const organisation = await makePartnerOrganisation({ name: 'Genopole Test', packs: [{ fr: 'Levée de fonds', en: 'Fundraising' }] });
    id = String(organisation._id);
    p.manager = await someone(t.app, 'manager');
    for (const role of ['founder', 'mentor', 'observer'] as const) p[role] = await someone(t.app, role);
    const partnerUser = await makeUser({ role: 'partner', organisation: organisation._id });
    p.partner = { id: String(partnerUser._id), user: partnerUser, agent: await login(t.app, partnerUser.email), token: '' };
    p.partner.token = /name="_csrf" value="([^"]+)"/.exec((await p.partner.agent.get('/account')).text)?.[1] ?? '';
  });

  it('only managers open the directory and its forms; everyone else, its own organisation’s partner included, gets 403', async () => {
    const pack = String((await PartnerOrganisation.findById(id).lean())?.services[0]._id);
    const pages = ['/partners', '/partners.csv', '/partners/new', `/partners/${id}`, `/partners/${id}/edit`, `/partners/${id}/packs/new`, `/partners/${id}/packs/${pack}/edit`];
    for (const path of pages) expect((await p.manager.agent.get(path)).status, path).to.equal(200);
    for (const role of ['founder', 'mentor', 'observer', 'partner']) {
      for (const path of pages) expect((await p[role].agent.get(path)).status, `${role} ${path}`).to.equal(403);
      expect((await post(p[role], '/partners/new', { name: 'Intrus', kind: 'other' })).status, role).to.equal(403);
      expect((await post(p[role], `/partners/${id}/members`, { name: 'Intrus', email: `intrus-${role}@example.org` })).status, role).to.equal(403);
    }
    expect(await PartnerOrganisation.countDocuments({})).to.equal(1);
    expect(await User.countDocuments({ email: /^intrus/ })).to.equal(0);
  });

  it('an unknown organisation or pack is 404, before its form is read', async () => {
    for (const path of ['/partners/0123456789abcdef01234567', '/partners/nope', `/partners/${id}/packs/0123456789abcdef01234567/edit`]) {
      expect((await p.manager.agent.get(path)).status, path).to.equal(404);
    }
    expect((await post(p.manager, '/partners/0123456789abcdef01234567/edit', { name: 'X', kind: 'other', version: '0' })).status).to.equal(404);
    expect((await post(p.manager, '/partners/0123456789abcdef01234567/members', { name: 'X', email: 'x@example.org' })).status).to.equal(404);
  });
});

describe('partners: a manager runs an organisation', () => {
  let t: TestApp;
  let manager: Person;

  beforeEach(async () => {
    t = makeApp();
    manager = await someone(t.app, 'manager');
  });

  it('creates one with its description and contact, finds it in the list, and edits it; the audit trail has both', async () => {
    const form = await manager.agent.get('/partners/new');
    const res = await post(manager, '/partners/new', { _once: onceOf(form.text), name: 'Fonds Horizon Santé', kind: 'investor', description: 'Amorçage santé', website: 'https://horizon.example', contactName: 'Léa Petit', contactEmail: 'lea@horizon.example', contactPhone: '+33 1 23 45 67 89' });
    expect(res.status).to.equal(303);
    const saved = await org('Fonds Horizon Santé');
    expect(saved).to.deep.include({ kind: 'investor', description: 'Amorçage santé', website: 'https://horizon.example' });
    expect(saved?.contact).to.deep.include({ name: 'Léa Petit', email: 'lea@horizon.example' });
    const page = await manager.agent.get(res.headers.location);
    expect(page.text).to.contain(html(text('partners.created', { name: 'Fonds Horizon Santé' })));
    expect(page.text).to.contain(text('partners.kinds.investor')).and.to.contain('lea@horizon.example');

    const list = await manager.agent.get('/partners?q=horizon');
    expect(list.text).to.contain('Fonds Horizon Santé');
    expect((await manager.agent.get('/partners?kind=hospital')).text).not.to.contain('Fonds Horizon Santé');

    const edit = await post(manager, `/partners/${String(saved?._id)}/edit`, { name: 'Fonds Horizon', kind: 'investor', description: 'Amorçage et série A', version: String(saved?.__v) });
    expect(edit.status).to.equal(303);
    expect((await PartnerOrganisation.findById(saved?._id).lean())?.description).to.equal('Amorçage et série A');
    const actions = (await ActivityEntry.find({ entityType: 'PartnerOrganisation' }).lean()).map((a) => a.action);
    expect(actions).to.have.members(['partner.created', 'partner.updated']);
    const log = (await manager.agent.get('/activity?entityType=PartnerOrganisation')).text;
    expect(log).to.contain(text('activity.actions.partner.created')).and.to.contain(text('activity.actions.partner.updated'));
  });

  it('refuses an empty name, a bad website or phone, a name already used (any case or accent), keeping what was typed and creating nothing', async () => {
    await makePartnerOrganisation({ name: 'CHU Horizon' });
    const cases: [Record<string, string>, string, string][] = [
      [{ name: '', kind: 'hospital' }, 'name', text('validation.required')],
      [{ name: 'Clinique Sud', kind: 'hospital', website: 'ftp://x.example' }, 'website', text('partners.errors.website')],
      [{ name: 'Clinique Sud', kind: 'hospital', contactPhone: 'appelez-moi' }, 'contactPhone', text('partners.errors.phone')],
      [{ name: 'chu HORIZON', kind: 'hospital' }, 'name', text('partners.errors.nameTaken')],
      [{ name: 'Clinique Sud', kind: 'spaceship' }, 'kind', ''],
    ];
    for (const [fields, field, message] of cases) {
      const res = await post(manager, '/partners/new', { description: 'Texte gardé', ...fields });
      expect(res.status, field).to.equal(422);
      expect(res.text, field).to.contain(`id="e-${field}"`).and.to.contain('Texte gardé');
      if (message) expect(res.text, field).to.contain(html(message));
    }
    expect(await PartnerOrganisation.countDocuments({})).to.equal(1);
  });

  it('refuses a stale edit and shows the values stored meanwhile', async () => {
    const o = await makePartnerOrganisation({ name: 'Bioprod Est', kind: 'bioproduction' });
    const id = String(o._id);
    expect((await post(manager, `/partners/${id}/edit`, { name: 'Bioprod Est', kind: 'bioproduction', description: 'Première version', version: '0' })).status).to.equal(303);
    const stale = await post(manager, `/partners/${id}/edit`, { name: 'Bioprod Ouest', kind: 'bioproduction', description: 'Écrasement', version: '0' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain('Première version').and.not.to.contain('Écrasement');
    expect((await PartnerOrganisation.findById(id).lean())?.name).to.equal('Bioprod Est');
  });

  it('adds, edits and removes packs; the referral form offers them with their usual time; a stale or bad pack form changes nothing', async () => {
    const o = await makePartnerOrganisation({ name: 'Genopole Sud' });
    const id = String(o._id);
    const form = await manager.agent.get(`/partners/${id}/packs/new`);
    const add = await post(manager, `/partners/${id}/packs/new`, { _once: onceOf(form.text), nameFr: 'Accès au marché', nameEn: 'Market access', description: 'Acheteurs hospitaliers', typicalResponseDays: '30', version: '0' });
    expect(add.status).to.equal(303);
    // The same form posted again: one pack, the same success.
    const again = await post(manager, `/partners/${id}/packs/new`, { _once: onceOf(form.text), nameFr: 'Accès au marché', nameEn: 'Market access', description: 'Acheteurs hospitaliers', typicalResponseDays: '30', version: '0' });
    expect(again.status).to.equal(303);
    let saved = await PartnerOrganisation.findById(id).lean();
    expect(saved?.services).to.have.length(1);
    const pack = String(saved?.services[0]._id);
    const startup = await makeStartup({ name: 'Dermai' });
    const refer = await manager.agent.get(`/referrals/new?startup=${String(startup._id)}`);
    expect(refer.text).to.contain('Accès au marché');

    for (const [fields, field] of [[{ typicalResponseDays: '0' }, 'typicalResponseDays'], [{ nameEn: '' }, 'nameEn'], [{ nameFr: 'accès AU marche' }, 'nameFr']] as const) {
      const bad = await post(manager, `/partners/${id}/packs/new`, { nameFr: 'Levée', nameEn: 'Fundraising', typicalResponseDays: '20', version: String(saved?.__v), ...fields });
      expect(bad.status, field).to.equal(422);
      expect(bad.text, field).to.contain(`id="e-${field}"`);
    }
    // Added from a page drawn before another change: refused with what was typed, and the page's form then saves.
    const late = await post(manager, `/partners/${id}/packs/new`, { nameFr: 'Levée de fonds', nameEn: 'Fundraising', typicalResponseDays: '20', version: '0' });
    expect(late.status).to.equal(409);
    expect(late.text).to.contain('value="Levée de fonds"').and.to.contain(`name="version" value="${String(saved?.__v)}"`);
    expect((await PartnerOrganisation.findById(id).lean())?.services).to.have.length(1);
    const edited = await post(manager, `/partners/${id}/packs/${pack}/edit`, { nameFr: 'Accès au marché', nameEn: 'Market access', typicalResponseDays: '21', version: String(saved?.__v) });
    expect(edited.status).to.equal(303);
    const stale = await post(manager, `/partners/${id}/packs/${pack}/edit`, { nameFr: 'Autre nom', nameEn: 'Other', typicalResponseDays: '5', version: String(saved?.__v) });
    expect(stale.status).to.equal(409);
    saved = await PartnerOrganisation.findById(id).lean();
    expect(saved?.services[0].typicalResponseDays).to.equal(21);
    expect(stale.text).to.contain('value="21"');

    expect((await post(manager, `/partners/${id}/packs/${pack}/remove`, { version: '0' })).status).to.equal(303);
    expect((await PartnerOrganisation.findById(id).lean())?.services, 'a stale removal keeps the pack').to.have.length(1);
    const removed = await post(manager, `/partners/${id}/packs/${pack}/remove`, { version: String(saved?.__v) });
    expect(removed.status).to.equal(303);
    expect((await manager.agent.get(removed.headers.location)).text).to.contain(html(text('partners.packs.removed', { name: 'Accès au marché' })));
    expect((await PartnerOrganisation.findById(id).lean())?.services).to.have.length(0);
  });

  it('invites a partner user who belongs to the organisation, once per double post; a taken address is refused on the page with what was typed', async () => {
    const o = await makePartnerOrganisation({ name: 'Fonds Nord' });
    const id = String(o._id);
    const page = await manager.agent.get(`/partners/${id}`);
    const fields = { _once: onceOf(page.text), name: 'Hugo Lambert', email: 'hugo@fonds-nord.example', locale: 'en' };
    const [first, second] = await Promise.all([post(manager, `/partners/${id}/members`, fields), post(manager, `/partners/${id}/members`, fields)]);
    expect([first.status, second.status]).to.deep.equal([303, 303]);
    const users = await User.find({ email: 'hugo@fonds-nord.example' }).lean();
    expect(users).to.have.length(1);
    expect(users[0]).to.deep.include({ role: 'partner', locale: 'en' });
    expect(String(users[0].organisation)).to.equal(id);
    expect(t.mails.filter((m) => m.to === 'hugo@fonds-nord.example')).to.have.length(1);
    const shown = await manager.agent.get(`/partners/${id}`);
    expect(shown.text).to.contain('Hugo Lambert').and.to.contain(text('partners.members.pending'));

    const taken = await post(manager, `/partners/${id}/members`, { name: 'Autre Hugo', email: 'hugo@fonds-nord.example', locale: 'fr' });
    expect(taken.status).to.equal(422);
    expect(taken.text).to.contain(text('users.emailTaken')).and.to.contain('value="Autre Hugo"');
    const empty = await post(manager, `/partners/${id}/members`, { name: '', email: 'pas-une-adresse', locale: 'fr' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('id="e-name"').and.to.contain('id="e-email"');
    expect(await User.countDocuments({ role: 'partner' })).to.equal(1);
  });

  it('deactivating a partner user ends their session on their next request; another organisation’s user is 404 from this page', async () => {
    const [mine, other] = await Promise.all([makePartnerOrganisation({ name: 'CHU Ouest' }), makePartnerOrganisation({ name: 'CHU Est' })]);
    const member = await makeUser({ role: 'partner', organisation: mine._id, name: 'Inès Caron' });
    const stranger = await makeUser({ role: 'partner', organisation: other._id });
    const session = await login(t.app, member.email);
    expect((await session.get('/referrals')).status).to.equal(200);

    expect((await post(manager, `/partners/${String(mine._id)}/members/${String(stranger._id)}/deactivate`, { version: '0' })).status).to.equal(404);
    expect((await User.findById(stranger._id).lean())?.active).to.equal(true);

    const res = await post(manager, `/partners/${String(mine._id)}/members/${String(member._id)}/deactivate`, { version: String(member.__v) });
    expect(res.status).to.equal(303);
    expect((await manager.agent.get(res.headers.location)).text).to.contain(html(text('partners.members.deactivated', { name: 'Inès Caron' }))).and.to.contain(text('partners.members.inactive'));
    const after = await session.get('/referrals');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
    // A second click from the same (now stale) page changes nothing and says why.
    const stale = await post(manager, `/partners/${String(mine._id)}/members/${String(member._id)}/deactivate`, { version: String(member.__v) });
    expect(stale.status).to.equal(303);
    expect((await manager.agent.get(stale.headers.location)).text).to.contain(html(text('errors.staleEdit')));

    const fresh = await User.findById(member._id).lean();
    expect((await post(manager, `/partners/${String(mine._id)}/members/${String(member._id)}/activate`, { version: String(fresh?.__v) })).status).to.equal(303);
    expect((await User.findById(member._id).lean())?.active).to.equal(true);
  });

  it('shows the organisation’s figures and latest outcomes with the startup, and the directory exports its figures as CSV', async () => {
    const o = await makePartnerOrganisation({ name: 'Fonds Sud', kind: 'investor' });
    const s = await makeStartup({ name: 'OrthoPrint' });
    const r = await makeReferral(s._id, o._id, { status: 'accepted' });
    await Referral.updateOne({ _id: r._id }, { $set: { answeredAt: new Date(), outcomes: [{ kind: 'meeting_held', on: '2026-09-01' }, { kind: 'investment', on: '2026-10-15', amount: 800000, note: 'Ticket d’amorçage' }] } });
    await makeReferral(s._id, o._id, { status: 'viewed', respondBy: '2020-01-01' });
    const page = (await manager.agent.get(`/partners/${String(o._id)}`)).text;
    const outcomes = page.slice(page.indexOf('id="outcomes-title"'), page.indexOf('id="packs-title"'));
    expect(outcomes).to.contain('OrthoPrint').and.to.contain(text('referrals.outcomes.investment')).and.to.contain('Ticket d’amorçage');
    expect(outcomes.indexOf(text('referrals.outcomes.investment'), outcomes.indexOf('<tbody>'))).to.be.below(outcomes.indexOf(text('referrals.outcomes.meeting_held'), outcomes.indexOf('<tbody>')));
    expect(page).to.contain(text('partners.overdueCount', { count: 1 }));
    expect(page, 'answered the day it was sent').to.contain(text('partners.stats.underADay'));

    const csv = csvRows((await manager.agent.get('/partners.csv?q=sud')).text);
    expect(csv[0]).to.include(text('partners.csv.organisation')).and.to.include(text('partners.csv.invested'));
    expect(csv).to.have.length(2);
    const row = Object.fromEntries(csv[0].map((h, i) => [h, csv[1][i]]));
    expect(row).to.include({ [text('partners.csv.organisation')]: 'Fonds Sud', [text('partners.csv.received')]: '2', [text('partners.csv.outcomes')]: '2', [text('partners.csv.invested')]: '800000', [text('partners.csv.overdue')]: '1' });
  });
});
