import { expect } from 'chai';
import mongoose from 'mongoose';
import { changeEnd, allocationStatus } from '../../src/hosting/allocations';
import { spaceLoad, unmetRequirements } from '../../src/hosting/capacity';
import { addDays, today, validUntil } from '../../src/hosting/days';
import { HostingAllocation, HostingRequest } from '../../src/hosting/model';
import { approveRequest, requestHosting } from '../../src/hosting/requests';
import { ValidationFailed } from '../../src/core/errors';
import { makeAllocation, makeHostingRequest, makeRequirement, makeRequirementRecord, makeSite, makeSpace, makeStartup, makeUser } from '../../src/seed/factories';
import { startupAccess } from '../../src/startups/access';
import { toSessionUser } from '../../src/users/model';
import { text } from '../helpers';

const deps = { baseUrl: 'http://localhost' };

/** The message a refused write puts under a field, in French. */
async function refusal(work: Promise<unknown>): Promise<Record<string, string>> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'refused').to.be.instanceOf(ValidationFailed);
  return Object.fromEntries(Object.entries((err as ValidationFailed).fields).map(([field, e]) => [field, text(e.key, e.vars)]));
}

async function managerOn(startupId: unknown) {
  const manager = await makeUser({ role: 'manager' });
  return startupAccess(toSessionUser(manager), String(startupId));
}

describe('hosting: capacity on every day of an inclusive range', () => {
  const future = addDays(today(), 30);
  const day = (n: number) => addDays(future, n);

  it('an allocation ending on the 10th meets one starting on the 10th; one starting on the 11th does not', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 1 });
    const a = await makeStartup();
    await makeAllocation(space, a._id, day(1), day(10));
    expect((await spaceLoad(String(space._id), { from: day(10), to: day(20) })).worstFree).to.equal(0);
    expect((await spaceLoad(String(space._id), { from: day(11), to: day(20) })).worstFree).to.equal(1);
    // A single day (from = to) on the last day collides; the day after is free.
    expect((await spaceLoad(String(space._id), { from: day(10), to: day(10) })).worstFree).to.equal(0);
    expect((await spaceLoad(String(space._id), { from: day(11), to: day(11) })).worstFree).to.equal(1);
  });

  it('approving beyond the capacity is refused naming the first full day; the seats still fit elsewhere in time', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 3, name: 'Plateau' });
    const [a, b, c] = [await makeStartup(), await makeStartup(), await makeStartup({ name: 'Hémato' })];
    await makeAllocation(space, a._id, day(0), day(9), 2);
    await makeAllocation(space, b._id, day(5), day(5), 1);
    const request = await makeHostingRequest(c._id, { seats: 2, from: day(3), to: day(12) });
    const access = await managerOn(c._id);
    const fields = await refusal(approveRequest(access, String(request._id), { space: String(space._id), pricePerSeat: 300, reason: '' }, deps));
    const [y, m, d] = day(3).split('-');
    expect(fields.seats).to.equal(text('hosting.errors.full', { day: `${d}/${m}/${y}`, free: 1 }));
    expect(await HostingAllocation.countDocuments({ startup: c._id })).to.equal(0);
    expect((await HostingRequest.findOne({ _id: request._id }).lean())?.status).to.equal('pending');
    const later = await makeHostingRequest(c._id, { seats: 2, from: day(10), to: day(12) });
    await approveRequest(access, String(later._id), { space: String(space._id), pricePerSeat: 280, reason: '' }, deps);
    const allocation = await HostingAllocation.findOne({ startup: c._id }).lean();
    expect(allocation).to.include({ seats: 2, from: day(10), to: day(12), pricePerSeat: 280 });
    expect((await HostingRequest.findOne({ _id: later._id }).lean())?.status).to.equal('approved');
  });

  it('20 managers approving 20 requests for the last seat at the same moment: exactly one allocation, the others told the day is full', async function () {
    this.timeout(60_000);
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 2 });
    await makeAllocation(space, (await makeStartup())._id, day(0), day(30), 1);
    const startups = await Promise.all(Array.from({ length: 20 }, (_, i) => makeStartup({ name: `Concurrente ${i}` })));
    const requests = await Promise.all(startups.map((s) => makeHostingRequest(s._id, { seats: 1, from: day(10), to: day(20) })));
    const accesses = await Promise.all(startups.map((s) => managerOn(s._id)));
    const outcomes = await Promise.allSettled(requests.map((r, i) => approveRequest(accesses[i], String(r._id), { space: String(space._id), pricePerSeat: 300, reason: '' }, deps)));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).to.have.length(1);
    const [y, m, d] = day(10).split('-');
    for (const o of outcomes.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(o.reason).to.be.instanceOf(ValidationFailed);
      expect(text((o.reason as ValidationFailed).fields.seats.key, (o.reason as ValidationFailed).fields.seats.vars)).to.equal(text('hosting.errors.full', { day: `${d}/${m}/${y}`, free: 0 }));
    }
    expect(await HostingAllocation.countDocuments({ space: space._id })).to.equal(2);
    expect(await HostingRequest.countDocuments({ status: 'approved', _id: mongoose.trusted({ $in: requests.map((r) => r._id) }) })).to.equal(1);
  });

  it('the same approval posted twice writes one allocation and answers both times', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 5 });
    const s = await makeStartup();
    const request = await makeHostingRequest(s._id, { seats: 2, from: day(1), to: day(2) });
    const access = await managerOn(s._id);
    const input = { space: String(space._id), pricePerSeat: 300, reason: '' };
    const both = await Promise.all([approveRequest(access, String(request._id), input, deps), approveRequest(access, String(request._id), input, deps)]);
    expect(both).to.deep.equal([space.name, space.name]);
    expect(await HostingAllocation.countDocuments({ startup: s._id })).to.equal(1);
  });
});

