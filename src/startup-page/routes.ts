import { Router } from 'express';
import { guard } from '../core/http/guard';
import { startupOf } from '../startups/http';
import { startupHistory } from './history';
import { startupOverview } from './overview';

/**
 * A startup's page: the overview tab (what the other features know of the startup, summed up) and
 * the history tab. Mounted at the root, after /startups/new and /startups/export.csv.
 *   GET /startups/:id           startups.read (scoped: managers all, founders own, mentors assigned; 404 outside)
 *   GET /startups/:id/history   startups.read
 */
export function startupPageRoutes(): Router {
  const router = Router();

  router.get('/startups/:id', guard('startups.read'), startupOf, async (req, res) => {
    const data = await startupOverview(startupOf.of(req));
    res.render('startup-page/overview', { title: data.startup.name, tab: 'overview', ...data });
  });

  router.get('/startups/:id/history', guard('startups.read'), startupOf, async (req, res) => {
    const data = await startupHistory(startupOf.of(req));
    res.render('startup-page/history', { title: `${data.header.name} · ${res.locals.t('startups.tabs.history')}`, tab: 'history', ...data });
  });

  return router;
}
