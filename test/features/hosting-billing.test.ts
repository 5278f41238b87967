import { expect } from 'chai';
import { billing, occupancy } from '../../src/hosting/billing';
import { makeAllocation, makeSite, makeSpace, makeStartup } from '../../src/seed/factories';

/** A month's bill: seats × price per seat and month, prorated by the days present; totals per site. */
describe('hosting: billing and occupancy of a month', () => {
  it('prorates by days present: whole 31- and 28-day months, a partial first and last month, totals per site', async () => {
    const lyon = await makeSite({ name: 'Lyon Santé' });
    const evry = await makeSite({ name: 'Évry Bio' });
    const office = await makeSpace(lyon._id, { name: 'Bureau 2', capacity: 4, pricePerSeat: 310 });
    const bench = await makeSpace(evry._id, { name: 'Paillasse A', kind: 'lab_l1', capacity: 2, pricePerSeat: 560 });
    const a = await makeStartup({ name: 'Alpha Diag' });
    const b = await makeStartup({ name: 'Beta Bio' });
    // Alpha: 2 seats from 11 January to 17 February 2027.
    await makeAllocation(office, a._id, '2027-01-11', '2027-02-17', 2);
    // Beta: 1 seat the whole of January and February.
    await makeAllocation(bench, b._id, '2027-01-01', '2027-02-28', 1);

    const january = await billing('2027-01');
    expect(january.lines.map((l) => [l.siteName, l.startupName, l.days, l.monthDays, l.amount])).to.deep.equal([
      ['Évry Bio', 'Beta Bio', 31, 31, 560],
      ['Lyon Santé', 'Alpha Diag', 21, 31, 420],
    ]);
    expect(january.sites.map((s) => [s.siteName, s.total])).to.deep.equal([
      ['Évry Bio', 560],
      ['Lyon Santé', 420],
    ]);
    expect(january.total).to.equal(980);

    const february = await billing('2027-02');
    // 17 of 28 days × 2 seats × 310 € = 376.43 €.
    expect(february.lines.map((l) => [l.startupName, l.days, l.monthDays, l.amount])).to.deep.equal([
      ['Beta Bio', 28, 28, 560],
      ['Alpha Diag', 17, 28, 376.43],
    ]);
    expect((await billing('2027-03')).lines).to.deep.equal([]);
  });

  it('occupancy: seat-days used over seat-days offered while open, with the month a year before', async () => {
    const site = await makeSite();
    const space = await makeSpace(site._id, { name: 'Open space', kind: 'desk', capacity: 10, openedOn: '2026-04-16' });
    const s = await makeStartup();
    await makeAllocation(space, s._id, '2026-04-16', '2026-04-30', 5);
    await makeAllocation(space, s._id, '2027-04-01', '2027-04-30', 2);
    const result = await occupancy(String(site._id), ['2026-04', '2027-04']);
    // April 2026: open 15 days × 10 seats = 150 seat-days, 75 used. April 2027: 60 of 300.
    expect(result.spaces[0].months).to.deep.equal([
      { rate: 0.5, previousYear: null },
      { rate: 0.2, previousYear: 0.5 },
    ]);
    expect(result.site).to.deep.equal(result.spaces[0].months);
  });
});
