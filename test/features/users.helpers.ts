import { expect } from 'chai';
import Handlebars from 'handlebars';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Express } from 'express';
import { SESSION_COLLECTION } from '../../src/core/auth/sessions';
import { postForm, text, type Agent } from '../helpers';

/** Helpers of the user-management tests (users-*.test.ts). */
/** Text as Handlebars puts it in a page (`'`, `=`, `&`… escaped). */
export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

export const BAD_LOGIN = text('auth.invalid');
export const STALE = text('errors.staleEdit');
export const LAST_MANAGER = text('users.lastManager');

/** The one-time link shown in the flash message of a page. */
export function flashLink(page: string): string {
  const match = /id="flash-link-\d+"[^>]*value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no link in the flash message');
  return match[1];
}

/** The path part of a set-password link (the test app answers on any host). */
export const pathOf = (link: string): string => new URL(link).pathname;

/** The version the user page puts in its action forms. */
export async function pageVersion(agent: Agent, id: string): Promise<string> {
  const res = await agent.get(`/users/${id}`);
  const match = /name="version" value="(\d+)"/.exec(res.text);
  if (!match) throw new Error(`no version on /users/${id} (status ${res.status})`);
  return match[1];
}

/** Presses a button of the user page (deactivate, activate, password-link) and follows the redirect. */
export async function pressButton(agent: Agent, id: string, button: 'deactivate' | 'activate' | 'password-link') {
  const version = await pageVersion(agent, id);
  const res = await postForm(agent, `/users/${id}`, `/users/${id}/${button}`, { version });
  expect(res.status, `POST /users/${id}/${button}`).to.equal(303);
  expect(res.headers.location).to.equal(`/users/${id}`);
  return agent.get(`/users/${id}`);
}

export async function storedSessionsOf(userId: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  return db.collection(SESSION_COLLECTION).countDocuments({ 'session.passport.user.id': userId });
}

/** Signs in through the login form; returns the answer (303 on success). */
export async function tryLogin(app: Express, email: string, password: string) {
  const agent = request.agent(app);
  const res = await postForm(agent, '/login', '/login', { email, password });
  return { agent, res };
}

