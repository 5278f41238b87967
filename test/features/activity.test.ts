import { expect } from 'chai';
import { Writable } from 'node:stream';
import { archiveActivity } from '../../src/core/audit/archive';
import { ActivityEntry, ArchivedActivityEntry } from '../../src/core/audit/model';
import { runChores } from '../../src/core/db/housekeeping';
import { createLogger } from '../../src/core/logger';
import { Notification } from '../../src/notifications/model';
import { pruneReadNotifications } from '../../src/notifications/service';
import { makeUser } from '../../src/seed/factories';
import { makeApp, signedIn, text } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

/** The summaries listed on an activity page, in order. */
const listed = (page: string): string[] => [...page.matchAll(/<tr><td class="text-nowrap"[^>]*>[^<]*<\/td><td[^>]*>[^<]*<\/td><td[^>]*>[^<]*<\/td><td[^>]*>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);

describe('the activity log: the live year, its archive, and housekeeping', () => {
  it('moves entries older than a year to the archive, once, even with two instances at it together', async () => {
    await ActivityEntry.insertMany([
      ...Array.from({ length: 1500 }, (_, i) => ({ action: 'startup.updated', entityType: 'Startup', summary: `ancien ${i}`, at: ago(400 + (i % 300)) })),
      ...Array.from({ length: 30 }, (_, i) => ({ action: 'startup.updated', entityType: 'Startup', summary: `récent ${i}`, at: ago(i) })),
    ]);
    const [a, b] = await Promise.all([archiveActivity(), archiveActivity()]);
    expect(a + b).to.equal(1500);
    expect(await ActivityEntry.countDocuments({})).to.equal(30);
    expect(await ArchivedActivityEntry.countDocuments({})).to.equal(1500);
    expect(await archiveActivity()).to.equal(0);
  });

  it('lists the live year newest first and the archive apart, both searchable, with their counts', async () => {
    const { app } = makeApp();
    const { agent } = await signedIn(app, { role: 'manager' });
    await ActivityEntry.insertMany([
      { action: 'startup.updated', entityType: 'Startup', summary: 'CardioSense : pitch', at: ago(2) },
      { action: 'document.uploaded', entityType: 'Document', summary: 'Oncolytix : plan', at: ago(1) },
      { action: 'startup.updated', entityType: 'Startup', summary: 'CardioSense : site', at: ago(500) },
    ]);
    await archiveActivity();
    expect(listed((await agent.get('/activity')).text)).to.deep.equal(['Oncolytix : plan', 'CardioSense : pitch']);
    expect(listed((await agent.get('/activity?q=cardio')).text)).to.deep.equal(['CardioSense : pitch']);
    expect(listed((await agent.get('/activity?entityType=Document')).text)).to.deep.equal(['Oncolytix : plan']);
    const archive = await agent.get('/activity?archive=1');
    expect(listed(archive.text)).to.deep.equal(['CardioSense : site']);
    expect(archive.text).to.contain(text('activity.archiveHelp'));
    expect(archive.text).to.contain('aria-current="page">Archives');
    expect(listed((await agent.get('/activity?archive=1&q=oncolytix')).text)).to.deep.equal([]);
    expect((await agent.get('/activity?archive=1&q=oncolytix')).text).to.contain(text('activity.archiveEmpty'));
  });

  it('pages a search by 20 with its total, newest first, whatever the matches’ dates', async () => {
    const { app } = makeApp();
    const { agent } = await signedIn(app, { role: 'manager' });
    await ActivityEntry.insertMany(Array.from({ length: 25 }, (_, i) => ({ action: 'startup.updated', entityType: 'Startup', summary: `jalon ${String(i).padStart(2, '0')}`, at: ago(i * 13) })));
    const first = await agent.get('/activity?q=jalon');
    expect(listed(first.text)).to.have.length(20);
    expect(listed(first.text)[0]).to.equal('jalon 00');
    expect(first.text).to.contain('1 / 2');
    expect(listed((await agent.get('/activity?q=jalon&page=2')).text)).to.deep.equal(['jalon 20', 'jalon 21', 'jalon 22', 'jalon 23', 'jalon 24']);
  });

  it('removes notifications read over 90 days ago, never an unread one', async () => {
    const user = await makeUser();
    await Notification.collection.insertMany([
      { user: user._id, kind: 'milestone.approved', params: {}, link: '/', readAt: ago(100), createdAt: ago(120) },
      { user: user._id, kind: 'milestone.approved', params: {}, link: '/', readAt: ago(10), createdAt: ago(120) },
      { user: user._id, kind: 'milestone.approved', params: {}, link: '/', readAt: null, createdAt: ago(700) },
    ]);
    expect(await pruneReadNotifications()).to.equal(1);
    expect(await Notification.countDocuments({})).to.equal(2);
    expect(await Notification.countDocuments({ readAt: null })).to.equal(1);
  });

  it('runs every chore even when one fails, and says so in the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const ran: string[] = [];
    await runChores(
      [
        ['breaks', () => Promise.reject(new Error('disk full'))],
        ['works', async () => (ran.push('works'), 3)],
      ],
      createLogger('info', sink),
    );
    expect(ran).to.deep.equal(['works']);
    expect(lines.join('')).to.contain('"chore":"breaks"').and.contain('housekeeping failed').and.contain('"chore":"works"');
  });
});
