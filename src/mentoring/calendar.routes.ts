import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { flash } from '../core/http/flash';
import type { MentoringDeps } from './assignments';
import { feedCalendar, feedStatus, newFeedToken, removeFeed } from './calendar';

/**
 * Calendar feeds.
 *   GET  /calendar               calendar.self  whether a feed exists; make a new address, or turn it off
 *   POST /calendar               calendar.self  a new secret address, shown on the answer only (it is kept hashed)
 *   POST /calendar/remove        calendar.self
 *   GET  /calendar/:token.ics    public         the feed; 404 for a wrong or replaced token (the token never reaches the logs)
 */
export function calendarRoutes(deps: MentoringDeps): Router {
  const router = Router();
  const show = async (req: Request, res: Response, url?: string) => {
    const status = await feedStatus(currentUser(req));
    res.render('mentoring/calendar', { title: res.locals.t('mentoring.calendar.title'), since: status.since, url });
  };
  router.get('/calendar', guard('calendar.self'), (req, res) => show(req, res));
  router.post('/calendar', guard('calendar.self'), async (req, res) => {
    const token = await newFeedToken(currentUser(req));
    // Shown once, on this answer: it is not kept anywhere it could be read again (not even the session).
    res.locals.flash = [{ type: 'success', key: 'mentoring.calendar.created' }];
    await show(req, res, `${deps.baseUrl}/calendar/${token}.ics`);
  });
  router.post('/calendar/remove', guard('calendar.self'), async (req, res) => {
    await removeFeed(currentUser(req));
    flash(req, { type: 'success', key: 'mentoring.calendar.removed' });
    res.redirect(303, '/calendar');
  });
  router.get('/calendar/:file', guard('public'), async (req, res) => {
    const file = param(req, 'file');
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const body = await feedCalendar(token, deps.baseUrl);
    res.set('Content-Type', 'text/calendar; charset=utf-8');
    res.set('Cache-Control', 'private, no-store');
    res.set('Content-Disposition', 'inline; filename="boost-mentorat.ics"');
    res.send(body);
  });
  return router;
}
