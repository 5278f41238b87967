import { Router } from 'express';
import { guard } from '../core/http/guard';
import { handleForm } from '../core/http/form';
import { NotFound } from '../core/errors';
import { needsSetup, runSetup } from './service';
import { setupSchema, type SetupInput } from './schemas';

/** First-run setup: open while no user exists, 404 afterwards. */
export function setupRoutes(): Router {
  const router = Router();

  // While no user exists, every page leads to the setup.
  router.use(async (req, res, next) => {
    if (req.path === '/setup' || req.user) return next();
    if (req.method === 'GET' && (await needsSetup())) return res.redirect('/setup');
    next();
  });

  router.get('/setup', guard('public'), async (_req, res) => {
    if (!(await needsSetup())) throw new NotFound();
    res.render('setup/setup', { title: res.locals.t('setup.title'), values: { locale: res.locals.locale } });
  });

  router.post(
    '/setup',
    guard('public'),
    handleForm<SetupInput>({
      view: 'setup/setup',
      schema: setupSchema,
      context: async (_req, res) => ({ title: res.locals.t('setup.title') }),
      handle: async (req, value) => {
        const { user, epoch } = await runSetup(value);
        // Signed in at once (a new session id), as after a login: no need to type the e-mail again.
        req.loginEpoch = epoch;
        await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
        req.session.loginAt = Date.now();
        return { redirect: '/', flash: { type: 'success', key: 'setup.done' } };
      },
    }),
  );
  return router;
}
