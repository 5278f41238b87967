import { Router, type Request, type Response } from 'express';
import { loadConfig, type Config } from '../core/config';
import { flash } from '../core/http/flash';
import { handleForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import type { Mailer } from '../core/mail';
import { reach } from '../core/http/reach';
import { currentUser, param } from '../core/http/request';
import { validateQuery } from '../core/http/validate';
import { documentDownloader } from '../documents/download';
import { referralAccess, sharedDocumentAccess } from './access';
import { referralInbox, referralRows } from './inbox';
import { sendCsv } from '../core/http/csv';
import { toCsv } from '../startups/csv';
import { today } from '../hosting/days';
import { commentSchema, consentSchema, declineSchema, inboxQuery, newReferralQuery, newReferralSchema, outcomeSchema } from './schemas';
import { referralFormOptions, referralInputOf } from './form';
import { acceptReferral, closeReferral, createReferral, declineReferral, openReferral, sendReferral, withdrawDocument, withdrawReferral } from './service';
import { addComment, recordOutcome } from './thread';
import { decideConsent } from './consent';
import { referralPage } from './page';

export interface ReferralRouteDeps {
  config: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
  mailer?: Mailer;
  baseUrl?: string;
}

/** The referral of /referrals/:id as the user may reach it (404 otherwise), resolved once. */
const referralOf = reach((req) => referralAccess(currentUser(req), param(req, 'id')));
/** A document of /referrals/:id/documents/:docId/download as the partner reaches it through the referral (404 otherwise). */
const sharedDocumentOf = reach((req) => sharedDocumentAccess(currentUser(req), param(req, 'id'), param(req, 'docId')));

/**
 * Referrals, mounted at the root: full paths.
 *   GET  /referrals                         referrals.read        the inbox (managers all, founders their startups', partners their organisation's)
 *   GET  /referrals.csv                     referrals.manage      the same list (its filters) as CSV
 *   GET  /referrals/new?startup=            referrals.manage      the form to refer a startup (a draft)
 *   POST /referrals                         referrals.manage      creates the draft
 *   GET  /referrals/:id                     referrals.read        one referral (a partner's first look marks it viewed)
 *   POST /referrals/:id/accept              referrals.respond     the partner accepts
 *   POST /referrals/:id/decline             referrals.respond     the partner declines, with a reason
 *   POST /referrals/:id/comments            referrals.comment     the thread between the programme and the partner
 *   POST /referrals/:id/outcomes            referrals.respond     the partner records an outcome (accepted referrals)
 *   POST /referrals/:id/consents/:docId     referrals.consent     a founder approves, refuses or withdraws consent for a confidential document
 *   POST /referrals/:id/send|close|withdraw referrals.manage      a manager sends a draft, closes or withdraws a referral
 *   POST /referrals/:id/documents/:docId/withdraw  referrals.manage  a manager ends the sharing of one document
 *   GET  /referrals/:id/documents/:docId/download  documents.readShared  a document shared on a live referral to the partner's organisation
 */
export function referralRoutes(deps: ReferralRouteDeps = { config: loadConfig() }): Router {
  const router = Router();
  const download = documentDownloader(deps.config);
  const notifyDeps = { mailer: deps.mailer, baseUrl: deps.baseUrl };

  router.get('/referrals', guard('referrals.read'), async (req, res) => {
    const query = validateQuery(inboxQuery, req.query);
    const result = await referralInbox(currentUser(req), query);
    // The query the page keeps in its links is the part that applies to the user (a partner's `status=` is not carried).
    res.render('referrals/inbox', { title: res.locals.t('referrals.title'), result, query: result.query });
  });

  router.get('/referrals.csv', guard('referrals.manage'), async (req, res) => {
    const query = validateQuery(inboxQuery, req.query);
    const t = res.locals.t as (key: string) => string;
    const rows = (await referralRows(currentUser(req), query)).map((r) => [
      r.startup,
      r.organisation,
      r.need?.free ? t(`referrals.needs.${r.need.free}`) : (r.need?.packName?.[req.locale === 'en' ? 'en' : 'fr'] ?? ''),
      t(`referrals.statuses.${r.status}`),
      r.overdue ? t('referrals.overdue') : '',
      r.sentAt ? r.sentAt.toISOString().slice(0, 10) : '',
      r.respondBy,
      r.answeredAt ? r.answeredAt.toISOString().slice(0, 10) : '',
      r.outcomes,
    ]);
    const header = ['startup', 'organisation', 'need', 'status', 'overdue', 'sentOn', 'respondBy', 'answeredOn', 'outcomes'].map((c) => t(`referrals.csv.${c}`));
    sendCsv(res, { fileName: `${t('referrals.csv.file')}-${today()}.csv`, body: toCsv(header, rows) });
  });

  const newContext = async (req: Request, res: Response, startupId: string) => ({ title: res.locals.t('referrals.new.title'), ...(await referralFormOptions(currentUser(req), startupId)) });

  router.get('/referrals/new', guard('referrals.manage'), async (req, res) => {
    const { startup } = validateQuery(newReferralQuery, req.query);
    res.render('referrals/new', { ...(await newContext(req, res, startup)), values: { documents: [] }, errors: {} });
  });

  router.post(
    '/referrals',
    guard('referrals.manage'),
    handleForm({
      view: 'referrals/new',
      schema: newReferralSchema,
      context: (req, res) => newContext(req, res, String((req.body as { startup?: unknown } | undefined)?.startup ?? '')),
      handle: async (req, value) => {
        const id = await createReferral(currentUser(req), referralInputOf(value));
        return { redirect: `/referrals/${id}`, flash: { type: 'success', key: 'referrals.new.created' } };
      },
    }),
  );

  const pageContext = async (req: Request, res: Response) => {
    const data = await referralPage(referralOf.of(req));
    return { title: `${res.locals.t('referrals.one')} · ${data.startup.name}`, ...data };
  };

  router.get('/referrals/:id', guard('referrals.read'), referralOf, async (req, res) => {
    // Opening is the partner's read receipt (issue 11): idempotent, and nothing a third party could abuse.
    if (await openReferral(referralOf.of(req))) await referralOf.refresh(req);
    res.render('referrals/show', { ...(await pageContext(req, res)), values: {}, errors: {} });
  });

  router.post('/referrals/:id/accept', guard('referrals.respond'), referralOf, async (req, res) => {
    await acceptReferral(referralOf.of(req), notifyDeps);
    flash(req, { type: 'success', key: 'referrals.accepted' });
    res.redirect(303, `/referrals/${param(req, 'id')}`);
  });

  const manageActions = { send: sendReferral, close: closeReferral, withdraw: withdrawReferral } as const;
  for (const [name, work] of Object.entries(manageActions)) {
    router.post(`/referrals/:id/${name}`, guard('referrals.manage'), referralOf, async (req, res) => {
      await work(referralOf.of(req), notifyDeps);
      flash(req, { type: 'success', key: `referrals.done.${name}` });
      res.redirect(303, `/referrals/${param(req, 'id')}`);
    });
  }

  router.post('/referrals/:id/documents/:docId/withdraw', guard('referrals.manage'), referralOf, async (req, res) => {
    const wasDraft = referralOf.of(req).record.status === 'draft';
    await withdrawDocument(referralOf.of(req), param(req, 'docId'));
    flash(req, { type: 'success', key: wasDraft ? 'referrals.done.documentUnpicked' : 'referrals.done.documentWithdrawn' });
    res.redirect(303, `/referrals/${param(req, 'id')}`);
  });

  const formRoute = <T>(schema: import('joi').ObjectSchema<T>, work: (req: Request, value: T) => Promise<void>, key: string) =>
    handleForm<T>({
      view: 'referrals/show',
      schema,
      context: pageContext,
      refresh: referralOf.refresh,
      handle: async (req, value) => {
        await work(req, value);
        return { redirect: `/referrals/${param(req, 'id')}`, flash: { type: 'success', key } };
      },
    });

  router.post('/referrals/:id/decline', guard('referrals.respond'), referralOf, formRoute(declineSchema, (req, v) => declineReferral(referralOf.of(req), v.reason, notifyDeps), 'referrals.declined'));
  router.post('/referrals/:id/comments', guard('referrals.comment'), referralOf, formRoute(commentSchema, (req, v) => addComment(referralOf.of(req), v.text, notifyDeps), 'referrals.commented'));

  router.post('/referrals/:id/outcomes', guard('referrals.respond'), referralOf, formRoute(outcomeSchema, (req, v) => recordOutcome(referralOf.of(req), v, notifyDeps), 'referrals.outcomeRecorded'));
  router.post('/referrals/:id/consents/:docId', guard('referrals.consent'), referralOf, formRoute(consentSchema, (req, v) => decideConsent(referralOf.of(req), param(req, 'docId'), v.decision, notifyDeps), 'referrals.consentRecorded'));

  router.get('/referrals/:id/documents/:docId/download', guard('documents.readShared'), sharedDocumentOf, (req, res) => download(req, res, sharedDocumentOf.of(req)));

  return router;
}
