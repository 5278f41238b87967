import Handlebars from 'handlebars';
import type { Express } from 'express';
import { Milestone, type MILESTONE_STATUSES } from '../../src/milestones/model';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { Startup } from '../../src/startups/model';
import { makeCohort, makeProgramme, makeStartup, makeUser } from '../../src/seed/factories';
import { login, text } from '../helpers';

export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);
export const FORBIDDEN = text('errors.forbidden');
export const NOT_FOUND = text('errors.notFound');
export const STALE = text('errors.staleEdit');
export const AXES = ['customer', 'technology', 'business_model', 'ipr', 'team', 'funding'];

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x3D;': '=', '&#x60;': '`' };
const unescape = (text: string): string => text.replace(/&(amp|lt|gt|quot|#x27|#x3D|#x60);/g, (e) => ENTITIES[e]);

/** What a browser would post for the form of `page`: inputs, textareas, the selected option of each select. */
export function formFields(page: string): Record<string, string> {
  const form = /<form method="post" action="\/startups\/[a-f0-9]+\/checkin"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input [^>]*name="([^"]+)"[^>]*>/g)) out[m[1]] = unescape(/value="([^"]*)"/.exec(m[0])?.[1] ?? '');
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) out[m[1]] = unescape(m[2]);
  for (const m of form.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]] = /<option value="([^"]*)" selected>/.exec(m[2])?.[1] ?? '';
  delete out._csrf;
  return out;
}

/**
 * Two cohorts; Alpha (cohort A, with figures and milestones in every state) and its founder Fanny;
 * Beta (cohort B) and its founder; a mentor assigned to Alpha, a partner, an observer, a manager.
 */
export async function checkinWorld(app: Express) {
  const programme = await makeProgramme({ name: 'Santé Boost' });
  const cohortA = await makeCohort(programme._id, { name: 'Cohorte A' });
  const cohortB = await makeCohort(programme._id, { name: 'Cohorte B' });
  const alpha = await makeStartup({ name: 'Alpha Santé', programme: programme._id, cohort: cohortA._id });
  const beta = await makeStartup({ name: 'Beta Bio', programme: programme._id, cohort: cohortB._id });
  await Startup.updateOne({ _id: alpha._id }, { $push: { figures: { asOf: new Date('2026-01-31T00:00:00Z'), headcount: 8, fundsRaised: 1500000, revenue: 120000.5, byName: 'Fanny Fondatrice', recordedAt: new Date('2026-02-01') } } });
  const due = new Date('2026-12-15T00:00:00Z');
  const mk = (title: string, status: (typeof MILESTONE_STATUSES)[number], extra: Record<string, unknown> = {}, startup = alpha._id) => Milestone.create({ startup, title, dimension: 'regulatory', dueDate: due, status, ...extra });
  const planned = await mk('Classe MDR confirmée', 'planned');
  const submitted = await mk('Système qualité ISO 13485', 'submitted');
  const sentBack = await mk('Dossier de risques ISO 14971', 'changes_requested');
  await mk('Marquage CE obtenu', 'approved');
  await mk('Jalon retiré', 'planned', { removedAt: new Date() });
  await mk('Jalon de Beta', 'planned', {}, beta._id);
  const founder = await makeUser({ role: 'founder', name: 'Fanny Fondatrice', startups: [alpha._id] });
  const cofounder = await makeUser({ role: 'founder', name: 'Cyril Cofondateur', startups: [alpha._id] });
  const betaFounder = await makeUser({ role: 'founder', name: 'Bruno Beta', startups: [beta._id] });
  const mentor = await makeUser({ role: 'mentor' });
  await MentorAssignment.create({ mentor: mentor._id, startup: alpha._id, from: new Date('2026-01-01') });
  const manager = await makeUser({ role: 'manager', name: 'Claire Manager' });
  const partner = await makeUser({ role: 'partner' });
  const observer = await makeUser({ role: 'observer' });
  const agents = {
    founder: await login(app, founder.email),
    cofounder: await login(app, cofounder.email),
    betaFounder: await login(app, betaFounder.email),
    mentor: await login(app, mentor.email),
    manager: await login(app, manager.email),
    partner: await login(app, partner.email),
    observer: await login(app, observer.email),
  };
  return { programme, cohortA, cohortB, alpha, beta, milestones: { planned, submitted, sentBack }, users: { founder, cofounder, betaFounder, mentor, manager, partner, observer }, agents };
}
