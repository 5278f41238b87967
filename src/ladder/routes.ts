import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleForm, keptValues } from '../core/http/form';
import { flash } from '../core/http/flash';
import { validate } from '../core/http/validate';
import { Conflict, NotFound, ValidationFailed, type FieldError } from '../core/errors';
import { currentUser, param } from '../core/http/request';
import { moveSchema, programmeSchema, stageSchema, STAGE_KEY, versionOnly } from './schemas';
import { STALE, StageInUse, addStage, deleteStage, ladder, moveStage, stageFormValues, updateProgramme, updateStage } from './service';

/** A bilingual label in the language of the page (for flash messages). */
const inPageLanguage = (res: Response, label: { fr: string; en: string }): string => (res.locals.locale === 'en' ? label.en : label.fr);

/** The stage key of the URL, or 404: nothing else reaches a query. */
function stageKey(req: Request): string {
  const key = param(req, 'key');
  if (!STAGE_KEY.test(key)) throw new NotFound();
  return key;
}

/** The programme's maturity ladder and settings: managers only (policy action programme.manage). */
export function programmeRoutes(): Router {
  const router = Router();
  const can = guard('programme.manage');

  async function renderLadder(req: Request, res: Response, status = 200, alert?: FieldError & { stage?: string }): Promise<void> {
    const current = await ladder(currentUser(req));
    res.status(status).render('ladder/ladder', { title: res.locals.t('programmes.title'), ladder: current, alert });
  }

  router.get('/', can, async (req, res) => renderLadder(req, res));

  const programmeContext = async (req: Request, res: Response) => {
    const current = await ladder(currentUser(req));
    return { title: res.locals.t('programmes.editProgramme'), ladder: current, values: { name: current.name, description: current.description, version: current.version } };
  };

  router.get('/edit', can, async (req, res) => res.render('ladder/edit', await programmeContext(req, res)));

  router.post(
    '/',
    can,
    handleForm({
      view: 'ladder/edit',
      schema: programmeSchema,
      context: programmeContext,
      handle: async (req, value) => {
        await updateProgramme(currentUser(req), value);
        return { redirect: '/programme', flash: { type: 'success', key: 'programmes.programmeUpdated' } };
      },
    }),
  );

  /** The add form: current ladder beside it (for the position), the version the form was opened with. */
  const newStageContext = async (req: Request, res: Response) => {
    const current = await ladder(currentUser(req));
    return { title: res.locals.t('programmes.stage.add'), ladder: current, isNew: true, values: { ...keptValues(req.body), version: current.version } };
  };

  router.get('/stages/new', can, async (req, res) => {
    const context = await newStageContext(req, res);
    res.render('ladder/stage-form', { ...context, values: { after: '_end', version: context.ladder.version } });
  });

  router.post(
    '/stages',
    can,
    handleForm({
      view: 'ladder/stage-form',
      once: true,
      schema: stageSchema,
      context: newStageContext,
      handle: async (req, value, res) => {
        const added = await addStage(currentUser(req), value);
        return { redirect: `/programme#stage-${added.key}`, flash: { type: 'success', key: 'programmes.stage.added', vars: { name: inPageLanguage(res, added.label) } } };
      },
    }),
  );

  const editStageContext = async (req: Request, res: Response) => {
    const key = stageKey(req);
    const values = await stageFormValues(currentUser(req), key);
    const current = await ladder(currentUser(req));
    const stage = current.stages.find((s) => s.key === key);
    return { title: res.locals.t('programmes.stage.edit'), ladder: current, stage, values };
  };

  router.get('/stages/:key/edit', can, async (req, res) => res.render('ladder/stage-form', await editStageContext(req, res)));

  router.post(
    '/stages/:key',
    can,
    handleForm({
      view: 'ladder/stage-form',
      schema: stageSchema,
      context: editStageContext,
      handle: async (req, value, res) => {
        const key = stageKey(req);
        const saved = await updateStage(currentUser(req), key, value);
        return { redirect: `/programme#stage-${key}`, flash: { type: 'success', key: 'programmes.stage.updated', vars: { name: inPageLanguage(res, saved.label) } } };
      },
    }),
  );

  /**
   * Buttons of the ladder (move, delete). Success: back to the ladder with a message.
   * A refusal (stale page, stage in use, last stage) shows the current ladder at once, answered 409.
   */
  async function button(req: Request, res: Response, work: (key: string) => Promise<{ key: string; name: string }>): Promise<void> {
    const key = stageKey(req);
    try {
      const done = await work(key);
      flash(req, { type: 'success', key: done.key, vars: { name: done.name } });
      res.redirect(303, `/programme#stage-${key}`);
    } catch (err) {
      if (err instanceof StageInUse) return renderLadder(req, res, 409, { key: err.messageKey, vars: { count: err.count }, stage: key });
      if (err instanceof Conflict) return renderLadder(req, res, 409, { key: err.messageKey, stage: key });
      if (err instanceof ValidationFailed) return renderLadder(req, res, 409, { key: STALE, stage: key });
      throw err;
    }
  }

  router.post('/stages/:key/move', can, (req, res) =>
    button(req, res, async (key) => {
      const moved = await moveStage(currentUser(req), key, validate(moveSchema, req.body));
      return { key: 'programmes.stage.moved', name: inPageLanguage(res, moved.label) };
    }),
  );

  router.post('/stages/:key/delete', can, (req, res) =>
    button(req, res, async (key) => {
      const { version } = validate(versionOnly, req.body);
      const deleted = await deleteStage(currentUser(req), key, version);
      return { key: 'programmes.stage.deleted', name: inPageLanguage(res, deleted.label) };
    }),
  );

  return router;
}
