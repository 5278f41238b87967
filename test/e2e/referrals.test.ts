import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { createStorage } from '../../src/core/storage';
import { formatDate } from '../../src/core/i18n';
import { parisWallTime } from '../../src/core/time';
import { minimalPdf } from '../../src/documents/samples';
import { addDays, today } from '../../src/hosting/days';
import { buildAssessment, buildDocumentRecord, makePartnerOrganisation, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { testConfig } from '../helpers';
import { fieldLabelled, journey, pageTools, shot, type RunningApp } from './helpers';

/** Where this journey's app keeps its files (the world stores the dossier's files there first). */
const ENV = { UPLOAD_DIR: '/tmp/boost-e2e-uploads-referrals' };

/** A dossier document whose file is really stored, so that the partner's download returns its bytes. */
async function storedDocument(startup: Types.ObjectId, fields: { title: string; originalName: string; kind: 'pitch_deck' | 'financials'; confidential: boolean; data: Buffer }) {
  const key = await createStorage(testConfig(ENV)).put(Readable.from([fields.data]));
  const doc = buildDocumentRecord({ startup, title: fields.title, kind: fields.kind, originalName: fields.originalName, confidential: fields.confidential, size: fields.data.length });
  doc.storageKey = key;
  return doc.save();
}

/**
 * Issue 11 in a real browser: a manager refers a startup to a genopole-like network for its
 * fundraising pack with two documents, one confidential; the founder approves sharing the
 * confidential one; the partner opens the referral (it becomes viewed), downloads a document,
 * accepts and records a meeting held; another organisation's partner never sees it; the manager
 * finds the outcome on the partner's page. Steps build on each other.
 */
describe('browser: referrals — refer with documents, consent, partner answer and outcome, directory', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let startupId = '';
  let referralPath = '';
  const users = { manager: '', founder: '', partner: '', otherPartner: '' };
  const ORGANISATION = 'Genopole Entreprises';
  const STARTUP = 'NeuroPatch';
  const PITCH = 'Un patch connecté qui détecte les crises d’épilepsie et prévient l’entourage.';
  const MESSAGE = 'NeuroPatch prépare son amorçage : pouvez-vous l’accompagner dans sa levée de fonds ?';
  const PITCH_DECK = minimalPdf([STARTUP, 'Pitch deck 2026']);
  const { go, seen, submit, signIn } = pageTools(() => ({ page, running }));
  const flash = () => seen(page.getByRole('status').first());
  const main = () => seen(page.getByRole('main'));
  const region = (name: string) => page.getByRole('region', { name, exact: true });
  const expectCleanBrowser = () => expect(problems, problems.join('\n')).to.deep.equal([]);
  // The meeting took place two days ago (a past day, as the outcome form requires).
  const meetingDay = parisWallTime(new Date(Date.now() - 2 * 86_400_000)).day;

  journey('referrals-', {
    env: ENV,
    world: async () => {
      const manager = await makeUser({ role: 'manager', name: 'Claire Martin' });
      users.manager = manager.email;
      const programme = await makeProgramme({ name: 'Santenov’Boost' });
      const startup = await makeStartup({ name: STARTUP, pitch: PITCH, stage: 'proof_of_concept', programme: programme._id });
      startupId = String(startup._id);
      users.founder = (await makeUser({ role: 'founder', name: 'Karim Benali', startups: [startup._id] })).email;
      await buildAssessment({ startup: startup._id, assessor: manager._id, levels: { customer: 4, technology: 5, business_model: 3, ipr: 4, team: 6, funding: 2 } }).save();
      await storedDocument(startup._id, { title: 'Pitch deck', originalName: 'NeuroPatch - pitch deck 2026.pdf', kind: 'pitch_deck', confidential: false, data: PITCH_DECK });
      await storedDocument(startup._id, { title: 'Table de capitalisation', originalName: 'cap-table.pdf', kind: 'financials', confidential: true, data: minimalPdf([STARTUP, 'Table de capitalisation']) });
      const genopole = await makePartnerOrganisation({ name: ORGANISATION, kind: 'genopole_network', packs: [{ fr: 'Levée de fonds', en: 'Fundraising', days: 21 }] });
      users.partner = (await makeUser({ role: 'partner', name: 'Nadia Roussel', organisation: genopole._id })).email;
      const investor = await makePartnerOrganisation({ name: 'Fonds Santé Avenir', kind: 'investor', packs: [{ fr: 'Ticket d’amorçage', en: 'Seed ticket', days: 30 }] });
      users.otherPartner = (await makeUser({ role: 'partner', name: 'Paul Lambert', organisation: investor._id })).email;
    },
    ready: (s) => ({ running, page, problems } = s),
  });

  it('manager: refers the startup from its page to the fundraising pack with both documents, saves the draft and sends it', async () => {
    await signIn(users.manager);
    await go(`/startups/${startupId}`);
    const card = region('Mises en relation');
    expect(await seen(card)).to.contain('Aucune mise en relation pour le moment.');
    await submit(card.getByRole('link', { name: 'Mettre en relation avec un partenaire' }));
    expect(await seen(page.getByRole('heading', { level: 1 }))).to.equal(`Mettre en relation · ${STARTUP}`);
    await fieldLabelled(page, 'Organisation partenaire').selectOption({ label: ORGANISATION });
    await fieldLabelled(page, 'Besoin').selectOption({ label: `${ORGANISATION} · Levée de fonds (21 j)` });
    await fieldLabelled(page, 'Message au partenaire').fill(MESSAGE);
    await page.getByRole('checkbox', { name: /^Pitch deck v1$/ }).check();
    await page.getByRole('checkbox', { name: /^Table de capitalisation v1 · confidentiel : partagé après l’accord d’un fondateur$/ }).check();
    // Left empty, the deadline is the pack's typical response time.
    expect(await fieldLabelled(page, 'Réponse attendue le').inputValue()).to.equal('');
    await shot(page, 'referrals-01-manager-new');
    await submit(page.getByRole('button', { name: 'Enregistrer le brouillon' }));
    expect(await flash()).to.contain('Brouillon enregistré : vérifiez-le puis envoyez-le.');
    referralPath = new URL(page.url()).pathname;
    expect(referralPath).to.match(/^\/referrals\/[a-f0-9]{24}$/);
    const draft = await main();
    expect(draft).to.contain(`${STARTUP} → ${ORGANISATION}`).and.to.contain('Brouillon').and.to.contain(MESSAGE);
    expect(draft).to.contain(`Réponse attendue le : ${formatDate('fr', addDays(today(), 21))}`).and.to.contain('Besoin : Levée de fonds');
    // Before sending, the manager checks the pick: nothing is shared yet.
    const toShare = await seen(region('Documents à partager à l’envoi'));
    expect(toShare).to.contain('Pitch deck v1').and.to.contain('Table de capitalisation v1 · confidentiel : partagé après l’accord d’un fondateur');
    await shot(page, 'referrals-02-manager-draft');

    await submit(region('Actions du programme').getByRole('button', { name: 'Envoyer' }));
    expect(await flash()).to.contain('Mise en relation envoyée : le partenaire est prévenu.');
    expect(await seen(page.locator('main .badge').first())).to.equal('Envoyée');
    // The ordinary document is shared at once; the confidential one waits for a founder.
    const shared = await seen(region('Documents partagés'));
    expect(shared).to.contain('Pitch deck').and.not.to.contain('Table de capitalisation');
    const waiting = region('Documents confidentiels');
    expect(await seen(waiting)).to.contain(`Ils ne sont partagés avec ${ORGANISATION} qu’après l’accord d’un fondateur de la startup.`).and.to.contain('Table de capitalisation v1 · Accord demandé');
    expect(await waiting.getByRole('button').count(), 'only a founder decides').to.equal(0);
    await shot(page, 'referrals-03-manager-sent');
    await go(`/startups/${startupId}`);
    const sent = await seen(region('Mises en relation'));
    expect(sent).to.contain(ORGANISATION).and.to.contain('Envoyée').and.to.contain('1 document(s) confidentiel(s) attendent l’accord d’un fondateur.');
    expectCleanBrowser();
  });

  it('founder: the bell brings the consent request; sees which document goes to whom and approves', async () => {
    await signIn(users.founder);
    const bell = page.locator('[data-bell]');
    expect(await bell.innerText()).to.contain('1 notification non lue');
    await submit(bell);
    const request = `Votre accord est demandé pour partager 1 document(s) confidentiel(s) avec ${ORGANISATION}`;
    expect(await main()).to.contain(request);
    await shot(page, 'referrals-04-founder-notification');
    await submit(page.getByRole('button', { name: `Ouvrir : ${request}` }));
    expect(new URL(page.url()).pathname).to.equal(referralPath);
    const consent = region('Documents confidentiels : votre accord');
    expect(await seen(consent)).to.contain(`Ces documents ne sont partagés avec ${ORGANISATION} qu’avec l’accord d’un fondateur.`).and.to.contain('Table de capitalisation').and.to.contain('Accord demandé');
    // Status only: never the programme's message to the partner.
    expect(await main()).to.contain('Envoyée').and.not.to.contain(MESSAGE);
    await shot(page, 'referrals-05-founder-consent');
    await submit(consent.getByRole('button', { name: 'Accepter le partage' }));
    expect(await flash()).to.contain('Votre décision est enregistrée : le programme est prévenu.');
    expect(await seen(consent)).to.contain('Accord donné');
    expect(await seen(region('Documents partagés'))).to.contain('Pitch deck').and.to.contain('Table de capitalisation');
    await go(`/startups/${startupId}`);
    const card = await seen(region('Mises en relation'));
    expect(card).to.contain(ORGANISATION).and.to.contain('Pitch deck').and.to.contain('Table de capitalisation').and.not.to.contain('attendent l’accord');
    expectCleanBrowser();
  });

  it('partner: finds the referral among the new ones, opens it, downloads the pitch deck, accepts and records a meeting held', async () => {
    await signIn(users.partner);
    await submit(page.getByRole('main').getByRole('link', { name: 'Mises en relation' }));
    await submit(page.getByRole('link', { name: 'Nouvelles' }));
    const row = page.getByRole('row').filter({ hasText: STARTUP });
    expect(await seen(row)).to.contain(ORGANISATION).and.to.contain('Envoyée');
    await shot(page, 'referrals-06-partner-inbox-new');
    await submit(row.getByRole('link', { name: STARTUP }));
    expect(new URL(page.url()).pathname).to.equal(referralPath);
    expect(await seen(page.locator('main .badge').first()), 'opening it marks it viewed').to.equal('Consultée');
    const startup = await seen(region('La startup'));
    expect(startup).to.contain(PITCH).and.to.contain('Stade : Preuve de concept');
    const radar = page.getByRole('table', { name: /maturité/i });
    expect(await seen(radar.getByRole('row').filter({ hasText: 'Technologie' }))).to.match(/Technologie\s+5/);
    expect(await page.locator('.readiness-radar canvas').isVisible(), 'the radar is drawn').to.equal(true);
    expect(await seen(region('Message du programme'))).to.contain('Besoin : Levée de fonds').and.to.contain(MESSAGE);
    const documents = region('Documents partagés');
    expect(await seen(documents)).to.contain('Pitch deck').and.to.contain('Table de capitalisation');
    await shot(page, 'referrals-07-partner-referral');

    const [download] = await Promise.all([page.waitForEvent('download'), documents.getByRole('link', { name: 'Pitch deck' }).click()]);
    expect(download.suggestedFilename()).to.equal('NeuroPatch - pitch deck 2026.pdf');
    expect((await readFile(await download.path())).equals(PITCH_DECK), 'the bytes of the stored file').to.equal(true);
    // A navigation that becomes a download is reported by Chromium as an aborted request: expected here.
    const aborted = problems.findIndex((p) => /\/referrals\/[a-f0-9]{24}\/documents\/[a-f0-9]{24}\/download \(net::ERR_ABORTED\)$/.test(p));
    if (aborted >= 0) problems.splice(aborted, 1);

    await submit(region('Votre réponse').getByRole('button', { name: 'Accepter' }));
    expect(await flash()).to.contain('Mise en relation acceptée : le programme est prévenu.');
    expect(await seen(page.locator('main .badge').first())).to.equal('Acceptée');
    const outcomeForm = page.getByRole('form', { name: 'Enregistrer un résultat' });
    await fieldLabelled(page, 'Résultat').selectOption({ label: 'Rendez-vous tenu' });
    await fieldLabelled(page, 'Date').fill(meetingDay);
    await fieldLabelled(page, 'Précision (motif obligatoire si pas d’adéquation)').fill('Premier rendez-vous avec notre chargée d’affaires');
    await submit(outcomeForm.getByRole('button', { name: 'Enregistrer' }));
    expect(await flash()).to.contain('Résultat enregistré : le programme est prévenu.');
    expect(await seen(region('Résultats').getByRole('listitem').first())).to.equal(`${formatDate('fr', meetingDay)} · Rendez-vous tenu · Premier rendez-vous avec notre chargée d’affaires`);
    await shot(page, 'referrals-08-partner-outcome');
    expectCleanBrowser();
  });

  it('another organisation’s partner: an empty inbox, and 404 at the referral’s address and at its documents', async () => {
    await signIn(users.otherPartner);
    await go('/referrals');
    const inbox = await main();
    expect(inbox).to.contain('Aucune mise en relation ici pour le moment.').and.not.to.contain(STARTUP);
    await shot(page, 'referrals-09-other-partner-inbox');
    expect((await go(referralPath))?.status()).to.equal(404);
    expect(await main()).not.to.contain(STARTUP);
    const download = await page.request.get(`${running.baseUrl}${referralPath}/documents/000000000000000000000000/download`);
    expect(download.status()).to.equal(404);
    expectCleanBrowser();
  });

  it('manager: the directory shows the organisation answering; its page lists the outcome; the referral shows it accepted', async () => {
    await signIn(users.manager);
    await go('/referrals');
    await submit(page.getByRole('link', { name: 'Partenaires' }).first());
    expect(new URL(page.url()).pathname).to.equal('/partners');
    const row = page.getByRole('row').filter({ hasText: ORGANISATION });
    const cells = (await row.getByRole('cell').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    // Name, received, acceptance, median response, outcomes, awaiting, members.
    expect(cells[1]).to.equal('1');
    expect(cells[2]).to.equal('100 %');
    expect(cells[4]).to.equal('1');
    expect(cells[5]).to.equal('0');
    await shot(page, 'referrals-10-manager-directory');
    await submit(row.getByRole('link', { name: ORGANISATION }));
    const outcomes = region('Résultats enregistrés');
    const outcome = page.getByRole('region', { name: 'Derniers résultats' }).getByRole('row').filter({ hasText: STARTUP });
    expect(await seen(outcome)).to.contain(formatDate('fr', meetingDay)).and.to.contain('Rendez-vous tenu').and.to.contain('Premier rendez-vous');
    expect(await seen(outcomes)).to.contain('Rendez-vous tenu : 1');
    await shot(page, 'referrals-11-manager-partner-page');
    await submit(outcome.getByRole('link', { name: STARTUP }));
    expect(new URL(page.url()).pathname).to.equal(referralPath);
    expect(await seen(page.locator('main .badge').first())).to.equal('Acceptée');
    expect(await seen(region('Résultats'))).to.contain('Rendez-vous tenu').and.to.contain('Premier rendez-vous');
    await shot(page, 'referrals-12-manager-referral-accepted');
    expectCleanBrowser();
  });

  it('manager: the referral in English', async () => {
    await submit(page.getByRole('navigation', { name: /Navigation principale|Main navigation/ }).getByRole('button', { name: 'Switch to English' }));
    const main = await seen(page.getByRole('main'));
    expect(main).to.contain('Accepted').and.to.contain('Need: Fundraising').and.to.contain('Meeting held').and.to.contain('Messages with the partner');
    expect(await seen(region('Confidential documents'))).to.contain('Table de capitalisation v1 · Consent given');
    await shot(page, 'referrals-13-manager-referral-english');
    expectCleanBrowser();
  });
});
