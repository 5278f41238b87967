import Handlebars from 'handlebars';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { login, type Agent, text } from '../helpers';
import type { Express } from 'express';

/** Text as Handlebars puts it in a page (`'`, `=`, `&`… escaped). */
export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

export const FORBIDDEN = text('errors.forbidden');
export const NOT_FOUND = text('errors.notFound');
export const STALE = text('errors.staleEdit');

/** Startup names of the list page, in the order shown. */
export function listedNames(page: string): string[] {
  return [...page.matchAll(/data-startup-name>([^<]*)<\/a>/g)].map((m) => m[1]);
}

/** The value of a form field of a page (input value or textarea text), as the browser would post it. */
export function fieldValue(page: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(page);
  if (input) return input[1];
  const area = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(page);
  return area?.[1];
}

/** The version hidden in a form page. */
export async function versionOn(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path);
  const match = /name="version" value="(\d+)"/.exec(res.text);
  if (!match) throw new Error(`no version on ${path} (status ${res.status})`);
  return match[1];
}

/**
 * A programme with two cohorts and four startups, a founder of Alpha, a mentor assigned to Beta
 * (current), one whose assignment to Gamma ended, and one whose assignment to Delta starts later.
 */
export async function startupWorld() {
  const programme = await makeProgramme({ name: 'Santenov’Boost' });
  const spring = await makeCohort(programme._id, { name: 'Printemps 2026' });
  const autumn = await makeCohort(programme._id, { name: 'Automne 2026', status: 'planned' });
  const alpha = await makeStartup({ name: 'Alpha Santé', programme: programme._id, cohort: spring._id, stage: 'validation', status: 'active', area: 'medtech' });
  const beta = await makeStartup({ name: 'Beta Bio', programme: programme._id, cohort: spring._id, stage: 'ideation', status: 'active', area: 'biotherapies' });
  const gamma = await makeStartup({ name: 'Gamma Diag', programme: programme._id, cohort: autumn._id, stage: 'development', status: 'applicant', area: 'diagnostics' });
  const delta = await makeStartup({ name: 'Delta Care', programme: programme._id, cohort: autumn._id, stage: 'proof_of_concept', status: 'alumni', area: 'e_health' });
  await Startup.updateOne({ _id: alpha._id }, { $set: { tags: ['IA', 'CE'] } });
  await Startup.updateOne({ _id: gamma._id }, { $set: { tags: ['IA'] } });

  const manager = await makeUser({ role: 'manager', name: 'Claire Manager' });
  const founder = await makeUser({ role: 'founder', name: 'Fanny Fondatrice', startups: [alpha._id] });
  const mentor = await makeUser({ role: 'mentor', name: 'Marc Mentor' });
  const day = 24 * 60 * 60 * 1000;
  await MentorAssignment.create({ mentor: mentor._id, startup: beta._id, from: new Date(Date.now() - 30 * day) });
  await MentorAssignment.create({ mentor: mentor._id, startup: gamma._id, from: new Date(Date.now() - 90 * day), to: new Date(Date.now() - day) });
  await MentorAssignment.create({ mentor: mentor._id, startup: delta._id, from: new Date(Date.now() + 10 * day) });
  const partner = await makeUser({ role: 'partner' });
  const observer = await makeUser({ role: 'observer' });
  return { programme, spring, autumn, alpha, beta, gamma, delta, users: { manager, founder, mentor, partner, observer } };
}

export type StartupWorld = Awaited<ReturnType<typeof startupWorld>>;

export async function agentsOf(app: Express, world: StartupWorld) {
  const u = world.users;
  return {
    manager: await login(app, u.manager.email),
    founder: await login(app, u.founder.email),
    mentor: await login(app, u.mentor.email),
    partner: await login(app, u.partner.email),
    observer: await login(app, u.observer.email),
  };
}
