import type { NextFunction, Request, Response } from 'express';
import { SEARCH_MAX, isSearchCut } from './schemas';

/**
 * Every list's search box is `q` (schemas.ts: searchText, cut to SEARCH_MAX characters). When the
 * search typed was longer, the page says that only its beginning was searched (views/partials/flash.hbs).
 */
export function searchLimitLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' && isSearchCut(req.query.q)) res.locals.searchCut = { max: SEARCH_MAX };
  next();
}
