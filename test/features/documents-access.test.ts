import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { DossierDocument } from '../../src/documents/model';
import { minimalPdf, tinyPng } from '../../src/documents/samples';
import { NotFound } from '../../src/core/errors';
import { documentFilter, dossierFilter } from '../../src/documents/access';
import { expiringDocuments } from '../../src/documents/service';
import { startupAccess } from '../../src/startups/access';
import { toSessionUser } from '../../src/users/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { makeOrganisation, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, makeApp, sharedWorld, type Agent, type TestApp, text } from '../helpers';
import { ENV, UPLOAD_DIR, download, traces, upload, visibleText } from './documents-helpers';

const FORBIDDEN = text('errors.forbidden');
const NOT_FOUND = text('errors.notFound');
const DAY = 24 * 60 * 60 * 1000;

describe('dossier: who may list, upload, download and delete (DESIGN.md section 3)', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  let own: string;
  let other: string;
  /** Documents of `own`: a public one and a confidential one; one of `other`. */
  let publicDoc: string;
  let secretDoc: string;
  let otherDoc: string;

  sharedWorld(async () => {
    await rm(UPLOAD_DIR, { recursive: true, force: true });
    t = makeApp(ENV);
    own = String((await makeStartup({ name: 'CardioSense' }))._id);
    other = String((await makeStartup({ name: 'Oncolytix' }))._id);
    const org = await makeOrganisation();
    const users = {
      manager: await makeUser({ role: 'manager', name: 'Claire Martin' }),
      founder: await makeUser({ role: 'founder', startups: [own as never] }),
      mentor: await makeUser({ role: 'mentor' }),
      stranger: await makeUser({ role: 'mentor' }),
      former: await makeUser({ role: 'mentor' }),
      partner: await makeUser({ role: 'partner', organisation: org._id }),
      observer: await makeUser({ role: 'observer' }),
    };
    await MentorAssignment.create({ mentor: users.mentor._id, startup: own });
    await MentorAssignment.create({ mentor: users.stranger._id, startup: other });
    await MentorAssignment.create({ mentor: users.former._id, startup: own, from: new Date(Date.now() - 90 * DAY), to: new Date(Date.now() - DAY) });
    for (const [name, user] of Object.entries(users)) agents[name] = await login(t.app, user.email);
    expect((await upload(agents.founder, own, { title: 'Plaquette', kind: 'pitch_deck' }, { data: tinyPng(), name: 'plaquette.png' })).status).to.equal(303);
    expect((await upload(agents.founder, own, { title: 'Comptes 2025', kind: 'financials', confidential: true }, { data: minimalPdf(['secret']), name: 'comptes.pdf' })).status).to.equal(303);
    expect((await upload(agents.manager, other, { title: 'Brevet Oncolytix', kind: 'ip' }, { data: minimalPdf(['brevet']), name: 'brevet.pdf' })).status).to.equal(303);
    publicDoc = String((await DossierDocument.findOne({ title: 'Plaquette' }).lean())?._id);
    secretDoc = String((await DossierDocument.findOne({ title: 'Comptes 2025' }).lean())?._id);
    otherDoc = String((await DossierDocument.findOne({ title: 'Brevet Oncolytix' }).lean())?._id);
  });

  const page = (who: string, startup: string) => agents[who].get(`/startups/${startup}/documents`);

  it('manager: every dossier, confidential documents included, with the delete buttons', async () => {
    const res = await page('manager', own);
    expect(res.status).to.equal(200);
    const text = visibleText(res.text);
    expect(text).to.contain('Plaquette').and.to.contain('Comptes 2025').and.to.contain('Confidentiel');
    expect(res.text).to.contain(`href="/documents/${secretDoc}/delete"`);
    const confirm = await agents.manager.get(`/documents/${secretDoc}/delete`);
    expect(confirm.status).to.equal(200);
    expect(visibleText(confirm.text)).to.contain('Supprimer la version 1 de « Comptes 2025 » ?');
    expect(confirm.text).to.contain(`action="/documents/${secretDoc}/delete"`);
    expect((await download(agents.manager, secretDoc)).status).to.equal(200);
    expect((await download(agents.manager, otherDoc)).status).to.equal(200);
  });

  it('founder: own dossier with the upload form and confidential documents, no delete; another startup is 404', async () => {
    const res = await page('founder', own);
    expect(res.status).to.equal(200);
    expect(visibleText(res.text)).to.contain('Comptes 2025').and.to.contain('Déposer un document');
    expect(res.text).not.to.contain('/delete"');
    expect((await download(agents.founder, secretDoc)).status).to.equal(200);
    const foreign = await page('founder', other);
    expect(foreign.status).to.equal(404);
    expect(foreign.text).to.contain(NOT_FOUND);
    expect((await download(agents.founder, otherDoc)).status).to.equal(404);
  });

  it('founder: an upload to another startup is 404 and leaves nothing', async () => {
    const before = await traces();
    const token = await csrfFrom(agents.founder, `/startups/${own}/documents`);
    const res = await upload(agents.founder, other, { title: 'Intrus', kind: 'other' }, { data: minimalPdf(['x']), name: 'x.pdf' }, { token });
    expect(res.status).to.equal(404);
    expect(await traces()).to.deep.equal(before);
  });

  it('mentor assigned: the dossier without confidential documents (neither listed nor downloadable), no upload form', async () => {
    const res = await page('mentor', own);
    expect(res.status).to.equal(200);
    const text = visibleText(res.text);
    expect(text).to.contain('Plaquette');
    expect(text).not.to.contain('Comptes 2025');
    expect(text).not.to.contain('Déposer un document');
    expect((await download(agents.mentor, publicDoc)).status).to.equal(200);
    const secret = await download(agents.mentor, secretDoc);
    expect(secret.status).to.equal(404);
    const token = await csrfFrom(agents.mentor, `/startups/${own}/documents`);
    const res2 = await upload(agents.mentor, own, { title: 'Avis du mentor', kind: 'other' }, { data: minimalPdf(['x']), name: 'x.pdf' }, { token });
    expect(res2.status).to.equal(403);
  });

  it('mentor not assigned, or whose assignment ended: 404 for the dossier and its files', async () => {
    for (const who of ['stranger', 'former']) {
      expect((await page(who, own)).status, who).to.equal(404);
      expect((await download(agents[who], publicDoc)).status, who).to.equal(404);
    }
  });

  it('partner and observer: 403 everywhere in the dossier (partners will reach documents shared on a referral)', async () => {
    for (const who of ['partner', 'observer']) {
      const res = await page(who, own);
      expect(res.status, who).to.equal(403);
      expect(res.text).to.contain(FORBIDDEN);
      expect((await download(agents[who], publicDoc)).status, who).to.equal(403);
      const token = await csrfFrom(agents[who], '/account');
      expect((await upload(agents[who], own, { title: 'x', kind: 'other' }, { data: minimalPdf(['x']), name: 'x.pdf' }, { token })).status, who).to.equal(403);
      expect((await agents[who].post(`/documents/${publicDoc}/delete`).type('form').send({ _csrf: token })).status, who).to.equal(403);
    }
  });

  it('anonymous: sent to the login page, coming back to the dossier or the file afterwards', async () => {
    const res = await request(t.app).get(`/startups/${own}/documents`);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(`/startups/${own}/documents`)}`);
    const file = await request(t.app).get(`/documents/${publicDoc}/download`);
    expect(file.status).to.equal(302);
    expect(file.headers.location).to.equal(`/login?next=${encodeURIComponent(`/documents/${publicDoc}/download`)}`);
  });

  it('malformed and unknown ids are 404, never 500', async () => {
    for (const path of ['/documents/nope/download', '/documents/000000000000000000000000/download', `/documents/${publicDoc}x/download`, '/startups/nope/documents', '/startups/000000000000000000000000/documents']) {
      expect((await agents.manager.get(path)).status, path).to.equal(404);
    }
  });

  it('founders and mentors may not delete (403), and nothing changes', async () => {
    for (const who of ['founder', 'mentor']) {
      const token = await csrfFrom(agents[who], '/account');
      expect((await agents[who].post(`/documents/${publicDoc}/delete`).type('form').send({ _csrf: token })).status, who).to.equal(403);
      expect((await agents[who].get(`/documents/${publicDoc}/delete`)).status, who).to.equal(403);
    }
    expect((await DossierDocument.findOne({ _id: publicDoc }).lean())?.deletedAt).to.equal(null);
  });
});

describe('dossier: deletion, list, search and expiry', () => {
  let t: TestApp;
  let manager: Agent;
  let founder: Agent;
  let startupId: string;

  beforeEach(async () => {
    t = makeApp(ENV);
    const startup = await makeStartup({ name: 'CardioSense' });
    startupId = String(startup._id);
    manager = await login(t.app, (await makeUser({ role: 'manager', name: 'Claire Martin' })).email);
    founder = await login(t.app, (await makeUser({ role: 'founder', startups: [startup._id] })).email);
  });

  it('a manager deletes a version: gone from the list and downloads, kept as a record, in the audit trail', async () => {
    await upload(manager, startupId, { title: 'Pitch', kind: 'pitch_deck' }, { data: minimalPdf(['v1']), name: 'p1.pdf' });
    await upload(manager, startupId, { title: 'Pitch', kind: 'pitch_deck' }, { data: minimalPdf(['v2']), name: 'p2.pdf' });
    const v2 = await DossierDocument.findOne({ version: 2 }).lean();
    const token = await csrfFrom(manager, `/startups/${startupId}/documents`);
    const res = await manager.post(`/documents/${String(v2?._id)}/delete`).type('form').send({ _csrf: token });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/startups/${startupId}/documents`);
    const text = visibleText((await manager.get(`/startups/${startupId}/documents`)).text);
    expect(text).to.contain('Version 2 de « Pitch » supprimée.');
    expect(text).to.contain('v1');
    expect(text).not.to.contain('v2');
    expect(text).not.to.contain('Versions précédentes');
    expect((await download(manager, String(v2?._id))).status).to.equal(404);
    expect((await download(founder, String(v2?._id))).status).to.equal(404);
    const stored = await DossierDocument.findOne({ _id: v2?._id }).lean();
    expect(stored?.deletedAt).to.be.instanceOf(Date);
    expect(stored?.deletedByName).to.equal('Claire Martin');
    const entry = await ActivityEntry.findOne({ action: 'document.deleted' }).lean();
    expect(entry).to.include({ entityType: 'Document', entityId: String(v2?._id), summary: '«Pitch» v2 — CardioSense', actorName: 'Claire Martin' });
    // Deleting again: already gone.
    expect((await manager.post(`/documents/${String(v2?._id)}/delete`).type('form').send({ _csrf: token })).status).to.equal(404);
    // The next upload under that title is version 3: numbers are never reused.
    await upload(manager, startupId, { title: 'pitch', kind: 'pitch_deck' }, { data: minimalPdf(['v3']), name: 'p3.pdf' });
    expect((await DossierDocument.findOne({ deletedAt: null }).sort({ version: -1 }).lean())?.version).to.equal(3);
  });

  it('an empty dossier says to upload the first document; search and kind filter keep to the query string', async () => {
    const empty = visibleText((await founder.get(`/startups/${startupId}/documents`)).text);
    expect(empty).to.contain('Le dossier est vide. Déposez le premier document');
    await upload(founder, startupId, { title: 'Business plan', kind: 'business_plan' }, { data: minimalPdf(['bp']), name: 'bp.pdf' });
    await upload(founder, startupId, { title: 'Brevet EP123', kind: 'ip' }, { data: minimalPdf(['ip']), name: 'ip.pdf' });
    const all = visibleText((await founder.get(`/startups/${startupId}/documents`)).text);
    expect(all.indexOf('bp.pdf')).to.be.greaterThan(0);
    expect(all.indexOf('bp.pdf')).to.be.lessThan(all.indexOf('ip.pdf')); // by kind: business plan before IP
    const searched = visibleText((await founder.get(`/startups/${startupId}/documents?q=brev`)).text);
    expect(searched).to.contain('Brevet EP123');
    expect(searched).not.to.contain('bp.pdf');
    const filtered = visibleText((await founder.get(`/startups/${startupId}/documents?kind=business_plan`)).text);
    expect(filtered).to.contain('bp.pdf');
    expect(filtered).not.to.contain('ip.pdf');
    const none = await founder.get(`/startups/${startupId}/documents?q=${encodeURIComponent('.*(a+)+$')}`);
    expect(none.status).to.equal(200);
    expect(visibleText(none.text)).to.contain('Aucun document ne correspond à cette recherche.');
    const odd = await founder.get(`/startups/${startupId}/documents?q[$gt]=&kind=virus&page=-3`);
    expect(odd.status).to.equal(200);
  });

  it('paginates by document, 20 a page, older versions staying with their document', async () => {
    for (let i = 0; i < 21; i++) {
      await DossierDocument.create({ startup: startupId, kind: 'other', title: `Doc ${String(i).padStart(2, '0')}`, titleKey: `doc ${String(i).padStart(2, '0')}`, mimeType: 'application/pdf', ext: 'pdf', size: 10, sha256: 'a'.repeat(64), storageKey: 'b'.repeat(32), driver: 'disk', version: 1 });
    }
    const first = visibleText((await manager.get(`/startups/${startupId}/documents`)).text);
    expect(first).to.contain('Doc 19').and.not.to.contain('Doc 20');
    expect(first).to.contain('1 / 2');
    const second = visibleText((await manager.get(`/startups/${startupId}/documents?page=2`)).text);
    expect(second).to.contain('Doc 20').and.not.to.contain('Doc 19');
  });

  it('flags expiry dates: past and within 60 days; expiringDocuments lists latest versions only, soonest first', async () => {
    const make = (title: string, version: number, days: number | undefined, extra: Record<string, unknown> = {}) =>
      DossierDocument.create({ startup: startupId, kind: 'regulatory', title, titleKey: title.toLowerCase(), mimeType: 'application/pdf', ext: 'pdf', size: 10, sha256: 'a'.repeat(64), storageKey: 'b'.repeat(32), driver: 'disk', version, expiresAt: days === undefined ? undefined : new Date(Date.now() + days * DAY), ...extra });
    await make('Certificat CE', 1, 30);
    await make('ISO 13485', 1, -5); // renewed below: the old one no longer counts
    await make('ISO 13485', 2, 400);
    await make('Rapport expiré', 1, -10);
    await make('Audit lointain', 1, 90);
    await make('Secret', 1, 10, { confidential: true });
    await make('Supprimé', 1, 5, { deletedAt: new Date() });
    const other = await makeStartup({ name: 'Oncolytix' });
    await DossierDocument.create({ startup: other._id, kind: 'regulatory', title: 'Marquage CE', titleKey: 'marquage ce', mimeType: 'application/pdf', ext: 'pdf', size: 10, sha256: 'a'.repeat(64), storageKey: 'b'.repeat(32), driver: 'disk', version: 1, expiresAt: new Date(Date.now() + 20 * DAY) });

    const managerUser = toSessionUser(await makeUser({ role: 'manager' }));
    const mine = await expiringDocuments(dossierFilter(await startupAccess(managerUser, startupId)));
    expect(mine.map((d) => [d.title, d.expired])).to.deep.equal([
      ['Rapport expiré', true],
      ['Secret', false],
      ['Certificat CE', false],
    ]);
    expect(mine[0]).to.include({ startupId, startupName: 'CardioSense', version: 1 });
    expect(mine[0].href).to.equal(`/startups/${startupId}/documents?q=Rapport%20expir%C3%A9`);
    const mentor = await makeUser({ role: 'mentor' });
    await MentorAssignment.create({ mentor: mentor._id, startup: startupId });
    const forMentor = await expiringDocuments(dossierFilter(await startupAccess(toSessionUser(mentor), startupId)));
    expect(forMentor.map((d) => d.title)).to.deep.equal(['Rapport expiré', 'Certificat CE']);
    const everything = (await documentFilter(managerUser)) ?? {};
    expect((await expiringDocuments(everything)).map((d) => d.title)).to.deep.equal(['Rapport expiré', 'Secret', 'Marquage CE', 'Certificat CE']);
    expect((await expiringDocuments(everything, 100)).map((d) => d.title)).to.include('Audit lointain');
    let refused: unknown;
    await startupAccess(managerUser, 'not-an-id').catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(NotFound);

    const list = (await manager.get(`/startups/${startupId}/documents`)).text;
    expect(visibleText(list)).to.match(/Certificat CE Expire le \d+ \S+ \d{4}/);
    expect(list).to.match(/badge text-bg-danger[^>]*>.*Expiré le/);

    const home = visibleText((await manager.get('/')).text);
    expect(home).to.contain('Documents arrivant à expiration');
    expect(home).to.match(/Rapport expiré v1 CardioSense Expiré le/);
    expect(home).to.match(/Marquage CE v1 Oncolytix Expire le/);
    expect(home).not.to.contain('Audit lointain');
    expect(home).not.to.contain('Supprimé v1');
  });

  it('the same title cannot get the same version twice (unique index)', async () => {
    const base = { startup: startupId, kind: 'other' as const, title: 'X', titleKey: 'x', mimeType: 'application/pdf', ext: 'pdf', size: 1, sha256: 'a'.repeat(64), storageKey: 'b'.repeat(32), driver: 'disk' as const, version: 1 };
    await DossierDocument.create(base);
    let code: number | undefined;
    try {
      await DossierDocument.create(base);
    } catch (err) {
      code = (err as { code?: number }).code;
    }
    expect(code).to.equal(11000);
  });

  it('the dossier page in English', async () => {
    const en = await login(t.app, (await makeUser({ role: 'manager', locale: 'en' })).email);
    const text = visibleText((await en.get(`/startups/${startupId}/documents`)).text);
    expect(text).to.contain('The dossier is empty. Upload the first document');
    expect(text).to.contain('Upload a document');
  });
});
