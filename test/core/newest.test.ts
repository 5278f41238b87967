import { expect } from 'chai';
import { audit, recentActivity } from '../../src/core/audit';
import { ActivityEntry, RECENT_KEPT, RecentActivity } from '../../src/core/audit/model';
import { newestFirst } from '../../src/core/db/newest';

const DAY = 24 * 60 * 60 * 1000;

describe('newest first without sorting the whole collection', () => {
  it('pages an append-only collection newest first across its time windows', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    // Entries 1, 3, 20, 200 and 800 days old (a week, a month, a year and older), out of order.
    const ages = [200, 1, 800, 20, 3];
    await ActivityEntry.insertMany(ages.map((days) => ({ action: `a${days}`, entityType: 'Startup', at: new Date(now.getTime() - days * DAY) })));
    const page = async (skip: number, limit: number) => (await newestFirst(ActivityEntry, {}, { field: 'at', skip, limit, now })).map((e) => e.action);
    expect(await page(0, 2)).to.deep.equal(['a1', 'a3']);
    expect(await page(0, 3)).to.deep.equal(['a1', 'a3', 'a20']);
    expect(await page(2, 2)).to.deep.equal(['a20', 'a200']);
    expect(await page(3, 10)).to.deep.equal(['a200', 'a800']);
    expect(await page(5, 10)).to.deep.equal([]);
    // With a filter too.
    const filtered = await newestFirst(ActivityEntry, { action: 'a800' }, { field: 'at', skip: 0, limit: 5, now });
    expect(filtered.map((e) => e.action)).to.deep.equal(['a800']);
  });

  it('keeps the last entries of the trail in one document, newest first, the oldest dropped', async () => {
    const actor = { id: '5f0000000000000000000001', name: 'Claire Martin' };
    for (let i = 1; i <= RECENT_KEPT + 5; i += 1) await audit(actor, { action: `step.${i}`, entityType: 'Startup', summary: `étape ${i}` });
    const recent = await recentActivity(8);
    expect(recent.map((e) => e.action)).to.deep.equal([25, 24, 23, 22, 21, 20, 19, 18].map((i) => `step.${i}`));
    expect((await RecentActivity.findOne({ _id: 'recent' }).lean())?.entries).to.have.length(RECENT_KEPT);
    expect(recent[0]).to.include({ actorName: 'Claire Martin', summary: 'étape 25' });
  });

  it('builds the recent list from the trail the first time (a database from before the list)', async () => {
    await ActivityEntry.insertMany([1, 2, 3].map((i) => ({ action: `old.${i}`, entityType: 'User', at: new Date(Date.now() - (10 - i) * DAY) })));
    expect(await RecentActivity.countDocuments({})).to.equal(0);
    expect((await recentActivity(8)).map((e) => e.action)).to.deep.equal(['old.3', 'old.2', 'old.1']);
    await audit(null, { action: 'new.1', entityType: 'User' });
    expect((await recentActivity(2)).map((e) => e.action)).to.deep.equal(['new.1', 'old.3']);
  });
});
