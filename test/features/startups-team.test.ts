import { expect } from 'chai';
import { Startup } from '../../src/startups/model';
import { makeStartup } from '../../src/seed/factories';
import { makeApp, postForm, signedIn, text } from '../helpers';

/** Issue 12: the team and the contact of a startup, kept current by its founders. */
describe('startup profile: team and contact (issue 12)', () => {
  const base = { name: 'CardioSense', legalName: '', area: 'medtech', pitch: '', website: '', tags: '' };

  it('a founder records the team (one “Name, role” per line) and the contact; the overview shows them', async () => {
    const { app } = makeApp();
    const startup = await makeStartup({ name: 'CardioSense' });
    const id = String(startup._id);
    const { agent: founder } = await signedIn(app, { role: 'founder', startups: [startup._id] });
    const res = await postForm(founder, `/startups/${id}/edit`, `/startups/${id}`, {
      ...base,
      version: '0',
      team: 'Karim Benali, CEO\n\n  Léa Martin — directrice médicale  \nPaul Durand',
      contactEmail: 'Contact@CardioSense.fr',
      contactPhone: '+33 6 12 34 56 78',
      linkedin: 'https://www.linkedin.com/company/cardiosense',
    });
    expect(res.status).to.equal(303);
    const stored = await Startup.findOne({ _id: id }).lean();
    expect(stored?.team).to.deep.equal([
      { name: 'Karim Benali', role: 'CEO' },
      { name: 'Léa Martin', role: 'directrice médicale' },
      { name: 'Paul Durand', role: '' },
    ]);
    expect(stored).to.include({ contactEmail: 'contact@cardiosense.fr', contactPhone: '+33 6 12 34 56 78', linkedin: 'https://www.linkedin.com/company/cardiosense' });
    const overview = (await founder.get(`/startups/${id}`)).text;
    expect(overview).to.contain('Léa Martin').and.to.contain('directrice médicale').and.to.contain('mailto:contact@cardiosense.fr');
    // The edit form shows the team as it is typed.
    expect((await founder.get(`/startups/${id}/edit`)).text).to.contain('Karim Benali, CEO\nLéa Martin, directrice médicale\nPaul Durand');
  });

  it('refuses a phone, a LinkedIn address or a team line that is not one, on the form, keeping what was typed and changing nothing', async () => {
    const { app } = makeApp();
    const startup = await makeStartup({ name: 'CardioSense' });
    const id = String(startup._id);
    const { agent: founder } = await signedIn(app, { role: 'founder', startups: [startup._id] });
    const res = await postForm(founder, `/startups/${id}/edit`, `/startups/${id}`, { ...base, version: '0', team: ', CTO', contactPhone: 'appelez-moi', linkedin: 'https://example.org/moi' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain(text('startups.errors.teamNoName')).and.to.contain(text('startups.errors.phone')).and.to.contain(text('startups.errors.linkedin'));
    expect(res.text).to.contain('value="appelez-moi"').and.to.contain('value="https://example.org/moi"');
    expect((await Startup.findOne({ _id: id }).lean())?.team).to.deep.equal([]);
  });

  it('a manager invites a founder from the startup’s page: the user form opens with the role and that startup ticked', async () => {
    const { app } = makeApp();
    const startup = await makeStartup({ name: 'CardioSense' });
    await makeStartup({ name: 'DermAI' });
    const id = String(startup._id);
    const { agent: manager } = await signedIn(app, { role: 'manager' });
    const overview = (await manager.get(`/startups/${id}`)).text;
    const href = `/users/new?role=founder&amp;startup=${id}`;
    expect(overview).to.contain(`href="${href}"`).and.to.contain(text('startups.overview.inviteFounder'));
    const form = (await manager.get(href.replace('&amp;', '&'))).text;
    expect(form).to.match(new RegExp(`value="${id}" id="f-startup-${id}" checked`));
    expect(form).to.match(/<option value="founder" selected>/);
    expect(form).not.to.contain('multiple');
    const { agent: founder } = await signedIn(app, { role: 'founder', startups: [startup._id] });
    expect((await founder.get(`/startups/${id}`)).text).not.to.contain('/users/new');
  });
});
