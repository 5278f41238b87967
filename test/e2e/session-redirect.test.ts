import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Page } from 'playwright-core';
import { SESSION_COLLECTION } from '../../src/core/auth/sessions';
import { FACTORY_PASSWORD, makeUser } from '../../src/seed/factories';
import { type RunningApp, journey } from './helpers';

/**
 * What is written to the session just before a redirect must be there on the page the browser
 * lands on. A browser follows a 303 as soon as its headers arrive; express-session sends those
 * headers before its save of the session has finished, so the next page can read the session too
 * early and then store it back without what the POST added (seen: about one sign-in in five lost
 * its "Bienvenue" message and its loginAt, which the absolute session timeout relies on).
 * supertest waits for whole responses and cannot see this; a real browser can.
 */
describe('browser: a redirect after a form waits for the session to be stored', () => {
  const ROUNDS = 25;
  let running: RunningApp;
  let page: Page;
  let problems: string[];

  journey('session-', {
    ready: (s) => ({ running, page, problems } = s),
  });

  it(`every one of ${ROUNDS} sign-ins shows its welcome message and stores the login time`, async function () {
    this.timeout(180_000);
    const user = await makeUser({ role: 'mentor', name: 'Marc Petit' });
    const failures: string[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      await page.goto(`${running.baseUrl}/login`);
      await page.locator('#f-email').fill(user.email);
      await page.locator('#f-password').fill(FACTORY_PASSWORD);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Se connecter' }).click()]);
      expect(new URL(page.url()).pathname, `round ${round}: signed in`).to.equal('/');
      const welcome = await page.getByRole('status').filter({ hasText: 'Bienvenue, Marc Petit.' }).count();

      // The session as stored once both requests are over.
      await page.waitForTimeout(150);
      const db = mongoose.connection.db;
      if (!db) throw new Error('no database');
      const sessions = await db.collection(SESSION_COLLECTION).find({}).toArray();
      const mine = sessions.filter((s) => (s.session as { passport?: { user?: { id?: string } } })?.passport?.user?.id === String(user._id));
      const loginAt = mine.some((s) => typeof (s.session as { loginAt?: unknown }).loginAt === 'number');
      if (!welcome || !loginAt) failures.push(`round ${round}: welcome shown ${Boolean(welcome)}, loginAt stored ${loginAt}`);

      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
