import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { makeStartup } from '../../src/seed/factories';
import { login, makeApp, sharedWorld, signedIn, type Agent, type TestApp } from '../helpers';
import { FORBIDDEN, agentsOf, html, listedNames, startupWorld, type StartupWorld } from './startups.helpers';

/** Splits a CSV body of the export (BOM, `;`, quoted cells, CRLF) into rows of cells. */
function parseCsv(body: string): string[][] {
  expect(body.charCodeAt(0), 'UTF-8 byte-order mark first').to.equal(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = body.slice(1);
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

describe('startups: the list and the CSV export', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Record<'manager' | 'founder' | 'mentor' | 'partner' | 'observer', Agent>;

  sharedWorld(async () => {
    t = makeApp();
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  const names = async (agent: Agent, query = '') => {
    const res = await agent.get(`/startups${query}`);
    expect(res.status, query).to.equal(200);
    return listedNames(res.text);
  };

  describe('who sees what', () => {
    it('managers see every startup, sorted by name', async () => {
      expect(await names(agents.manager)).to.deep.equal(['Alpha Santé', 'Beta Bio', 'Delta Care', 'Gamma Diag']);
    });

    it('founders see their own startup only, on the same page', async () => {
      const res = await agents.founder.get('/startups');
      expect(listedNames(res.text)).to.deep.equal(['Alpha Santé']);
      expect(res.text).not.to.contain('/startups/new');
      expect(res.text).not.to.contain('export.csv');
      // A search does not widen the scope.
      expect(await names(agents.founder, '?q=Beta')).to.deep.equal([]);
    });

    it('mentors see the startups assigned to them today: not an ended nor a future assignment', async () => {
      expect(await names(agents.mentor)).to.deep.equal(['Beta Bio']);
    });

    it('partners and observers may not open the list (403), anonymous users go to the login page', async () => {
      for (const agent of [agents.partner, agents.observer]) {
        const res = await agent.get('/startups');
        expect(res.status).to.equal(403);
        expect(res.text).to.contain(FORBIDDEN);
        expect(res.text).not.to.contain('Alpha Santé');
      }
      const anon = await request(t.app).get('/startups?stage=validation');
      expect(anon.status).to.equal(302);
      expect(anon.headers.location).to.equal(`/login?next=${encodeURIComponent('/startups?stage=validation')}`);
    });

    it('a founder of no startup and a mentor with no assignment get an empty state that says what to do', async () => {
      const { agent: lonelyFounder } = await signedIn(t.app, { role: 'founder' });
      const f = await lonelyFounder.get('/startups');
      expect(listedNames(f.text)).to.deep.equal([]);
      expect(f.text).to.contain(html('Votre compte n’est rattaché à aucune startup : contactez l’équipe du programme.'));
      const { agent: lonelyMentor } = await signedIn(t.app, { role: 'mentor' });
      const m = await lonelyMentor.get('/startups');
      expect(m.text).to.contain(html('Aucune startup ne vous est attribuée pour le moment.'));
    });
  });

  describe('search, filters, sort, pagination', () => {
    it('searches names case-insensitively, regex characters taken literally', async () => {
      expect(await names(agents.manager, '?q=bio')).to.deep.equal(['Beta Bio']);
      expect(await names(agents.manager, '?q=a%20s')).to.deep.equal(['Alpha Santé']);
      expect(await names(agents.manager, '?q=.*')).to.deep.equal([]);
      expect(await names(agents.manager, '?q=(a%2B)%2B%24')).to.deep.equal([]);
    });

    it('filters by cohort, stage, status, area and tag, and keeps them in the form and the page links', async () => {
      expect(await names(agents.manager, `?cohort=${String(world.autumn._id)}`)).to.deep.equal(['Delta Care', 'Gamma Diag']);
      expect(await names(agents.manager, '?stage=validation')).to.deep.equal(['Alpha Santé']);
      expect(await names(agents.manager, '?status=alumni')).to.deep.equal(['Delta Care']);
      expect(await names(agents.manager, '?area=diagnostics')).to.deep.equal(['Gamma Diag']);
      expect(await names(agents.manager, '?tag=IA')).to.deep.equal(['Alpha Santé', 'Gamma Diag']);
      expect(await names(agents.manager, `?tag=IA&cohort=${String(world.spring._id)}`)).to.deep.equal(['Alpha Santé']);
      const page = await agents.manager.get('/startups?stage=validation&tag=IA');
      expect(page.text).to.match(/<option value="validation" selected>/);
      expect(page.text).to.match(/<option value="IA" selected>/);
      expect(page.text).to.contain(`href="${html('/startups/export.csv?stage=validation&tag=IA&sort=name')}"`);
    });

    it('a filter that matches nothing says so and offers to reset', async () => {
      const res = await agents.manager.get('/startups?q=zzz');
      expect(listedNames(res.text)).to.deep.equal([]);
      expect(res.text).to.contain('Aucune startup ne correspond à ces critères.');
      expect(res.text).to.contain('Effacer les filtres');
    });

    it('ignores operator objects and repeated keys in the query string', async () => {
      const all = await names(agents.manager);
      for (const q of ['?q[$gt]=', '?stage[$ne]=x', '?cohort[$gt]=', '?status=active&status=alumni', '?tag[$regex]=.*', '?sort[$gt]=', '?page[$gt]=1']) {
        expect(await names(agents.manager, q), q).to.deep.equal(all);
      }
    });

    it('sorts by name, by the ladder’s order (not the alphabet), by last update and by creation', async () => {
      expect(await names(agents.manager, '?sort=-name')).to.deep.equal(['Gamma Diag', 'Delta Care', 'Beta Bio', 'Alpha Santé']);
      // ideation < proof_of_concept < development < validation
      expect(await names(agents.manager, '?sort=stage')).to.deep.equal(['Beta Bio', 'Delta Care', 'Gamma Diag', 'Alpha Santé']);
      expect(await names(agents.manager, '?sort=-stage')).to.deep.equal(['Alpha Santé', 'Gamma Diag', 'Delta Care', 'Beta Bio']);
      expect(await names(agents.manager, '?sort=-createdAt')).to.deep.equal(['Delta Care', 'Gamma Diag', 'Beta Bio', 'Alpha Santé']);
      await Startup.updateOne({ _id: world.beta._id }, { $set: { pitch: 'Mise à jour' } });
      expect((await names(agents.manager, '?sort=-updatedAt'))[0]).to.equal('Beta Bio');
    });

    it('paginates 20 per page; the export holds every filtered row, not only the page shown', async () => {
      const created = [];
      for (let i = 0; i < 23; i += 1) created.push(await makeStartup({ name: `Zeta ${String(i).padStart(2, '0')}`, programme: world.programme._id, stage: 'scale_up' }));
      const first = await agents.manager.get('/startups?stage=scale_up');
      expect(listedNames(first.text)).to.have.length(20);
      expect(first.text).to.contain('Page 1 sur 2 · 23 résultat(s)');
      expect(first.text).to.contain(html('?stage=scale_up&sort=name&page=2'));
      const second = await agents.manager.get('/startups?stage=scale_up&sort=name&page=2');
      expect(listedNames(second.text)).to.deep.equal(['Zeta 20', 'Zeta 21', 'Zeta 22']);
      const csv = await agents.manager.get('/startups/export.csv?stage=scale_up&sort=name&page=2');
      const rows = parseCsv(csv.text);
      expect(rows).to.have.length(24);
      expect(rows.slice(1).map((r) => r[0])).to.deep.equal(created.map((s) => s.name));
      await Startup.deleteMany({ _id: mongoose.trusted({ $in: created.map((s) => s._id) }) });
    });
  });

  describe('CSV export', () => {
    it('is French-Excel CSV: BOM, `;`, quoted cells, attachment, the filtered rows with their labels', async () => {
      await Startup.updateOne({ _id: world.alpha._id }, { $set: { legalName: 'Alpha "Santé"; SAS', siret: '73282932000074', figures: [{ asOf: new Date('2026-01-31'), headcount: 12, fundsRaised: 1500000.5, revenue: 0, byName: 'x', recordedAt: new Date() }] } });
      const res = await agents.manager.get('/startups/export.csv?tag=IA');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).to.match(/^attachment; filename="startups-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = parseCsv(res.text);
      expect(rows[0].slice(0, 9)).to.deep.equal(['Nom', 'Slug', 'Raison sociale', 'SIRET', 'Date de création', 'Domaine', 'Cohorte', 'Étape', 'Statut']);
      expect(rows.slice(1).map((r) => r[0])).to.deep.equal(['Alpha Santé', 'Gamma Diag']);
      const alpha = rows[1];
      expect(alpha[2]).to.equal('Alpha "Santé"; SAS');
      expect(alpha[3]).to.equal('73282932000074');
      expect(alpha[5]).to.equal('Dispositifs médicaux');
      expect(alpha[6]).to.equal('Printemps 2026');
      expect(alpha[7]).to.equal('Validation (clinique, réglementaire)');
      expect(alpha[8]).to.equal('Accompagnée');
      expect(alpha[10]).to.equal('IA, CE');
      expect(alpha.slice(11, 15)).to.deep.equal(['2026-01-31', '12', '1500000,5', '0']);
      // The raw body has the separators and quoting a spreadsheet expects.
      expect(res.text).to.contain('"Alpha ""Santé""; SAS"');
    });

    it('neutralises cells a spreadsheet would run as formulas (= + - @) and keeps line breaks inside the cell', async () => {
      const evil = await makeStartup({ name: '=HYPERLINK("http://evil.example","x")', programme: world.programme._id, stage: 'ideation', pitch: '' });
      await Startup.updateOne({ _id: evil._id }, { $set: { legalName: '+33 1 23', tags: ['@SUM(A1)', '-2+3'], website: '' } });
      const other = await makeStartup({ name: 'Multi\nLigne', programme: world.programme._id, stage: 'ideation' });
      const res = await agents.manager.get('/startups/export.csv?stage=ideation');
      const rows = parseCsv(res.text);
      const evilRow = rows.find((r) => r[0].includes('HYPERLINK'));
      expect(evilRow?.[0]).to.equal('\'=HYPERLINK("http://evil.example","x")');
      expect(evilRow?.[2]).to.equal("'+33 1 23");
      expect(evilRow?.[10]).to.equal("'@SUM(A1), -2+3");
      expect(rows.some((r) => r[0] === 'Multi\nLigne')).to.equal(true);
      for (const row of rows) for (const cell of row) expect(cell, cell).not.to.match(/^[=+\-@]/);
      await Startup.deleteMany({ _id: mongoose.trusted({ $in: [evil._id, other._id] }) });
    });

    it('follows the user’s language', async () => {
      await User.updateOne({ _id: world.users.manager._id }, { $set: { locale: 'en' } });
      const english = await login(t.app, world.users.manager.email);
      const rows = parseCsv((await english.get('/startups/export.csv?stage=validation')).text);
      expect(rows[0].slice(0, 3)).to.deep.equal(['Name', 'Slug', 'Legal name']);
      expect(rows[1][7]).to.equal('Validation (clinical, regulatory)');
      expect(rows[1][13]).to.equal('1500000.5');
      await User.updateOne({ _id: world.users.manager._id }, { $set: { locale: 'fr' } });
    });

    it('is for managers only: founders, mentors, partners and observers get 403, anonymous users the login page', async () => {
      for (const agent of [agents.founder, agents.mentor, agents.partner, agents.observer]) {
        const res = await agent.get('/startups/export.csv');
        expect(res.status).to.equal(403);
        expect(res.text).not.to.contain('Alpha');
      }
      const anon = await request(t.app).get('/startups/export.csv');
      expect(anon.status).to.equal(302);
      expect(anon.headers.location).to.match(/^\/login\?next=/);
    });
  });
});

describe('startups list: the filter bar only when the list needs it (issue 12)', () => {
  it('a mentor with two startups sees them without the seven filters; a manager with eleven has the bar; a filter in the address keeps it', async () => {
    const t = makeApp();
    const startups = [];
    for (let i = 0; i < 11; i++) startups.push(await makeStartup({ name: `Startup ${String(i).padStart(2, '0')}` }));
    const { agent: manager } = await signedIn(t.app, { role: 'manager' });
    const { user: mentor, agent: mentorAgent } = await signedIn(t.app, { role: 'mentor' });
    for (const s of startups.slice(0, 2)) await MentorAssignment.create({ mentor: mentor._id, startup: s._id, from: new Date(Date.now() - 24 * 3600 * 1000) });
    const bar = 'role="search"';
    const mine = (await mentorAgent.get('/startups')).text;
    expect(mine).to.contain('Startup 00').and.to.contain('Startup 01');
    expect(mine).not.to.contain(bar);
    expect((await mentorAgent.get('/startups?q=Startup')).text).to.contain(bar);
    expect((await manager.get('/startups')).text).to.contain(bar);
  });
});
