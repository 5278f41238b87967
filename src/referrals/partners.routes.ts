import { Router } from 'express';
import { guard } from '../core/http/guard';
import { partnerStats } from './partner-stats';

/**
 * The partners as the programme follows them, mounted at the root:
 *   GET /partners   referrals.manage   each organisation's referrals received, acceptance rate, median response time, outcomes; the silent ones flagged
 */
export function partnerRoutes(): Router {
  const router = Router();
  router.get('/partners', guard('referrals.manage'), async (_req, res) => {
    res.render('referrals/partners', { title: res.locals.t('referrals.partners.title'), partners: await partnerStats() });
  });
  return router;
}
