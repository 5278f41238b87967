import { currentUser, param } from '../core/http/request';
import { reach } from '../core/http/reach';
import { startupAccess } from './access';

/**
 * Route middleware for every page under /startups/:id: resolves the startup once for the request
 * (404 when unknown or out of reach) and keeps it for the handler: `startupOf.of(req)`.
 */
export const startupOf = reach((req) => startupAccess(currentUser(req), param(req, 'id')));
