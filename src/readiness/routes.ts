import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { startupOf } from '../startups/http';
import { assessmentSchema, axesSchema, historyQuery, justificationField, levelField, targetsSchema, todayInParis } from './schemas';
import { assessmentForm, axesOfStartup, readinessPage, recordAssessment } from './service';
import { axesSettings, saveAxes, setTargets, targetsForm } from './settings';

const axisKeys = async (req: Request): Promise<string[]> => (await axesOfStartup(startupOf.of(req))).map((a) => a.key);

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

  router.get('/startups/:id/readiness', guard('startups.read'), startupOf, async (req, res) => {
    const { page } = validateQuery(historyQuery, req.query);
    const data = await readinessPage(startupOf.of(req), page);
    res.render('readiness/tab', { title: `${data.header.name} · ${res.locals.t('readiness.title')}`, ...data, query: {} });
  });

  const assessmentContext = async (req: Request, res: Response) => {
    const form = await assessmentForm(startupOf.of(req));
    return {
      title: `${form.header.name} · ${res.locals.t('readiness.form.title')}`,
      ...form,
      axes: form.axes.map((a) => ({ ...a, levelField: levelField(a.key), justificationField: justificationField(a.key) })),
      today: todayInParis(),
      values: { date: todayInParis(), submissionId: randomUUID() },
    };
  };

  router.get('/startups/:id/readiness/new', guard('readiness.assess'), startupOf, async (req, res) => {
    res.render('readiness/form', await assessmentContext(req, res));
  });

  router.post(
    '/startups/:id/readiness/new',
    guard('readiness.assess'),
    startupOf,
    handleForm({
      view: 'readiness/form',
      schema: async (req) => assessmentSchema(await axisKeys(req)),
      context: assessmentContext,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        const { duplicate } = await recordAssessment(access, value);
        return {
          redirect: `/startups/${access.id}/readiness`,
          flash: duplicate ? { type: 'info', key: 'readiness.form.alreadyRecorded' } : { type: 'success', key: 'readiness.form.recorded' },
        };
      },
    }),
  );

  const targetsContext = async (req: Request, res: Response) => {
    const form = await targetsForm(startupOf.of(req));
    return { title: `${form.header.name} · ${res.locals.t('readiness.targets.title')}`, ...form };
  };

  router.get('/startups/:id/readiness/targets', guard('readiness.target'), startupOf, async (req, res) => {
    res.render('readiness/targets', await targetsContext(req, res));
  });

  router.post(
    '/startups/:id/readiness/targets',
    guard('readiness.target'),
    startupOf,
    handleForm({
      view: 'readiness/targets',
      schema: async (req) => targetsSchema(await axisKeys(req)),
      context: targetsContext,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        await setTargets(access, value);
        return { redirect: `/startups/${access.id}/readiness`, flash: { type: 'success', key: 'readiness.targets.saved' } };
      },
    }),
  );

  const axesContext = async (req: Request, res: Response) => ({ title: res.locals.t('readiness.axes.title'), ...(await axesSettings(currentUser(req))) });

  router.get('/programme/readiness', guard('programme.manage'), async (req, res) => {
    res.render('readiness/axes', await axesContext(req, res));
  });

  router.post(
    '/programme/readiness',
    guard('programme.manage'),
    handleForm({
      view: 'readiness/axes',
      schema: async (req) => axesSchema((await axesSettings(currentUser(req))).axes.map((a) => a.key)),
      context: axesContext,
      handle: async (req, value) => {
        await saveAxes(currentUser(req), value);
        return { redirect: '/programme/readiness', flash: { type: 'success', key: 'readiness.axes.saved' } };
      },
    }),
  );

  return router;
}