describe('hosting: requirements of a space over the whole period', () => {
  const start = addDays(today(), 10);

  it('met, missing, and expiring mid-period, each named', async () => {
    const site = await makeSite();
    const training = await makeRequirement({ name: 'Formation sécurité laboratoire L2', validityMonths: 12 });
    const insurance = await makeRequirement({ name: 'Attestation d’assurance RC', validityMonths: 12, kind: 'document' });
    const bench = await makeSpace(site._id, { kind: 'lab_l2', name: 'Paillasse 1', requirements: [training._id, insurance._id] });
    const s = await makeStartup();
    const range = { from: start, to: addDays(start, 90) };
    expect((await unmetRequirements(String(s._id), String(bench._id), range)).map((u) => u.name)).to.deep.equal(['Attestation d’assurance RC', 'Formation sécurité laboratoire L2']);
    // The training taken eleven months before the start lapses a month into the period.
    const taken = addDays(start, -335);
    await makeRequirementRecord(s._id, training, taken);
    await makeRequirementRecord(s._id, insurance, addDays(start, -1));
    const unmet = await unmetRequirements(String(s._id), String(bench._id), range);
    expect(unmet).to.have.length(1);
    expect(unmet[0]).to.include({ name: 'Formation sécurité laboratoire L2', expiresOn: validUntil(taken, 12) });
    const request = await makeHostingRequest(s._id, { kind: 'lab_l2', from: range.from, to: range.to });
    const fields = await refusal(approveRequest(await managerOn(s._id), String(request._id), { space: String(bench._id), pricePerSeat: 400, reason: '' }, deps));
    const [y, m, d] = validUntil(taken, 12).split('-');
    expect(fields.space).to.equal(text('hosting.errors.requirementExpires', { name: 'Formation sécurité laboratoire L2', day: `${d}/${m}/${y}` }));
    // Taken again: met for the whole period, the allocation is written.
    await makeRequirementRecord(s._id, training, today());
    expect(await unmetRequirements(String(s._id), String(bench._id), range)).to.deep.equal([]);
    await approveRequest(await managerOn(s._id), String(request._id), { space: String(bench._id), pricePerSeat: 400, reason: '' }, deps);
    expect(await HostingAllocation.countDocuments({ startup: s._id })).to.equal(1);
  });

  it('validity: obtained on 15 March for 12 months is valid through 14 March; 31 January + 1 month through 27 February', () => {
    expect(validUntil('2026-03-15', 12)).to.equal('2027-03-14');
    expect(validUntil('2026-01-31', 1)).to.equal('2026-02-27');
    expect(validUntil('2028-01-31', 1)).to.equal('2028-02-28');
  });
});

