import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { PasswordToken } from '../../src/users/password-token.model';
import { User } from '../../src/users/model';
import { type Role } from '../../src/core/policy';
import { FACTORY_PASSWORD, makeOrganisation, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, makeApp, postForm, signedIn } from '../helpers';
import { html, flashLink, pathOf, tryLogin } from './users.helpers';

describe('user management: creating users', () => {
  describe('creating users', () => {
    it('creates a user of every role; the user page shows the one-time link, and the same link is mailed', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const [s1, s2] = [await makeStartup({ name: 'CardioSense' }), await makeStartup({ name: 'NeuroLab' })];
      const org = await makeOrganisation({ name: 'Genopole Est' });
      const cases: { role: Role; fields: Record<string, string | string[]>; shows: string }[] = [
        { role: 'manager', fields: {}, shows: 'Chargé·e de programme' },
        { role: 'founder', fields: { startups: [String(s1._id), String(s2._id)] }, shows: 'CardioSense, NeuroLab' },
        { role: 'mentor', fields: {}, shows: 'Mentor' },
        { role: 'partner', fields: { organisation: String(org._id) }, shows: 'Genopole Est' },
        { role: 'observer', fields: {}, shows: 'Observateur·rice' },
      ];
      for (const [i, c] of cases.entries()) {
        const email = `New.${c.role}@Example.org`;
        const res = await postForm(agent, '/users/new', '/users', { email, name: `Nouvelle Personne ${i}`, role: c.role, locale: 'fr', ...c.fields });
        expect(res.status, c.role).to.equal(303);
        const stored = await User.findOne({ email: email.toLowerCase() }).lean();
        expect(stored, c.role).to.not.equal(null);
        expect(res.headers.location).to.equal(`/users/${String(stored?._id)}`);
        expect(stored?.role).to.equal(c.role);
        expect(stored?.active).to.equal(true);
        expect(stored?.passwordHash).to.equal(undefined);

        const page = await agent.get(res.headers.location);
        expect(page.status).to.equal(200);
        expect(page.text).to.contain(html(`Compte créé pour ${email.toLowerCase()}. Transmettez-lui ce lien à usage unique (valable 72 h) :`));
        expect(page.text).to.contain(`Nouvelle Personne ${i}`);
        expect(page.text).to.contain(c.shows);
        const link = flashLink(page.text);
        expect(link).to.match(/\/set-password\/[A-Za-z0-9_-]{20,}$/);

        const mail = mails.at(-1);
        expect(mail?.to).to.equal(email.toLowerCase());
        expect(mail?.subject).to.equal('Votre accès à Boost tracker');
        expect(mail?.text).to.contain(link);
        expect(mail?.text).to.contain(`Bonjour Nouvelle Personne ${i}`);

        // The flash is shown once; the link it gave opens the set-password form for this person.
        expect((await agent.get(res.headers.location)).text).not.to.contain(link);
        const form = await request(app).get(pathOf(link));
        expect(form.status).to.equal(200);
        expect(form.text).to.contain(html(`Bonjour Nouvelle Personne ${i}, choisissez le mot de passe du compte ${email.toLowerCase()}.`));
      }
      expect(mails).to.have.length(cases.length);
      const founder = await User.findOne({ role: 'founder' }).lean();
      expect(founder?.startups.map(String).sort()).to.deep.equal([String(s1._id), String(s2._id)].sort());
      const partner = await User.findOne({ role: 'partner' }).lean();
      expect(String(partner?.organisation)).to.equal(String(org._id));
    });

    it('refuses a bad e-mail and a missing name: 422, messages on the page, typed values kept, nothing created', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'pas-une-adresse', name: '', role: 'mentor', locale: 'en' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('Saisissez une adresse e-mail valide.');
      expect(res.text).to.contain('Ce champ est obligatoire.');
      expect(res.text).to.contain('value="pas-une-adresse"');
      expect(res.text).to.match(/<option value="mentor" selected>/);
      expect(res.text).to.match(/<option value="en" selected>English/);
      const noName = await postForm(agent, '/users/new', '/users', { email: 'jeanne@example.org', role: 'observer', locale: 'fr' });
      expect(noName.status).to.equal(422);
      expect(noName.text).to.contain('Ce champ est obligatoire.');
      expect(noName.text).to.contain('value="jeanne@example.org"');
      expect(await User.countDocuments({})).to.equal(before);
      expect(await PasswordToken.countDocuments({})).to.equal(0);
      expect(mails).to.have.length(0);
    });

    it('refuses a founder without a startup and a partner without an organisation, keeping what was typed', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await makeStartup({ name: 'CardioSense' });
      await makeOrganisation({ name: 'Genopole Est' });
      const before = await User.countDocuments({});
      const founder = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny Fondatrice', role: 'founder', locale: 'fr' });
      expect(founder.status).to.equal(422);
      expect(founder.text).to.match(/id="e-startups" class="invalid-feedback">Ce champ est obligatoire\./);
      expect(founder.text).to.contain('value="Fanny Fondatrice"');
      expect(founder.text).to.contain('value="f@example.org"');
      const partner = await postForm(agent, '/users/new', '/users', { email: 'p@example.org', name: 'Paul Partenaire', role: 'partner', organisation: '', locale: 'fr' });
      expect(partner.status).to.equal(422);
      expect(partner.text).to.match(/id="e-organisation" class="invalid-feedback">Ce champ est obligatoire\./);
      expect(partner.text).to.contain('value="Paul Partenaire"');
      expect(partner.text).to.match(/<option value="partner" selected>/);
      expect(await User.countDocuments({})).to.equal(before);
      expect(mails).to.have.length(0);
    });

    it('refuses a startup or an organisation that does not exist, and keeps the choices made', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const real = await makeStartup({ name: 'CardioSense' });
      const ghost = new mongoose.Types.ObjectId().toString();
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny', role: 'founder', startups: [String(real._id), ghost], locale: 'fr' });
      expect(res.status).to.equal(422);
      expect(res.text).to.match(/id="e-startups" class="invalid-feedback">Choisissez une valeur de la liste\./);
      expect(res.text).to.match(new RegExp(`value="${String(real._id)}" id="f-startup-${String(real._id)}" checked`));
      const malformed = await postForm(agent, '/users/new', '/users', { email: 'f@example.org', name: 'Fanny', role: 'founder', startups: 'not-an-id', locale: 'fr' });
      expect(malformed.status).to.equal(422);
      const org = await postForm(agent, '/users/new', '/users', { email: 'p@example.org', name: 'Paul', role: 'partner', organisation: ghost, locale: 'fr' });
      expect(org.status).to.equal(422);
      expect(org.text).to.match(/id="e-organisation" class="invalid-feedback">Choisissez une valeur de la liste\./);
      expect(await User.countDocuments({})).to.equal(before);
      expect(mails).to.have.length(0);
    });

    it('refuses an e-mail already used, whatever its case', async () => {
      const { app, mails } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      await makeUser({ role: 'mentor', email: 'claire.martin@example.org', name: 'Claire Martin' });
      const before = await User.countDocuments({});
      const res = await postForm(agent, '/users/new', '/users', { email: 'Claire.MARTIN@Example.org', name: 'Autre Claire', role: 'observer', locale: 'fr' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('Un compte existe déjà avec cette adresse e-mail.');
      expect(res.text).to.contain('value="Claire.MARTIN@Example.org"');
      expect(res.text).to.contain('value="Autre Claire"');
      expect(await User.countDocuments({})).to.equal(before);
      const existing = await User.findOne({ email: 'claire.martin@example.org' }).lean();
      expect(existing?.name).to.equal('Claire Martin');
      expect(existing?.role).to.equal('mentor');
      expect(mails).to.have.length(0);
      expect(await PasswordToken.countDocuments({})).to.equal(0);
    });
  });
  describe('mass assignment', () => {
    const sneaky = (id: string) => ({
      passwordHash: 'x',
      active: 'false',
      sessionEpoch: '42',
      _id: id,
      __v: '99',
      role: 'manager',
      email: 'taken-over@example.org',
      startups: id,
      organisation: id,
      lastLoginAt: '2000-01-01',
    });

    it('ignores fields /account/preferences does not offer: only name and language change', async () => {
      const { app } = makeApp();
      const { user, agent } = await signedIn(app, { role: 'mentor', name: 'Marc Mentor' });
      const other = new mongoose.Types.ObjectId().toString();
      const before = await User.findOne({ _id: user._id }).lean();
      const res = await postForm(agent, '/account', '/account/preferences', { name: 'Marc Nouveau', locale: 'en', ...sneaky(other) });
      expect(res.status).to.equal(303);
      const after = await User.findOne({ _id: user._id }).lean();
      expect(after?.name).to.equal('Marc Nouveau');
      expect(after?.locale).to.equal('en');
      expect(after?.role).to.equal('mentor');
      expect(after?.email).to.equal(before?.email);
      expect(after?.passwordHash).to.equal(before?.passwordHash);
      expect(after?.active).to.equal(true);
      expect(after?.sessionEpoch).to.equal(before?.sessionEpoch);
      expect(after?.startups).to.deep.equal([]);
      expect(after?.organisation).to.equal(undefined);
      expect(after?.lastLoginAt?.getTime()).to.equal(before?.lastLoginAt?.getTime());
      expect(await User.exists({ _id: other })).to.equal(null);
      // Still a mentor: the session goes on and the managers' pages stay closed.
      expect((await agent.get('/account')).status).to.equal(200);
      expect((await agent.get('/users')).status).to.equal(403);
      expect((await tryLogin(app, user.email, FACTORY_PASSWORD)).res.status).to.equal(303);
    });

    it('ignores hidden fields posted to the new-user form: the user is invited, active, with a fresh id', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const forcedId = new mongoose.Types.ObjectId().toString();
      const res = await postForm(agent, '/users/new', '/users', { ...sneaky(forcedId), email: 'obs@example.org', name: 'Olga', role: 'observer', locale: 'fr' });
      expect(res.status).to.equal(303);
      const created = await User.findOne({ email: 'obs@example.org' }).lean();
      expect(String(created?._id)).to.not.equal(forcedId);
      expect(created?.passwordHash).to.equal(undefined);
      expect(created?.active).to.equal(true);
      expect(created?.sessionEpoch).to.equal(0);
      expect(created?.__v).to.equal(0);
      expect(created?.startups).to.deep.equal([]);
      expect(created?.organisation).to.equal(undefined);
      expect(created?.lastLoginAt).to.equal(undefined);
    });

    it('ignores the e-mail, password hash, status and epoch posted to the edit form', async () => {
      const { app } = makeApp();
      const { agent } = await signedIn(app, { role: 'manager' });
      const target = await makeUser({ role: 'mentor', name: 'Marc Mentor' });
      const before = await User.findOne({ _id: target._id }).lean();
      const edit = await agent.get(`/users/${String(target._id)}/edit`);
      const version = /name="version" value="(\d+)"/.exec(edit.text)?.[1] ?? '';
      const token = await csrfFrom(agent, `/users/${String(target._id)}/edit`);
      const res = await agent
        .post(`/users/${String(target._id)}`)
        .type('form')
        .send({ _csrf: token, ...sneaky(new mongoose.Types.ObjectId().toString()), name: 'Marc Renommé', role: 'mentor', locale: 'fr', version });
      expect(res.status).to.equal(303);
      const after = await User.findOne({ _id: target._id }).lean();
      expect(after?.name).to.equal('Marc Renommé');
      expect(after?.email).to.equal(before?.email);
      expect(after?.passwordHash).to.equal(before?.passwordHash);
      expect(after?.active).to.equal(true);
      expect(after?.sessionEpoch).to.equal(0);
      expect(after?.startups).to.deep.equal([]);
      expect(after?.lastLoginAt).to.equal(undefined);
    });
  });
});
