import { Router, type Request, type Response } from 'express';
import { Conflict, ValidationFailed } from '../core/errors';
import { flash } from '../core/http/flash';
import { keptValues, renderForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { validate } from '../core/http/validate';
import type { SessionUser } from '../users/model';
import { moveStageSchema } from './schemas';
import { GatesMissing, moveStage, stagePage } from './stage.service';

const me = (req: Request): SessionUser => req.user as SessionUser;
const idOf = (req: Request): string => String(req.params.id);

/** Stage moves (managers: startups.moveStage), under /startups/:id/stage. */
export function stageRoutes(): Router {
  const router = Router();

  const context = async (req: Request, res: Response) => {
    const page = await stagePage(me(req), idOf(req));
    return { title: `${page.header.name} · ${res.locals.t('startups.stage.title')}`, tab: 'overview', ...page };
  };

  router.get('/:id/stage', guard('startups.moveStage'), async (req, res) => {
    const page = await context(req, res);
    res.render('startups/stage', { ...page, values: { stage: page.nextStage ?? '', version: page.version } });
  });

  router.post('/:id/stage', guard('startups.moveStage'), async (req, res) => {
    // Reach first: an unknown or foreign id answers 404 whatever was posted.
    const page = await context(req, res);
    try {
      const value = validate(moveStageSchema, req.body);
      const done = await moveStage(me(req), idOf(req), value);
      const key = done.gateOverridden ? 'startups.stage.movedOverride' : done.direction === 'backward' ? 'startups.stage.movedBackward' : 'startups.stage.moved';
      flash(req, { type: 'success', key });
      res.redirect(303, `/startups/${idOf(req)}`);
    } catch (err) {
      if (err instanceof ValidationFailed) return renderForm(req, res, 'startups/stage', page, 422, err.fields, err.messageKey);
      if (err instanceof Conflict) {
        const fresh = await context(req, res);
        return renderForm(req, res, 'startups/stage', { ...fresh, values: { stage: fresh.current, version: fresh.version } }, 409, {}, err.messageKey);
      }
      if (err instanceof GatesMissing) {
        const values = keptValues(req.body);
        const target = page.stages.find((s) => s.key === values.stage);
        const from = page.stages.find((s) => s.current);
        return renderForm(req, res, 'startups/stage', { ...page, confirm: { target, from, missing: err.missing } }, 409, {}, err.messageKey);
      }
      throw err;
    }
  });
  return router;
}
