import { expect } from 'chai';
import { Cohort } from '../../src/programmes/cohort.model';
import { DossierDocument } from '../../src/documents/model';
import { buildDocumentRecord } from '../../src/documents/factories';
import { FACTORY_PASSWORD } from '../../src/seed/factories';
import { issueToken } from '../../src/users/tokens';
import { minimalPdf } from '../../src/documents/samples';
import { Startup } from '../../src/startups/model';
import { User } from '../../src/users/model';
import { makeApp, postForm, text, type Agent, type TestApp } from '../helpers';
import { ENV, upload } from './documents-helpers';
import { agentsOf, html, startupWorld, type StartupWorld } from './startups.helpers';

/**
 * Input that used to slip through (issue 12): impossible dates rolled over, invisible and control
 * characters in names. Each form refuses it with a clear message on the page it came from and
 * changes nothing, or stores the cleaned text.
 */
const fieldError = (field: string, key: string, vars?: Record<string, unknown>): string => `id="e-${field}" class="invalid-feedback">${text(key, vars)}</div>`;

describe('input rules: dates and free text on every form', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Awaited<ReturnType<typeof agentsOf>>;

  beforeEach(async () => {
    t = makeApp(ENV);
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  const newStartup = (fields: Record<string, string>) =>
    postForm(agents.manager, '/startups/new', '/startups', { name: 'Neuro Lumière', area: 'medtech', status: 'applicant', stage: 'ideation', ...fields });

  describe('one date rule', () => {
    it('the startup form refuses 30 February and year 0001 instead of storing another day', async () => {
      for (const [foundedAt, key, vars] of [
        ['2026-02-30', 'validation.date', undefined],
        ['0001-01-01', 'validation.dateRange', { from: '1900', to: '2100' }],
      ] as const) {
        const res = await newStartup({ foundedAt });
        expect(res.status, foundedAt).to.equal(422);
        expect(res.text).to.contain(fieldError('foundedAt', key, vars));
        expect(res.text, 'the date typed is kept').to.contain(`value="${foundedAt}"`);
      }
      expect(await Startup.countDocuments({ name: 'Neuro Lumière' })).to.equal(0);

      const id = String(world.alpha._id);
      const version = String((await Startup.findOne({ _id: id }).lean())?.__v ?? 0);
      const edit = await postForm(agents.founder, `/startups/${id}/edit`, `/startups/${id}`, { name: 'Alpha Santé', area: 'medtech', foundedAt: '2026-02-30', version });
      expect(edit.status).to.equal(422);
      expect(edit.text).to.contain(fieldError('foundedAt', 'validation.date'));
      expect((await Startup.findOne({ _id: id }).lean())?.foundedAt).to.equal(undefined);
    });

    it('the figures form refuses an impossible "as of" date and year 0001', async () => {
      const id = String(world.alpha._id);
      for (const asOf of ['2026-02-30', '0001-01-01']) {
        const res = await postForm(agents.founder, `/startups/${id}/figures`, `/startups/${id}/figures`, { asOf, headcount: '3', fundsRaised: '0', revenue: '0' });
        expect(res.status, asOf).to.equal(422);
        expect(res.text).to.contain('id="e-asOf" class="invalid-feedback">');
      }
      expect((await Startup.findOne({ _id: id }).lean())?.figures).to.deep.equal([]);
    });

    it('the dossier refuses an impossible expiry date, keeping what was typed', async () => {
      const res = await upload(agents.manager, String(world.alpha._id), { title: 'Certificat ISO 13485', kind: 'regulatory', expiresAt: '2027-02-30' }, { data: minimalPdf(['ISO']), name: 'iso.pdf' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(fieldError('expiresAt', 'validation.date'));
      expect(res.text).to.contain('value="Certificat ISO 13485"');
      expect(await DossierDocument.countDocuments({})).to.equal(0);
    });

    it('the cohort form refuses an impossible day and an end before the start', async () => {
      const res = await postForm(agents.manager, '/cohorts/new', '/cohorts', { name: 'Boost 2027', startDate: '2027-02-29', endDate: '2027-12-31', status: 'planned' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(fieldError('startDate', 'validation.date'));
      expect(await Cohort.countDocuments({ name: 'Boost 2027' })).to.equal(0);
    });
  });

  describe('one text normalisation', () => {
    it('refuses a startup name made only of a zero-width space or of a right-to-left override', async () => {
      for (const name of ['\u200B', '\u202E\u200B', ' \u0000 ']) {
        const res = await newStartup({ name });
        expect(res.status, JSON.stringify(name)).to.equal(422);
        expect(res.text).to.contain(fieldError('name', 'validation.required'));
      }
      expect(await Startup.countDocuments({})).to.equal(4);
    });

    it('stores names without bidi overrides, NUL bytes or line breaks, so the list and the CSV show what is read', async () => {
      const res = await newStartup({ name: 'Neuro\u202E Lumière\u0000\nMédical', legalName: 'NL\u200B SAS', pitch: 'Ligne 1\r\nLigne 2\u0007' });
      expect(res.status).to.equal(303);
      const stored = await Startup.findOne({ slug: 'neuro-lumiere-medical' }).lean();
      expect(stored).to.include({ name: 'Neuro Lumière Médical', legalName: 'NL SAS', pitch: 'Ligne 1\nLigne 2' });
      const csv = await agents.manager.get('/startups/export.csv');
      expect(csv.text).to.contain('"Neuro Lumière Médical"');
      expect(['\u0000', '\u202E', '\u200B'].filter((c) => csv.text.includes(c))).to.deep.equal([]);
    });

    it('cleans the name of a cohort, of a user and of one’s own account the same way', async () => {
      const empty = await postForm(agents.manager, '/cohorts/new', '/cohorts', { name: '\u2066\u2069', startDate: '2027-01-01', endDate: '2027-12-31', status: 'planned' });
      expect(empty.status).to.equal(422);
      expect(empty.text).to.contain(fieldError('name', 'validation.required'));

      const user = await postForm(agents.manager, '/users/new', '/users', { email: 'nina@example.org', name: 'Nina\u202E Roy', role: 'mentor', locale: 'fr' });
      expect(user.status).to.equal(303);
      expect((await User.findOne({ email: 'nina@example.org' }).lean())?.name).to.equal('Nina Roy');

      const self = await postForm(agents.mentor, '/account', '/account/preferences', { name: '\u200BMarc\tMentor\u0000', locale: 'fr' });
      expect(self.status).to.equal(303);
      expect((await User.findOne({ _id: world.users.mentor._id }).lean())?.name).to.equal('Marc Mentor');
    });
  });

  describe('passwords', () => {
    it('refuses a password of spaces only on "My account"; spaces inside a passphrase stay allowed', async () => {
      const blank = await postForm(agents.mentor, '/account', '/account/password', { currentPassword: FACTORY_PASSWORD, newPassword: ' '.repeat(10), confirmPassword: ' '.repeat(10) });
      expect(blank.status).to.equal(422);
      expect(blank.text).to.contain(fieldError('newPassword', 'password.blank'));
      const phrase = '  le mentor aime   les prunes  ';
      const ok = await postForm(agents.mentor, '/account', '/account/password', { currentPassword: FACTORY_PASSWORD, newPassword: phrase, confirmPassword: phrase });
      expect(ok.status).to.equal(303);
      const again = await postForm(agents.mentor, '/account', '/account/password', { currentPassword: phrase.trim(), newPassword: 'x'.repeat(12), confirmPassword: 'x'.repeat(12) });
      expect(again.status, 'the passphrase is kept as typed, spaces included').to.equal(422);
      expect(again.text).to.contain(fieldError('currentPassword', 'account.wrongPassword'));
    });

    it('refuses a password of spaces only on a set-password link, which keeps working', async () => {
      const token = await issueToken(String(world.users.observer._id), 'reset');
      const path = `/set-password/${token}`;
      const blank = await postForm(agents.partner, path, path, { newPassword: ' '.repeat(10), confirmPassword: ' '.repeat(10) });
      expect(blank.status).to.equal(422);
      expect(blank.text).to.contain(fieldError('newPassword', 'password.blank'));
      expect((await agents.partner.get(path)).status).to.equal(200);
    });
  });
});

describe('input rules: a search longer than what is searched', () => {
  let t: TestApp;
  let manager: Agent;
  let world: StartupWorld;

  beforeEach(async () => {
    t = makeApp(ENV);
    world = await startupWorld();
    manager = (await agentsOf(t.app, world)).manager;
  });

  const long = (start: string) => `${start}${'x'.repeat(100 - start.length)}${'NOT-THERE'.repeat(3)}`;

  it('searches the first 100 characters on every list, keeps them in the box and says so', async () => {
    await buildDocumentRecord({ startup: world.alpha._id, title: 'Alpha business plan' }).save();
    const lists = ['/startups', '/cohorts', '/users', '/activity', '/checkins', `/startups/${String(world.alpha._id)}/documents`];
    for (const list of lists) {
      const res = await manager.get(`${list}?q=${encodeURIComponent(long('Alpha'))}`);
      expect(res.status, list).to.equal(200);
      expect(res.text, list).to.contain(text('list.searchCut', { max: 100 }));
      expect(res.text, `${list}: the box keeps the 100 characters searched`).to.contain(`value="${html(long('Alpha').slice(0, 100))}"`);
    }
    const short = await manager.get('/startups?q=Alpha');
    expect(short.text).not.to.contain(text('list.searchCut', { max: 100 }));
  });

  it('does not list everything: a long search that matches nothing shows nothing', async () => {
    const res = await manager.get(`/startups?q=${encodeURIComponent(long('Zzz'))}`);
    expect(res.text).not.to.contain('Alpha Santé');
    expect(res.text).not.to.contain('Beta Bio');
    expect(res.text).to.contain(text('startups.list.noMatch'));
  });
});
