import type { Express } from 'express';
import type { Types } from 'mongoose';
import { MentoringSession, OfficeHourSlot } from '../../src/mentoring/model';
import { Notification } from '../../src/notifications/model';
import { makeAssignment, makeStartup, makeUser } from '../../src/seed/factories';
import { csrfFrom, login, type Agent } from '../helpers';

/** Shared by the mentoring tests: people made directly, forms posted the way a browser does. */

const DAY_MS = 24 * 3_600_000;

/** A user signed in (agent) with the CSRF token of their session, for posts sent without a form page first. */
export interface Person {
  id: string;
  user: Awaited<ReturnType<typeof makeUser>>;
  agent: Agent;
  token: string;
}

async function person(app: Express, user: Awaited<ReturnType<typeof makeUser>>): Promise<Person> {
  const agent = await login(app, user.email);
  return { id: String(user._id), user, agent, token: await csrfFrom(agent, '/account') };
}

/** A mentor coaching `startups` since yesterday (open-ended), signed in. */
export async function mentorOf(app: Express, startups: Types.ObjectId[], name?: string): Promise<Person> {
  const user = await makeUser({ role: 'mentor', name });
  for (const startup of startups) await makeAssignment({ mentor: user._id, startup, from: new Date(Date.now() - DAY_MS) });
  return person(app, user);
}

/** A founder of `startups`, signed in. */
export async function founderOf(app: Express, startups: Types.ObjectId[], name?: string): Promise<Person> {
  return person(app, await makeUser({ role: 'founder', startups, name }));
}

/** Anyone of `role`, signed in. */
export async function someone(app: Express, role: 'manager' | 'partner' | 'observer' | 'mentor' | 'founder'): Promise<Person> {
  return person(app, await makeUser({ role }));
}

/** A startup with `founders` founders (not signed in: their notifications are what the tests read). */
export async function startupWithTeam(name: string, founders = 1) {
  const startup = await makeStartup({ name });
  const team = [];
  for (let i = 0; i < founders; i += 1) team.push(await makeUser({ role: 'founder', startups: [startup._id] }));
  return { startup, id: String(startup._id), team };
}

/** The plan form's fields (strings, as a browser sends them); defaults: 2030-10-24 10:00 Paris, one hour. */
export function planFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { day: '2030-10-24', time: '10:00', durationMinutes: '60', topic: 'Dossier de marquage CE', place: 'Salle Pasteur', videoLink: '', ...overrides };
}

/** Posts the plan form of a startup. */
export function plan(who: Person, startupId: string, fields: Record<string, string>) {
  return who.agent.post(`/startups/${startupId}/mentoring/sessions`).type('form').send({ _csrf: who.token, ...fields });
}

/** Posts one of a session's forms (move, cancel, record) with the session's current version unless given. */
export async function sessionAction(who: Person, sessionId: string, action: 'move' | 'cancel' | 'record', fields: Record<string, string>) {
  const version = fields.version ?? String((await MentoringSession.findOne({ _id: sessionId }).lean())?.__v ?? 0);
  return who.agent.post(`/mentoring/sessions/${sessionId}/${action}`).type('form').send({ _csrf: who.token, ...fields, version });
}

/** The session id a 303 to the session page names. */
export function sessionIdFrom(location: string | undefined): string {
  const match = /^\/mentoring\/sessions\/([0-9a-f]{24})$/.exec(location ?? '');
  if (!match) throw new Error(`not a session page: ${String(location)}`);
  return match[1];
}

/** How many notifications of `kind` each user got, by user id (ids without any are absent). */
export async function notificationsOf(kind: string): Promise<Record<string, number>> {
  const rows = await Notification.find({ kind }, { user: 1 }).lean();
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r.user)] = (out[String(r.user)] ?? 0) + 1;
  return out;
}

/** A Date from an ISO string, for comparing stored instants. */
export const utc = (iso: string): number => new Date(iso).getTime();

export async function sessionsCount(filter: Record<string, unknown> = {}): Promise<number> {
  return MentoringSession.countDocuments(filter);
}

/** Posts the publish form of office hours. */
export function publish(who: Person, fields: Record<string, string>) {
  return who.agent.post('/office-hours').type('form').send({ _csrf: who.token, durationMinutes: '30', place: 'Bureau 12', videoLink: '', repeatWeeks: '1', ...fields });
}

/** Books an office-hour slot for a startup with a topic. */
export function book(who: Person, slotId: string, startupId: string, topic: string) {
  return who.agent.post(`/office-hours/${slotId}/book`).type('form').send({ _csrf: who.token, startup: startupId, topic });
}

export async function slotStatus(slotId: unknown): Promise<string | undefined> {
  return (await OfficeHourSlot.findOne({ _id: slotId }).lean())?.status ?? undefined;
}

/** The message shown under a form field (the element id="e-<id>"), as the page has it (HTML-escaped). */
export function fieldMessage(html: string, id: string): string | undefined {
  return new RegExp(`id="e-${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** Posts a form as `who` (their session's CSRF token), the way a browser sends it. */
export function postAs(who: Person, action: string, fields: Record<string, string | string[]> = {}) {
  return who.agent.post(action).type('form').send({ _csrf: who.token, ...fields });
}

/** The cells of a CSV download (byte-order mark, `;` between quoted cells, CRLF between rows). */
export function csvRows(body: string): string[][] {
  const rows: string[][] = [];
  for (const line of body.replace(/^\uFEFF/, '').split('\r\n')) {
    if (line === '') continue;
    const cells: string[] = [];
    for (const match of line.matchAll(/"((?:[^"]|"")*)"(?:;|$)/g)) cells.push(match[1].replace(/""/g, '"'));
    rows.push(cells);
  }
  return rows;
}

/** The text of each cell of the first table row holding `name` as a cell's text or a link's. */
export function rowOf(html: string, name: string): string[] {
  const row = [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(`>${name}<`));
  if (!row) throw new Error(`no row "${name}"`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}
