import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleForm } from '../core/http/form';
import { currentUser } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { exportCsv } from './export';
import { figuresPage, recordFigures } from './figures';
import { startupOf } from './http';
import { listOptions, listStartups, needsFilters } from './list';
import { createStartup, editPage, formOptions, startupEditor, updateStartup } from './profile';
import { createStartupSchema, figuresSchema, founderEditSchema, listStartupsQuery, managerEditSchema } from './schemas';

/**
 * Startups, mounted at /startups. Permissions (src/core/policy):
 * list: startups.read (scoped: managers all, founders own, mentors assigned); new + create:
 * startups.create; CSV export: startups.export; profile edit: startups.edit (founders: own startup,
 * descriptive fields only); headline figures: startups.figures (founders: own startup).
 * The startup page, its history and stage moves are mounted by src/startup-page and src/stages.
 */
export function startupRoutes(): Router {
  const router = Router();

  router.get('/', guard('startups.read'), async (req, res) => {
    const query = validateQuery(listStartupsQuery, req.query);
    const user = currentUser(req);
    const [result, options] = await Promise.all([listStartups(user, query), listOptions(user)]);
    const filtered = Boolean(query.q || query.cohort || query.stage || query.status || query.area || query.tag);
    res.render('startups/list', { title: res.locals.t('startups.title'), query, result, filtered, showFilters: needsFilters(result.total, filtered), ...options });
  });

  router.get('/export.csv', guard('startups.export'), async (req, res) => {
    const query = validateQuery(listStartupsQuery, req.query);
    const { fileName, body } = await exportCsv(currentUser(req), query, req.locale);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${fileName}"`);
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(body);
  });

  const newContext = async (_req: Request, res: Response) => ({ title: res.locals.t('startups.new'), isNew: true, editor: { full: true }, ...(await formOptions()) });

  router.get('/new', guard('startups.create'), async (req, res) => {
    const context = await newContext(req, res);
    res.render('startups/form', { ...context, values: { status: 'applicant', area: '', stage: context.stages[0]?.key ?? '' } });
  });

  router.post(
    '/',
    guard('startups.create'),
    handleForm({
      view: 'startups/form',
      once: true,
      schema: createStartupSchema,
      context: newContext,
      handle: async (req, value) => {
        const id = await createStartup(currentUser(req), value);
        return { redirect: `/startups/${id}`, flash: { type: 'success', key: 'startups.created', vars: { name: value.name } } };
      },
    }),
  );

  const editContext = async (req: Request, res: Response) => ({ title: res.locals.t('startups.edit'), ...(await editPage(startupOf.of(req))) });

  router.get('/:id/edit', guard('startups.edit'), startupOf, async (req, res) => {
    res.render('startups/form', await editContext(req, res));
  });

  router.post(
    '/:id',
    guard('startups.edit'),
    startupOf,
    handleForm({
      view: 'startups/form',
      // Managers every field, founders the descriptive ones (the rest of what is posted is dropped).
      schema: (req) => (startupEditor(startupOf.of(req)).full ? managerEditSchema : founderEditSchema),
      context: editContext,
      refresh: startupOf.refresh,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        await updateStartup(access, value);
        return { redirect: `/startups/${access.id}`, flash: { type: 'success', key: 'startups.updated' } };
      },
    }),
  );

  const figuresContext = async (req: Request, res: Response) => ({ title: res.locals.t('startups.figures.title'), tab: 'overview', ...(await figuresPage(startupOf.of(req))) });

  router.get('/:id/figures', guard('startups.figures'), startupOf, async (req, res) => {
    const context = await figuresContext(req, res);
    res.render('startups/figures', { ...context, values: { asOf: new Date().toISOString().slice(0, 10) } });
  });

  router.post(
    '/:id/figures',
    guard('startups.figures'),
    startupOf,
    handleForm({
      view: 'startups/figures',
      schema: figuresSchema,
      context: figuresContext,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        const { added } = await recordFigures(access, value);
        return { redirect: `/startups/${access.id}`, flash: added ? { type: 'success', key: 'startups.figures.recorded' } : { type: 'info', key: 'startups.figures.duplicate' } };
      },
    }),
  );

  return router;
}
