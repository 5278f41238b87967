import { Router, type Request, type Response } from 'express';
import { sendCsv } from '../core/http/csv';
import { handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { toCsv } from '../startups/csv';
import { billing } from './billing';
import { dayWords, monthOf, today } from './days';
import { SPACE_KINDS } from './model';
import { hostingNav } from './nav';
import { listRequests } from './queue';
import { listQuery, monthQuery, requestsQuery, requirementSchema, siteSchema, spaceSchema, timelineQuery } from './schemas';
import { createRequirement, findSite, findSpace, listRequirements, listSites, operatorChoices, requirementChoices, saveSite, saveSpace, sitePage } from './sites';
import { siteTimeline } from './timeline';
import { REQUEST_STATUSES } from './model';

type T = (key: string, vars?: Record<string, unknown>) => string;
const sid = (req: Request) => param(req, 'sid');
/** Amounts in a CSV as the user's spreadsheet reads them (a decimal comma in French). */
const amount = (req: Request, n: number) => (req.locale === 'fr' ? n.toFixed(2).replace('.', ',') : n.toFixed(2));

/**
 * The programme's hosting (managers): the requests' queue, sites and their spaces, requirements,
 * each site's timeline, the month's billing. Every list searches, pages and exports CSV.
 */
export function siteRoutes(): Router {
  const router = Router();
  router.use('/hosting', hostingNav);

  router.get('/hosting', guard('hosting.manage'), (_req, res) => res.redirect('/hosting/requests'));
  router.get('/hosting/requests', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(requestsQuery, req.query);
    const result = await listRequests(currentUser(req), query);
    res.render('hosting/requests', { title: res.locals.t('hosting.requests.title'), query, result, statuses: REQUEST_STATUSES });
  });
  router.get('/hosting/requests.csv', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(requestsQuery, req.query);
    const { all } = await listRequests(currentUser(req), query);
    const t = res.locals.t as T;
    const header = ['startup', 'kind', 'space', 'seats', 'from', 'to', 'status', 'requestedBy', 'requestedOn'].map((c) => t(`hosting.csv.${c}`));
    const rows = all.map((r) => [r.startupName, t(`hosting.kinds.${r.kind}`), r.spaceName, r.seats, dayWords(r.from), dayWords(r.to), t(`hosting.statuses.${r.status}`), r.requestedByName, dayWords(r.createdAt.toISOString().slice(0, 10))]);
    sendCsv(res, { fileName: `${t('hosting.csv.requestsFile')}-${today()}.csv`, body: toCsv(header, rows) });
  });

  router.get('/hosting/sites', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(listQuery, req.query);
    const result = await listSites(currentUser(req), query);
    res.render('hosting/sites', { title: res.locals.t('hosting.sites.title'), query, result });
  });
  router.get('/hosting/sites.csv', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(listQuery, req.query);
    const { all } = await listSites(currentUser(req), query);
    const t = res.locals.t as T;
    const header = ['site', 'address', 'operator', 'spaces', 'seats'].map((c) => t(`hosting.csv.${c}`));
    sendCsv(res, { fileName: `${t('hosting.csv.sitesFile')}-${today()}.csv`, body: toCsv(header, all.map((s) => [s.name, s.address, s.operatorName, s.spaces, s.seats])) });
  });

  const siteContext = async (req: Request, res: Response) => {
    const site = req.params.sid ? await findSite(currentUser(req), sid(req)) : undefined;
    return { title: site ? `${res.locals.t('hosting.site.edit')} · ${site.name}` : res.locals.t('hosting.site.new'), site: site ? { id: String(site._id), name: site.name } : undefined, operators: await operatorChoices() };
  };
  const siteForm = (editing: boolean) =>
    handleForm({
      view: 'hosting/site-form',
      once: !editing,
      schema: siteSchema,
      context: siteContext,
      handle: async (req, value) => {
        const id = await saveSite(currentUser(req), editing ? sid(req) : undefined, value);
        return { redirect: `/hosting/sites/${id}`, flash: { type: 'success', key: editing ? 'hosting.site.saved' : 'hosting.site.created', vars: { name: value.name } } };
      },
    });
  router.get('/hosting/sites/new', guard('hosting.manage'), async (req, res) => res.render('hosting/site-form', { ...(await siteContext(req, res)), values: {} }));
  router.post('/hosting/sites/new', guard('hosting.manage'), siteForm(false));
  router.get('/hosting/sites/:sid', guard('hosting.manage'), async (req, res) => {
    const data = await sitePage(currentUser(req), sid(req));
    res.render('hosting/site', { title: data.site.name, ...data });
  });
  router.get('/hosting/sites/:sid/edit', guard('hosting.manage'), async (req, res) => {
    const site = await findSite(currentUser(req), sid(req));
    res.render('hosting/site-form', { ...(await siteContext(req, res)), values: { ...site, operator: site.operator ? String(site.operator) : '', version: site.__v ?? 0 } });
  });
  router.post('/hosting/sites/:sid/edit', guard('hosting.manage'),
    async (req, _res, next) => {
      await findSite(currentUser(req), sid(req)); // 404 before reading the form
      next();
    },
    siteForm(true),
  );

  const spaceContext = async (req: Request, res: Response) => {
    const site = await findSite(currentUser(req), sid(req));
    const space = req.params.spid ? (await findSpace(currentUser(req), sid(req), param(req, 'spid'))).space : undefined;
    return { title: space ? `${res.locals.t('hosting.space.edit')} · ${space.name}` : `${res.locals.t('hosting.space.new')} · ${site.name}`, site: { id: String(site._id), name: site.name }, space: space ? { id: String(space._id), name: space.name } : undefined, kinds: SPACE_KINDS, requirements: await requirementChoices() };
  };
  const spaceForm = (editing: boolean) =>
    handleForm({
      view: 'hosting/space-form',
      once: !editing,
      schema: spaceSchema,
      context: spaceContext,
      handle: async (req, value) => {
        await saveSpace(currentUser(req), sid(req), editing ? param(req, 'spid') : undefined, value);
        return { redirect: `/hosting/sites/${sid(req)}`, flash: { type: 'success', key: editing ? 'hosting.space.saved' : 'hosting.space.created', vars: { name: value.name } } };
      },
    });
  router.get('/hosting/sites/:sid/spaces/new', guard('hosting.manage'), async (req, res) => res.render('hosting/space-form', { ...(await spaceContext(req, res)), values: { kind: 'office', capacity: 1, openedOn: today(), requirements: [] } }));
  router.post('/hosting/sites/:sid/spaces/new', guard('hosting.manage'),
    async (req, _res, next) => {
      await findSite(currentUser(req), sid(req));
      next();
    },
    spaceForm(false),
  );
  router.get('/hosting/sites/:sid/spaces/:spid/edit', guard('hosting.manage'), async (req, res) => {
    const { space } = await findSpace(currentUser(req), sid(req), param(req, 'spid'));
    res.render('hosting/space-form', { ...(await spaceContext(req, res)), values: { ...space, requirements: space.requirements.map(String), version: space.__v ?? 0 } });
  });
  router.post('/hosting/sites/:sid/spaces/:spid/edit', guard('hosting.manage'),
    async (req, _res, next) => {
      await findSpace(currentUser(req), sid(req), param(req, 'spid'));
      next();
    },
    spaceForm(true),
  );

  router.get('/hosting/sites/:sid/timeline', guard('hosting.manage'), async (req, res) => {
    const { from } = validateQuery(timelineQuery, req.query);
    const data = await siteTimeline(currentUser(req), sid(req), from);
    res.render('hosting/timeline', { title: `${res.locals.t('hosting.timeline.title')} · ${data.site.name}`, ...data });
  });

  router.get('/hosting/requirements', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(listQuery, req.query);
    const result = await listRequirements(currentUser(req), query);
    res.render('hosting/requirements', { title: res.locals.t('hosting.requirements.title'), query, result });
  });
  router.get('/hosting/requirements.csv', guard('hosting.manage'), async (req, res) => {
    const query = validateQuery(listQuery, req.query);
    const { all } = await listRequirements(currentUser(req), query);
    const t = res.locals.t as T;
    const header = ['requirement', 'requirementKind', 'validityMonths', 'spaces'].map((c) => t(`hosting.csv.${c}`));
    sendCsv(res, { fileName: `${t('hosting.csv.requirementsFile')}-${today()}.csv`, body: toCsv(header, all.map((r) => [r.name, t(`hosting.requirementKinds.${r.kind}`), r.validityMonths, r.spaces])) });
  });
  const requirementContext = (_req: Request, res: Response) => ({ title: res.locals.t('hosting.requirements.new'), requirementKinds: ['training', 'document'] });
  router.get('/hosting/requirements/new', guard('hosting.manage'), (req, res) => res.render('hosting/requirement-form', { ...requirementContext(req, res), values: { kind: 'training', validityMonths: 12 } }));
  router.post('/hosting/requirements/new', guard('hosting.manage'),
    handleForm({
      view: 'hosting/requirement-form',
      schema: requirementSchema,
      context: requirementContext,
      handle: async (req, value) => {
        const done = await createRequirement(currentUser(req), value);
        return { redirect: '/hosting/requirements', flash: { type: 'success', key: done.created ? 'hosting.requirements.created' : 'hosting.requirements.exists', vars: { name: value.name } } };
      },
    }),
  );

  router.get('/hosting/billing', guard('hosting.manage'), async (req, res) => {
    const { month = monthOf(today()) } = validateQuery(monthQuery, req.query);
    res.render('hosting/billing', { title: res.locals.t('hosting.billing.title'), month, ...(await billing(month)) });
  });
  router.get('/hosting/billing.csv', guard('hosting.manage'), async (req, res) => {
    const { month = monthOf(today()) } = validateQuery(monthQuery, req.query);
    const data = await billing(month);
    const t = res.locals.t as T;
    const header = ['site', 'space', 'startup', 'seats', 'pricePerSeat', 'days', 'monthDays', 'amount'].map((c) => t(`hosting.csv.${c}`));
    const rows = data.lines.map((l) => [l.siteName, l.spaceName, l.startupName, l.seats, amount(req, l.pricePerSeat), l.days, l.monthDays, amount(req, l.amount)]);
    const totals = [...data.sites.map((s) => [s.siteName, t('hosting.billing.siteTotal'), '', '', '', '', '', amount(req, s.total)]), [t('hosting.billing.total'), '', '', '', '', '', '', amount(req, data.total)]];
    sendCsv(res, { fileName: `${t('hosting.csv.billingFile')}-${month}.csv`, body: toCsv(header, [...rows, ...totals]) });
  });
  return router;
}
