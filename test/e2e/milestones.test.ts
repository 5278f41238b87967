import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { formatDate } from '../../src/core/i18n';
import { DossierDocument } from '../../src/documents/model';
import { minimalPdf } from '../../src/documents/samples';
import { Milestone } from '../../src/milestones/model';
import { Notification } from '../../src/notifications/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { shot, type RunningApp, pageTools, journey } from './helpers';

/**
 * Issue 4 in a real browser: a founder submits a milestone with a document uploaded from the
 * submission form; a manager finds it in the review queue and requests changes (a first try without
 * a comment is refused); the founder sees the notification and the comment, resubmits; the manager
 * approves; the founder sees the approval and the achieved date. Steps build on each other.
 */
describe('browser: milestones — submission, review, changes requested, approval', () => {
  let running: RunningApp;
  let page: Page;
  let problems: string[];
  let startupId = '';
  let milestoneId = '';
  const users = { founder: '', founderId: '', manager: '' };
  const TITLE = 'Premier patient inclus';
  const EVIDENCE_1 = 'Le premier patient a été inclus le 3 mars au CHU de Lyon.\nLe protocole est joint.';
  const COMMENT = 'Joignez aussi l’avis favorable du comité d’éthique.\nLa date d’inclusion doit y figurer.';
  const EVIDENCE_2 = 'Inclusion du premier patient le 3 mars (CHU de Lyon).\nAvis favorable du CPP Sud-Est du 12 février : référence 2026-014.';

  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  const { go, seen, submit, signIn } = pageTools(() => ({ page, running }));
  const nav = () => page.getByRole('navigation', { name: /Navigation principale|Main navigation/ });
  const bell = () => nav().locator('[data-bell]');
  const milestonePath = () => `/startups/${startupId}/milestones/${milestoneId}`;
  const badge = () => page.locator('article > div.small > .badge').first();
  const expectCleanBrowser = () => expect(problems, problems.join('\n')).to.deep.equal([]);

  journey('milestones-', {
    env: { UPLOAD_DIR: '/tmp/boost-e2e-uploads', UPLOAD_MAX_MB: '2' },
    world: async () => {
      const programme = await makeProgramme({ name: 'Boost Santé 2026' });
      const cohort = await makeCohort(programme._id, { name: 'Cohorte printemps 2026' });
      const startup = await makeStartup({ name: 'CardioSense', programme: programme._id, cohort: cohort._id });
      startupId = String(startup._id);
      const founder = await makeUser({ role: 'founder', name: 'Karim Benali', startups: [startup._id] });
      users.founder = founder.email;
      users.founderId = String(founder._id);
      users.manager = (await makeUser({ role: 'manager', name: 'Claire Martin' })).email;
      const milestone = await Milestone.create({
        startup: startup._id,
        title: TITLE,
        description: 'Inclusion du premier patient dans l’étude pilote.',
        dimension: 'clinical',
        dueDate: new Date(Date.now() + 45 * 86400_000),
      });
      milestoneId = String(milestone._id);
    },
    ready: (s) => ({ running, page, problems } = s),
  });

  it('founder: submits the planned milestone with evidence and a PDF uploaded from the form', async () => {
    await signIn(users.founder);
    await go(`/startups/${startupId}/milestones`);
    const card = page.locator(`#m-${milestoneId}`);
    expect(await seen(card)).to.contain(TITLE).and.to.contain('Planifié').and.to.contain('Clinique');
    await shot(page, 'milestones-01-founder-tab-planned');

    await submit(card.getByRole('link', { name: 'Soumettre', exact: true }));
    expect(new URL(page.url()).pathname).to.equal(`${milestonePath()}/submit`);
    expect(await seen(page.getByRole('main'))).to.contain(`Soumettre le jalon : ${TITLE}`).and.to.contain('Aucun document dans le dossier');
    await page.getByLabel('Éléments de preuve').fill(EVIDENCE_1);
    await page.getByLabel('Titre du document').fill('Protocole de l’étude pilote');
    await page.getByLabel('Type de document').selectOption({ label: 'Clinique' });
    await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'protocole-pilote.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['CardioSense', 'Protocole de l etude pilote']) });
    await shot(page, 'milestones-02-founder-submit-form');
    await submit(page.getByRole('button', { name: 'Soumettre le jalon' }));

    expect(new URL(page.url()).pathname).to.equal(`/startups/${startupId}/milestones`);
    expect(await seen(page.getByRole('status').first())).to.contain(`Jalon « ${TITLE} » soumis : l’équipe du programme va l’examiner.`);
    expect(await seen(card)).to.contain('Soumis');
    expect(await card.getByRole('link', { name: 'Soumettre', exact: true }).count(), 'no second submission while under review').to.equal(0);
    const stored = await Milestone.findById(milestoneId).lean();
    expect(stored?.status).to.equal('submitted');
    expect(stored?.evidence?.documents).to.have.length(1);
    expect(await DossierDocument.countDocuments({ startup: startupId, title: 'Protocole de l’étude pilote' }), 'the upload joins the dossier').to.equal(1);
    await shot(page, 'milestones-03-founder-submitted');
    expectCleanBrowser();
  });

  it('manager: the queue lists the submission; asking for changes without a comment is refused and changes nothing', async () => {
    await signIn(users.manager);
    expect(await seen(bell()), 'the submission notified the manager').to.contain('1');
    await go('/milestones/review');
    const main = await seen(page.getByRole('main'));
    expect(main).to.contain('Jalons à examiner').and.to.contain(TITLE).and.to.contain('CardioSense').and.to.contain('Karim Benali · 1 doc.');
    await shot(page, 'milestones-04-manager-review-queue');

    await submit(page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'Examiner' }));
    expect(new URL(page.url()).pathname).to.equal(milestonePath());
    const show = await seen(page.getByRole('main'));
    expect(show).to.contain('Le premier patient a été inclus le 3 mars').and.to.contain('Protocole de l’étude pilote (v1)').and.to.contain('Karim Benali (Fondateur·rice) a soumis le jalon');
    expect(await seen(badge())).to.equal('Soumis');
    await shot(page, 'milestones-05-manager-milestone-submitted');

    const notificationsBefore = await Notification.countDocuments({});
    await submit(page.getByRole('button', { name: 'Demander des modifications' }));
    expect(await seen(page.locator('#e-comment'))).to.equal('Un commentaire est obligatoire pour demander des modifications.');
    expect(await seen(page.getByRole('alert').first())).to.contain('Certaines valeurs sont à corriger.');
    expect(await page.locator('#f-comment').getAttribute('aria-invalid')).to.equal('true');
    expect(await seen(badge())).to.equal('Soumis');
    expect((await Milestone.findById(milestoneId).lean())?.status).to.equal('submitted');
    expect(await Notification.countDocuments({}), 'no notification for a refused decision').to.equal(notificationsBefore);
    await shot(page, 'milestones-06-manager-comment-required');
    expectCleanBrowser();
  });

  it('manager: requests changes with a comment', async () => {
    await page.locator('#f-comment').fill(COMMENT);
    await submit(page.getByRole('button', { name: 'Demander des modifications' }));
    expect(new URL(page.url()).pathname).to.equal(`/startups/${startupId}/milestones`);
    expect(await seen(page.getByRole('status').first())).to.contain(`Modifications demandées pour « ${TITLE} ».`);
    expect(await seen(page.locator(`#m-${milestoneId}`))).to.contain('Modifications demandées');
    expect((await Milestone.findById(milestoneId).lean())?.status).to.equal('changes_requested');
    await go('/milestones/review');
    expect(await seen(page.getByRole('main'))).to.contain('Aucun jalon en attente d’examen.');
    await shot(page, 'milestones-07-manager-queue-empty');
    expectCleanBrowser();
  });

  it('founder: the bell counts one unread notification; the list shows it; the milestone shows the comment', async () => {
    await signIn(users.founder);
    expect(await seen(bell())).to.contain('1');
    expect(await bell().getAttribute('href')).to.equal('/notifications');
    expect(flat(await bell().textContent() ?? '')).to.contain('1 notification non lue');
    await shot(page, 'milestones-08-founder-home-bell');

    await submit(bell());
    expect(new URL(page.url()).pathname).to.equal('/notifications');
    const item = page.getByRole('listitem').filter({ hasText: `Modifications demandées sur le jalon « ${TITLE} »` });
    expect(await seen(item)).to.contain('Non lue').and.to.contain('Lisez le commentaire de la revue pour CardioSense, complétez puis soumettez à nouveau.');
    await shot(page, 'milestones-09-founder-notifications');

    await submit(item.getByRole('button', { name: /^Ouvrir/ }));
    expect(new URL(page.url()).pathname).to.equal(`/startups/${startupId}/milestones`);
    expect(new URL(page.url()).hash).to.equal(`#m-${milestoneId}`);
    expect(await seen(bell()), 'opening marks it read').not.to.match(/\d/);
    const card = page.locator(`#m-${milestoneId}`);
    expect(await seen(card)).to.contain('Modifications demandées par Claire Martin').and.to.contain('Joignez aussi l’avis favorable du comité d’éthique.');
    await shot(page, 'milestones-10-founder-tab-changes-requested');

    await go(milestonePath());
    expect(await seen(badge())).to.equal('Modifications demandées');
    expect(await seen(page.locator('#thread'))).to.contain('Claire Martin (Chargé·e de programme) a demandé des modifications').and.to.contain('La date d’inclusion doit y figurer.');
    await shot(page, 'milestones-11-founder-milestone-comment');
    expectCleanBrowser();
  });

  it('founder: resubmits with new evidence text, the comment shown above the form', async () => {
    await submit(page.getByRole('link', { name: 'Soumettre à nouveau' }));
    expect(new URL(page.url()).pathname).to.equal(`${milestonePath()}/submit`);
    expect(await seen(page.locator('.alert-warning'))).to.contain('Modifications demandées par Claire Martin').and.to.contain('Joignez aussi l’avis favorable');
    expect(await page.getByLabel('Éléments de preuve').inputValue(), 'the previous evidence is kept to be edited').to.equal(EVIDENCE_1);
    expect(await page.getByRole('checkbox', { name: /Protocole de l’étude pilote/ }).isChecked(), 'the document already attached stays ticked').to.equal(true);
    await page.getByLabel('Éléments de preuve').fill(EVIDENCE_2);
    await shot(page, 'milestones-12-founder-resubmit-form');
    await submit(page.getByRole('button', { name: 'Soumettre le jalon' }));
    expect(await seen(page.getByRole('status').first())).to.contain(`Jalon « ${TITLE} » soumis`);
    expect(await seen(page.locator(`#m-${milestoneId}`))).to.contain('Soumis');
    const stored = await Milestone.findById(milestoneId).lean();
    expect(stored?.status).to.equal('submitted');
    // A browser sends a textarea's line breaks as CRLF; the app stores them as received.
    expect(stored?.evidence?.text.replace(/\r\n/g, '\n')).to.equal(EVIDENCE_2);
    expectCleanBrowser();
  });

  it('manager: approves the resubmitted milestone from the queue', async () => {
    await signIn(users.manager);
    await go('/milestones/review');
    await submit(page.getByRole('row', { name: new RegExp(TITLE) }).getByRole('link', { name: 'Examiner' }));
    // The current evidence is the new one; the earlier submission stays readable in the thread.
    expect(await seen(page.getByRole('region', { name: 'Éléments de preuve' }))).to.contain('Avis favorable du CPP Sud-Est').and.not.to.contain('Le protocole est joint.');
    expect(await seen(page.locator('#thread'))).to.contain('Le protocole est joint.');
    await shot(page, 'milestones-13-manager-resubmitted');
    await submit(page.getByRole('button', { name: 'Valider le jalon' }));
    expect(await seen(page.getByRole('status').first())).to.contain(`Jalon « ${TITLE} » validé.`);
    expect((await Milestone.findById(milestoneId).lean())?.status).to.equal('approved');
    expectCleanBrowser();
  });

  it('founder: sees the approval notification and the milestone approved with its achieved date', async () => {
    await signIn(users.founder);
    expect(await seen(bell())).to.contain('1');
    await go('/notifications');
    const item = page.getByRole('listitem').filter({ hasText: `Jalon « ${TITLE} » validé` });
    expect(await seen(item)).to.contain('Non lue').and.to.contain('Bravo : le jalon de CardioSense est atteint.');
    expect(await Notification.countDocuments({ user: users.founderId }), 'changes requested, then approved').to.equal(2);
    await shot(page, 'milestones-14-founder-notification-approved');

    await submit(item.getByRole('button', { name: /^Ouvrir/ }));
    const achieved = `Atteint le ${formatDate('fr', new Date())}`;
    const card = page.locator(`#m-${milestoneId}`);
    const text = await seen(card);
    expect(text).to.contain('Validé').and.to.contain(achieved);
    expect(text).not.to.contain('Soumettre');
    expect(await seen(page.getByRole('main'))).to.contain('1 jalon(s) · 1 validé(s) · 0 en retard');
    await shot(page, 'milestones-15-founder-tab-approved');

    await go(milestonePath());
    expect(await seen(badge())).to.equal('Validé');
    expect(await seen(page.getByRole('main'))).to.contain(achieved).and.to.contain('Claire Martin (Chargé·e de programme) a validé le jalon');
    await shot(page, 'milestones-16-founder-milestone-approved');
    expectCleanBrowser();
  });
});
