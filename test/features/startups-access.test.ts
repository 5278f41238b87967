import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { ActivityEntry } from '../../src/core/audit/model';
import { Startup } from '../../src/startups/model';
import { csrfFrom, makeApp, sharedWorld, type Agent, type TestApp } from '../helpers';
import { FORBIDDEN, NOT_FOUND, agentsOf, startupWorld, type StartupWorld } from './startups.helpers';

/**
 * Every startup page × role × own / foreign / assigned record (DESIGN.md section 3):
 * 403 for a role that may not use the page, 404 for a record outside the user's reach.
 */
const PAGES = ['', '/history', '/edit', '/stage', '/figures'] as const;
/** Pages each role may open on a startup in reach. */
const ALLOWED: Record<string, readonly string[]> = {
  manager: PAGES,
  founder: ['', '/history', '/edit', '/figures'],
  mentor: ['', '/history'],
  partner: [],
  observer: [],
};

describe('startups: access to every startup page', () => {
  let t: TestApp;
  let world: StartupWorld;
  let agents: Record<string, Agent>;

  sharedWorld(async () => {
    t = makeApp();
    world = await startupWorld();
    agents = await agentsOf(t.app, world);
  });

  const path = (s: { _id: unknown }, page: string) => `/startups/${String(s._id)}${page}`;

  for (const role of ['manager', 'founder', 'mentor', 'partner', 'observer']) {
    it(`${role}: own / assigned startup → the pages of the role (others 403)`, async () => {
      const reachable = role === 'mentor' ? world.beta : world.alpha;
      for (const page of PAGES) {
        const res = await agents[role].get(path(reachable, page));
        const allowed = ALLOWED[role].includes(page);
        expect(res.status, `${role} GET ${page}`).to.equal(allowed ? 200 : 403);
        if (allowed) expect(res.text).to.contain(role === 'mentor' ? 'Beta Bio' : 'Alpha Santé');
        else expect(res.text).to.contain(FORBIDDEN);
      }
    });
  }

  it('founder: every page of another startup answers 404, never its name', async () => {
    for (const s of [world.beta, world.gamma, world.delta]) {
      for (const page of PAGES) {
        const res = await agents.founder.get(path(s, page));
        const expected = ALLOWED.founder.includes(page) ? 404 : 403;
        expect(res.status, `${page}`).to.equal(expected);
        expect(res.text).not.to.contain('Beta Bio').and.not.to.contain('Gamma Diag').and.not.to.contain('Delta Care');
      }
    }
  });

  it('mentor: a startup whose assignment ended, one whose assignment has not started, one never assigned → 404', async () => {
    for (const s of [world.gamma, world.delta, world.alpha]) {
      for (const page of ['', '/history']) {
        const res = await agents.mentor.get(path(s, page));
        expect(res.status, `${String(s._id)}${page}`).to.equal(404);
        expect(res.text).to.contain(NOT_FOUND);
      }
    }
  });

  it('anonymous: every page goes to the login page and comes back afterwards; POSTs go to the login page', async () => {
    for (const page of PAGES) {
      const p = path(world.alpha, page);
      const res = await request(t.app).get(p);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(p)}`);
    }
    for (const p of ['/startups', '/startups/new', '/startups/export.csv']) {
      expect((await request(t.app).get(p)).headers.location).to.equal(`/login?next=${encodeURIComponent(p)}`);
    }
    const agent = request.agent(t.app);
    const token = await csrfFrom(agent, '/login');
    for (const p of ['/startups', path(world.alpha, ''), path(world.alpha, '/stage'), path(world.alpha, '/figures')]) {
      const res = await agent.post(p).type('form').send({ _csrf: token, name: 'X', version: '0', stage: 'scale_up', note: 'x' });
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/login');
    }
  });

  it('partners and observers: every POST is refused with 403 and changes nothing', async () => {
    const before = { startups: await Startup.find({}).lean(), audit: await ActivityEntry.countDocuments({}) };
    for (const role of ['partner', 'observer']) {
      const token = await csrfFrom(agents[role], '/account');
      const posts: [string, Record<string, string>][] = [
        ['/startups', { name: 'Intruse', area: 'other', status: 'active', stage: 'ideation' }],
        [path(world.alpha, ''), { name: 'Pirate', area: 'other', version: '0' }],
        [path(world.alpha, '/stage'), { stage: 'scale_up', note: 'x', version: '0' }],
        [path(world.alpha, '/figures'), { asOf: '2026-01-01', headcount: '1', fundsRaised: '1', revenue: '1' }],
      ];
      for (const [p, fields] of posts) {
        const res = await agents[role].post(p).type('form').send({ _csrf: token, ...fields });
        expect(res.status, `${role} POST ${p}`).to.equal(403);
      }
    }
    expect(await Startup.find({}).lean()).to.deep.equal(before.startups);
    expect(await ActivityEntry.countDocuments({})).to.equal(before.audit);
  });

  for (const id of [new mongoose.Types.ObjectId().toString(), 'not-an-id', '%24gt', 'aaaaaaaaaaaa', 'ZZZZZZZZZZZZZZZZZZZZZZZZ', '%7B%22%24gt%22%3A%22%22%7D']) {
    it(`manager: /startups/${id} and its pages and actions answer 404, never 500`, async () => {
      for (const page of PAGES) {
        const res = await agents.manager.get(`/startups/${id}${page}`);
        expect(res.status, `GET ${page}`).to.equal(404);
        expect(res.text).to.contain(NOT_FOUND);
      }
      const token = await csrfFrom(agents.manager, '/account');
      for (const page of ['', '/stage', '/figures']) {
        for (const fields of [{}, { name: 'X', area: 'other', slug: 'x', status: 'active', version: '0', stage: 'scale_up', note: 'x', asOf: '2026-01-01', headcount: '1', fundsRaised: '1', revenue: '1' }]) {
          const res = await agents.manager.post(`/startups/${id}${page}`).type('form').send({ _csrf: token, ...fields });
          expect(res.status, `POST ${page} ${JSON.stringify(fields)}`).to.equal(404);
        }
      }
      expect(t.logs.filter((l) => l.includes('unhandled error'))).to.deep.equal([]);
    });
  }
});