describe('hosting: status follows the dates; ending early and extending', () => {
  it('approved before the first day, active through the last, ended after', () => {
    const a = { from: '2026-05-10', to: '2026-05-20' };
    expect(allocationStatus(a, '2026-05-09')).to.equal('approved');
    expect(allocationStatus(a, '2026-05-10')).to.equal('active');
    expect(allocationStatus(a, '2026-05-20')).to.equal('active');
    expect(allocationStatus(a, '2026-05-21')).to.equal('ended');
  });

  it('extending over a full day is refused naming it; ending early frees the seats; a stale version changes nothing', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 1 });
    const [a, b] = [await makeStartup(), await makeStartup()];
    const t = today();
    const mine = await makeAllocation(space, a._id, t, addDays(t, 10));
    await makeAllocation(space, b._id, addDays(t, 15), addDays(t, 20));
    const access = await managerOn(a._id);
    const fields = await refusal(changeEnd(access, String(mine._id), { to: addDays(t, 16), reason: 'Prolongation', version: 0 }));
    const [y, m, d] = addDays(t, 15).split('-');
    expect(fields.to).to.equal(text('hosting.errors.full', { day: `${d}/${m}/${y}`, free: 0 }));
    expect(await changeEnd(access, String(mine._id), { to: addDays(t, 14), reason: 'Prolongation', version: 0 })).to.equal('extended');
    const stale = await changeEnd(access, String(mine._id), { to: addDays(t, 5), reason: 'Départ', version: 0 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((stale as { status?: number }).status).to.equal(409);
    expect(await changeEnd(access, String(mine._id), { to: addDays(t, 5), reason: 'Départ anticipé', version: 1 })).to.equal('ended');
    const stored = await HostingAllocation.findOne({ _id: mine._id }).lean();
    expect(stored?.to).to.equal(addDays(t, 5));
    expect(stored?.changes.map((c) => [c.previousTo, c.to, c.reason])).to.deep.equal([
      [addDays(t, 10), addDays(t, 14), 'Prolongation'],
      [addDays(t, 14), addDays(t, 5), 'Départ anticipé'],
    ]);
    expect((await spaceLoad(String(space._id), { from: addDays(t, 6), to: addDays(t, 14) })).worstFree).to.equal(1);
  });
});

describe('hosting: a founder’s request', () => {
  it('refused: end before start, a start in the past, more seats than the space holds, an unknown space', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { capacity: 2 });
    const s = await makeStartup();
    const founder = await makeUser({ role: 'founder', startups: [s._id] });
    const access = await startupAccess(toSessionUser(founder), String(s._id));
    const t = today();
    const base = { kind: 'office' as const, seats: 1, from: addDays(t, 5), to: addDays(t, 9), note: '' };
    expect((await refusal(requestHosting(access, { ...base, to: addDays(t, 4) }, deps))).to).to.equal(text('hosting.errors.endBeforeStart'));
    expect((await refusal(requestHosting(access, { ...base, from: addDays(t, -1) }, deps))).from).to.equal(text('hosting.errors.startInPast'));
    expect((await refusal(requestHosting(access, { ...base, space: String(space._id), seats: 3 }, deps))).seats).to.equal(text('hosting.errors.aboveCapacity', { capacity: 2 }));
    expect((await refusal(requestHosting(access, { ...base, space: '64b000000000000000000000' }, deps))).space).to.equal(text('hosting.errors.unknownSpace'));
    expect(await HostingRequest.countDocuments({ startup: s._id })).to.equal(0);
    await requestHosting(access, { ...base, to: base.from }, deps);
    expect(await HostingRequest.countDocuments({ startup: s._id, status: 'pending' })).to.equal(1);
  });
});
