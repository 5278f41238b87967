import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import Joi from 'joi';
import { ROOT_DIR } from '../../src/core/config';

/**
 * Every string a form or a query sends goes through the shared rules of src/core/http/schemas.ts:
 * free text through line()/text() (the one text normalisation), dates through day() (the one date
 * rule), or it is a closed choice (a list of values, a pattern, an id, an e-mail, a URL, an amount).
 * A new feature's schemas.ts is read here without being named: a plain Joi.string() fails.
 */

/** Fields that are neither free text nor a choice, named on purpose. */
const EXEMPT = new Set([
  // The login e-mail is looked up as typed (the same answer for any unknown address).
  'account.loginSchema.email',
  // Return paths are checked by safeReturnPath().
  'account.loginSchema.next',
  'account.localeSchema.returnTo',
]);

interface Description {
  type: string;
  keys?: Record<string, Description>;
  patterns?: { rule: Description }[];
  items?: Description[];
  matches?: { schema?: Description; then?: Description; otherwise?: Description }[];
  whens?: { then?: Description; otherwise?: Description }[];
  flags?: { only?: boolean; result?: string };
  rules?: { name: string }[];
  metas?: { rule?: string }[];
}

const CLOSED_RULES = new Set(['pattern', 'hex', 'guid', 'email', 'uri', 'isoDate', 'length']);

function problems(where: string, d: Description | undefined): string[] {
  if (!d) return [];
  const out: string[] = [];
  for (const w of d.whens ?? []) out.push(...problems(where, w.then), ...problems(where, w.otherwise));
  for (const m of d.matches ?? []) out.push(...problems(where, m.schema), ...problems(where, m.then), ...problems(where, m.otherwise));
  for (const item of d.items ?? []) out.push(...problems(`${where}[]`, item));
  for (const [key, child] of Object.entries(d.keys ?? {})) out.push(...problems(`${where}.${key}`, child));
  for (const p of d.patterns ?? []) out.push(...problems(`${where}.<pattern>`, p.rule));
  if (d.type !== 'string' || EXEMPT.has(where)) return out;
  const rules = (d.rules ?? []).map((r) => r.name);
  const closed = d.flags?.only || rules.some((r) => CLOSED_RULES.has(r)) || (d.metas ?? []).some((m) => ['day', 'amount', 'password'].includes(m.rule ?? ''));
  if (!closed) out.push(`${where}: a plain Joi.string(); use line()/text() for free text, day() for a date, or a closed choice`);
  return out;
}

/** Every schema a feature's schemas.ts exports, including those its functions build (axes, milestones…). */
function featureSchemas(): [string, Joi.Schema][] {
  const src = path.join(ROOT_DIR, 'src');
  const found: [string, Joi.Schema][] = [];
  for (const feature of readdirSync(src)) {
    const file = path.join(src, feature, 'schemas.ts');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a test reading every feature's module by its path
    const exported = require(file) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (Joi.isSchema(value)) found.push([`${feature}.${name}`, value]);
      else if (typeof value === 'function' && /Schema$/.test(name)) {
        const built: unknown = (value as (...args: unknown[]) => unknown)(['axis_a', 'axis_b'], ['0123456789abcdef01234567']);
        if (Joi.isSchema(built)) found.push([`${feature}.${name}`, built]);
      }
    }
  }
  return found;
}

describe('the shape of every form schema', () => {
  it('finds the schemas of the features (a check that reads nothing would pass anything)', () => {
    const names = featureSchemas().map(([name]) => name);
    expect(names).to.include.members(['startups.createStartupSchema', 'cohorts.cohortSchema', 'milestones.milestoneSchema', 'checkins.checkinSchema', 'readiness.assessmentSchema']);
  });

  it('reads every string through the shared rules: free text cleaned, dates by the one rule, or a closed choice', () => {
    const found = featureSchemas().flatMap(([name, schema]) => problems(name, schema.describe() as Description));
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('would name a plain string field (the check is not blind)', () => {
    const found = problems('x.y', Joi.object({ title: Joi.string().trim().max(10), kind: Joi.string().valid('a') }).describe() as Description);
    expect(found).to.have.length(1);
    expect(found[0]).to.match(/^x\.y\.title:/);
  });
});
