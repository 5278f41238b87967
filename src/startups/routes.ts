import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleForm } from '../core/http/form';
import { validateQuery } from '../core/http/validate';
import type { SessionUser } from '../users/model';
import { exportCsv } from './export';
import { startupHistory } from './history';
import { figuresPage, recordFigures } from './figures';
import { createStartupSchema, figuresSchema, founderEditSchema, listStartupsQuery, managerEditSchema, type CreateStartupInput, type EditStartupInput, type FiguresInput, type ListStartupsQuery } from './schemas';
import { startupOverview } from './overview';
import { createStartup, editPage, formOptions, listOptions, listStartups, startupEditor, updateStartup } from './service';
import { stageRoutes } from './stage.routes';

const me = (req: Request): SessionUser => req.user as SessionUser;
const idOf = (req: Request): string => String(req.params.id);

/**
 * Startups, mounted at /startups. Permissions (src/core/policy.ts):
 * list, overview, history: startups.read (scoped: managers all, founders own, mentors assigned; 404 outside);
 * new + create: startups.create; CSV export: startups.export; profile edit: startups.edit
 * (founders: own startup, descriptive fields only); stage moves: startups.moveStage (stage.routes.ts);
 * headline figures: startups.figures (founders: own startup).
 */
export function startupRoutes(): Router {
  const router = Router();

  router.get('/', guard('startups.read'), async (req, res) => {
    const query = validateQuery(listStartupsQuery, req.query) as ListStartupsQuery;
    const [result, options] = await Promise.all([listStartups(me(req), query), listOptions(me(req))]);
    const filtered = Boolean(query.q || query.cohort || query.stage || query.status || query.area || query.tag);
    res.render('startups/list', { title: res.locals.t('startups.title'), query, result, filtered, ...options });
  });

  router.get('/export.csv', guard('startups.export'), async (req, res) => {
    const query = validateQuery(listStartupsQuery, req.query) as ListStartupsQuery;
    const { fileName, body } = await exportCsv(me(req), query, req.locale);
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
    handleForm<CreateStartupInput>({
      view: 'startups/form',
      schema: createStartupSchema,
      context: newContext,
      handle: async (req, value) => {
        const id = await createStartup(me(req), value);
        return { redirect: `/startups/${id}`, flash: { type: 'success', key: 'startups.created', vars: { name: value.name } } };
      },
    }),
  );

  router.get('/:id', guard('startups.read'), async (req, res) => {
    const data = await startupOverview(me(req), idOf(req));
    res.render('startups/show', { title: data.startup.name, tab: 'overview', ...data });
  });

  const editContext = async (req: Request, res: Response) => ({ title: res.locals.t('startups.edit'), ...(await editPage(me(req), idOf(req))) });

  router.get('/:id/edit', guard('startups.edit'), async (req, res) => {
    res.render('startups/form', await editContext(req, res));
  });

  // The schema depends on who edits: managers every field, founders the descriptive ones (the rest is dropped).
  router.post('/:id', guard('startups.edit'), async (req, res, next) => {
    const editor = await startupEditor(me(req), idOf(req));
    return handleForm<EditStartupInput>({
      view: 'startups/form',
      schema: editor.full ? managerEditSchema : founderEditSchema,
      context: editContext,
      handle: async (r, value) => {
        await updateStartup(me(r), idOf(r), value);
        return { redirect: `/startups/${idOf(r)}`, flash: { type: 'success', key: 'startups.updated' } };
      },
    })(req, res, next);
  });

  const figuresContext = async (req: Request, res: Response) => ({ title: res.locals.t('startups.figures.title'), tab: 'overview', ...(await figuresPage(me(req), idOf(req))) });

  router.get('/:id/figures', guard('startups.figures'), async (req, res) => {
    const context = await figuresContext(req, res);
    res.render('startups/figures', { ...context, values: { asOf: new Date().toISOString().slice(0, 10) } });
  });

  router.post(
    '/:id/figures',
    guard('startups.figures'),
    handleForm<FiguresInput>({
      view: 'startups/figures',
      schema: figuresSchema,
      context: figuresContext,
      handle: async (req, value) => {
        const { added } = await recordFigures(me(req), idOf(req), value);
        return { redirect: `/startups/${idOf(req)}`, flash: added ? { type: 'success', key: 'startups.figures.recorded' } : { type: 'info', key: 'startups.figures.duplicate' } };
      },
    }),
  );

  router.get('/:id/history', guard('startups.read'), async (req, res) => {
    const data = await startupHistory(me(req), idOf(req));
    res.render('startups/history', { title: `${data.header.name} · ${res.locals.t('startups.tabs.history')}`, tab: 'history', ...data });
  });

  router.use(stageRoutes());
  return router;
}
