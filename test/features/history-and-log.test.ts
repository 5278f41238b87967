import { expect } from 'chai';
import { formatSummary } from '../../src/core/audit/format';
import { makeStartup } from '../../src/seed/factories';
import { makeApp, signedIn, text } from '../helpers';
import { minimalPdf } from '../../src/documents/samples';
import { ENV, upload } from './documents-helpers';

/** Issue 12: a startup's history tab holds its whole history; the activity log speaks the reader's notation. */
describe('the history tab and the activity log’s wording (issue 12)', () => {
  it('the history tab lists the dossier’s uploads, which the activity log records against the document', async () => {
    const { app } = makeApp(ENV);
    const startup = await makeStartup({ name: 'CardioSense' });
    const { agent: manager } = await signedIn(app, { role: 'manager', name: 'Claire Martin' });
    const res = await upload(manager, String(startup._id), { title: 'Certificat ISO 13485', kind: 'regulatory' }, { data: minimalPdf(['ISO']), name: 'iso.pdf', type: 'application/pdf' });
    expect(res.status).to.equal(303);
    const history = (await manager.get(`/startups/${String(startup._id)}/history`)).text;
    const audit = history.slice(history.indexOf('id="audit-title"'));
    expect(audit).to.contain(text('activity.actions.document.uploaded')).and.to.contain('Certificat ISO 13485');
  });

  it('formats a check-in’s raw figures and month for the reader, and uses English punctuation in English', () => {
    const raw = 'CardioSense — 2026-11 · 14 / 1500000 € / 310000.5 € (=)';
    expect(formatSummary(raw, 'fr')).to.equal('CardioSense — novembre 2026 · 14 / 1\u202f500\u202f000\u00a0€ / 310\u202f000,5\u00a0€ (chiffres inchangés)');
    expect(formatSummary(raw, 'en')).to.equal('CardioSense — November 2026 · 14 / €1,500,000 / €310,000.5 (figures unchanged)');
    expect(formatSummary('«Marquage CE» — CardioSense : dossier complet', 'en')).to.equal('“Marquage CE” — CardioSense: dossier complet');
    // Names with numbers are not touched.
    expect(formatSummary('«Certificat ISO 13485» v2 — Alpha', 'fr')).to.equal('«Certificat ISO 13485» v2 — Alpha');
  });
});
