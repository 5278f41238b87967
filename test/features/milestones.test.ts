import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { DossierDocument } from '../../src/documents/model';
import { minimalPdf } from '../../src/documents/samples';
import { Milestone } from '../../src/milestones/model';
import { Notification } from '../../src/notifications/model';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { User } from '../../src/users/model';
import mongoose from 'mongoose';
import { csrfFrom, login, makeApp, postForm, signedIn, type Agent, type TestApp } from '../helpers';
import { UPLOAD_DIR, decide, expectText, makeDocument, makeMilestone, statusOf, submit } from './milestones-helpers';

describe('milestones: plan, submit, review', () => {
  let t: TestApp;
  let manager: Agent;
  let founder: Agent;
  let startupId: string;
  let startup: Awaited<ReturnType<typeof makeStartup>>;
  const previousUploadDir = process.env.UPLOAD_DIR;

  before(() => {
    process.env.UPLOAD_DIR = UPLOAD_DIR;
  });
  after(async () => {
    if (previousUploadDir === undefined) delete process.env.UPLOAD_DIR;
    else process.env.UPLOAD_DIR = previousUploadDir;
    await rm(UPLOAD_DIR, { recursive: true, force: true });
  });

  beforeEach(async () => {
    t = makeApp();
    startup = await makeStartup({ name: 'CardioSense' });
    startupId = String(startup._id);
    ({ agent: manager } = await signedIn(t.app, { role: 'manager', name: 'Claire Martin' }));
    ({ agent: founder } = await signedIn(t.app, { role: 'founder', name: 'Karim Benali', startups: [startup._id] }));
  });

  describe('planning', () => {
    it('a manager plans a milestone: stored as planned, audited against the startup, shown on the timeline', async () => {
      const res = await postForm(manager, `/startups/${startupId}/milestones/new`, `/startups/${startupId}/milestones`, { title: 'Dossier de marquage CE', description: 'Documentation technique', dimension: 'regulatory', dueDate: '2026-11-30', status: 'approved' });
      expect(res.status).to.equal(303);
      const m = await Milestone.findOne({}).lean();
      expect(m).to.include({ title: 'Dossier de marquage CE', dimension: 'regulatory', status: 'planned', proposedByRole: 'manager' });
      expect(m?.dueDate.toISOString()).to.equal('2026-11-30T00:00:00.000Z');
      expect(res.headers.location).to.equal(`/startups/${startupId}/milestones#m-${String(m?._id)}`);
      const entry = await ActivityEntry.findOne({ action: 'milestone.planned' }).lean();
      expect(entry).to.include({ entityType: 'Startup', entityId: startupId, actorName: 'Claire Martin' });
      const tab = await manager.get(`/startups/${startupId}/milestones`);
      expect(tab.status).to.equal(200);
      expectText(tab.text, 'Jalon « Dossier de marquage CE » planifié.', 'Dossier de marquage CE', 'Planifié', 'Réglementaire', 'Échéance : 30 nov. 2026');
    });

    it('a due date that is not a date: message next to the field, values kept, nothing stored', async () => {
      for (const dueDate of ['demain', '2026-02-31', '31/12/2026', '']) {
        const res = await postForm(manager, `/startups/${startupId}/milestones/new`, `/startups/${startupId}/milestones`, { title: 'Essai clinique', dimension: 'clinical', dueDate });
        expect(res.status, dueDate).to.equal(422);
        expectText(res.text, dueDate ? 'Saisissez une date valide (par exemple 2026-09-30).' : 'Ce champ est obligatoire.');
        expect(res.text).to.contain('value="Essai clinique"');
      }
      expect(await Milestone.countDocuments({})).to.equal(0);
    });

    it('a founder proposes for their own startup (planned, proposed by the founder) but cannot edit it afterwards (403)', async () => {
      const res = await postForm(founder, `/startups/${startupId}/milestones/new`, `/startups/${startupId}/milestones`, { title: 'Premier client pilote', dimension: 'commercial', dueDate: '2026-10-01', status: 'approved', startup: '0123456789abcdef01234567', proposedByRole: 'manager' });
      expect(res.status).to.equal(303);
      const m = await Milestone.findOne({}).lean();
      expect(m).to.include({ status: 'planned', proposedByRole: 'founder' });
      expect(String(m?.startup)).to.equal(startupId);
      expect(await ActivityEntry.countDocuments({ action: 'milestone.proposed', entityId: startupId })).to.equal(1);
      expect((await founder.get(`/startups/${startupId}/milestones/${String(m?._id)}/edit`)).status).to.equal(403);
      const post = await postForm(founder, `/startups/${startupId}/milestones`, `/startups/${startupId}/milestones/${String(m?._id)}`, { title: 'Changé', dimension: 'team', dueDate: '2027-01-01', version: '0' });
      expect(post.status).to.equal(403);
      expect((await Milestone.findOne({}).lean())?.title).to.equal('Premier client pilote');
      expectText((await manager.get(`/startups/${startupId}/milestones`)).text, 'Proposé par la startup');
    });

    it('a manager edits (version checked) and removes a milestone; an approved one stays as it is', async () => {
      const m = await makeMilestone(startup._id, { title: 'Étude clinique' });
      const edit = `/startups/${startupId}/milestones/${String(m._id)}`;
      const ok = await postForm(manager, `${edit}/edit`, edit, { title: 'Étude clinique pivot', description: '', dimension: 'clinical', dueDate: '2027-03-31', version: '0' });
      expect(ok.status).to.equal(303);
      expect(await Milestone.findOne({ _id: m._id }).lean()).to.include({ title: 'Étude clinique pivot', dimension: 'clinical' });
      const stale = await postForm(manager, `${edit}/edit`, edit, { title: 'Ancienne page', dimension: 'clinical', dueDate: '2027-03-31', version: '0' });
      expect(stale.status).to.equal(409);
      expect(stale.text).to.contain('value="Étude clinique pivot"');
      expect((await Milestone.findOne({ _id: m._id }).lean())?.title).to.equal('Étude clinique pivot');

      const removed = await postForm(manager, `${edit}/edit`, `${edit}/remove`, { version: '1' });
      expect(removed.status).to.equal(303);
      expect((await Milestone.findOne({ _id: m._id }).lean())?.removedAt).to.be.instanceOf(Date);
      const tabAfter = await manager.get(`/startups/${startupId}/milestones`);
      expectText(tabAfter.text, 'Jalon « Étude clinique pivot » retiré.');
      expect(tabAfter.text).not.to.contain(`id="m-${String(m._id)}"`);
      expect((await manager.get(edit)).status).to.equal(404);
      expect(await ActivityEntry.countDocuments({ action: mongooseIn(['milestone.updated', 'milestone.removed']), entityId: startupId })).to.equal(2);

      const approved = await makeMilestone(startup._id, { title: 'Validé', status: 'approved' });
      const path = `/startups/${startupId}/milestones/${String(approved._id)}`;
      const refused = await postForm(manager, '/account', path, { title: 'Réécrit', dimension: 'team', dueDate: '2027-01-01', version: '0' });
      expect(refused.status).to.equal(409);
      expectText(refused.text, 'Un jalon validé ne peut plus être modifié ni retiré.');
      await postForm(manager, '/account', `${path}/remove`, { version: '0' });
      expect(await Milestone.findOne({ _id: approved._id }).lean()).to.include({ title: 'Validé', status: 'approved' });
      expect((await Milestone.findOne({ _id: approved._id }).lean())?.removedAt).to.equal(undefined);
    });
  });

  describe('submission and review', () => {
    it('the whole cycle: submit with a picked document → changes requested with a comment → resubmit → approved; thread, audit, notifications', async () => {
      const otherStartup = await makeStartup({ name: 'Autre' });
      const otherFounder = await makeUser({ role: 'founder', startups: [otherStartup._id] });
      const secondManager = await makeUser({ role: 'manager' });
      const mentor = await makeUser({ role: 'mentor' });
      const doc = await makeDocument(startup._id);
      const m = await makeMilestone(startup._id, { title: 'Certification ISO 13485' });
      const id = String(m._id);

      const sent = await submit(founder, startupId, id, { evidence: 'Audit de certification réussi en mars.', documents: [String(doc._id)] });
      expect(sent.status).to.equal(303);
      let stored = await Milestone.findOne({ _id: id }).lean();
      expect(stored?.status).to.equal('submitted');
      expect(stored?.evidence?.text).to.equal('Audit de certification réussi en mars.');
      expect(stored?.evidence?.documents.map(String)).to.deep.equal([String(doc._id)]);
      expect(stored?.thread.map((e) => [e.decision, e.byName])).to.deep.equal([['submitted', 'Karim Benali']]);
      const managers = (await Notification.find({ kind: 'milestone.submitted' }).lean()).map((n) => String(n.user)).sort();
      const managerIds = (await User.find({ role: 'manager' }).lean()).map((u) => String(u._id)).sort();
      expect(managers).to.deep.equal(managerIds);
      expect(managers).to.include(String(secondManager._id)).and.not.include(String(mentor._id));
      expect((await Notification.findOne({ kind: 'milestone.submitted' }).lean())?.link).to.equal(`/startups/${startupId}/milestones#m-${id}`);

      // Submitted: no second submission until a manager answers.
      const again = await submit(founder, startupId, id, { evidence: 'Autre chose', documents: [String(doc._id)] });
      expect(again.status).to.equal(409);
      expect((await Milestone.findOne({ _id: id }).lean())?.evidence?.text).to.equal('Audit de certification réussi en mars.');

      const noComment = await decide(manager, startupId, id, 'changes', '   ');
      expect(noComment.status).to.equal(422);
      expectText(noComment.text, 'Un commentaire est obligatoire pour demander des modifications.');
      expect(await statusOf(id)).to.equal('submitted');

      const changes = await decide(manager, startupId, id, 'changes', 'Joindre le certificat signé.');
      expect(changes.status).to.equal(303);
      expect(await statusOf(id)).to.equal('changes_requested');
      const toFounders = await Notification.find({ kind: 'milestone.changesRequested' }).lean();
      const founderUser = await User.findOne({ name: 'Karim Benali' }).lean();
      expect(toFounders.map((n) => String(n.user))).to.deep.equal([String(founderUser?._id)]);
      expect(toFounders.map((n) => String(n.user))).not.to.include(String(otherFounder._id));

      const tab = await founder.get(`/startups/${startupId}/milestones`);
      expectText(tab.text, 'Modifications demandées', 'Joindre le certificat signé.', 'Soumettre à nouveau');
      const resent = await submit(founder, startupId, id, { evidence: 'Certificat signé joint.', documents: [String(doc._id)] });
      expect(resent.status).to.equal(303);
      expect(await statusOf(id)).to.equal('submitted');

      const approve = await decide(manager, startupId, id, 'approve', '', { from: 'queue' });
      expect(approve.status).to.equal(303);
      expect(approve.headers.location).to.equal('/milestones/review');
      stored = await Milestone.findOne({ _id: id }).lean();
      expect(stored?.status).to.equal('approved');
      expect(stored?.achievedAt).to.be.instanceOf(Date);
      expect(stored?.thread.map((e) => e.decision)).to.deep.equal(['submitted', 'changes_requested', 'submitted', 'approved']);
      // Each submission's evidence stays in the thread: the reviewer sees what changed.
      expect(stored?.thread.filter((e) => e.decision === 'submitted').map((e) => e.comment)).to.deep.equal(['Audit de certification réussi en mars.', 'Certificat signé joint.']);
      expect(await Notification.countDocuments({ kind: 'milestone.approved', user: founderUser?._id })).to.equal(1);
      expect(await Notification.countDocuments({ kind: 'milestone.approved' })).to.equal(1);
      const actions = (await ActivityEntry.find({ entityId: startupId }).sort({ at: 1, _id: 1 }).lean()).map((a) => a.action);
      expect(actions).to.deep.equal(['milestone.submitted', 'milestone.changesRequested', 'milestone.submitted', 'milestone.approved']);

      // Approved: cannot be submitted again.
      const late = await submit(founder, startupId, id, { evidence: 'Encore', documents: [String(doc._id)] });
      expect(late.status).to.equal(409);
      expectText(late.text, 'Ce jalon ne peut pas être soumis');
      expect(await statusOf(id)).to.equal('approved');
      const tabAfter = await founder.get(`/startups/${startupId}/milestones`);
      expectText(tabAfter.text, 'Validé', 'Atteint le');
      expect(tabAfter.text).to.contain(`href="/documents/${String(doc._id)}/download"`);
    });

    it('bad submissions change nothing: no evidence, no document, a document of another startup or a deleted one', async () => {
      const other = await makeStartup({ name: 'Autre' });
      const foreignDoc = await makeDocument(other._id, 'Plan secret');
      const deleted = await makeDocument(startup._id, 'Retiré', { deletedAt: new Date() });
      const doc = await makeDocument(startup._id);
      const m = await makeMilestone(startup._id);
      const id = String(m._id);
      const cases: [Parameters<typeof submit>[3], string][] = [
        [{ evidence: '', documents: [String(doc._id)] }, 'Décrivez les éléments de preuve.'],
        [{ evidence: 'Texte', documents: [] }, 'Joignez au moins un document'],
        [{ evidence: 'Texte', documents: [String(foreignDoc._id)] }, 'Un document choisi n’appartient pas au dossier de cette startup.'],
        [{ evidence: 'Texte', documents: [String(deleted._id)] }, 'Un document choisi n’appartient pas au dossier de cette startup.'],
        [{ evidence: 'Texte', documents: ['not-an-id'] }, 'Un document choisi n’appartient pas au dossier de cette startup.'],
      ];
      for (const [fields, message] of cases) {
        const res = await submit(founder, startupId, id, fields);
        expect(res.status, message).to.equal(422);
        expectText(res.text, message);
      }
      const stored = await Milestone.findOne({ _id: id }).lean();
      expect(stored?.status).to.equal('planned');
      expect(stored?.thread).to.have.length(0);
      expect(await Notification.countDocuments({})).to.equal(0);
    });

    it('a document uploaded from the submission form joins the dossier and the evidence', async () => {
      const m = await makeMilestone(startup._id);
      const pdf = minimalPdf(['Rapport de test']);
      const res = await submit(founder, String(startupId), String(m._id), { evidence: 'Rapport joint', docTitle: 'Rapport de biocompatibilité', docKind: 'regulatory' }, { data: pdf, name: 'rapport.pdf' });
      expect(res.status).to.equal(303);
      const doc = await DossierDocument.findOne({ title: 'Rapport de biocompatibilité' }).lean();
      expect(doc).to.include({ mimeType: 'application/pdf', size: pdf.length, version: 1 });
      expect(String(doc?.startup)).to.equal(startupId);
      const stored = await Milestone.findOne({ _id: m._id }).lean();
      expect(stored?.status).to.equal('submitted');
      expect(stored?.evidence?.documents.map(String)).to.deep.equal([String(doc?._id)]);
      // A file without a title and kind is refused, and so is a file that is not an allowed type.
      const m2 = await makeMilestone(startup._id, { title: 'Deuxième' });
      const noTitle = await submit(founder, startupId, String(m2._id), { evidence: 'x' }, { data: pdf, name: 'a.pdf' });
      expect(noTitle.status).to.equal(422);
      const html = await submit(founder, startupId, String(m2._id), { evidence: 'x', docTitle: 'Page', docKind: 'other' }, { data: Buffer.from('<html><script>alert(1)</script></html>'), name: 'a.pdf' });
      expect(html.status).to.equal(422);
      expect(await statusOf(m2._id)).to.equal('planned');
      expect(await DossierDocument.countDocuments({})).to.equal(1);
    });

    it('invalid transitions: approving a planned or approved milestone is refused with a message, nothing changes', async () => {
      const planned = await makeMilestone(startup._id, { title: 'Planifié' });
      const res = await decide(manager, startupId, String(planned._id), 'approve');
      expect(res.status).to.equal(409);
      expectText(res.text, 'Ce jalon n’est pas en attente d’examen : aucune décision n’a été enregistrée.');
      expect(await Milestone.findOne({ _id: planned._id }).lean()).to.include({ status: 'planned' });
      expect((await Milestone.findOne({ _id: planned._id }).lean())?.achievedAt).to.equal(undefined);
      const approved = await makeMilestone(startup._id, { title: 'Déjà validé', status: 'approved' });
      expect((await decide(manager, startupId, String(approved._id), 'changes', 'non')).status).to.equal(409);
      expect(await statusOf(approved._id)).to.equal('approved');
      expect(await ActivityEntry.countDocuments({})).to.equal(0);
    });

    it('several managers deciding at the same moment: exactly one decision wins, the others are told', async () => {
      const m = await makeMilestone(startup._id, { status: 'submitted' });
      const agents = [manager, ...(await Promise.all([1, 2, 3, 4].map(async () => login(t.app, (await makeUser({ role: 'manager' })).email))))];
      const tokens = await Promise.all(agents.map((a) => csrf(a)));
      const results = await Promise.all(agents.map((a, i) => decide(a, startupId, String(m._id), i % 2 ? 'approve' : 'changes', 'Revoir le plan', { token: tokens[i], version: 0 })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).to.deep.equal([303, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) expectText(r.text, 'Un autre membre de l’équipe vient de répondre à ce jalon');
      const stored = await Milestone.findOne({ _id: m._id }).lean();
      expect(stored?.thread.filter((e) => e.decision !== 'submitted')).to.have.length(1);
      expect(await ActivityEntry.countDocuments({ action: mongooseIn(['milestone.approved', 'milestone.changesRequested']) })).to.equal(1);
    });
  });
});

function csrf(agent: Agent): Promise<string> {
  return csrfFrom(agent, '/account');
}

function mongooseIn(values: string[]) {
  return mongoose.trusted({ $in: values });
}
