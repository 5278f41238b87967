import { Router, type Request } from 'express';
import { guard } from '../core/http/guard';
import { flash } from '../core/http/flash';
import { validateQuery } from '../core/http/validate';
import type { Mailer } from '../core/mail';
import { listNotificationsQuery, returnState } from './schemas';
import { listNotifications, markAllRead, markRead, openNotification } from './service';
import { currentUser, param } from '../core/http/request';

/** The list the user came from (filter and page travel as hidden fields of each button). */
function backToList(req: Request): string {
  const state = validateQuery(returnState, req.body);
  const params = new URLSearchParams();
  if (state.filter !== 'all') params.set('filter', state.filter);
  if (state.page > 1) params.set('page', String(state.page));
  const qs = params.toString();
  return qs ? `/notifications?${qs}` : '/notifications';
}

/** Everyone's own notifications (policy action notifications.self): the list, open, mark as read. */
export function notificationRoutes(_deps: { mailer: Mailer; baseUrl: string }): Router {
  const router = Router();
  const can = guard('notifications.self');

  router.get('/notifications', can, async (req, res) => {
    const query = validateQuery(listNotificationsQuery, req.query);
    const result = await listNotifications(currentUser(req), req.locale, query);
    res.render('notifications/list', { title: res.locals.t('notifications.title'), query, result });
  });

  router.post('/notifications/read-all', can, async (req, res) => {
    const count = await markAllRead(currentUser(req));
    flash(req, count > 0 ? { type: 'success', key: 'notifications.markedAllRead', vars: { count } } : { type: 'info', key: 'notifications.nothingToMark' });
    res.redirect(303, backToList(req));
  });

  router.post('/notifications/:id/read', can, async (req, res) => {
    await markRead(currentUser(req), param(req, 'id'));
    flash(req, { type: 'success', key: 'notifications.markedRead' });
    res.redirect(303, backToList(req));
  });

  /** Opening is a state change (it marks the notification read): a POST that then goes to the notification's page. */
  router.post('/notifications/:id/open', can, async (req, res) => {
    const link = await openNotification(currentUser(req), param(req, 'id'));
    res.redirect(303, link);
  });

  return router;
}
