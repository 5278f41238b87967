import Joi from 'joi';
import { Router, type Request, type Response } from 'express';
import { handleAction, handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { param } from '../core/http/request';
import { startupOf } from '../startups/http';
import { changeEnd, findAllocation } from './allocations';
import { addDays, today } from './days';
import { SPACE_KINDS } from './model';
import { requestPage, spaceOptions } from './request-page';
import { acceptProposal, approveRequest, declineProposal, proposeSpace, rejectRequest, requestHosting, withdrawRequest, type HostingDeps } from './requests';
import { changeSchema, decisionSchema, recordSchema, requestSchema } from './schemas';
import { siteRoutes } from './site.routes';
import { documentChoices, hostingTab, recordRequirement, requirementStates } from './tab';
import { ValidationFailed, fieldError } from '../core/errors';

const base = (req: Request) => `/startups/${startupOf.of(req).id}/hosting`;
const rid = (req: Request) => param(req, 'rid');

/**
 * Hosting on a startup's pages. Mounted at the root: full paths.
 *   GET  /startups/:id/hosting                          hosting.read      the tab
 *   GET|POST /startups/:id/hosting/request              hosting.request   ask for hosting
 *   GET  /startups/:id/hosting/requests/:rid            hosting.read      a request; managers decide there
 *   POST /startups/:id/hosting/requests/:rid/decision   hosting.manage    approve, propose another space, reject
 *   POST /startups/:id/hosting/requests/:rid/accept|decline   hosting.answer (founders)
 *   POST /startups/:id/hosting/requests/:rid/withdraw  hosting.request   withdrawn before an answer
 *   GET|POST /startups/:id/hosting/allocations/:aid     hosting.manage    end early or extend
 *   GET|POST /startups/:id/hosting/requirements/new     hosting.manage    record a requirement met
 *   + sites, spaces, requirements, requests, timeline, billing (site.routes.ts).
 */
export function hostingRoutes(deps: HostingDeps): Router {
  const router = Router();

  router.get('/startups/:id/hosting', guard('hosting.read'), startupOf, async (req, res) => {
    const data = await hostingTab(startupOf.of(req));
    res.render('hosting/tab', { title: `${data.header.name} · ${res.locals.t('hosting.title')}`, tab: 'hosting', startupId: startupOf.of(req).id, ...data });
  });

  const requestContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    return { title: `${res.locals.t('hosting.request.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, kinds: SPACE_KINDS, spaces: await spaceOptions(), requirements: await requirementStates(access.id) };
  };
  router.get('/startups/:id/hosting/request', guard('hosting.request'), startupOf, async (req, res) => {
    const from = addDays(today(), 7);
    res.render('hosting/request-form', { ...(await requestContext(req, res)), values: { kind: typeof req.query.kind === 'string' ? req.query.kind : 'office', seats: 1, from, to: addDays(from, 180) } });
  });
  router.post(
    '/startups/:id/hosting/request',
    guard('hosting.request'),
    startupOf,
    handleForm({
      view: 'hosting/request-form',
      once: true,
      schema: requestSchema,
      context: requestContext,
      handle: async (req, value) => {
        const id = await requestHosting(startupOf.of(req), value, deps);
        return { redirect: `${base(req)}/requests/${id}`, flash: { type: 'success', key: 'hosting.request.sent' } };
      },
    }),
  );

  const requestPageContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    const data = await requestPage(access, rid(req));
    return { title: `${res.locals.t('hosting.requestPage.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, startupId: access.id, ...data };
  };
  router.get('/startups/:id/hosting/requests/:rid', guard('hosting.read'), startupOf, async (req, res) => {
    const context = await requestPageContext(req, res);
    // The space asked for, when it fits; otherwise the manager chooses (never another kind by default).
    const asked = context.candidates.find((c) => c.requested && c.fits);
    res.render('hosting/request', { ...context, values: { decision: 'approve', space: asked?.id ?? '' } });
  });
  router.post(
    '/startups/:id/hosting/requests/:rid/decision',
    guard('hosting.manage'),
    startupOf,
    async (req, _res, next) => {
      await requestPage(startupOf.of(req), rid(req)); // 404 before reading the form
      next();
    },
    handleForm({
      view: 'hosting/request',
      schema: decisionSchema,
      context: requestPageContext,
      handle: async (req, value) => {
        const access = startupOf.of(req);
        const to = `${base(req)}/requests/${rid(req)}`;
        if (value.decision === 'reject') {
          await rejectRequest(access, rid(req), value.reason, deps);
          return { redirect: to, flash: { type: 'success', key: 'hosting.decision.rejected' } };
        }
        if (!value.space) throw new ValidationFailed({ space: fieldError('hosting.errors.unknownSpace') });
        const input = { space: value.space, pricePerSeat: value.pricePerSeat, reason: value.reason };
        if (value.decision === 'propose') {
          const name = await proposeSpace(access, rid(req), input, deps);
          return { redirect: to, flash: { type: 'success', key: 'hosting.decision.proposed', vars: { space: name } } };
        }
        const name = await approveRequest(access, rid(req), input, deps);
        return { redirect: to, flash: { type: 'success', key: 'hosting.decision.approved', vars: { space: name } } };
      },
    }),
  );
  router.post(
    '/startups/:id/hosting/requests/:rid/withdraw',
    guard('hosting.request'),
    startupOf,
    handleAction({
      schema: Joi.object({}),
      refusedTo: (req) => `${base(req)}/requests/${rid(req)}`,
      handle: async (req) => {
        await withdrawRequest(startupOf.of(req), rid(req), deps);
        return { redirect: `${base(req)}/requests/${rid(req)}`, flash: { type: 'success', key: 'hosting.request.withdrawn' } };
      },
    }),
  );
  const answer = (kind: 'accept' | 'decline') =>
    handleAction({
      schema: Joi.object({}),
      refusedTo: (req) => `${base(req)}/requests/${rid(req)}`,
      handle: async (req) => {
        const access = startupOf.of(req);
        if (kind === 'accept') {
          const name = await acceptProposal(access, rid(req), deps);
          return { redirect: `${base(req)}/requests/${rid(req)}`, flash: { type: 'success', key: 'hosting.answer.accepted', vars: { space: name } } };
        }
        await declineProposal(access, rid(req), deps);
        return { redirect: `${base(req)}/requests/${rid(req)}`, flash: { type: 'success', key: 'hosting.answer.declined' } };
      },
    });
  router.post('/startups/:id/hosting/requests/:rid/accept', guard('hosting.answer'), startupOf, answer('accept'));
  router.post('/startups/:id/hosting/requests/:rid/decline', guard('hosting.answer'), startupOf, answer('decline'));

  const allocationContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    const allocation = await findAllocation(access, param(req, 'aid'));
    return { title: `${res.locals.t('hosting.change.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, allocation: { ...allocation, id: String(allocation._id), version: allocation.__v ?? 0 } };
  };
  router.get('/startups/:id/hosting/allocations/:aid', guard('hosting.manage'), startupOf, async (req, res) => {
    const context = await allocationContext(req, res);
    res.render('hosting/change', { ...context, values: { to: context.allocation.to, version: context.allocation.version } });
  });
  router.post(
    '/startups/:id/hosting/allocations/:aid',
    guard('hosting.manage'),
    startupOf,
    async (req, _res, next) => {
      await findAllocation(startupOf.of(req), param(req, 'aid')); // 404 before reading the form
      next();
    },
    handleForm({
      view: 'hosting/change',
      schema: changeSchema,
      context: allocationContext,
      handle: async (req, value) => {
        const done = await changeEnd(startupOf.of(req), param(req, 'aid'), value);
        return { redirect: base(req), flash: { type: 'success', key: `hosting.change.${done}` } };
      },
    }),
  );

  /** Where to go back after recording a requirement: a page of this startup's hosting (the request being decided), else its tab. */
  const backOf = (req: Request) => (typeof req.query.back === 'string' && /^\/startups\/[0-9a-f]{24}\/hosting\/requests\/[0-9a-f]{24}$/.test(req.query.back) && req.query.back.startsWith(`${base(req)}/`) ? req.query.back : undefined);
  const recordContext = async (req: Request, res: Response) => {
    const access = startupOf.of(req);
    return { title: `${res.locals.t('hosting.record.title')} · ${access.record.name}`, header: { id: access.id, name: access.record.name }, back: backOf(req), requirements: await requirementStates(access.id), documents: await documentChoices(access) };
  };
  router.get('/startups/:id/hosting/requirements/new', guard('hosting.manage'), startupOf, async (req, res) => {
    res.render('hosting/record-form', { ...(await recordContext(req, res)), values: { requirement: typeof req.query.requirement === 'string' ? req.query.requirement : '', obtainedOn: today() } });
  });
  router.post(
    '/startups/:id/hosting/requirements/new',
    guard('hosting.manage'),
    startupOf,
    handleForm({
      view: 'hosting/record-form',
      schema: recordSchema,
      context: recordContext,
      handle: async (req, value) => {
        const name = await recordRequirement(startupOf.of(req), value);
        return { redirect: backOf(req) ?? base(req), flash: { type: 'success', key: 'hosting.record.done', vars: { name } } };
      },
    }),
  );

  router.use(siteRoutes());
  return router;
}
