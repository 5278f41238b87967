import { expect } from 'chai';
import { addDays, today } from '../../src/hosting/days';
import { HostingAllocation, HostingRequest, RequirementRecord, Site, Space } from '../../src/hosting/model';
import { Notification } from '../../src/notifications/model';
import { makeAllocation, makeAssignment, makeHostingRequest, makeRequirement, makeSite, makeSpace, makeStartup } from '../../src/seed/factories';
import { makeApp, sharedWorld, text, type TestApp } from '../helpers';
import { csvRows, founderOf, mentorOf, someone, type Person } from './mentoring.helpers';

/** The hosting pages as each role uses them (DESIGN.md section 3: hosting rows), their forms' refusals, and the whole loop. */
const post = (who: Person, action: string, fields: Record<string, string | string[]> = {}) => who.agent.post(action).type('form').send({ _csrf: who.token, ...fields });

describe('hosting: who reaches what', () => {
  let t: TestApp;
  const p: Record<string, Person> = {};
  let ids: { a: string; b: string; request: string; allocation: string; site: string; space: string };

  sharedWorld(async () => {
    t = makeApp();
    const a = await makeStartup({ name: 'CardioSense' });
    const b = await makeStartup({ name: 'Oncolytix' });
    const site = await makeSite({ name: 'Bioparc' });
    const space = await makeSpace(site._id, { name: 'Bureau 12', capacity: 4 });
    const request = await makeHostingRequest(a._id, { from: addDays(today(), 10), to: addDays(today(), 40) });
    const allocation = await makeAllocation(space, a._id, today(), addDays(today(), 30));
    p.manager = await someone(t.app, 'manager');
    p.founderA = await founderOf(t.app, [a._id]);
    p.founderB = await founderOf(t.app, [b._id]);
    p.mentor = await mentorOf(t.app, [a._id]);
    p.partner = await someone(t.app, 'partner');
    p.observer = await someone(t.app, 'observer');
    ids = { a: String(a._id), b: String(b._id), request: String(request._id), allocation: String(allocation._id), site: String(site._id), space: String(space._id) };
    await makeAssignment({ mentor: p.mentor.user._id, startup: a._id, from: new Date(Date.now() - 86_400_000) });
  });

  it('the founder reads their startup’s tab and request, and may request; never another startup’s (404)', async () => {
    const tab = await p.founderA.agent.get(`/startups/${ids.a}/hosting`);
    expect(tab.status).to.equal(200);
    expect(tab.text).to.contain('Bureau 12');
    expect(tab.text).to.contain(text('hosting.request.title'));
    expect(tab.text, 'no manager action').not.to.contain(text('hosting.change.link'));
    expect((await p.founderA.agent.get(`/startups/${ids.a}/hosting/requests/${ids.request}`)).status).to.equal(200);
    expect((await p.founderA.agent.get(`/startups/${ids.a}/hosting/request`)).status).to.equal(200);
    for (const path of [`/startups/${ids.a}/hosting`, `/startups/${ids.a}/hosting/request`, `/startups/${ids.a}/hosting/requests/${ids.request}`]) {
      expect((await p.founderB.agent.get(path)).status, path).to.equal(404);
    }
    // The other startup's request through one's own startup: 404 as well.
    expect((await p.founderB.agent.get(`/startups/${ids.b}/hosting/requests/${ids.request}`)).status).to.equal(404);
    expect((await post(p.founderB, `/startups/${ids.a}/hosting/request`, { kind: 'office', seats: '1', from: addDays(today(), 5), to: addDays(today(), 6) })).status).to.equal(404);
    expect(await HostingRequest.countDocuments({})).to.equal(1);
  });

  it('founders may not decide, change an allocation, record a requirement or open the programme’s hosting pages (403)', async () => {
    expect((await post(p.founderA, `/startups/${ids.a}/hosting/requests/${ids.request}/decision`, { decision: 'approve', space: ids.space, pricePerSeat: '1' })).status).to.equal(403);
    expect((await p.founderA.agent.get(`/startups/${ids.a}/hosting/allocations/${ids.allocation}`)).status).to.equal(403);
    expect((await p.founderA.agent.get(`/startups/${ids.a}/hosting/requirements/new`)).status).to.equal(403);
    for (const path of ['/hosting/requests', '/hosting/sites', `/hosting/sites/${ids.site}`, `/hosting/sites/${ids.site}/timeline`, '/hosting/billing', '/hosting/billing.csv']) {
      expect((await p.founderA.agent.get(path)).status, path).to.equal(403);
    }
    expect((await HostingRequest.findOne({}).lean())?.status).to.equal('pending');
  });

  it('mentors (even of the startup), partners and observers: 403 on the tab and every hosting page', async () => {
    for (const who of ['mentor', 'partner', 'observer']) {
      for (const path of [`/startups/${ids.a}/hosting`, `/startups/${ids.a}/hosting/request`, `/startups/${ids.a}/hosting/requests/${ids.request}`, '/hosting/requests', '/hosting/sites']) {
        expect((await p[who].agent.get(path)).status, `${who} ${path}`).to.equal(403);
      }
    }
    expect((await p.mentor.agent.get(`/startups/${ids.a}`)).text, 'no hosting tab for mentors').not.to.contain(`/startups/${ids.a}/hosting"`);
  });

  it('managers: every page answers; an unknown request, allocation or site is 404', async () => {
    for (const path of [`/startups/${ids.a}/hosting`, `/startups/${ids.a}/hosting/requests/${ids.request}`, `/startups/${ids.a}/hosting/allocations/${ids.allocation}`, `/startups/${ids.a}/hosting/requirements/new`, '/hosting/requests', '/hosting/sites', `/hosting/sites/${ids.site}`, `/hosting/sites/${ids.site}/timeline`, `/hosting/sites/${ids.site}/spaces/${ids.space}/edit`, '/hosting/requirements', '/hosting/billing']) {
      expect((await p.manager.agent.get(path)).status, path).to.equal(200);
    }
    for (const path of [`/startups/${ids.b}/hosting/requests/${ids.request}`, `/startups/${ids.b}/hosting/allocations/${ids.allocation}`, `/hosting/sites/${ids.b}`, '/hosting/sites/nope', `/hosting/sites/${ids.site}/spaces/${ids.site}/edit`]) {
      expect((await p.manager.agent.get(path)).status, path).to.equal(404);
    }
  });
});

