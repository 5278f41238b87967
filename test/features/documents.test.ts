import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { attachmentHeader, downloadName } from '../../src/documents/disposition';
import { DossierDocument } from '../../src/documents/model';
import { jpegHeader, minimalOdf, minimalOoxml, minimalPdf, tinyPng, zip } from '../../src/documents/samples';
import { makeStartup } from '../../src/seed/factories';
import { csrfFrom, makeApp, resetDb, signedIn, type Agent, type TestApp } from '../helpers';
import { CAP, ENV, UPLOAD_DIR, download, traces, upload, visibleText } from './documents-helpers';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = minimalPdf(['Boost', 'Business plan']);

/** Nothing was left anywhere: no stored file (disk or GridFS), no temporary file, no record. */
async function expectNothingLeft(): Promise<void> {
  const t = await traces();
  expect(t, 'no trace of a refused upload').to.deep.equal({ stored: [], gridfs: 0, temp: [], records: 0 });
}

for (const driver of ['disk', 'gridfs'] as const) {
  describe(`dossier uploads and downloads (STORAGE_DRIVER=${driver})`, () => {
    let t: TestApp;
    let manager: Agent;
    let startupId: string;

    beforeEach(async () => {
      await rm(UPLOAD_DIR, { recursive: true, force: true });
      t = makeApp({ ...ENV, STORAGE_DRIVER: driver });
      const startup = await makeStartup({ name: 'CardioSense' });
      startupId = String(startup._id);
      ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
    });

    it('stores a PDF under a random key with its sniffed type and sha256, lists it, audits it and streams it back', async () => {
      const res = await upload(manager, startupId, { title: 'Business plan 2026', kind: 'business_plan', expiresAt: '2030-01-31' }, { data: PDF, name: 'bp.pdf', type: 'application/pdf' });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/startups/${startupId}/documents`);
      const doc = await DossierDocument.findOne({}).lean();
      expect(doc).to.include({ title: 'Business plan 2026', kind: 'business_plan', mimeType: 'application/pdf', size: PDF.length, sha256: sha(PDF), driver, version: 1, originalName: 'bp.pdf', confidential: false });
      expect(doc?.storageKey).to.match(/^[a-f0-9]{32}$/);
      expect(doc?.expiresAt?.toISOString()).to.equal('2030-01-31T00:00:00.000Z');
      const left = await traces();
      expect(left.temp, 'temporary file removed').to.deep.equal([]);
      if (driver === 'disk') expect(left.stored.map((f) => f.split('/').pop())).to.deep.equal([doc?.storageKey]);
      else expect(left.gridfs).to.equal(2); // one files entry + one chunk

      const page = await manager.get(`/startups/${startupId}/documents`);
      const text = visibleText(page.text);
      expect(text).to.contain('Document « Business plan 2026 » déposé.');
      expect(text).to.contain('Business plan 2026').and.to.contain('v1').and.to.contain('Claire Martin');
      expect(page.text).to.contain(`title="SHA-256 ${sha(PDF)}"`);
      // The hash moved from the table to the document's details (issue 12), whole.
      expect(text).to.contain(`SHA-256 ${sha(PDF)}`);

      const entry = await ActivityEntry.findOne({ action: 'document.uploaded' }).lean();
      expect(entry).to.include({ entityType: 'Document', entityId: String(doc?._id), actorName: 'Claire Martin' });
      expect(entry?.summary).to.equal('«Business plan 2026» v1 — CardioSense');

      const got = await download(manager, String(doc?._id));
      expect(got.status).to.equal(200);
      expect((got.body as Buffer).equals(PDF)).to.equal(true);
      expect(got.headers['content-type']).to.equal('application/pdf');
      expect(got.headers['content-disposition']).to.equal(`attachment; filename="bp.pdf"; filename*=UTF-8''bp.pdf`);
      expect(got.headers['x-content-type-options']).to.equal('nosniff');
      expect(got.headers['cache-control']).to.equal('no-store');
      expect(got.headers['content-security-policy']).to.match(/(^|; )sandbox(;|$)/);
    });

    it('a second upload under the same title (case and spaces aside) is version 2; both stay listed and downloadable', async () => {
      const v1 = minimalPdf(['version one']);
      const v2 = tinyPng();
      expect((await upload(manager, startupId, { title: 'Pitch deck', kind: 'pitch_deck' }, { data: v1, name: 'deck.pdf' })).status).to.equal(303);
      expect((await upload(manager, startupId, { title: '  PITCH   deck ', kind: 'pitch_deck' }, { data: v2, name: 'deck.png' })).status).to.equal(303);
      const docs = await DossierDocument.find({}).sort({ version: 1 }).lean();
      expect(docs.map((d) => [d.version, d.mimeType])).to.deep.equal([
        [1, 'application/pdf'],
        [2, 'image/png'],
      ]);
      const page = visibleText((await manager.get(`/startups/${startupId}/documents`)).text);
      expect(page).to.contain('Version 2 de « PITCH deck » déposée.');
      expect(page.indexOf('v2')).to.be.lessThan(page.indexOf('Versions précédentes (1)'));
      expect(page.indexOf('Versions précédentes (1)')).to.be.lessThan(page.indexOf('v1'));
      expect(((await download(manager, String(docs[0]._id))).body as Buffer).equals(v1)).to.equal(true);
      expect(((await download(manager, String(docs[1]._id))).body as Buffer).equals(v2)).to.equal(true);
    });

    it('concurrent uploads of the same title get distinct version numbers (unique index + retry)', async () => {
      // One page open in eight tabs: the same token, eight uploads at once.
      const token = await csrfFrom(manager, `/startups/${startupId}/documents`);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(manager, startupId, { title: 'Rapport clinique', kind: 'clinical' }, { data: minimalPdf([`copy ${i}`]), name: `r${i}.pdf` }, { token })));
      expect(results.map((r) => r.status)).to.deep.equal(Array(8).fill(303));
      const versions = (await DossierDocument.find({}).lean()).map((d) => d.version).sort((a, b) => a - b);
      expect(versions).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
      const left = await traces();
      expect(left.temp).to.deep.equal([]);
      if (driver === 'disk') expect(left.stored).to.have.length(8);
    });

    it('the same file sent twice at once (double submission) makes one record; sent again later, still one', async () => {
      const token = await csrfFrom(manager, `/startups/${startupId}/documents`);
      const send = () => upload(manager, startupId, { title: 'Statuts', kind: 'application' }, { data: PDF, name: 'statuts.pdf' }, { token });
      const results = await Promise.all([send(), send()]);
      expect(results.map((r) => r.status)).to.deep.equal([303, 303]);
      const again = await send();
      expect(again.status).to.equal(303);
      expect(visibleText((await manager.get(`/startups/${startupId}/documents`)).text)).to.contain('Ce fichier est identique à la version 1 de « Statuts » : aucune nouvelle version n’a été créée.');
      expect(await DossierDocument.countDocuments({})).to.equal(1);
      const left = await traces();
      expect(left.temp).to.deep.equal([]);
      if (driver === 'disk') expect(left.stored).to.have.length(1);
      else expect(left.gridfs).to.equal(2);
    });

    const refusals: { name: string; file: { data: Buffer; name: string; type: string } }[] = [
      { name: 'an HTML file renamed .pdf', file: { data: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'), name: 'rapport.pdf', type: 'application/pdf' } },
      { name: 'an SVG with a script', file: { data: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), name: 'logo.png', type: 'image/png' } },
      { name: 'a text file renamed .pdf', file: { data: Buffer.from('just some notes, not a PDF at all\n'), name: 'notes.pdf', type: 'application/pdf' } },
      { name: 'a zip that is neither OOXML nor ODF', file: { data: zip([{ name: 'readme.txt', data: 'hello' }]), name: 'plan.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } },
      { name: 'a Windows executable', file: { data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0x90)]), name: 'setup.pdf', type: 'application/pdf' } },
      { name: 'a shell script', file: { data: Buffer.from('#!/bin/sh\necho owned\n'), name: 'run.jpg', type: 'image/jpeg' } },
    ];
    for (const refusal of refusals) {
      it(`refuses ${refusal.name} with a message on the page, values kept, nothing left behind`, async () => {
        const res = await upload(manager, startupId, { title: 'Étude de marché', kind: 'financials', confidential: true, expiresAt: '2031-06-30' }, refusal.file);
        expect(res.status).to.equal(422);
        const text = visibleText(res.text);
        expect(text).to.contain('Le document n’a pas été déposé : corrigez les champs signalés.');
        expect(text).to.contain('Ce type de fichier n’est pas accepté.');
        expect(res.text).to.match(/id="f-title"[^>]*value="Étude de marché"/);
        expect(res.text).to.match(/<option value="financials" selected>/);
        expect(res.text).to.match(/id="f-confidential"[^>]*checked/);
        expect(res.text).to.match(/id="f-expiresAt"[^>]*value="2031-06-30"/);
        await expectNothingLeft();
        expect(await ActivityEntry.countDocuments({ action: 'document.uploaded' })).to.equal(0);
      });
    }

    it('accepts every type of the allow-list, each recognised from its bytes whatever its name and claimed type', async () => {
      const files: [string, Buffer, string][] = [
        ['image/png', tinyPng(), 'a.pdf'],
        ['image/jpeg', jpegHeader(), 'photo'],
        ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', minimalOoxml('docx'), 'plan.doc'],
        ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', minimalOoxml('xlsx'), 'chiffres.xlsx'],
        ['application/vnd.openxmlformats-officedocument.presentationml.presentation', minimalOoxml('pptx'), 'deck.pptx'],
        ['application/vnd.oasis.opendocument.text', minimalOdf('odt'), 'note.odt'],
        ['application/vnd.oasis.opendocument.spreadsheet', minimalOdf('ods'), 'budget.ods'],
        ['application/vnd.oasis.opendocument.presentation', minimalOdf('odp'), 'slides.odp'],
      ];
      for (const [i, [mime, data, name]] of files.entries()) {
        const res = await upload(manager, startupId, { title: `Fichier ${i}`, kind: 'other' }, { data, name, type: 'text/html' });
        expect(res.status, name).to.equal(303);
        expect((await DossierDocument.findOne({ title: `Fichier ${i}` }).lean())?.mimeType, name).to.equal(mime);
      }
      // A PNG named .pdf downloads as image/png with a .png name, never as what its name claimed.
      const png = await DossierDocument.findOne({ title: 'Fichier 0' }).lean();
      const got = await download(manager, String(png?._id));
      expect(got.headers['content-type']).to.equal('image/png');
      expect(got.headers['content-disposition']).to.contain('filename="a.png"');
    });

    it('refuses a file one byte over the cap (413, message, values kept, nothing left) and accepts one exactly at the cap', async () => {
      const over = Buffer.concat([PDF, Buffer.alloc(CAP + 1 - PDF.length, 0x20)]);
      const res = await upload(manager, startupId, { title: 'Gros fichier', kind: 'clinical', expiresAt: '2030-02-01' }, { data: over, name: 'gros.pdf' });
      expect(res.status).to.equal(413);
      expect(visibleText(res.text)).to.contain('Le fichier dépasse la taille maximale de 1 Mo.');
      expect(res.text).to.match(/id="f-title"[^>]*value="Gros fichier"/);
      expect(res.text).to.match(/<option value="clinical" selected>/);
      await expectNothingLeft();

      const exact = Buffer.concat([PDF, Buffer.alloc(CAP - PDF.length, 0x20)]);
      expect((await upload(manager, startupId, { title: 'Juste à la limite', kind: 'clinical' }, { data: exact, name: 'limite.pdf' })).status).to.equal(303);
      expect((await DossierDocument.findOne({}).lean())?.size).to.equal(CAP);
    });

    it('a missing file or a missing title is said next to the field; nothing is stored', async () => {
      const noFile = await upload(manager, startupId, { title: 'Sans fichier', kind: 'ip' });
      expect(noFile.status).to.equal(422);
      expect(visibleText(noFile.text)).to.contain('Choisissez un fichier.');
      expect(noFile.text).to.match(/id="f-title"[^>]*value="Sans fichier"/);
      const noTitle = await upload(manager, startupId, { title: '   ', kind: 'ip' }, { data: PDF, name: 'x.pdf' });
      expect(noTitle.status).to.equal(422);
      const text = visibleText(noTitle.text);
      expect(text).to.contain('Ce champ est obligatoire.');
      expect(text).to.contain('Choisissez de nouveau le fichier');
      const badKind = await upload(manager, startupId, { title: 'Brevet', kind: 'malware', expiresAt: 'demain' }, { data: PDF, name: 'x.pdf' });
      expect(badKind.status).to.equal(422);
      expect(badKind.text).to.match(/id="e-kind"/);
      expect(badKind.text).to.match(/id="e-expiresAt"/);
      await expectNothingLeft();
    });

    it('refuses a multipart post with a wrong or missing CSRF token (403) and leaves no file behind', async () => {
      const wrong = await upload(manager, startupId, { title: 'Piège', kind: 'other' }, { data: PDF, name: 'x.pdf' }, { token: 'not-the-token' });
      expect(wrong.status).to.equal(403);
      expect(visibleText(wrong.text)).to.contain('Le formulaire a expiré.');
      // The right token, but after the file: the file part is refused before it is written.
      const late = await upload(manager, startupId, { title: 'Piège', kind: 'other' }, { data: PDF, name: 'x.pdf' }, { tokenLast: true });
      expect(late.status).to.equal(403);
      const none = await manager.post(`/startups/${startupId}/documents`).field('title', 'Piège').field('kind', 'other');
      expect(none.status).to.equal(403);
      await expectNothingLeft();
      expect(t.logs.some((l) => l.includes('csrf token refused'))).to.equal(true);
    });

    it('keeps the original name for display only: ../, unicode and quotes are harmless in storage and in the download header', async () => {
      const res = await upload(manager, startupId, { title: 'Brevet', kind: 'ip' }, { data: PDF, name: '../../etc/Brevet "final" — été 😀.pdf' });
      expect(res.status).to.equal(303);
      const doc = await DossierDocument.findOne({}).lean();
      expect(doc?.originalName).to.equal('Brevet "final" — été 😀.pdf');
      if (driver === 'disk') expect((await traces()).stored.every((f) => f.startsWith(`${UPLOAD_DIR}/`) && /\/[a-f0-9]{32}$/.test(f))).to.equal(true);
      const got = await download(manager, String(doc?._id));
      const header = String(got.headers['content-disposition']);
      expect(header).to.match(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+^`|-]+$/);
      const fallback = /filename="([^"]*)"/.exec(header)?.[1];
      expect(fallback).to.equal('Brevet _final_ _ ete _.pdf');
      const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '';
      expect(decodeURIComponent(encoded)).to.equal('Brevet "final" — été 😀.pdf');
    });
  });
}

