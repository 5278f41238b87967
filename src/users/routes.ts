import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleAction, handleForm } from '../core/http/form';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { ROLES } from '../core/policy';
import { createUserSchema, listUsersQuery, updateUserSchema, versionOnly } from './schemas';
import { createUser, getUser, issuePasswordLink, listUsers, setActive, updateUser, userFormOptions, type LinkDeps } from './service';

/** Users and their access, mounted at /users: managers only (policy action users.manage). */
export function userRoutes(deps: LinkDeps): Router {
  const router = Router();
  const can = guard('users.manage');

  router.get('/', can, async (req, res) => {
    const query = validateQuery(listUsersQuery, req.query);
    const result = await listUsers(currentUser(req), query);
    res.render('users/list', { title: res.locals.t('users.title'), query, result, roles: ROLES });
  });

  const newContext = async (req: Request, res: Response) => ({ title: res.locals.t('users.new'), roles: ROLES, ...(await userFormOptions(currentUser(req))) });

  router.get('/new', can, async (req, res) => {
    // From a startup's page: the role and the startup already chosen (anything else in the query is ignored).
    const startup = typeof req.query.startup === 'string' && /^[0-9a-f]{24}$/.test(req.query.startup) ? [req.query.startup] : [];
    res.render('users/form', { ...(await newContext(req, res)), values: { locale: 'fr', role: req.query.role, startups: startup }, isNew: true });
  });

  router.post(
    '/',
    can,
    handleForm({
      view: 'users/form',
      once: true,
      schema: createUserSchema,
      context: async (req, res) => ({ ...(await newContext(req, res)), isNew: true }),
      handle: async (req, value) => {
        const { id, link } = await createUser(currentUser(req), value, deps);
        return { redirect: `/users/${id}`, flash: { type: 'success', key: 'users.created', vars: { email: value.email }, link } };
      },
    }),
  );

  router.get('/:id', can, async (req, res) => {
    const user = await getUser(currentUser(req), param(req, 'id'));
    res.render('users/show', { title: user.name, shown: user });
  });

  const editContext = async (req: Request, res: Response) => {
    const user = await getUser(currentUser(req), param(req, 'id'));
    return {
      title: res.locals.t('users.edit'),
      roles: ROLES,
      shown: user,
      ...(await userFormOptions(currentUser(req))),
      values: { name: user.name, role: user.role, locale: user.locale, startups: user.startups.map((s) => s.id), organisation: user.organisation?.id, version: user.version },
    };
  };

  router.get('/:id/edit', can, async (req, res) => {
    res.render('users/form', await editContext(req, res));
  });

  router.post(
    '/:id',
    can,
    handleForm({
      view: 'users/form',
      schema: updateUserSchema,
      context: editContext,
      handle: async (req, value) => {
        await updateUser(currentUser(req), param(req, 'id'), value);
        return { redirect: `/users/${param(req, 'id')}`, flash: { type: 'success', key: 'users.updated' } };
      },
    }),
  );

  /** Buttons of the user page: an unknown id is 404 before anything else; a refusal comes back as a message on that page. */
  const known = async (req: Request, _res: Response, next: (err?: unknown) => void) => {
    await getUser(currentUser(req), param(req, 'id'));
    next();
  };
  const button = (work: (req: Request, version: number) => Promise<{ key: string; link?: string }>) =>
    handleAction({
      schema: versionOnly,
      invalidKey: 'errors.staleEdit',
      refusedTo: (req) => `/users/${param(req, 'id')}`,
      handle: async (req, { version }) => {
        const done = await work(req, version);
        return { redirect: `/users/${param(req, 'id')}`, flash: { type: 'success', key: done.key, link: done.link } };
      },
    });

  router.post(
    '/:id/deactivate',
    can,
    known,
    button(async (req, version) => {
      await setActive(currentUser(req), param(req, 'id'), false, version);
      return { key: 'users.deactivated' };
    }),
  );
  router.post(
    '/:id/activate',
    can,
    known,
    button(async (req, version) => {
      await setActive(currentUser(req), param(req, 'id'), true, version);
      return { key: 'users.activated' };
    }),
  );
  router.post(
    '/:id/password-link',
    can,
    known,
    button(async (req) => ({ key: 'users.linkIssued', link: await issuePasswordLink(currentUser(req), param(req, 'id'), deps) })),
  );
  return router;
}
