import { Router, type Request, type Response } from 'express';
import { sendCsv } from '../core/http/csv';
import { handleAction, handleForm, keptValues } from '../core/http/form';
import { guard } from '../core/http/guard';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { PARTNER_KINDS } from '../partners/model';
import { directoryQuery, memberSchema, organisationEditSchema, organisationSchema, packSchema, versionOnly } from '../partners/schemas';
import { findOrganisation, findPack, organisationValues, removePack, saveOrganisation, savePack } from '../partners/service';
import { today } from '../hosting/days';
import { toCsv } from '../startups/csv';
import type { LinkDeps } from '../users/service';
import { organisationPage, partnerDirectory } from './directory';
import { inviteMember, setMemberActive } from './members';

type T = (key: string, vars?: Record<string, unknown>) => string;
const oid = (req: Request) => param(req, 'oid');
const home = (req: Request) => `/partners/${oid(req)}`;
/** An unknown organisation (or pack) is 404 before its form is read. */
const known = (find: (req: Request) => Promise<unknown>) => async (req: Request, _res: Response, next: (err?: unknown) => void) => {
  await find(req);
  next();
};

/**
 * The partner directory (managers), mounted at the root:
 *   GET  /partners(.csv)                         organisations with their figures: referrals received, acceptance, median response, outcomes, silent ones
 *   GET  /partners/new, POST /partners/new       a new organisation
 *   GET  /partners/:oid                          its page: figures, outcomes, packs, partner users (invite, deactivate)
 *   GET|POST /partners/:oid/edit                 its description and contact
 *   GET|POST /partners/:oid/packs/new            a pack it offers
 *   GET|POST /partners/:oid/packs/:pid/edit      a pack changed; POST …/remove removes it
 *   POST /partners/:oid/members                  invites a partner user of the organisation
 *   POST /partners/:oid/members/:uid/deactivate|activate
 */
