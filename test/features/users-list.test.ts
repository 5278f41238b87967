import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { makeUser } from '../../src/seed/factories';
import { makeApp, postForm, signedIn } from '../helpers';
import { html, pressButton } from './users.helpers';

describe('user management: the list and the audit trail', () => {
  describe('the list', () => {
    /** The names of the users listed on a page, in order. */
    function listedNames(page: string): string[] {
      return [...page.matchAll(/<td><a href="\/users\/[0-9a-f]{24}">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
    }

    async function people() {
      await makeUser({ role: 'founder', name: 'Élodie Durand', email: 'elodie@cardiosense.fr', password: null });
      await makeUser({ role: 'mentor', name: 'Marc Lefèvre', email: 'marc@mentors.example' });
      await makeUser({ role: 'mentor', name: 'Sophie Bernard', email: 'sophie@durand-conseil.example', password: null, active: false });
      await makeUser({ role: 'observer', name: 'Weird .*( name', email: 'weird@example.org', password: null });
      await makeUser({ role: 'partner', name: 'Paul Dubois', email: 'paul@genopole.example', password: null });
    }

    it('finds people by name or e-mail, whatever the case', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const byName = await agent.get('/users').query({ q: 'DURAND' });
      expect(byName.status).to.equal(200);
      expect(listedNames(byName.text)).to.have.members(['Élodie Durand', 'Sophie Bernard']).and.have.length(2);
      expect(byName.text).to.contain('value="DURAND"');
      const byEmail = await agent.get('/users').query({ q: 'Genopole.EXAMPLE' });
      expect(listedNames(byEmail.text)).to.deep.equal(['Paul Dubois']);
      const partial = await agent.get('/users').query({ q: 'lefè' });
      expect(listedNames(partial.text)).to.deep.equal(['Marc Lefèvre']);
    });

    it('reads regex characters literally and survives a search over 100 characters', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const literal = await agent.get('/users').query({ q: '.*(' });
      expect(literal.status).to.equal(200);
      expect(listedNames(literal.text)).to.deep.equal(['Weird .*( name']);
      for (const q of ['.*', '(', '[', '\\', 'a|b', '^M', '$']) {
        const res = await agent.get('/users').query({ q });
        expect(res.status, q).to.equal(200);
        expect(listedNames(res.text), q).to.not.include('Anne Manager');
      }
      const nothing = await agent.get('/users').query({ q: '(a+)+$' });
      expect(nothing.status).to.equal(200);
      expect(nothing.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
      for (const q of ['x'.repeat(101), '('.repeat(500), `${'a'.repeat(5000)}!`]) {
        const res = await agent.get('/users').query({ q });
        expect(res.status, `${q.length} characters`).to.equal(200);
        expect(res.text).to.contain('<h1 class="h3 mb-0">Utilisateurs</h1>');
        expect(res.text).to.contain('<form method="get" action="/users"');
      }
    });

    it('filters by role and by status, and keeps the filters in the form', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      await people();
      const mentors = await agent.get('/users').query({ role: 'mentor' });
      expect(listedNames(mentors.text)).to.have.members(['Marc Lefèvre', 'Sophie Bernard']).and.have.length(2);
      expect(mentors.text).to.match(/<option value="mentor" selected>/);
      const inactive = await agent.get('/users').query({ status: 'inactive' });
      expect(listedNames(inactive.text)).to.deep.equal(['Sophie Bernard']);
      expect(inactive.text).to.contain('<span class="badge text-bg-secondary">Désactivé</span>');
      const activeMentors = await agent.get('/users').query({ role: 'mentor', status: 'active' });
      expect(listedNames(activeMentors.text)).to.deep.equal(['Marc Lefèvre']);
      // The status filter matches the badges: active (password set), invited (no password yet), deactivated.
      const active = await agent.get('/users').query({ status: 'active' });
      expect(listedNames(active.text)).to.have.members(['Anne Manager', 'Marc Lefèvre']).and.have.length(2);
      const invited = await agent.get('/users').query({ status: 'invited' });
      expect(listedNames(invited.text)).to.have.members(['Élodie Durand', 'Paul Dubois', 'Weird .*( name']).and.have.length(3);
      expect(invited.text).to.contain('<span class="badge text-bg-warning">Invité</span>');
      const unknownRole = await agent.get('/users').query({ role: 'admin' });
      expect(unknownRole.status).to.equal(200);
      expect(listedNames(unknownRole.text)).to.have.length(6);
    });

    it('pages by 20: page 2 shows the rest, with the page count and the filters kept in the links', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      for (let i = 1; i <= 25; i += 1) {
        await makeUser({ role: 'observer', name: `Observateur ${String(i).padStart(2, '0')}`, password: null });
      }
      const first = await agent.get('/users');
      expect(first.status).to.equal(200);
      const page1 = listedNames(first.text);
      expect(page1).to.have.length(20);
      expect(page1[0]).to.equal('Anne Manager');
      expect(first.text).to.contain('Page 1 sur 2 · 26 résultat(s)');
      expect(first.text).to.contain(`href="${html('?sort=name&page=2')}">Suivant</a>`);
      const second = await agent.get('/users?sort=name&page=2');
      const page2 = listedNames(second.text);
      expect(second.text).to.contain('Page 2 sur 2 · 26 résultat(s)');
      expect(page2).to.deep.equal(['Observateur 20', 'Observateur 21', 'Observateur 22', 'Observateur 23', 'Observateur 24', 'Observateur 25']);
      expect(new Set([...page1, ...page2]).size).to.equal(26);

      const filtered = await agent.get('/users').query({ role: 'observer' });
      expect(filtered.text).to.contain('Page 1 sur 2 · 25 résultat(s)');
      expect(filtered.text).to.contain(`href="${html('?role=observer&sort=name&page=2')}"`);
      const filtered2 = await agent.get('/users?role=observer&sort=name&page=2');
      expect(listedNames(filtered2.text)).to.deep.equal(['Observateur 21', 'Observateur 22', 'Observateur 23', 'Observateur 24', 'Observateur 25']);
      const beyond = await agent.get('/users?page=9');
      expect(beyond.status).to.equal(200);
      expect(listedNames(beyond.text)).to.have.length(0);
    });

    it('says so when nothing matches, with a way back to the full list', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await people();
      const res = await agent.get('/users').query({ q: 'zzz-personne' });
      expect(res.status).to.equal(200);
      expect(listedNames(res.text)).to.have.length(0);
      expect(res.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
      expect(res.text).to.contain('<a class="btn btn-primary" href="/users">Effacer les filtres</a>');
      const noPartner = await agent.get('/users').query({ role: 'partner', status: 'inactive' });
      expect(noPartner.text).to.contain('Aucun utilisateur ne correspond à ces critères.');
    });
  });
  describe('the audit trail', () => {
    it('records creation, link issue and deactivation, and shows them to a manager on /activity', async () => {
      const { app } = makeApp();
      const { user: manager, agent } = await signedIn(app, { role: 'manager', name: 'Anne Manager' });
      const res = await postForm(agent, '/users/new', '/users', { email: 'lea@example.org', name: 'Léa Petit', role: 'mentor', locale: 'fr' });
      const id = String(res.headers.location).split('/').pop() as string;
      await pressButton(agent, id, 'password-link');
      await pressButton(agent, id, 'deactivate');

      const entries = await ActivityEntry.find({ entityType: 'User', entityId: id }).sort({ at: 1, _id: 1 }).lean();
      expect(entries.map((e) => e.action)).to.deep.equal(['user.created', 'user.passwordLinkIssued', 'user.deactivated']);
      for (const e of entries) {
        expect(String(e.actor)).to.equal(String(manager._id));
        expect(e.actorName).to.equal('Anne Manager');
        expect(e.summary).to.contain('lea@example.org');
      }
      const page = await agent.get('/activity');
      expect(page.status).to.equal(200);
      for (const text of ['a créé un compte', 'a créé un lien de mot de passe', 'a désactivé un compte', 'Anne Manager', 'lea@example.org (mentor)']) {
        expect(page.text).to.contain(text);
      }
      const tokens = [...page.text.matchAll(/set-password\/([A-Za-z0-9_-]{20,})/g)];
      expect(tokens, 'no link in the audit trail').to.have.length(0);
    });
  });
});
