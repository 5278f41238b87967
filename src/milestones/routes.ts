import { Router, type Request, type Response } from 'express';
import { loadConfig, type Config } from '../core/config';
import { fieldError, type FieldErrors } from '../core/errors';
import { handleAction, handleForm, keptValues } from '../core/http/form';
import { guard } from '../core/http/guard';
import { param } from '../core/http/request';
import { handleUpload, uploadReceiver, type UploadFormState } from '../core/http/upload';
import type { Mailer } from '../core/mail';
import { createStorage } from '../core/storage';
import { DOCUMENT_KINDS } from '../documents/model';
import { startupOf } from '../startups/http';
import { commentMilestone, decideMilestone, submitForm, submitMilestone } from './review';
import { reviewRoutes } from './review.routes';
import { applyTrackSchema, commentSchema, decisionSchema, editMilestoneSchema, milestoneSchema, submitSchema, versionOnly } from './schemas';
import { editForm, editMilestone, findMilestone, milestonePage, milestonesTab, planForm, planMilestone, removeMilestone } from './service';
import { applyTrack } from './tracks';

export interface MilestoneDeps {
  mailer: Mailer;
  baseUrl: string;
  /** Storage and upload limits of the dossier (submissions may upload a document). */
  config?: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
}

const mid = (req: Request): string => param(req, 'mid');
const base = (req: Request): string => `/startups/${startupOf.of(req).id}/milestones`;

/**
 * Milestones. Mounted at the root: full paths.
 *   GET  /startups/:id/milestones                   milestones.read    tab (scoped: manager all, founder own, mentor assigned)
 *   GET  /startups/:id/milestones/new               milestones.plan    plan (manager) / propose (founder, own)
 *   POST /startups/:id/milestones                   milestones.plan
 *   POST /startups/:id/milestones/apply-track       milestones.tracks  apply a track
 *   GET  /startups/:id/milestones/:mid              milestones.read    one milestone: evidence, thread, decision/comment forms
 *   GET  /startups/:id/milestones/:mid/edit         milestones.edit    managers only (founders 403)
 *   POST /startups/:id/milestones/:mid              milestones.edit
 *   POST /startups/:id/milestones/:mid/remove       milestones.edit    (soft)
 *   GET  /startups/:id/milestones/:mid/submit       milestones.submit  founders, own
 *   POST /startups/:id/milestones/:mid/submit       milestones.submit  multipart (evidence + documents)
 *   POST /startups/:id/milestones/:mid/decision     milestones.review  approve / request changes
 *   POST /startups/:id/milestones/:mid/comment      milestones.comment managers, assigned mentors
 *   + the review queue and the tracks (review.routes.ts).
 */
