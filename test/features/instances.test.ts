import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { freePort } from '../../src/core/db/proc';
import { DossierDocument } from '../../src/documents/model';
import { minimalPdf } from '../../src/documents/samples';
import { Milestone } from '../../src/milestones/model';
import { FACTORY_PASSWORD, makeStartup, makeUser } from '../../src/seed/factories';
import { get, startApp, waitFor, type AppProcess } from '../core/app-process';
import { makeMilestone } from './milestones-helpers';

/**
 * Two app processes on one database (the test server), as N instances behind a load balancer: whatever
 * one instance does, the other sees at the next request (DESIGN.md section 4: nothing per process).
 */
interface Instance {
  url: string;
  process: AppProcess;
}

/** A browser that may send each request to either instance: one cookie, whatever the address. */
class Person {
  private cookie = '';

  private keep(res: request.Response): request.Response {
    const set = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('boost.sid='));
    if (set) this.cookie = set.split(';')[0];
    return res;
  }

  async get(on: Instance, pathname: string): Promise<request.Response> {
    return this.keep(await request(on.url).get(pathname).set('Cookie', this.cookie));
  }

  async token(on: Instance, page = '/login'): Promise<string> {
    const match = /name="_csrf" value="([^"]+)"/.exec((await this.get(on, page)).text);
    if (!match) throw new Error(`no CSRF token on ${page}`);
    return match[1];
  }

  async post(on: Instance, pathname: string, fields: Record<string, string>, token?: string): Promise<request.Response> {
    const csrf = token ?? (await this.token(on, '/account'));
    return this.keep(await request(on.url).post(pathname).set('Cookie', this.cookie).type('form').send({ _csrf: csrf, ...fields }));
  }

  async signIn(on: Instance, email: string, password = FACTORY_PASSWORD): Promise<request.Response> {
    const token = await this.token(on, '/login');
    return this.keep(await request(on.url).post('/login').set('Cookie', this.cookie).type('form').send({ _csrf: token, email, password }));
  }

  async upload(on: Instance, startupId: string, title: string, file: Buffer): Promise<request.Response> {
    const token = await this.token(on, `/startups/${startupId}/documents`);
    const res = await request(on.url)
      .post(`/startups/${startupId}/documents`)
      .set('Cookie', this.cookie)
      .field('_csrf', token)
      .field('title', title)
      .field('kind', 'business_plan')
      .attach('file', file, { filename: 'plan.pdf', contentType: 'application/pdf' });
    return this.keep(res);
  }

  download(on: Instance, docId: string) {
    return request(on.url)
      .get(`/documents/${docId}/download`)
      .set('Cookie', this.cookie)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }
}

async function signedIn(on: Instance, options: Parameters<typeof makeUser>[0]) {
  const user = await makeUser(options);
  const person = new Person();
  const res = await person.signIn(on, user.email);
  if (res.status !== 303) throw new Error(`sign-in of ${user.email} on ${on.url}: ${res.status}`);
  return { user, person };
}

