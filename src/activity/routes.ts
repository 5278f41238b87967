import { Router } from 'express';
import Joi from 'joi';
import { guard } from '../core/http/guard';
import { page, searchText } from '../core/http/schemas';
import { validateQuery } from '../core/http/validate';
import { listActivity } from './service';

const activityQuery = Joi.object({ q: searchText, entityType: Joi.string().valid('', 'User', 'Programme', 'Startup', 'Cohort', 'Document').default(''), page });

export function activityRoutes(): Router {
  const router = Router();
  router.get('/', guard('activity.read'), async (req, res) => {
    const query = validateQuery(activityQuery, req.query) as { q: string; entityType: string; page: number };
    res.render('activity/list', { title: res.locals.t('activity.title'), query, result: await listActivity(query), entityTypes: ['User', 'Programme', 'Startup', 'Cohort', 'Document'] });
  });
  return router;
}
