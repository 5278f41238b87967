import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleForm } from '../core/http/form';
import { flash } from '../core/http/flash';
import { validate, validateQuery } from '../core/http/validate';
import { Conflict, ValidationFailed } from '../core/errors';
import type { SessionUser } from '../users/model';
import { ROLES } from './model';
import { createUserSchema, listUsersQuery, updateUserSchema, versionOnly, type CreateUserInput, type ListUsersQuery, type UpdateUserInput } from './schemas';
import { createUser, getUser, issuePasswordLink, listUsers, setActive, updateUser, userFormOptions, type LinkDeps } from './service';

/** Users and their access: managers only (policy action users.manage). */
export function userRoutes(deps: LinkDeps): Router {
  const router = Router();
  const can = guard('users.manage');

  router.get('/', can, async (req, res) => {
    const query = validateQuery(listUsersQuery, req.query) as ListUsersQuery;
    const result = await listUsers(query);
    res.render('users/list', { title: res.locals.t('users.title'), query, result, roles: ROLES });
  });

  const newContext = async (_req: Request, res: Response) => ({ title: res.locals.t('users.new'), roles: ROLES, ...(await userFormOptions()) });

  router.get('/new', can, async (req, res) => {
    res.render('users/form', { ...(await newContext(req, res)), values: { locale: 'fr', role: req.query.role }, isNew: true });
  });

  router.post(
    '/',
    can,
    handleForm<CreateUserInput>({
      view: 'users/form',
      schema: createUserSchema,
      context: async (req, res) => ({ ...(await newContext(req, res)), isNew: true }),
      handle: async (req, value) => {
        const { id, link } = await createUser(req.user as SessionUser, value, deps);
        return { redirect: `/users/${id}`, flash: { type: 'success', key: 'users.created', vars: { email: value.email }, link } };
      },
    }),
  );

  router.get('/:id', can, async (req, res) => {
    const user = await getUser(String(req.params.id));
    res.render('users/show', { title: user.name, shown: user });
  });

  const editContext = async (req: Request, res: Response) => {
    const user = await getUser(String(req.params.id));
    return {
      title: res.locals.t('users.edit'),
      roles: ROLES,
      shown: user,
      ...(await userFormOptions()),
      values: { name: user.name, role: user.role, locale: user.locale, startups: user.startups.map((s) => s.id), organisation: user.organisation?.id, version: user.version },
    };
  };

  router.get('/:id/edit', can, async (req, res) => {
    res.render('users/form', await editContext(req, res));
  });

  router.post(
    '/:id',
    can,
    handleForm<UpdateUserInput>({
      view: 'users/form',
      schema: updateUserSchema,
      context: editContext,
      handle: async (req, value) => {
        await updateUser(req.user as SessionUser, String(req.params.id), value);
        return { redirect: `/users/${String(req.params.id)}`, flash: { type: 'success', key: 'users.updated' } };
      },
    }),
  );

  /** Buttons of the user page: a refusal comes back as a message on that page. */
  async function action(req: Request, res: Response, work: (version: number) => Promise<{ key: string; link?: string }>): Promise<void> {
    const id = String(req.params.id);
    await getUser(id); // 404 before anything else for an unknown id
    try {
      const { version } = validate(versionOnly, req.body);
      const done = await work(version);
      flash(req, { type: 'success', key: done.key, link: done.link });
    } catch (err) {
      if (err instanceof Conflict) flash(req, { type: 'danger', key: err.messageKey });
      else if (err instanceof ValidationFailed) flash(req, { type: 'danger', key: 'errors.staleEdit' });
      else throw err;
    }
    res.redirect(303, `/users/${id}`);
  }

  router.post('/:id/deactivate', can, (req, res) =>
    action(req, res, async (version) => {
      await setActive(req.user as SessionUser, String(req.params.id), false, version);
      return { key: 'users.deactivated' };
    }),
  );
  router.post('/:id/activate', can, (req, res) =>
    action(req, res, async (version) => {
      await setActive(req.user as SessionUser, String(req.params.id), true, version);
      return { key: 'users.activated' };
    }),
  );
  router.post('/:id/password-link', can, (req, res) =>
    action(req, res, async () => {
      const link = await issuePasswordLink(req.user as SessionUser, String(req.params.id), deps);
      return { key: 'users.linkIssued', link };
    }),
  );
  return router;
}
