import { expect } from 'chai';
import { ActivityEntry } from '../../src/core/audit/model';
import { Startup } from '../../src/startups/model';
import { startupAccess } from '../../src/startups/access';
import { updateStartup } from '../../src/startups/profile';
import { withLuhnDigit } from '../../src/startups/siret';
import { makeApp, postForm, type TestApp } from '../helpers';
import { STALE, agentsOf, fieldValue, html, startupWorld, versionOn, type StartupWorld } from './startups.helpers';

/** A valid fictional SIRET (Luhn) and one with a wrong check digit. */
const GOOD_SIRET = withLuhnDigit('9123456780001');
const BAD_LUHN = GOOD_SIRET.slice(0, 13) + String((Number(GOOD_SIRET[13]) + 1) % 10);

describe('startups: creating and editing profiles', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Awaited<ReturnType<typeof agentsOf>>;

  beforeEach(async () => {
    t = makeApp();
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  const base = (): Record<string, string> => ({
    name: 'Neuro Lumière',
    slug: '',
    legalName: 'Neuro Lumière SAS',
    siret: '',
    foundedAt: '2024-02-01',
    area: 'e_health',
    pitch: 'Des lunettes qui apaisent les migraines.',
    website: 'https://neuro-lumiere.example.org',
    tags: 'neurologie, Dispositif connecté, neurologie ,  ',
    cohort: String(world.spring._id),
    status: 'applicant',
    stage: 'proof_of_concept',
  });

  describe('creating (managers)', () => {
    it('creates the startup with a slug made from the name, the first stage entry and an audit entry; the page says so', async () => {
      const res = await postForm(agents.manager, '/startups/new', '/startups', { ...base(), siret: GOOD_SIRET.replace(/(\d{3})/g, '$1 ').trim() });
      expect(res.status).to.equal(303);
      const stored = await Startup.findOne({ slug: 'neuro-lumiere' }).lean();
      expect(stored).to.not.equal(null);
      expect(res.headers.location).to.equal(`/startups/${String(stored?._id)}`);
      expect(stored?.siret).to.equal(GOOD_SIRET);
      expect(stored?.tags).to.deep.equal(['neurologie', 'Dispositif connecté']);
      expect(stored?.stage).to.equal('proof_of_concept');
      expect(String(stored?.programme)).to.equal(String(world.programme._id));
      expect(String(stored?.cohort)).to.equal(String(world.spring._id));
      expect(stored?.foundedAt?.toISOString().slice(0, 10)).to.equal('2024-02-01');
      expect(stored?.stageHistory).to.have.length(1);
      expect(stored?.stageHistory[0]).to.include({ stage: 'proof_of_concept', direction: 'initial', byName: 'Claire Manager', from: null });
      expect(await ActivityEntry.countDocuments({ action: 'startup.created', entityId: String(stored?._id) })).to.equal(1);
      const page = await agents.manager.get(res.headers.location);
      expect(page.text).to.contain('La startup Neuro Lumière est créée.');
      expect(page.text).to.contain(html('Des lunettes qui apaisent les migraines.'));
      expect(page.text).to.contain('Preuve de concept');
    });

    it('refuses a SIRET of the wrong length or with a bad check digit, a javascript: website, a missing name; values kept, nothing created', async () => {
      const cases: [Record<string, string>, string, string][] = [
        [{ siret: '1234567890' }, 'siret', 'Le SIRET compte 14 chiffres.'],
        [{ siret: '1234567890123X' }, 'siret', 'Le SIRET compte 14 chiffres.'],
        [{ siret: BAD_LUHN }, 'siret', 'Ce SIRET n’est pas valide (clé de contrôle incorrecte) : vérifiez les chiffres.'],
        [{ website: 'javascript:alert(1)' }, 'website', 'Saisissez une adresse web commençant par http:// ou https://.'],
        [{ website: 'ftp://files.example.org' }, 'website', 'Saisissez une adresse web commençant par http:// ou https://.'],
        [{ name: '' }, 'name', 'Ce champ est obligatoire.'],
        [{ slug: 'Pas un slug !' }, 'slug', 'Lettres minuscules sans accent, chiffres et tirets uniquement.'],
        [{ foundedAt: '2999-01-01' }, 'foundedAt', 'La date ne peut pas être dans le futur.'],
        [{ stage: 'nowhere' }, 'stage', 'Choisissez une valeur de la liste.'],
        [{ cohort: String(world.users.manager._id) }, 'cohort', 'Choisissez une valeur de la liste.'],
      ];
      const before = await Startup.countDocuments({});
      for (const [override, field, message] of cases) {
        const res = await postForm(agents.manager, '/startups/new', '/startups', { ...base(), ...override });
        expect(res.status, JSON.stringify(override)).to.equal(422);
        expect(res.text, field).to.contain(`id="e-${field}" class="invalid-feedback">${html(message)}</div>`);
        expect(res.text).to.contain('value="Neuro Lumière SAS"');
      }
      expect(await Startup.countDocuments({})).to.equal(before);
    });

    it('a slug already used is refused with a clear message (typed or made from the name): a double submission creates one startup', async () => {
      const first = await postForm(agents.manager, '/startups/new', '/startups', base());
      expect(first.status).to.equal(303);
      const again = await postForm(agents.manager, '/startups/new', '/startups', base());
      expect(again.status).to.equal(422);
      expect(again.text).to.contain(html('L’identifiant « neuro-lumiere » est déjà utilisé par une autre startup : choisissez-en un autre.'));
      const typed = await postForm(agents.manager, '/startups/new', '/startups', { ...base(), name: 'Autre', slug: world.alpha.slug });
      expect(typed.status).to.equal(422);
      expect(typed.text).to.contain(`« ${world.alpha.slug} »`);
      expect(await Startup.countDocuments({ slug: 'neuro-lumiere' })).to.equal(1);
      const ok = await postForm(agents.manager, '/startups/new', '/startups', { ...base(), slug: 'neuro-lumiere-2' });
      expect(ok.status).to.equal(303);
    });

    it('only managers may create: founders, mentors, partners, observers get 403 and nothing is created', async () => {
      const before = await Startup.countDocuments({});
      for (const agent of [agents.founder, agents.mentor, agents.partner, agents.observer]) {
        expect((await agent.get('/startups/new')).status).to.equal(403);
        const res = await postForm(agent, '/account', '/startups', base());
        expect(res.status).to.equal(403);
      }
      expect(await Startup.countDocuments({})).to.equal(before);
    });
  });

  describe('editing', () => {
    const alphaEdit = () => `/startups/${String(world.alpha._id)}/edit`;
    const alphaPost = () => `/startups/${String(world.alpha._id)}`;

    it('a manager changes every field but the stage; an audit entry names the fields', async () => {
      const version = await versionOn(agents.manager, alphaEdit());
      const res = await postForm(agents.manager, alphaEdit(), alphaPost(), {
        ...base(),
        name: 'Alpha Santé Plus',
        slug: 'alpha-plus',
        siret: GOOD_SIRET,
        cohort: String(world.autumn._id),
        status: 'alumni',
        stage: 'scale_up',
        version,
      });
      expect(res.status).to.equal(303);
      const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect(stored).to.include({ name: 'Alpha Santé Plus', slug: 'alpha-plus', siret: GOOD_SIRET, status: 'alumni', stage: 'validation', area: 'e_health' });
      expect(String(stored?.cohort)).to.equal(String(world.autumn._id));
      const entry = await ActivityEntry.findOne({ action: 'startup.updated', entityId: String(world.alpha._id) }).lean();
      expect(entry?.summary).to.contain('slug').and.to.contain('status').and.to.contain('cohort');
      expect((await agents.manager.get(alphaPost())).text).to.contain('Profil enregistré.');
    });

    it('a founder sees only the descriptive fields, and posting status, stage, cohort, slug or programme changes none of them', async () => {
      const form = await agents.founder.get(alphaEdit());
      expect(form.status).to.equal(200);
      for (const hidden of ['name="slug"', 'name="status"', 'name="cohort"', 'name="stage"']) expect(form.text).not.to.contain(hidden);
      for (const shown of ['name="name"', 'name="legalName"', 'name="siret"', 'name="pitch"', 'name="website"', 'name="tags"', 'name="area"']) expect(form.text).to.contain(shown);
      const before = await Startup.findOne({ _id: world.alpha._id }).lean();
      const version = await versionOn(agents.founder, alphaEdit());
      const res = await postForm(agents.founder, alphaEdit(), alphaPost(), {
        ...base(),
        name: 'Alpha by founder',
        slug: 'hijacked',
        status: 'alumni',
        stage: 'scale_up',
        cohort: String(world.autumn._id),
        programme: String(world.users.manager._id),
        figures: 'x',
        stageHistory: '',
        version,
      });
      expect(res.status).to.equal(303);
      const after = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect(after?.name).to.equal('Alpha by founder');
      expect(after?.pitch).to.equal('Des lunettes qui apaisent les migraines.');
      expect(after?.slug).to.equal(before?.slug);
      expect(after?.status).to.equal(before?.status);
      expect(after?.stage).to.equal(before?.stage);
      expect(String(after?.cohort)).to.equal(String(before?.cohort));
      expect(String(after?.programme)).to.equal(String(before?.programme));
      expect(after?.stageHistory).to.deep.equal(before?.stageHistory);
    });

    it('a founder posting only managers’ fields changes nothing at all', async () => {
      const before = await Startup.findOne({ _id: world.alpha._id }).lean();
      const version = await versionOn(agents.founder, alphaEdit());
      const current = await agents.founder.get(alphaEdit());
      const same = Object.fromEntries(['name', 'legalName', 'siret', 'foundedAt', 'website', 'tags'].map((f) => [f, fieldValue(current.text, f) ?? '']));
      const res = await postForm(agents.founder, alphaEdit(), alphaPost(), { ...same, pitch: '', area: 'medtech', status: 'withdrawn', slug: 'x-y', stage: 'ideation', cohort: String(world.autumn._id), programme: '', version });
      expect(res.status).to.equal(303);
      const after = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect({ ...after, updatedAt: null }).to.deep.equal({ ...before, updatedAt: null });
    });

    it('the service itself applies the founder list of policy.ts, whatever input reaches it', async () => {
      const session = { id: String(world.users.founder._id), email: world.users.founder.email, name: 'Fanny', role: 'founder' as const, locale: 'fr' as const, startups: [String(world.alpha._id)] };
      const before = await Startup.findOne({ _id: world.alpha._id }).lean();
      const input = { name: 'Alpha S', legalName: '', area: 'medtech' as const, pitch: '', tags: [], slug: 'pirate', status: 'withdrawn' as const, cohort: String(world.autumn._id), version: before?.__v ?? 0 };
      await updateStartup(await startupAccess(session, String(world.alpha._id)), input);
      const after = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect(after).to.include({ name: 'Alpha S', slug: before?.slug, status: before?.status });
      expect(String(after?.cohort)).to.equal(String(before?.cohort));
    });

    it('two people editing: the second save is refused (409) with the current values shown, nothing overwritten', async () => {
      const managerVersion = await versionOn(agents.manager, alphaEdit());
      const founderVersion = await versionOn(agents.founder, alphaEdit());
      const first = await postForm(agents.founder, alphaEdit(), alphaPost(), { ...base(), name: 'Alpha (fondatrice)', pitch: 'Version de la fondatrice', version: founderVersion });
      expect(first.status).to.equal(303);
      const second = await postForm(agents.manager, alphaEdit(), alphaPost(), { ...base(), name: 'Alpha (manager)', slug: world.alpha.slug, pitch: 'Version du manager', version: managerVersion });
      expect(second.status).to.equal(409);
      expect(second.text).to.contain(html(STALE));
      expect(second.text).to.contain('value="Alpha (fondatrice)"');
      expect(second.text).to.contain('Version de la fondatrice</textarea>');
      expect(second.text).not.to.contain('Version du manager');
      const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect(stored?.name).to.equal('Alpha (fondatrice)');
      // With the version the 409 page gave, the manager's save goes through.
      const fresh = /name="version" value="(\d+)"/.exec(second.text)?.[1] as string;
      const retry = await postForm(agents.manager, alphaEdit(), alphaPost(), { ...base(), name: 'Alpha (manager)', slug: world.alpha.slug, version: fresh });
      expect(retry.status).to.equal(303);
    });

    it('truly concurrent saves from the same version: one is kept, the others are refused (409)', async () => {
      const version = await versionOn(agents.manager, alphaEdit());
      const answers = await Promise.all(
        ['Un', 'Deux', 'Trois', 'Quatre'].map((n) => postForm(agents.manager, alphaEdit(), alphaPost(), { ...base(), name: `Alpha ${n}`, slug: world.alpha.slug, pitch: `Pitch ${n}`, version })),
      );
      expect(answers.map((r) => r.status).sort()).to.deep.equal([303, 409, 409, 409]);
      const winner = answers.findIndex((r) => r.status === 303);
      const stored = await Startup.findOne({ _id: world.alpha._id }).lean();
      expect(stored?.name).to.equal(`Alpha ${['Un', 'Deux', 'Trois', 'Quatre'][winner]}`);
      expect(stored?.pitch).to.equal(`Pitch ${['Un', 'Deux', 'Trois', 'Quatre'][winner]}`);
      expect(stored?.__v).to.equal(Number(version) + 1);
    });

    it('edit validation: bad SIRET and javascript: website refused (422) with the typed values kept', async () => {
      const version = await versionOn(agents.founder, alphaEdit());
      const res = await postForm(agents.founder, alphaEdit(), alphaPost(), { ...base(), siret: BAD_LUHN, website: 'javascript:alert(document.cookie)', version });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(html('Ce SIRET n’est pas valide'));
      expect(res.text).to.contain(`value="${BAD_LUHN}"`);
      expect((await Startup.findOne({ _id: world.alpha._id }).lean())?.website).to.equal('');
    });

    it('a founder of another startup, an unassigned or assigned mentor, partners and observers cannot edit', async () => {
      const betaEdit = `/startups/${String(world.beta._id)}/edit`;
      expect((await agents.founder.get(betaEdit)).status).to.equal(404);
      const res = await postForm(agents.founder, alphaEdit(), `/startups/${String(world.beta._id)}`, { ...base(), version: '0' });
      expect(res.status).to.equal(404);
      for (const agent of [agents.mentor, agents.partner, agents.observer]) {
        expect((await agent.get(betaEdit)).status).to.equal(403);
        expect((await postForm(agent, '/account', `/startups/${String(world.beta._id)}`, { ...base(), version: '0' })).status).to.equal(403);
      }
      expect((await Startup.findOne({ _id: world.beta._id }).lean())?.name).to.equal('Beta Bio');
    });
  });

  describe('the overview', () => {
    it('shows the profile and offers each user only the actions they may take', async () => {
      const path = `/startups/${String(world.alpha._id)}`;
      const manager = await agents.manager.get(path);
      expect(manager.text).to.contain(`href="${path}/stage"`);
      expect(manager.text).to.contain(`href="${path}/figures"`);
      expect(manager.text).to.contain(`href="${path}/edit"`);
      expect(manager.text).to.contain('Critères d’entrée');
      expect(manager.text).to.contain('Étude clinique, marquage CE, ISO 13485 en cours.');
      const founder = await agents.founder.get(path);
      expect(founder.text).not.to.contain(`href="${path}/stage"`);
      expect(founder.text).to.contain(`href="${path}/figures"`);
      expect(founder.text).to.contain(`href="${path}/edit"`);
      const betaPath = `/startups/${String(world.beta._id)}`;
      const mentor = await agents.mentor.get(betaPath);
      expect(mentor.status).to.equal(200);
      expect(mentor.text).to.contain('Beta Bio');
      for (const action of ['stage', 'figures', 'edit']) expect(mentor.text).not.to.contain(`href="${betaPath}/${action}"`);
    });
  });
});
