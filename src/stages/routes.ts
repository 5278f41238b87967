import { Router, type Request, type Response } from 'express';
import { Conflict, ValidationFailed } from '../core/errors';
import { flash } from '../core/http/flash';
import { keptValues, renderForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { validate } from '../core/http/validate';
import { startupOf } from '../startups/http';
import { moveStageSchema } from '../startups/schemas';
import { GatesMissing, moveStage, stagePage } from './service';

/** Stage moves (managers: startups.moveStage), at /startups/:id/stage. */
export function stageRoutes(): Router {
  const router = Router();

  const context = async (req: Request, res: Response) => {
    const page = await stagePage(startupOf.of(req));
    return { title: `${page.header.name} · ${res.locals.t('startups.stage.title')}`, tab: 'overview', ...page };
  };

  router.get('/startups/:id/stage', guard('startups.moveStage'), startupOf, async (req, res) => {
    const page = await context(req, res);
    res.render('stages/move', { ...page, values: { stage: page.nextStage ?? '', version: page.version } });
  });

  // Not handleForm: a move that skips readiness gates comes back as a confirmation of the same form.
  router.post('/startups/:id/stage', guard('startups.moveStage'), startupOf, async (req, res) => {
    const page = await context(req, res);
    try {
      const done = await moveStage(startupOf.of(req), validate(moveStageSchema, req.body));
      const key = done.gateOverridden ? 'startups.stage.movedOverride' : done.direction === 'backward' ? 'startups.stage.movedBackward' : 'startups.stage.moved';
      flash(req, { type: 'success', key });
      res.redirect(303, `/startups/${page.header.id}`);
    } catch (err) {
      if (err instanceof ValidationFailed) return renderForm(req, res, 'stages/move', page, 422, err.fields, err.messageKey);
      if (err instanceof Conflict) {
        await startupOf.refresh(req);
        const fresh = await context(req, res);
        return renderForm(req, res, 'stages/move', { ...fresh, values: { stage: fresh.current, version: fresh.version } }, 409, {}, err.messageKey);
      }
      if (err instanceof GatesMissing) {
        const values = keptValues(req.body);
        const target = page.stages.find((s) => s.key === values.stage);
        const from = page.stages.find((s) => s.current);
        return renderForm(req, res, 'stages/move', { ...page, confirm: { target, from, missing: err.missing } }, 409, {}, err.messageKey);
      }
      throw err;
    }
  });
  return router;
}
