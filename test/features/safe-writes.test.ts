import { expect } from 'chai';
import { Lock } from '../../src/core/db/lock';
import type { Mailer } from '../../src/core/mail';
import { Milestone } from '../../src/milestones/model';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp } from '../helpers';
import { decide, makeMilestone, statusOf } from './milestones-helpers';

/** Resolves when `check` holds, polling; fails after `ms`. */
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('safe writes: nothing slow inside a critical section', () => {
  it('a decision is written and its record free while the founders’ mail is still waiting on a slow mail server', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let mailsStarted = 0;
    const slowMailer: Mailer = {
      async send() {
        mailsStarted += 1;
        await held;
      },
    };
    const { app } = makeApp({}, slowMailer);
    const startup = await makeStartup({ name: 'CardioSense' });
    await makeUser({ role: 'founder', startups: [startup._id] });
    const milestone = await makeMilestone(startup._id, { status: 'submitted' });
    const manager = await login(app, (await makeUser({ role: 'manager' })).email);
    const other = await login(app, (await makeUser({ role: 'manager' })).email);

    const decision = decide(manager, String(startup._id), String(milestone._id), 'approve');
    // The mail to the founder has begun and hangs: the decision is already stored, and no lock is held.
    await until(async () => mailsStarted > 0);
    expect(await statusOf(milestone._id)).to.equal('approved');
    expect(await Lock.countDocuments({})).to.equal(0);
    // Someone else can work on the same milestone meanwhile (here: told it was already decided).
    const second = await decide(other, String(startup._id), String(milestone._id), 'changes', 'trop tard', { version: 0 });
    expect(second.status).to.equal(409);
    release();
    expect((await decision).status).to.equal(303);
    expect((await Milestone.findOne({ _id: milestone._id }).lean())?.thread.filter((e) => e.decision === 'approved')).to.have.length(1);
  });
});