export function partnerRoutes(deps: LinkDeps): Router {
  const router = Router();
  const can = guard('partners.manage');

  router.get('/partners', can, async (req, res) => {
    const query = validateQuery(directoryQuery, req.query);
    res.render('partners/list', { title: res.locals.t('partners.title'), query, kinds: PARTNER_KINDS, result: await partnerDirectory(currentUser(req), query) });
  });
  router.get('/partners.csv', can, async (req, res) => {
    const query = validateQuery(directoryQuery, req.query);
    const { all } = await partnerDirectory(currentUser(req), query);
    const t = res.locals.t as T;
    const header = ['organisation', 'kind', 'received', 'answered', 'accepted', 'acceptance', 'medianDays', 'outcomes', 'invested', 'awaiting', 'overdue', 'members'].map((c) => t(`partners.csv.${c}`));
    const rows = all.map((o) => [o.name, t(`partners.kinds.${o.kind}`), o.received, o.answered, o.accepted, o.acceptanceRate === null ? '' : Math.round(o.acceptanceRate * 100), o.medianResponseDays ?? '', o.outcomes, o.invested, o.awaiting, o.overdue, o.members]);
    sendCsv(res, { fileName: `${t('partners.csv.file')}-${today()}.csv`, body: toCsv(header, rows) });
  });

  const formContext = async (req: Request, res: Response) => {
    const organisation = req.params.oid ? await findOrganisation(currentUser(req), oid(req)) : undefined;
    // Editing: the stored values (what a refused stale save shows; a form error shows what was typed).
    return { title: organisation ? `${res.locals.t('partners.edit')} · ${organisation.name}` : res.locals.t('partners.new'), organisation, kinds: PARTNER_KINDS, values: organisation ? { ...organisationValues(organisation) } : undefined };
  };
  const organisationForm = (editing: boolean) =>
    handleForm({
      view: 'partners/form',
      once: !editing,
      schema: editing ? organisationEditSchema : organisationSchema,
      context: formContext,
      handle: async (req, value) => {
        const id = await saveOrganisation(currentUser(req), editing ? oid(req) : undefined, value);
        return { redirect: `/partners/${id}`, flash: { type: 'success', key: editing ? 'partners.saved' : 'partners.created', vars: { name: value.name } } };
      },
    });
  router.get('/partners/new', can, async (req, res) => res.render('partners/form', { ...(await formContext(req, res)), values: { kind: 'other' } }));
  router.post('/partners/new', can, organisationForm(false));

  const pageContext = async (req: Request) => {
    const data = await organisationPage(currentUser(req), oid(req));
    return { title: data.organisation.name, ...data, locale: req.locale };
  };
  router.get('/partners/:oid', can, async (req, res) => res.render('partners/show', { ...(await pageContext(req)), values: { locale: 'fr' }, errors: {} }));

  const findIt = known((req) => findOrganisation(currentUser(req), oid(req)));
  router.get('/partners/:oid/edit', can, async (req, res) => res.render('partners/form', await formContext(req, res)));
  router.post('/partners/:oid/edit', can, findIt, organisationForm(true));

  const packContext = async (req: Request, res: Response) => {
    const organisation = await findOrganisation(currentUser(req), oid(req));
    const pack = req.params.pid ? organisation.packs.find((p) => p.id === param(req, 'pid')) : undefined;
    return { title: `${res.locals.t(pack ? 'partners.packs.edit' : 'partners.packs.new')} · ${organisation.name}`, organisation: { id: organisation.id, name: organisation.name }, pack, version: organisation.version };
  };
  const packIt = known((req) => findPack(currentUser(req), oid(req), param(req, 'pid')));
  const packForm = (editing: boolean) =>
    handleForm({
      view: 'partners/pack-form',
      once: !editing,
      schema: packSchema,
      context: async (req, res) => {
        const context = await packContext(req, res);
        // A stale save shows the pack as it is now; a new pack keeps what was typed. Both on the organisation's current version, so that saving again works.
        const p = context.pack;
        return { ...context, values: p ? { nameFr: p.name.fr, nameEn: p.name.en, description: p.description, typicalResponseDays: p.typicalResponseDays, version: context.version } : { ...keptValues(req.body), version: context.version } };
      },
      handle: async (req, value) => {
        await savePack(currentUser(req), oid(req), editing ? param(req, 'pid') : undefined, value);
        return { redirect: home(req), flash: { type: 'success', key: editing ? 'partners.packs.saved' : 'partners.packs.created', vars: { name: req.locale === 'en' ? value.nameEn : value.nameFr } } };
      },
    });
  router.get('/partners/:oid/packs/new', can, async (req, res) => {
    const context = await packContext(req, res);
    res.render('partners/pack-form', { ...context, values: { typicalResponseDays: 15, version: context.version } });
  });
  router.post('/partners/:oid/packs/new', can, findIt, packForm(false));
  router.get('/partners/:oid/packs/:pid/edit', can, packIt, async (req, res) => {
    const context = await packContext(req, res);
    const p = context.pack;
    res.render('partners/pack-form', { ...context, values: p ? { nameFr: p.name.fr, nameEn: p.name.en, description: p.description, typicalResponseDays: p.typicalResponseDays, version: context.version } : {} });
  });
  router.post('/partners/:oid/packs/:pid/edit', can, packIt, packForm(true));
  router.post('/partners/:oid/packs/:pid/remove', can, packIt,
    handleAction({
      schema: versionOnly,
      invalidKey: 'errors.staleEdit',
      refusedTo: home,
      handle: async (req, { version }) => {
        const name = await removePack(currentUser(req), oid(req), param(req, 'pid'), version);
        return { redirect: home(req), flash: { type: 'success', key: 'partners.packs.removed', vars: { name } } };
      },
    }),
  );

  router.post('/partners/:oid/members', can, findIt,
    handleForm({
      view: 'partners/show',
      once: true,
      schema: memberSchema,
      context: pageContext,
      page: home,
      handle: async (req, value) => {
        const { link } = await inviteMember(currentUser(req), oid(req), value, deps);
        return { redirect: home(req), flash: { type: 'success', key: 'partners.members.invited', vars: { email: value.email }, link } };
      },
    }),
  );
  for (const active of [false, true]) {
    router.post(`/partners/:oid/members/:uid/${active ? 'activate' : 'deactivate'}`, can, findIt,
      handleAction({
        schema: versionOnly,
        invalidKey: 'errors.staleEdit',
        refusedTo: home,
        handle: async (req, { version }) => {
          const name = await setMemberActive(currentUser(req), oid(req), param(req, 'uid'), active, version);
          return { redirect: home(req), flash: { type: 'success', key: active ? 'partners.members.activated' : 'partners.members.deactivated', vars: { name } } };
        },
      }),
    );
  }
  return router;
}
