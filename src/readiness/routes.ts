import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type Joi from 'joi';
import { Conflict, ValidationFailed } from '../core/errors';
import { flash, type FlashMessage } from '../core/http/flash';
import { renderForm, type FormContext } from '../core/http/form';
import { guard } from '../core/http/guard';
import { validate, validateQuery } from '../core/http/validate';
import type { SessionUser } from '../users/model';
import { assessmentSchema, axesSchema, historyQuery, justificationField, levelField, targetsSchema, toAssessmentInput, toAxesInput, toTargetsInput, todayInParis } from './schemas';
import { assessmentForm, readinessPage, recordAssessment } from './service';
import { axesSettings, saveAxes, setTargets, targetsForm } from './settings';

interface AxisFormOptions {
  view: string;
  /** What the page needs (404 outside reach first) and the axis keys the schema is made of. */
  load: (req: Request, res: Response) => Promise<{ context: FormContext; keys: string[] }>;
  schema: (keys: string[]) => Joi.ObjectSchema;
  handle: (req: Request, value: Record<string, unknown>, keys: string[]) => Promise<{ redirect: string; flash: FlashMessage }>;
}

/**
 * handleForm for forms whose fields follow the programme's axes: validate → one service call →
 * flash + 303; bad input re-renders with the values typed (422); a stale save with the stored values (409).
 */
function axisForm(options: AxisFormOptions): RequestHandler {
  return async (req, res) => {
    const { context, keys } = await options.load(req, res);
    try {
      const value = validate(options.schema(keys), req.body) as Record<string, unknown>;
      const result = await options.handle(req, value, keys);
      flash(req, result.flash);
      res.redirect(303, result.redirect);
    } catch (err) {
      if (err instanceof ValidationFailed) {
        delete context.values;
        return renderForm(req, res, options.view, context, 422, err.fields, err.messageKey);
      }
      if (err instanceof Conflict) {
        const fresh = await options.load(req, res);
        return renderForm(req, res, options.view, fresh.context, 409, {}, err.messageKey);
      }
      throw err;
    }
  };
}

const userOf = (req: Request): SessionUser => req.user as SessionUser;
const idOf = (req: Request): string => String(req.params.id);

/**
 * Readiness assessments, targets and axes. Mounted at the root: full paths.
 *   GET  /startups/:id/readiness          startups.read (scoped: manager all, founder own, mentor assigned)
 *   GET  /startups/:id/readiness/new      readiness.assess (mentor: assigned only, else 404)
 *   POST /startups/:id/readiness/new      readiness.assess
 *   GET  /startups/:id/readiness/targets  readiness.target
 *   POST /startups/:id/readiness/targets  readiness.target
 *   GET  /programme/readiness             programme.manage
 *   POST /programme/readiness             programme.manage
 */
export function readinessRoutes(): Router {
  const router = Router();

  router.get('/startups/:id/readiness', guard('startups.read'), async (req, res) => {
    const { page } = validateQuery(historyQuery, req.query) as { page: number };
    const data = await readinessPage(userOf(req), idOf(req), page);
    res.render('readiness/tab', { title: `${data.header.name} · ${res.locals.t('readiness.title')}`, ...data, query: {}, canConfigure: userOf(req).role === 'manager' });
  });

  const assessmentLoad = async (req: Request, res: Response) => {
    const form = await assessmentForm(userOf(req), idOf(req));
    const context: FormContext = {
      title: `${form.header.name} · ${res.locals.t('readiness.form.title')}`,
      ...form,
      axes: form.axes.map((a) => ({ ...a, levelField: levelField(a.key), justificationField: justificationField(a.key) })),
      today: todayInParis(),
      values: { date: todayInParis(), submissionId: randomUUID() },
    };
    return { context, keys: form.axes.map((a) => a.key) };
  };

  router.get('/startups/:id/readiness/new', guard('readiness.assess'), async (req, res) => {
    const { context } = await assessmentLoad(req, res);
    res.render('readiness/form', context);
  });

  router.post(
    '/startups/:id/readiness/new',
    guard('readiness.assess'),
    axisForm({
      view: 'readiness/form',
      load: assessmentLoad,
      schema: assessmentSchema,
      handle: async (req, value, keys) => {
        const { duplicate } = await recordAssessment(userOf(req), idOf(req), toAssessmentInput(value, keys));
        return {
          redirect: `/startups/${idOf(req)}/readiness`,
          flash: duplicate ? { type: 'info', key: 'readiness.form.alreadyRecorded' } : { type: 'success', key: 'readiness.form.recorded' },
        };
      },
    }),
  );

  const targetsLoad = async (req: Request, res: Response) => {
    const form = await targetsForm(userOf(req), idOf(req));
    return { context: { title: `${form.header.name} · ${res.locals.t('readiness.targets.title')}`, ...form }, keys: form.axes.map((a) => a.key) };
  };

  router.get('/startups/:id/readiness/targets', guard('readiness.target'), async (req, res) => {
    const { context } = await targetsLoad(req, res);
    res.render('readiness/targets', context);
  });

  router.post(
    '/startups/:id/readiness/targets',
    guard('readiness.target'),
    axisForm({
      view: 'readiness/targets',
      load: targetsLoad,
      schema: targetsSchema,
      handle: async (req, value, keys) => {
        await setTargets(userOf(req), idOf(req), toTargetsInput(value, keys));
        return { redirect: `/startups/${idOf(req)}/readiness`, flash: { type: 'success', key: 'readiness.targets.saved' } };
      },
    }),
  );

  const axesLoad = async (_req: Request, res: Response) => {
    const settings = await axesSettings();
    return { context: { title: res.locals.t('readiness.axes.title'), ...settings }, keys: settings.axes.map((a) => a.key) };
  };

  router.get('/programme/readiness', guard('programme.manage'), async (req, res) => {
    const { context } = await axesLoad(req, res);
    res.render('readiness/axes', context);
  });

  router.post(
    '/programme/readiness',
    guard('programme.manage'),
    axisForm({
      view: 'readiness/axes',
      load: axesLoad,
      schema: axesSchema,
      handle: async (req, value, keys) => {
        await saveAxes(userOf(req), toAxesInput(value, keys));
        return { redirect: '/programme/readiness', flash: { type: 'success', key: 'readiness.axes.saved' } };
      },
    }),
  );

  return router;
}