describe('hosting: forms refuse bad input on their page and change nothing', () => {
  let t: TestApp;
  let founder: Person;
  let manager: Person;
  let startup: string;
  let site: string;

  sharedWorld(async () => {
    t = makeApp();
    const s = await makeStartup({ name: 'NeuroPulse' });
    startup = String(s._id);
    site = String((await makeSite({ name: 'Pépinière Est' }))._id);
    founder = await founderOf(t.app, [s._id]);
    manager = await someone(t.app, 'manager');
  });

  it('a request: end before start, seats of 0, an impossible day; the values stay in the form', async () => {
    const from = addDays(today(), 10);
    const cases: [Record<string, string>, string, string][] = [
      [{ to: addDays(today(), 9) }, 'e-to', text('hosting.errors.endBeforeStart')],
      [{ seats: '0' }, 'e-seats', text('hosting.errors.seats')],
      [{ from: '2027-02-30' }, 'e-from', text('validation.date')],
    ];
    for (const [change, id, message] of cases) {
      const res = await post(founder, `/startups/${startup}/hosting/request`, { kind: 'lab_l1', seats: '2', from, to: addDays(today(), 20), note: 'Culture cellulaire', ...change });
      expect(res.status, id).to.equal(422);
      expect(res.text).to.contain(`id="${id}"`);
      expect(res.text).to.contain(message);
      expect(res.text).to.contain('Culture cellulaire');
    }
    expect(await HostingRequest.countDocuments({})).to.equal(0);
  });

  it('a space: negative price, capacity 0, an unknown requirement; a site without a name', async () => {
    const space = { name: 'Paillasse 3', kind: 'lab_l2', capacity: '2', pricePerSeat: '900', openedOn: '2026-01-01' };
    for (const [change, message] of [
      [{ pricePerSeat: '-1' }, text('hosting.errors.price')],
      [{ capacity: '0' }, text('hosting.errors.capacity')],
      [{ requirements: '64b000000000000000000000' }, text('hosting.errors.unknownRequirement')],
    ] as const) {
      const res = await post(manager, `/hosting/sites/${site}/spaces/new`, { ...space, ...change });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain(message);
      expect(res.text).to.contain('value="Paillasse 3"');
    }
    expect(await Space.countDocuments({})).to.equal(0);
    const noName = await post(manager, '/hosting/sites/new', { name: '  ', address: '3 rue Pasteur' });
    expect(noName.status).to.equal(422);
    expect(noName.text).to.contain('3 rue Pasteur');
    expect(await Site.countDocuments({})).to.equal(1);
  });
});

