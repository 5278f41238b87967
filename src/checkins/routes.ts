import { Router, type Request, type Response } from 'express';
import { flash } from '../core/http/flash';
import { handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import type { Mailer } from '../core/mail';
import { validateQuery } from '../core/http/validate';
import { startupOf } from '../startups/http';
import { followList, remindMissing, remindOne } from './follow';
import { checkinSchema, followQuery, remindBody, type RemindBody } from './schemas';
import { checkinForm, checkinFormKeys, saveCheckin } from './service';

/** Back to the list with the filters the manager was looking at. */
function listPath(filter: RemindBody): string {
  const params = new URLSearchParams();
  if (filter.cohort) params.set('cohort', filter.cohort);
  if (filter.status) params.set('status', filter.status);
  if (filter.q) params.set('q', filter.q);
  if (filter.page > 1) params.set('page', String(filter.page));
  const s = params.toString();
  return s ? `/checkins?${s}` : '/checkins';
}

/**
 * The monthly check-in. Mounted at the root: full paths.
 *   GET  /startups/:id/checkin        checkins.submit (founders, own startup; other startups 404)
 *   POST /startups/:id/checkin        checkins.submit
 *   GET  /checkins                    checkins.follow (managers)
 *   POST /checkins/remind             checkins.follow (remind every startup still missing)
 *   POST /checkins/:id/remind         checkins.follow (one startup)
 */
export function checkinRoutes(deps: { mailer: Mailer; baseUrl: string }): Router {
  const router = Router();

  const formContext = async (req: Request, res: Response) => {
    const form = await checkinForm(startupOf.of(req));
    // Its own tab key: no tab of the startup's page is highlighted on the check-in.
    return { title: `${form.header.name} · ${res.locals.t('checkins.form.title')}`, tab: 'checkin', ...form };
  };

  /** This month's check-in: read-only once saved (with an edit link), the form before that or with ?edit=1. */
  router.get('/startups/:id/checkin', guard('checkins.submit'), startupOf, async (req, res) => {
    const context = await formContext(req, res);
    res.render(context.saved && req.query.edit !== '1' ? 'checkins/show' : 'checkins/form', context);
  });

  router.post(
    '/startups/:id/checkin',
    guard('checkins.submit'),
    startupOf,
    handleForm({
      view: 'checkins/form',
      schema: async (req) => {
        const { axisKeys, milestoneIds } = await checkinFormKeys(startupOf.of(req));
        return checkinSchema(axisKeys, milestoneIds);
      },
      context: formContext,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        const result = await saveCheckin(access, value);
        const key = result.outcome === 'duplicate' ? 'checkins.form.alreadySaved' : result.figuresRecorded ? `checkins.form.${result.outcome}WithFigures` : `checkins.form.${result.outcome}`;
        return { redirect: `/startups/${access.id}/checkin`, flash: { type: result.outcome === 'duplicate' ? 'info' : 'success', key } };
      },
    }),
  );

  router.get('/checkins', guard('checkins.follow'), async (req, res) => {
    const query = validateQuery(followQuery, req.query);
    const data = await followList(currentUser(req), query);
    res.render('checkins/list', { title: res.locals.t('checkins.list.title'), query, ...data, filtered: Boolean(query.cohort || query.status || query.q) });
  });

  router.post('/checkins/remind', guard('checkins.follow'), async (req, res) => {
    const filter = validateQuery(remindBody, req.body);
    const counts = await remindMissing(currentUser(req), filter, deps);
    flash(req, { type: counts.sent > 0 ? 'success' : 'info', key: 'checkins.remind.allDone', vars: counts });
    res.redirect(303, listPath(filter));
  });

  router.post('/checkins/:id/remind', guard('checkins.follow'), async (req, res) => {
    const filter = validateQuery(remindBody, req.body);
    const result = await remindOne(currentUser(req), param(req, 'id'), deps);
    const type = result.outcome === 'sent' ? 'success' : result.outcome === 'alreadyDone' ? 'info' : 'warning';
    flash(req, { type, key: `checkins.remind.${result.outcome}`, vars: { startup: result.name, count: result.recipients } });
    res.redirect(303, listPath(filter));
  });

  return router;
}
