import { expect } from 'chai';
import { audit } from '../../src/core/audit';
import { makeStartup, makeUser } from '../../src/seed/factories';
import { makeApp, signedIn, text } from '../helpers';
import { makeMilestone } from './milestones-helpers';

const DAY = 24 * 60 * 60 * 1000;
/** The number shown in the home's card whose label is `label`. */
const card = (page: string, label: string): string | undefined => new RegExp(`${label}</span><span class="fs-3 fw-semibold">([^<]*)</span>`).exec(page)?.[1];

describe('the manager’s home: counts, queue, overdue, recent activity', () => {
  it('counts active and invited users, startups, the review queue and overdue milestones; lists the newest activity first', async () => {
    const { app } = makeApp();
    const { agent, user } = await signedIn(app, { role: 'manager', name: 'Claire Martin' });
    await makeUser({ role: 'mentor' });
    await makeUser({ role: 'founder', password: null });
    await makeUser({ role: 'observer', active: false });
    const startup = await makeStartup({ name: 'CardioSense' });
    await makeStartup({ name: 'Oncolytix' });
    await makeMilestone(startup._id, { status: 'submitted', title: 'Étude pilote' });
    await makeMilestone(startup._id, { status: 'planned', title: 'Marquage CE', dueDate: new Date(Date.now() - 3 * DAY) });
    await makeMilestone(startup._id, { status: 'submitted', title: 'Premier patient', dueDate: new Date(Date.now() - 9 * DAY) });
    await makeMilestone(startup._id, { status: 'approved', title: 'Dépôt de brevet', dueDate: new Date(Date.now() - 30 * DAY) });
    for (const step of ['premier', 'deuxième', 'troisième']) await audit({ id: String(user._id), name: 'Claire Martin' }, { action: 'startup.updated', entityType: 'Startup', summary: `CardioSense : ${step}` });

    const page = (await agent.get('/')).text;
    expect(card(page, text('home.manager.activeUsers'))).to.equal('2');
    expect(card(page, text('home.manager.pendingUsers'))).to.equal('1');
    expect(card(page, text('home.manager.startups'))).to.equal('2');
    expect(card(page, text('milestones.home.queueOpen'))).to.equal('2');
    // Overdue (issue 12): due before today while the founders still have to act; neither the one waiting
    // for review (it is in the queue) nor the approved one.
    const overdue = page.slice(page.indexOf('id="overdue-title"'), page.indexOf(text('home.stages')));
    expect(overdue).to.contain('Marquage CE');
    expect(overdue).to.not.contain('Premier patient');
    expect(overdue).to.not.contain('Dépôt de brevet');
    expect(overdue).to.contain(text('milestones.home.overdueMore', { count: 1 }));
    const recent = page.slice(page.indexOf('id="recent-title"'));
    expect(recent.indexOf('CardioSense : troisième')).to.be.greaterThan(-1).and.lessThan(recent.indexOf('CardioSense : premier'));
  });
});
