import { Router, type Request, type Response } from 'express';
import { guard } from '../core/http/guard';
import { handleAction, handleForm } from '../core/http/form';
import { flash } from '../core/http/flash';
import { currentUser, param } from '../core/http/request';
import { validate, validateQuery } from '../core/http/validate';
import { Conflict, ValidationFailed } from '../core/errors';
import { COHORT_STATUSES, STATUS_CHOICES, addStartupsSchema, cohortSchema, cohortUpdateSchema, listCohortsQuery, versionOnly } from './schemas';
import { addStartups, closeCohort, cohortFormValues, createCohort, getCohort, listCohorts, startupsToAdd, updateCohort } from './service';

/** Cohorts of the programme, mounted at /cohorts: managers only (policy action programme.manage). */
export function cohortRoutes(): Router {
  const router = Router();
  const can = guard('programme.manage');

  router.get('/', can, async (req, res) => {
    const query = validateQuery(listCohortsQuery, req.query);
    const result = await listCohorts(currentUser(req), query);
    res.render('cohorts/list', { title: res.locals.t('programmes.cohorts.title'), query, result, statuses: COHORT_STATUSES });
  });

  const newContext = async (_req: Request, res: Response) => ({ title: res.locals.t('programmes.cohorts.new'), statuses: STATUS_CHOICES, isNew: true });

  router.get('/new', can, async (req, res) => {
    res.render('cohorts/form', { ...(await newContext(req, res)), values: { status: 'auto' } });
  });

  router.post(
    '/',
    can,
    handleForm({
      view: 'cohorts/form',
      once: true,
      schema: cohortSchema,
      context: newContext,
      handle: async (req, value) => {
        const { id } = await createCohort(currentUser(req), value);
        return { redirect: `/cohorts/${id}`, flash: { type: 'success', key: 'programmes.cohorts.created', vars: { name: value.name } } };
      },
    }),
  );

  async function renderCohort(req: Request, res: Response, status = 200, alert?: string): Promise<void> {
    const [cohort, candidates] = await Promise.all([getCohort(currentUser(req), param(req, 'id')), startupsToAdd(currentUser(req), param(req, 'id'))]);
    res.status(status).render('cohorts/show', { title: cohort.name, cohort, candidates, alert });
  }

  router.get('/:id', can, (req, res) => renderCohort(req, res));

  const editContext = async (req: Request, res: Response) => {
    const { cohort, values } = await cohortFormValues(currentUser(req), param(req, 'id'));
    return { title: res.locals.t('programmes.cohorts.edit'), statuses: STATUS_CHOICES, cohort, values };
  };

  router.get('/:id/edit', can, async (req, res) => res.render('cohorts/form', await editContext(req, res)));

  router.post(
    '/:id',
    can,
    handleForm({
      view: 'cohorts/form',
      schema: cohortUpdateSchema,
      context: editContext,
      handle: async (req, value) => {
        const id = param(req, 'id');
        const saved = await updateCohort(currentUser(req), id, value);
        return { redirect: `/cohorts/${id}`, flash: { type: 'success', key: 'programmes.cohorts.updated', vars: { name: saved.name } } };
      },
    }),
  );

  /** Closing asks first: this page says what closing does, and holds the button. */
  router.get('/:id/close', can, async (req, res) => {
    const cohort = await getCohort(currentUser(req), param(req, 'id'));
    res.render('cohorts/close', { title: res.locals.t('programmes.cohorts.close'), cohort });
  });

  /** Adds startups from the cohort page's picker. */
  router.post(
    '/:id/startups',
    can,
    async (req, _res, next) => {
      await getCohort(currentUser(req), param(req, 'id')); // 404 first for an unknown or malformed id
      next();
    },
    handleAction({
      schema: addStartupsSchema,
      refusedTo: (req) => `/cohorts/${param(req, 'id')}#add-startups`,
      handle: async (req, { startups }) => {
        const done = await addStartups(currentUser(req), param(req, 'id'), startups);
        return { redirect: `/cohorts/${param(req, 'id')}`, flash: { type: 'success', key: 'programmes.cohorts.startupsAdded', vars: done } };
      },
    }),
  );

  /** "Close the cohort", from its confirmation page: a refusal shows the current cohort, 409. */
  router.post('/:id/close', can, async (req, res) => {
    const id = param(req, 'id');
    await getCohort(currentUser(req), id); // 404 first for an unknown or malformed id
    try {
      const { version } = validate(versionOnly, req.body);
      const closed = await closeCohort(currentUser(req), id, version);
      flash(req, { type: 'success', key: 'programmes.cohorts.closed', vars: { name: closed.name } });
      res.redirect(303, `/cohorts/${id}`);
    } catch (err) {
      if (err instanceof Conflict) return renderCohort(req, res, 409, err.messageKey);
      if (err instanceof ValidationFailed) return renderCohort(req, res, 409, 'errors.staleEdit');
      throw err;
    }
  });

  return router;
}