export function milestoneRoutes(deps: MilestoneDeps): Router {
  const router = Router();
  const config = deps.config ?? loadConfig();
  const storage = createStorage(config);
  const maxMb = Math.round((config.uploadMaxBytes / 1024 / 1024) * 10) / 10;

  router.get('/startups/:id/milestones', guard('milestones.read'), startupOf, async (req, res) => {
    const data = await milestonesTab(startupOf.of(req));
    res.render('milestones/tab', { title: `${data.header.name} · ${res.locals.t('milestones.title')}`, ...data, tab: 'milestones' });
  });

  const planContext = async (req: Request, res: Response) => {
    const data = await planForm(startupOf.of(req));
    return { title: res.locals.t(data.isFounder ? 'milestones.form.proposeTitle' : 'milestones.form.newTitle'), ...data, tab: 'milestones', isNew: true, action: `/startups/${data.startupId}/milestones` };
  };
  router.get('/startups/:id/milestones/new', guard('milestones.plan'), startupOf, async (req, res) => {
    res.render('milestones/form', { ...(await planContext(req, res)), values: {} });
  });
  router.post(
    '/startups/:id/milestones',
    guard('milestones.plan'),
    startupOf,
    handleForm({
      view: 'milestones/form',
      once: true,
      schema: milestoneSchema,
      context: planContext,
      handle: async (req, value) => {
        const done = await planMilestone(startupOf.of(req), value);
        return { redirect: `${base(req)}#m-${done.id}`, flash: { type: 'success', key: done.proposed ? 'milestones.form.proposed' : 'milestones.form.created', vars: { title: value.title } } };
      },
    }),
  );

  router.post(
    '/startups/:id/milestones/apply-track',
    guard('milestones.tracks'),
    startupOf,
    handleAction({
      schema: applyTrackSchema,
      invalidKey: 'validation.choice',
      refusedTo: base,
      handle: async (req, { track }) => {
        const done = await applyTrack(startupOf.of(req), track);
        return { redirect: base(req), flash: { type: 'success', key: 'milestones.tracks.applied', vars: done } };
      },
    }),
  );

  const pageContext = async (req: Request) => {
    const data = await milestonePage(startupOf.of(req), mid(req));
    return { title: `${data.milestone.title} · ${data.header.name}`, ...data, tab: 'milestones', values: { version: data.milestone.version } };
  };
  router.get('/startups/:id/milestones/:mid', guard('milestones.read'), startupOf, async (req, res) => {
    res.render('milestones/show', await pageContext(req));
  });

  const editContext = async (req: Request, res: Response) => {
    const data = await editForm(startupOf.of(req), mid(req));
    return { title: res.locals.t('milestones.form.editTitle'), ...data, tab: 'milestones', action: `/startups/${data.startupId}/milestones/${data.milestoneId}` };
  };
  router.get('/startups/:id/milestones/:mid/edit', guard('milestones.edit'), startupOf, async (req, res) => {
    res.render('milestones/form', await editContext(req, res));
  });
  router.post(
    '/startups/:id/milestones/:mid',
    guard('milestones.edit'),
    startupOf,
    // The milestone is looked up before the form is read: an unknown one is 404 whatever was posted.
    async (req, _res, next) => {
      await editForm(startupOf.of(req), mid(req));
      next();
    },
    handleForm({
      view: 'milestones/form',
      schema: editMilestoneSchema,
      context: editContext,
      handle: async (req, value) => {
        const title = await editMilestone(startupOf.of(req), mid(req), value);
        return { redirect: `${base(req)}#m-${mid(req)}`, flash: { type: 'success', key: 'milestones.form.updated', vars: { title } } };
      },
    }),
  );

  router.post(
    '/startups/:id/milestones/:mid/remove',
    guard('milestones.edit'),
    startupOf,
    async (req, _res, next) => {
      await editForm(startupOf.of(req), mid(req));
      next();
    },
    handleAction({
      schema: versionOnly,
      invalidKey: 'errors.staleEdit',
      refusedTo: (req) => `${base(req)}/${mid(req)}/edit`,
      handle: async (req, { version }) => {
        const title = await removeMilestone(startupOf.of(req), mid(req), version);
        return { redirect: base(req), flash: { type: 'success', key: 'milestones.form.removed', vars: { title } } };
      },
    }),
  );

  async function renderSubmit(req: Request, res: Response, status: number, form: Partial<UploadFormState> = {}) {
    const data = await submitForm(startupOf.of(req), mid(req));
    res.status(status).render('milestones/submit', {
      title: `${res.locals.t('milestones.submit.title')} · ${data.milestone.title}`,
      ...data,
      tab: 'milestones',
      kinds: DOCUMENT_KINDS,
      maxMb,
      values: form.values ?? data.values,
      errors: form.errors ?? {},
      formError: form.formError ?? (data.submittable ? undefined : 'milestones.errors.cannotSubmit'),
    });
  }
  router.get('/startups/:id/milestones/:mid/submit', guard('milestones.submit'), startupOf, (req, res) => renderSubmit(req, res, 200));

  router.post(
    '/startups/:id/milestones/:mid/submit',
    guard('milestones.submit'),
    startupOf,
    async (req, _res, next) => {
      try {
        await submitForm(startupOf.of(req), mid(req));
      } catch (err) {
        req.resume(); // out of reach: 404 without storing anything
        throw err;
      }
      next();
    },
    handleUpload({
      // Room for the evidence text, the CSRF token and up to 40 picked dossier documents.
      receive: uploadReceiver({ maxBytes: config.uploadMaxBytes, field: 'file', fields: 44 }),
      schema: submitSchema,
      render: renderSubmit,
      kept: (req) => ({ ...keptValues(req.body), documents: ([] as unknown[]).concat(req.body?.documents ?? []) }),
      refused: (reason) => {
        const errors: FieldErrors = reason === 'tooLarge' ? { file: fieldError('documents.errors.tooLarge', { max: maxMb }) } : { documents: fieldError('milestones.errors.tooManyFields') };
        return { status: reason === 'tooLarge' ? 413 : 400, errors, formError: 'errors.validation' };
      },
      fileErrors: (errors, file) => (file && !errors.file ? { ...errors, file: fieldError('milestones.errors.upload') } : errors),
      handle: async (req, value, file) => {
        const title = await submitMilestone(startupOf.of(req), mid(req), value, file, storage, deps);
        return { redirect: `${base(req)}#m-${mid(req)}`, flash: { type: 'success', key: 'milestones.submit.done', vars: { title } } };
      },
    }),
  );

  router.post(
    '/startups/:id/milestones/:mid/decision',
    guard('milestones.review'),
    startupOf,
    async (req, _res, next) => {
      await findMilestone(startupOf.of(req), mid(req)); // 404 first
      next();
    },
    handleForm({
      view: 'milestones/show',
      once: true,
      page: (req) => `${base(req)}/${mid(req)}`,
      schema: decisionSchema,
      context: pageContext,
      handle: async (req, value) => {
        if (value.decision === 'comment') {
          await commentMilestone(startupOf.of(req), mid(req), { note: value.comment });
          return { redirect: `${base(req)}/${mid(req)}#thread`, flash: { type: 'success', key: 'milestones.review.commented' } };
        }
        const done = await decideMilestone(startupOf.of(req), mid(req), { ...value, decision: value.decision }, deps);
        return {
          redirect: req.body?.from === 'queue' ? '/milestones/review' : `${base(req)}#m-${mid(req)}`,
          flash: { type: 'success', key: done.decision === 'approve' ? 'milestones.review.approved' : 'milestones.review.changesRequested', vars: { title: done.title } },
        };
      },
    }),
  );

  router.post(
    '/startups/:id/milestones/:mid/comment',
    guard('milestones.comment'),
    startupOf,
    handleForm({
      view: 'milestones/show',
      once: true,
      page: (req) => `${base(req)}/${mid(req)}`,
      schema: commentSchema,
      context: pageContext,
      handle: async (req, value) => {
        await commentMilestone(startupOf.of(req), mid(req), value);
        return { redirect: `${base(req)}/${mid(req)}#thread`, flash: { type: 'success', key: 'milestones.review.commented' } };
      },
    }),
  );

  router.use(reviewRoutes());
  return router;
}
