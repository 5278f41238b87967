import { expect } from 'chai';
import { promises as fs } from 'fs';
import path from 'path';
import { hasKey } from '../../src/core/i18n';
import { REFERRAL_STATUSES } from '../../src/referrals/model';
import '../../src/texts';

/** Every file of a folder, recursively. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return (await Promise.all(entries.map((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name)) : [path.join(dir, e.name)])))).flat();
}

/**
 * The activity log names each recorded action in the reader's language: every action a service
 * records (the literal ones in the sources, and the referral's transitions and consent decisions,
 * which are built from a status) has its words in French and English.
 */
describe('audit trail: every recorded action has its words', () => {
  it('in both languages', async () => {
    const sources = (await filesOf(path.join(__dirname, '..', '..', 'src'))).filter((f) => f.endsWith('.ts'));
    const actions = new Set<string>();
    for (const file of sources) {
      for (const m of (await fs.readFile(file, 'utf8')).matchAll(/audit\([^)]*?action: '([a-zA-Z]+\.[a-zA-Z]+)'/gs)) actions.add(m[1]);
    }
    for (const status of REFERRAL_STATUSES) if (status !== 'draft') actions.add(`referral.${status}`);
    for (const event of ['consentGiven', 'consentRefused', 'consentWithdrawn']) actions.add(`referral.${event}`);
    expect(actions.size).to.be.greaterThan(60);
    const missing = [...actions].filter((a) => !hasKey('fr', `activity.actions.${a}`) || !hasKey('en', `activity.actions.${a}`));
    expect(missing).to.deep.equal([]);
  });
});