describe('hosting: the loop from request to bill', () => {
  it('a founder asks for a lab bench; the manager sees the missing training, records it, approves; tab, timeline and billing show it', async () => {
    const t = makeApp();
    const s = await makeStartup({ name: 'Hémato Lab' });
    const founder = await founderOf(t.app, [s._id]);
    const manager = await someone(t.app, 'manager');
    const training = await makeRequirement({ name: 'Formation sécurité laboratoire L2', validityMonths: 12 });
    const site = await makeSite({ name: 'Genopole Campus 3' });
    const bench = await makeSpace(site._id, { name: 'Paillasse B2', kind: 'lab_l2', capacity: 2, pricePerSeat: 900, requirements: [training._id] });
    const from = addDays(today(), 3);
    const to = addDays(today(), 93);

    const sent = await post(founder, `/startups/${s._id}/hosting/request`, { kind: 'lab_l2', space: String(bench._id), seats: '1', from, to, note: 'Lignées cellulaires' });
    expect(sent.status).to.equal(303);
    const request = await HostingRequest.findOne({ startup: s._id }).lean();
    expect(request).to.include({ status: 'pending', seats: 1, from, to, kind: 'lab_l2' });
    expect(await Notification.countDocuments({ user: manager.user._id, kind: 'hosting.requested' })).to.equal(1);
    const page = `/startups/${s._id}/hosting/requests/${String(request?._id)}`;
    expect((await founder.agent.get(sent.headers.location)).text).to.contain(text('hosting.request.sent'));

    // The manager's page names the missing training beside the bench; approving is refused with it.
    const shown = await manager.agent.get(page);
    expect(shown.text).to.contain(text('hosting.errors.requirementMissing', { name: 'Formation sécurité laboratoire L2' }));
    const refused = await post(manager, `${page}/decision`, { decision: 'approve', space: String(bench._id), pricePerSeat: '900', reason: '' });
    expect(refused.status).to.equal(422);
    expect(await HostingAllocation.countDocuments({})).to.equal(0);

    // Recorded from the request page, back to it.
    const recorded = await post(manager, `/startups/${s._id}/hosting/requirements/new?back=${page}`, { requirement: String(training._id), person: 'Inès Morel', obtainedOn: addDays(today(), -2) });
    expect(recorded.status).to.equal(303);
    expect(recorded.headers.location).to.equal(page);
    expect(await RequirementRecord.countDocuments({ startup: s._id })).to.equal(1);

    const approved = await post(manager, `${page}/decision`, { decision: 'approve', space: String(bench._id), pricePerSeat: '850', reason: '' });
    expect(approved.status).to.equal(303);
    expect((await manager.agent.get(approved.headers.location)).text).to.contain(text('hosting.decision.approved', { space: 'Paillasse B2' }));
    expect(await HostingAllocation.findOne({ startup: s._id }).lean()).to.include({ seats: 1, from, to, pricePerSeat: 850 });
    expect(await Notification.countDocuments({ user: founder.user._id, kind: 'hosting.approved' })).to.equal(1);

    const tab = await founder.agent.get(`/startups/${s._id}/hosting`);
    expect(tab.text).to.contain('Paillasse B2');
    expect(tab.text).to.contain(text('hosting.allocationStatuses.approved'));
    const timeline = await manager.agent.get(`/hosting/sites/${String(site._id)}/timeline`);
    expect(timeline.text).to.contain('Hémato Lab');

    // The month of the first day: 900 € × days present / days of the month, at the approved price.
    const month = from.slice(0, 7);
    const csv = csvRows((await manager.agent.get(`/hosting/billing.csv?month=${month}`)).text);
    const line = csv.find((r) => r[2] === 'Hémato Lab');
    const [y, m] = month.split('-').map(Number);
    const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const present = Math.min(monthDays, Number(to.slice(0, 7) === month ? to.slice(8) : monthDays)) - Number(from.slice(8)) + 1;
    expect(line?.slice(0, 7)).to.deep.equal(['Genopole Campus 3', 'Paillasse B2', 'Hémato Lab', '1', '850,00', String(present), String(monthDays)]);
    expect(line?.[7]).to.equal(((850 * present) / monthDays).toFixed(2).replace('.', ','));
  });

  it('a proposal the founder accepts becomes the allocation; a rejection needs a reason', async () => {
    const t = makeApp();
    const s = await makeStartup({ name: 'Derma AI' });
    const founder = await founderOf(t.app, [s._id]);
    const manager = await someone(t.app, 'manager');
    const site = await makeSite({ name: 'Hôtel d’entreprises' });
    const desk = await makeSpace(site._id, { name: 'Open space A', kind: 'desk', capacity: 10, pricePerSeat: 250 });
    const from = addDays(today(), 5);
    const request = await makeHostingRequest(s._id, { kind: 'office', seats: 2, from, to: addDays(from, 60) });
    const page = `/startups/${s._id}/hosting/requests/${String(request._id)}`;

    const noReason = await post(manager, `${page}/decision`, { decision: 'reject', reason: '' });
    expect(noReason.status).to.equal(422);
    expect(noReason.text).to.contain(text('hosting.errors.reasonRequired'));

    expect((await post(manager, `${page}/decision`, { decision: 'propose', space: String(desk._id), pricePerSeat: '240', reason: 'Plus de bureau libre' })).status).to.equal(303);
    expect((await HostingRequest.findOne({ _id: request._id }).lean())?.status).to.equal('proposed');
    expect(await Notification.countDocuments({ user: founder.user._id, kind: 'hosting.proposed' })).to.equal(1);
    const seen = await founder.agent.get(page);
    expect(seen.text).to.contain('Open space A');
    expect(seen.text).to.contain(text('hosting.answer.accept'));

    expect((await post(founder, `${page}/accept`)).status).to.equal(303);
    expect(await HostingAllocation.findOne({ startup: s._id }).lean()).to.include({ seats: 2, pricePerSeat: 240 });
    expect((await HostingRequest.findOne({ _id: request._id }).lean())?.status).to.equal('approved');
    // Answering again: refused with the current state shown, nothing doubled.
    const again = await post(founder, `${page}/decline`);
    expect((await founder.agent.get(again.headers.location)).text).to.contain(text('hosting.errors.alreadyDecided').replace(/’/g, '&#x27;'));
    expect(await HostingAllocation.countDocuments({ startup: s._id })).to.equal(1);
  });

  it('a price left empty is the chosen space’s own price', async () => {
    const t = makeApp();
    const s = await makeStartup({ name: 'Ortho3D' });
    const manager = await someone(t.app, 'manager');
    const site = await makeSite({ name: 'Technopole' });
    const office = await makeSpace(site._id, { name: 'Bureau 4', capacity: 3, pricePerSeat: 410 });
    const request = await makeHostingRequest(s._id, { kind: 'office', seats: 1, from: addDays(today(), 2), to: addDays(today(), 20) });
    const res = await post(manager, `/startups/${s._id}/hosting/requests/${String(request._id)}/decision`, { decision: 'approve', space: String(office._id), pricePerSeat: '', reason: '' });
    expect(res.status).to.equal(303);
    expect(await HostingAllocation.findOne({ startup: s._id }).lean()).to.include({ pricePerSeat: 410 });
  });
});
