import { Router, type Request, type Response } from 'express';
import { Conflict, ValidationFailed } from '../core/errors';
import { flash } from '../core/http/flash';
import { renderForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import type { Mailer } from '../core/mail';
import { validate, validateQuery } from '../core/http/validate';
import type { SessionUser } from '../users/model';
import { followList, remindMissing, remindOne } from './follow';
import { checkinSchema, followQuery, remindBody, toCheckinInput, type FollowQuery, type RemindBody } from './schemas';
import { checkinForm, checkinFormKeys, saveCheckin } from './service';

const userOf = (req: Request): SessionUser => req.user as SessionUser;
const idOf = (req: Request): string => String(req.params.id);

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
    const form = await checkinForm(userOf(req), idOf(req));
    return { title: `${form.header.name} · ${res.locals.t('checkins.form.title')}`, tab: 'overview', ...form };
  };

  router.get('/startups/:id/checkin', guard('checkins.submit'), async (req, res) => {
    res.render('checkins/form', await formContext(req, res));
  });

  router.post('/startups/:id/checkin', guard('checkins.submit'), async (req, res) => {
    const { axisKeys, milestoneIds } = await checkinFormKeys(userOf(req), idOf(req));
    try {
      const value = validate(checkinSchema(axisKeys, milestoneIds), req.body) as Record<string, unknown>;
      const result = await saveCheckin(userOf(req), idOf(req), toCheckinInput(value, axisKeys, milestoneIds));
      const key = result.outcome === 'duplicate' ? 'checkins.form.alreadySaved' : result.figuresRecorded ? `checkins.form.${result.outcome}WithFigures` : `checkins.form.${result.outcome}`;
      flash(req, { type: result.outcome === 'duplicate' ? 'info' : 'success', key });
      res.redirect(303, `/startups/${idOf(req)}/checkin`);
    } catch (err) {
      if (err instanceof ValidationFailed) {
        const context = await formContext(req, res);
        const { values: _stored, ...rest } = context;
        return renderForm(req, res, 'checkins/form', rest, 422, err.fields, err.messageKey);
      }
      if (err instanceof Conflict) return renderForm(req, res, 'checkins/form', await formContext(req, res), 409, {}, err.messageKey);
      throw err;
    }
  });

  router.get('/checkins', guard('checkins.follow'), async (req, res) => {
    const query = validateQuery(followQuery, req.query) as FollowQuery;
    const data = await followList(query);
    res.render('checkins/list', { title: res.locals.t('checkins.list.title'), query, ...data, filtered: Boolean(query.cohort || query.status || query.q) });
  });

  router.post('/checkins/remind', guard('checkins.follow'), async (req, res) => {
    const filter = validateQuery(remindBody, req.body) as RemindBody;
    const counts = await remindMissing(userOf(req), filter, deps);
    flash(req, { type: counts.sent > 0 ? 'success' : 'info', key: 'checkins.remind.allDone', vars: counts });
    res.redirect(303, listPath(filter));
  });

  router.post('/checkins/:id/remind', guard('checkins.follow'), async (req, res) => {
    const filter = validateQuery(remindBody, req.body) as RemindBody;
    const result = await remindOne(userOf(req), idOf(req), deps);
    const type = result.outcome === 'sent' ? 'success' : result.outcome === 'alreadyDone' ? 'info' : 'warning';
    flash(req, { type, key: `checkins.remind.${result.outcome}`, vars: { startup: result.name, count: result.recipients } });
    res.redirect(303, listPath(filter));
  });

  return router;
}
