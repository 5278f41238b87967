import { expect } from 'chai';
import request from 'supertest';
import { Cohort } from '../../src/programmes/cohort.model';
import { Programme } from '../../src/programmes/model';
import { makeCohort, makeProgramme, makeUser } from '../../src/seed/factories';
import { issueToken } from '../../src/users/tokens';
import { ActivityEntry } from '../../src/core/audit/model';
import { csrfFrom, login, makeApp, type Agent } from '../helpers';

/** Many requests sent truly at once: exactly one may win, the others are told. */
describe('truly concurrent requests', () => {

  it('a set-password link sent 10 times at once is spent exactly once', async () => {
    const { app } = makeApp();
    const user = await makeUser({ role: 'mentor', password: null });
    const token = await issueToken(String(user._id), 'invite');
    const agents = Array.from({ length: 10 }, () => request.agent(app));
    const csrf = await Promise.all(agents.map((a) => csrfFrom(a, `/set-password/${token}`)));
    const results = await Promise.all(
      agents.map((a, i) =>
        a.post(`/set-password/${token}`).type('form').send({ _csrf: csrf[i], newPassword: `phrase secrète numéro ${i}`, confirmPassword: `phrase secrète numéro ${i}` }),
      ),
    );
    const winners = results.map((r, i) => (r.status === 303 ? i : -1)).filter((i) => i >= 0);
    expect(winners).to.have.length(1);
    expect(results.filter((r) => r.status === 404)).to.have.length(9);
    expect(await ActivityEntry.countDocuments({ action: 'account.passwordSet' })).to.equal(1);
    // The password that works is the winner's.
    await login(app, user.email, `phrase secrète numéro ${winners[0]}`);
  });

  async function managers(app: Parameters<typeof login>[0], n: number): Promise<Agent[]> {
    const out: Agent[] = [];
    for (let i = 0; i < n; i += 1) out.push(await login(app, (await makeUser({ role: 'manager' })).email));
    return out;
  }

  it('8 managers saving the same cohort version at once: one save, seven told it changed', async () => {
    const { app } = makeApp();
    const programme = await makeProgramme();
    const cohort = await makeCohort(programme._id, { name: 'Boost 2027' });
    const agents = await managers(app, 8);
    const csrf = await Promise.all(agents.map((a) => csrfFrom(a, `/cohorts/${String(cohort._id)}/edit`)));
    const results = await Promise.all(
      agents.map((a, i) =>
        a.post(`/cohorts/${String(cohort._id)}`).type('form').send({ _csrf: csrf[i], name: `Boost 2027 – version ${i}`, startDate: '2027-01-04', endDate: '2027-06-30', status: 'planned', version: '0' }),
      ),
    );
    expect(results.filter((r) => r.status === 303)).to.have.length(1);
    expect(results.filter((r) => r.status === 409)).to.have.length(7);
    const stored = await Cohort.findById(cohort._id).lean();
    const winner = results.findIndex((r) => r.status === 303);
    expect(stored?.name).to.equal(`Boost 2027 – version ${winner}`);
    expect(stored?.__v).to.equal(1);
  });

  it('8 managers renaming the programme from the same version at once: one rename wins', async () => {
    const { app } = makeApp();
    const programme = await makeProgramme({ name: 'Boost' });
    const agents = await managers(app, 8);
    const csrf = await Promise.all(agents.map((a) => csrfFrom(a, '/programme/edit')));
    const version = String((await Programme.findById(programme._id).lean())?.__v ?? 0);
    const results = await Promise.all(
      agents.map((a, i) => a.post('/programme').type('form').send({ _csrf: csrf[i], name: `Boost ${i}`, description: '', version })),
    );
    expect(results.filter((r) => r.status === 303)).to.have.length(1);
    const winner = results.findIndex((r) => r.status === 303);
    expect((await Programme.findById(programme._id).lean())?.name).to.equal(`Boost ${winner}`);
  });
});
