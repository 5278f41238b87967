import type { Express } from 'express';
import mongoose from 'mongoose';
import { SESSION_COLLECTION } from '../../src/core/auth/sessions';
import { ROLES, type Role } from '../../src/core/policy';
import { text } from '../helpers';

/** Helpers of the permission tests (permissions-*.test.ts): the app's route table and the pages of each role. */
export const FORBIDDEN = text('errors.forbidden');
export const NOT_FOUND = text('errors.notFound');

export interface RouteInfo {
  method: string;
  path: string;
  /** The permission of the route's first handler, or undefined when it is not a guard. */
  permission?: string;
}

export interface LayerLike {
  route?: { path: string | string[]; stack: { method?: string; handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

export function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Every route of an Express 5 router tree, with the permission carried by its first handler (per method). */
export function routesOf(stack: LayerLike[], prefix = ''): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const firstByMethod = new Map<string, unknown>();
      for (const sub of layer.route.stack) {
        const method = (sub.method ?? '_all').toUpperCase();
        if (!firstByMethod.has(method)) firstByMethod.set(method, sub.handle);
      }
      for (const path of ([] as string[]).concat(layer.route.path)) {
        for (const [method, handle] of firstByMethod) {
          out.push({ method, path: join(prefix, path), permission: (handle as { permission?: string } | undefined)?.permission });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      out.push(...routesOf(layer.handle.stack, join(prefix, mount)));
    }
  }
  return out;
}

export function appRoutes(app: Express): RouteInfo[] {
  const router = (app as unknown as { router?: { stack?: LayerLike[] } }).router;
  if (!router?.stack) throw new Error('app.router has no stack: is this Express 5?');
  return routesOf(router.stack);
}

/** Pages (GET) and the roles DESIGN.md section 3 lets use them; everyone else gets 403. */
export const PAGES: { path: string; allowed: readonly Role[] }[] = [
  { path: '/', allowed: ROLES },
  { path: '/account', allowed: ROLES },
  { path: '/users', allowed: ['manager'] },
  { path: '/users/new', allowed: ['manager'] },
  { path: '/users/:id', allowed: ['manager'] },
  { path: '/users/:id/edit', allowed: ['manager'] },
  { path: '/activity', allowed: ['manager'] },
  { path: '/programme', allowed: ['manager'] },
  { path: '/programme/readiness', allowed: ['manager'] },
  { path: '/cohorts', allowed: ['manager'] },
  { path: '/cohorts/new', allowed: ['manager'] },
  { path: '/startups', allowed: ['manager', 'founder', 'mentor'] },
  { path: '/startups/new', allowed: ['manager'] },
  { path: '/notifications', allowed: ROLES },
  { path: '/checkins', allowed: ['manager'] },
  { path: '/milestones/review', allowed: ['manager'] },
  { path: '/milestones/tracks', allowed: ['manager'] },
  { path: '/mentors', allowed: ['manager'] },
  { path: '/mentors/export.csv', allowed: ['manager'] },
  { path: '/mentoring/sessions', allowed: ['manager', 'founder', 'mentor'] },
  { path: '/mentoring/sessions/export.csv', allowed: ['manager', 'founder', 'mentor'] },
  { path: '/mentoring/hours', allowed: ['manager'] },
  { path: '/mentoring/hours.csv', allowed: ['manager'] },
  { path: '/office-hours', allowed: ['founder', 'mentor'] },
  { path: '/calendar', allowed: ['manager', 'founder', 'mentor'] },
  { path: '/hosting/requests', allowed: ['manager'] },
  { path: '/hosting/requests.csv', allowed: ['manager'] },
  { path: '/hosting/sites', allowed: ['manager'] },
  { path: '/hosting/sites.csv', allowed: ['manager'] },
  { path: '/hosting/sites/new', allowed: ['manager'] },
  { path: '/hosting/requirements', allowed: ['manager'] },
  { path: '/hosting/requirements.csv', allowed: ['manager'] },
  { path: '/hosting/requirements/new', allowed: ['manager'] },
  { path: '/hosting/billing', allowed: ['manager'] },
  { path: '/hosting/billing.csv', allowed: ['manager'] },
  { path: '/partners', allowed: ['manager'] },
  { path: '/partners.csv', allowed: ['manager'] },
  { path: '/partners/new', allowed: ['manager'] },
];

export async function signedInSessions(): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  return db.collection(SESSION_COLLECTION).countDocuments({ 'session.passport.user': { $exists: true } });
}