describe('two app instances on one database', function () {
  this.timeout(120_000);
  let a: Instance;
  let b: Instance;
  let uploadDir: string;

  before(async () => {
    uploadDir = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-instances-'));
    const start = async (): Promise<Instance> => {
      const port = await freePort();
      const env = { PORT: String(port), MONGODB_URI: String(process.env.BOOST_TEST_DB_URI), STORAGE_DRIVER: 'gridfs', UPLOAD_DIR: uploadDir };
      return { url: `http://127.0.0.1:${port}`, process: startApp(env) };
    };
    [a, b] = await Promise.all([start(), start()]);
    for (const instance of [a, b]) {
      const port = Number(new URL(instance.url).port);
      await waitFor(`${instance.url} to answer`, async () => (await get(port, '/healthz')).status === 200 || instance.process.child.exitCode !== null, 60_000);
      if (instance.process.child.exitCode !== null) throw new Error(`an instance ended: ${instance.process.output()}`);
    }
  });

  after(async () => {
    for (const instance of [a, b]) instance?.process.child.kill('SIGTERM');
    await Promise.all([a, b].map((instance) => instance?.process.exit));
    await fs.rm(uploadDir, { recursive: true, force: true });
  });

  it('a session started on one continues on the other, and ends there for both', async () => {
    const { user, person } = await signedIn(a, { role: 'mentor', name: 'Inès Deux-Instances' });
    const onB = await person.get(b, '/account');
    expect(onB.status).to.equal(200);
    expect(onB.text).to.include(user.name);
    // The CSRF token of the session, read from one instance, is good on the other.
    const out = await person.post(a, '/logout', {}, await person.token(b, '/account'));
    expect(out.status).to.equal(303);
    const after = await person.get(b, '/account');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.match(/^\/login/);
  });

  it('a sign-in lockout counted on one holds on the other', async () => {
    const user = await makeUser({ role: 'founder' });
    const person = new Person();
    // LOGIN_MAX_FAILURES_PER_ACCOUNT is 5: the failures land alternately on each instance.
    for (let n = 0; n < 5; n += 1) {
      const res = await person.signIn(n % 2 === 0 ? a : b, user.email, 'not the password at all');
      expect(res.status, `failure ${n + 1}`).to.equal(401);
    }
    for (const instance of [a, b]) {
      const res = await person.signIn(instance, user.email);
      expect(res.status, `the right password on ${instance.url}`).to.equal(429);
      expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
    }
  });

  it('a document uploaded through one (GridFS) downloads byte for byte through the other', async () => {
    const startup = await makeStartup({ name: 'Gridfs Santé' });
    const { person } = await signedIn(a, { role: 'founder', startups: [startup._id] });
    const pdf = minimalPdf(['Business plan', 'uploaded through instance A']);
    const sent = await person.upload(a, String(startup._id), 'Plan à deux instances', pdf);
    expect(sent.status).to.equal(303);
    const doc = await DossierDocument.findOne({ startup: startup._id }).lean();
    expect(doc?.driver).to.equal('gridfs');
    const got = await person.download(b, String(doc?._id));
    expect(got.status).to.equal(200);
    expect(Buffer.compare(got.body as Buffer, pdf)).to.equal(0);
    expect(await fs.readdir(uploadDir), 'nothing on either instance\'s disk').to.deep.equal([]);
  });

  it('"exactly one wins": concurrent milestone decisions sent alternately to both give one decision', async () => {
    const startup = await makeStartup({ name: 'Course Santé' });
    const milestone = await makeMilestone(startup._id, { status: 'submitted' });
    const managers = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => signedIn(n % 2 === 0 ? a : b, { role: 'manager' })));
    const page = `/startups/${String(startup._id)}/milestones/${String(milestone._id)}/decision`;
    const tokens = await Promise.all(managers.map(({ person }, n) => person.token(n % 2 === 0 ? a : b, '/account')));
    const answers = await Promise.all(
      managers.map(({ person }, n) => person.post(n % 2 === 0 ? a : b, page, { decision: n % 3 === 0 ? 'approve' : 'changes', comment: 'Revoir le plan', version: '0' }, tokens[n])),
    );
    expect(answers.map((r) => r.status).sort()).to.deep.equal([303, 409, 409, 409, 409, 409]);
    const stored = await Milestone.findOne({ _id: milestone._id }).lean();
    expect(stored?.thread.filter((e) => e.decision !== 'submitted')).to.have.length(1);
  });

  it('a user deactivated on one is signed out on the other at the next request', async () => {
    const { person: manager } = await signedIn(a, { role: 'manager' });
    const { user: mentor, person } = await signedIn(b, { role: 'mentor' });
    expect((await person.get(b, '/')).status).to.equal(200);
    const version = /name="version" value="(\d+)"/.exec((await manager.get(a, `/users/${String(mentor._id)}`)).text)?.[1] ?? '0';
    const done = await manager.post(a, `/users/${String(mentor._id)}/deactivate`, { version });
    expect(done.status).to.equal(303);
    const next = await person.get(b, '/account');
    expect(next.status).to.equal(302);
    expect(next.headers.location).to.equal('/login?next=%2Faccount');
  });
});
