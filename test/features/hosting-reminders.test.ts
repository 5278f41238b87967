import { expect } from 'chai';
import type { Types } from 'mongoose';
import { addDays, today } from '../../src/hosting/days';
import { HostingAllocation } from '../../src/hosting/model';
import { remindHosting } from '../../src/hosting/reminders';
import { Notification } from '../../src/notifications/model';
import { makeAllocation, makeRequirement, makeRequirementRecord, makeSite, makeSpace, makeStartup, makeUser } from '../../src/seed/factories';
import { login, makeApp } from '../helpers';

const told = (user: Types.ObjectId, kind: string) => Notification.countDocuments({ user, kind });

/** What hosting announces by itself (a housekeeping chore, on whichever instance runs it) and what the managers' home lists. */
describe('hosting: agreements ending and requirements expiring', () => {
  it('an agreement ending within 30 days is announced once to the team and managers, again when its end moves; not one ending later', async () => {
    const site = await makeSite({ name: 'Bioparc' });
    const space = await makeSpace(site._id, { name: 'Bureau 7', capacity: 3 });
    const s = await makeStartup({ name: 'Pneumo Tech' });
    const founder = await makeUser({ role: 'founder', startups: [s._id] });
    const manager = await makeUser({ role: 'manager' });
    const soon = await makeAllocation(space, s._id, addDays(today(), -100), addDays(today(), 20));
    await makeAllocation(space, s._id, addDays(today(), -100), addDays(today(), 45));
    // Two instances running the chore at once: each agreement announced once.
    const runs = await Promise.all([remindHosting(), remindHosting()]);
    expect(runs.reduce((a, b) => a + b, 0)).to.equal(1);
    expect(await told(founder._id, 'hosting.ending')).to.equal(1);
    expect(await told(manager._id, 'hosting.ending')).to.equal(1);
    expect(await remindHosting()).to.equal(0);
    await HostingAllocation.updateOne({ _id: soon._id }, { $set: { to: addDays(today(), 25) } });
    expect(await remindHosting()).to.equal(1);
    expect(await told(founder._id, 'hosting.ending')).to.equal(2);
  });

  it('a requirement expiring within 60 days is announced once; not when renewed, not when far off', async () => {
    const training = await makeRequirement({ name: 'Formation sécurité laboratoire L2', validityMonths: 12 });
    const insurance = await makeRequirement({ name: 'Attestation d’assurance RC', validityMonths: 12 });
    const s = await makeStartup({ name: 'Cell Forge' });
    const founder = await makeUser({ role: 'founder', startups: [s._id] });
    // Expires in about 40 days.
    await makeRequirementRecord(s._id, training, addDays(today(), -325));
    // Expiring too, but renewed since.
    await makeRequirementRecord(s._id, insurance, addDays(today(), -330));
    await makeRequirementRecord(s._id, insurance, addDays(today(), -10));
    expect(await remindHosting()).to.equal(1);
    const note = await Notification.findOne({ user: founder._id, kind: 'hosting.requirementExpiring' }).lean();
    expect(note?.params).to.include({ requirement: 'Formation sécurité laboratoire L2', startup: 'Cell Forge' });
    expect(await remindHosting()).to.equal(0);
  });

  it('the managers’ home lists requests waiting, agreements ending and requirements expiring within 60 days', async () => {
    const t = makeApp();
    const manager = await makeUser({ role: 'manager' });
    const site = await makeSite({ name: 'Quai Santé' });
    const space = await makeSpace(site._id, { name: 'Open space Nord', kind: 'desk', capacity: 10 });
    const s = await makeStartup({ name: 'Audio Care' });
    await makeAllocation(space, s._id, addDays(today(), -30), addDays(today(), 50));
    const training = await makeRequirement({ name: 'Plan de prévention signé', validityMonths: 24 });
    await makeRequirementRecord(s._id, training, addDays(today(), -700));
    const home = (await (await login(t.app, manager.email)).get('/')).text;
    expect(home).to.contain('Open space Nord');
    expect(home).to.contain('Plan de prévention signé');
    expect(home).to.contain('href="/hosting/requests"');
  });

  it('the startup’s overview lists its requirements to renew beside its expiring documents; one renewed is gone', async () => {
    const t = makeApp();
    const s = await makeStartup({ name: 'Myo Labs' });
    const founder = await makeUser({ role: 'founder', startups: [s._id] });
    const training = await makeRequirement({ name: 'Formation sécurité laboratoire L2', validityMonths: 12 });
    const insurance = await makeRequirement({ name: 'Attestation d’assurance RC', validityMonths: 12 });
    await makeRequirementRecord(s._id, training, addDays(today(), -340));
    await makeRequirementRecord(s._id, insurance, addDays(today(), -340));
    await makeRequirementRecord(s._id, insurance, addDays(today(), -5));
    const overview = (await (await login(t.app, founder.email)).get(`/startups/${String(s._id)}`)).text;
    expect(overview).to.contain('Formation sécurité laboratoire L2');
    expect(overview).not.to.contain('Attestation d&#x27;assurance RC').and.not.to.contain('Attestation d’assurance RC');
  });
});
