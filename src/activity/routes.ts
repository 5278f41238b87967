import { Router } from 'express';
import { guard } from '../core/http/guard';
import { currentUser } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { ENTITY_TYPES, activityQuery } from './schemas';
import { listActivity } from './service';

/** The audit trail, at /activity: managers (activity.read). */
export function activityRoutes(): Router {
  const router = Router();
  router.get('/', guard('activity.read'), async (req, res) => {
    const query = validateQuery(activityQuery, req.query);
    res.render('activity/list', { title: res.locals.t('activity.title'), query, result: await listActivity(currentUser(req), query), entityTypes: ENTITY_TYPES });
  });
  return router;
}
