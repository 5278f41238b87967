import { expect } from 'chai';
import Handlebars from 'handlebars';
import type { Types } from 'mongoose';
import { MentorAssignment } from '../../src/startups/assignment.model';
import { DEFAULT_AXES } from '../../src/programmes/axes';
import { makeProgramme, makeStartup } from '../../src/seed/factories';
import type { Agent } from '../helpers';

/** Helpers shared by the readiness test files. */

export const AXES = DEFAULT_AXES.map((a) => a.key);
export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

/** A programme with two startups of it. */
export async function world() {
  const programme = await makeProgramme({ name: 'Santenov’Boost' });
  const startup = await makeStartup({ name: 'CardioSense', programme: programme._id, stage: 'validation' });
  const other = await makeStartup({ name: 'Oncolytix', programme: programme._id, stage: 'development' });
  return { programme, startup, id: String(startup._id), other, otherId: String(other._id) };
}

export async function assign(mentorId: Types.ObjectId, startupId: Types.ObjectId, from = new Date(Date.now() - 86400000), to?: Date) {
  return MentorAssignment.create({ mentor: mentorId, startup: startupId, from, to });
}

/** Hidden fields of a form page: the CSRF token and, on the assessment form, the one-time submission id. */
export function hidden(page: string, name: string): string {
  const match = new RegExp(`name="${name}"[^>]*?value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no hidden field ${name}`);
  return match[1];
}

/** The fields of a complete assessment: the same level everywhere unless given. */
export function assessmentFields(levels: Partial<Record<string, number | string>> = {}, why = 'Étude pilote dans deux CHU.'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of AXES) {
    out[`level__${key}`] = String(levels[key] ?? 3);
    out[`justification__${key}`] = `${why} (${key})`;
  }
  return out;
}

/** Opens the assessment form (as a browser does) and posts it with `fields`; returns the answer and the form page. */
export async function submitAssessment(agent: Agent, startupId: string, fields: Record<string, string>) {
  const form = await agent.get(`/startups/${startupId}/readiness/new`);
  expect(form.status, 'assessment form').to.equal(200);
  const body = { _csrf: hidden(form.text, '_csrf'), submissionId: hidden(form.text, 'submissionId'), date: hidden(form.text, 'date'), ...fields };
  const res = await agent.post(`/startups/${startupId}/readiness/new`).type('form').send(body);
  return { res, form, body };
}

/** The radar data the page hands to public/js/radar.js (the data-radar attribute, HTML-unescaped). */
export function radarData(page: string): { labels: { fr: string[]; en: string[] }; datasets: { kind: string; label: { fr: string; en: string }; data: (number | null)[] }[] } {
  const match = /data-radar="([^"]*)"/.exec(page);
  if (!match) throw new Error('no radar on the page');
  const raw = match[1].replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(raw) as ReturnType<typeof radarData>;
}
