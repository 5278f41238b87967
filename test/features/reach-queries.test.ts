import { expect } from 'chai';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { countQueries, csrfFrom, login, makeApp, queriesOn } from '../helpers';

/**
 * One reach decision per request: the startup a page works on, and a mentor's assignment, are read
 * once and passed down, whatever the page shows of the other features.
 */
describe('reach: resolved once per request', () => {
  it('a mentor opening an assigned startup reads the startup once and their assignments once', async () => {
    const { app } = makeApp();
    const startup = await makeStartup({ name: 'CardioSense' });
    const mentor = await makeUser({ role: 'mentor' });
    await MentorAssignment.create({ mentor: mentor._id, startup: startup._id, from: new Date(Date.now() - 86_400_000) });
    const agent = await login(app, mentor.email);
    let status = 0;
    const counts = await countQueries(async () => {
      status = (await agent.get(`/startups/${String(startup._id)}`)).status;
    });
    expect(status).to.equal(200);
    expect(queriesOn(counts, 'startups'), JSON.stringify(counts)).to.equal(1);
    expect(queriesOn(counts, 'mentorassignments'), JSON.stringify(counts)).to.equal(1);
  });

  it('a founder saving their profile reads the startup once and writes it once, and reads no assignment', async () => {
    const { app } = makeApp();
    const startup = await makeStartup({ name: 'CardioSense' });
    const founder = await makeUser({ role: 'founder', startups: [startup._id] });
    const agent = await login(app, founder.email);
    const page = `/startups/${String(startup._id)}/edit`;
    const fields = { name: 'CardioSense Médical', legalName: '', siret: '', foundedAt: '', area: 'medtech', pitch: 'Un patch ECG', website: '', tags: '', version: '0' };
    const token = await csrfFrom(agent, page);
    let status = 0;
    const counts = await countQueries(async () => {
      status = (await agent.post(`/startups/${String(startup._id)}`).type('form').send({ _csrf: token, ...fields })).status;
    });
    expect(status).to.equal(303);
    expect(counts['startups.findOne'], JSON.stringify(counts)).to.equal(1);
    expect(counts['startups.updateOne'], JSON.stringify(counts)).to.equal(1);
    expect(queriesOn(counts, 'mentorassignments'), JSON.stringify(counts)).to.equal(0);
  });
});