describe('download names (RFC 6266 / 5987)', () => {
  it('drops folders and control characters, forces the sniffed extension, encodes quotes and unicode', () => {
    expect(downloadName('../../x/report.html', 'pdf')).to.equal('report.pdf');
    expect(downloadName('..\\..\\evil.PDF', 'pdf')).to.equal('evil.PDF');
    expect(downloadName('photo.jpeg', 'jpg')).to.equal('photo.jpeg');
    expect(downloadName('line\r\nbreak\u202Egnp.pdf', 'png')).to.equal('linebreakgnp.png');
    expect(downloadName('', 'pdf')).to.equal('document.pdf');
    expect(downloadName('....', 'pdf')).to.equal('document.pdf');
    expect(attachmentHeader('a "b" (c)\\%.pdf')).to.equal(`attachment; filename="a _b_ (c)__.pdf"; filename*=UTF-8''a%20%22b%22%20%28c%29%5C%25.pdf`);
    expect(attachmentHeader('Récap.pdf')).to.equal(`attachment; filename="Recap.pdf"; filename*=UTF-8''R%C3%A9cap.pdf`);
  });

  it('anonymous visitors are sent to the login page and nothing is stored', async () => {
    await resetDb();
    const t = makeApp(ENV);
    const startup = await makeStartup();
    const res = await request(t.app).post(`/startups/${String(startup._id)}/documents`).attach('file', PDF, 'x.pdf');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/login');
    expect(await DossierDocument.countDocuments({})).to.equal(0);
  });
});
