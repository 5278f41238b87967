import { Router, type Request, type Response } from 'express';
import { loadConfig, type Config } from '../core/config';
import { Conflict, ValidationFailed, fieldError, type FieldErrors } from '../core/errors';
import { flash } from '../core/http/flash';
import { handleForm, keptValues, renderForm } from '../core/http/form';
import { guard } from '../core/http/guard';
import { UploadRefused, discardUpload, uploadReceiver, type UploadedFile } from '../core/http/upload';
import { validate } from '../core/http/validate';
import type { Mailer } from '../core/mail';
import { createStorage } from '../core/storage';
import { DOCUMENT_KINDS } from '../documents/model';
import type { SessionUser } from '../users/model';
import { decideMilestone, commentMilestone, submitForm, submitMilestone } from './review';
import { reviewRoutes } from './review.routes';
import { applyTrackSchema, decisionSchema, editMilestoneSchema, commentSchema, milestoneSchema, submitSchema, versionOnly, type DecisionInput, type EditMilestoneInput, type MilestoneInput, type SubmitInput } from './schemas';
import { editForm, editMilestone, milestonePage, milestonesTab, planForm, planMilestone, removeMilestone } from './service';
import { applyTrack } from './tracks';

export interface MilestoneDeps {
  mailer: Mailer;
  baseUrl: string;
  /** Storage and upload limits of the dossier (submissions may upload a document). */
  config?: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
}

const userOf = (req: Request): SessionUser => req.user as SessionUser;
const idOf = (req: Request): string => String(req.params.id);
const midOf = (req: Request): string => String(req.params.mid);

/**
 * Milestones. Mounted at the root: full paths.
 *   GET  /startups/:id/milestones                   milestones.read    tab (scoped: manager all, founder own, mentor assigned)
 *   GET  /startups/:id/milestones/new               milestones.plan    plan (manager) / propose (founder, own)
 *   POST /startups/:id/milestones                   milestones.plan
 *   POST /startups/:id/milestones/apply-track       milestones.tracks  apply a track
 *   GET  /startups/:id/milestones/:mid              milestones.read    one milestone: evidence, thread, decision/comment forms
 *   GET  /startups/:id/milestones/:mid/edit         milestones.plan    managers only (founders 403)
 *   POST /startups/:id/milestones/:mid              milestones.plan    managers only
 *   POST /startups/:id/milestones/:mid/remove       milestones.plan    managers only (soft)
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
  // Room for the evidence text, the CSRF token and up to 40 picked dossier documents.
  const receive = uploadReceiver({ maxBytes: config.uploadMaxBytes, field: 'file', fields: 44 });
  const maxMb = Math.round((config.uploadMaxBytes / 1024 / 1024) * 10) / 10;

  router.get('/startups/:id/milestones', guard('milestones.read'), async (req, res) => {
    const data = await milestonesTab(userOf(req), idOf(req));
    res.render('milestones/tab', { title: `${data.header.name} · ${res.locals.t('milestones.title')}`, ...data, tab: 'milestones' });
  });

  const planContext = async (req: Request, res: Response) => {
    const data = await planForm(userOf(req), idOf(req));
    return { title: res.locals.t(data.isFounder ? 'milestones.form.proposeTitle' : 'milestones.form.newTitle'), ...data, tab: 'milestones', isNew: true, action: `/startups/${data.startupId}/milestones` };
  };
  router.get('/startups/:id/milestones/new', guard('milestones.plan'), async (req, res) => {
    res.render('milestones/form', { ...(await planContext(req, res)), values: {} });
  });
  router.post(
    '/startups/:id/milestones',
    guard('milestones.plan'),
    handleForm<MilestoneInput>({
      view: 'milestones/form',
      schema: milestoneSchema,
      context: planContext,
      handle: async (req, value) => {
        const done = await planMilestone(userOf(req), idOf(req), value);
        return { redirect: `/startups/${idOf(req)}/milestones#m-${done.id}`, flash: { type: 'success', key: done.proposed ? 'milestones.form.proposed' : 'milestones.form.created', vars: { title: value.title } } };
      },
    }),
  );

  router.post('/startups/:id/milestones/apply-track', guard('milestones.tracks'), async (req, res) => {
    try {
      const { track } = validate(applyTrackSchema, req.body) as { track: string };
      const done = await applyTrack(userOf(req), idOf(req), track);
      flash(req, { type: 'success', key: 'milestones.tracks.applied', vars: done });
    } catch (err) {
      if (err instanceof Conflict) flash(req, { type: 'danger', key: err.messageKey });
      else if (err instanceof ValidationFailed) flash(req, { type: 'danger', key: 'validation.choice' });
      else throw err;
    }
    res.redirect(303, `/startups/${idOf(req)}/milestones`);
  });

  const pageContext = async (req: Request, _res: Response) => {
    const data = await milestonePage(userOf(req), idOf(req), midOf(req));
    return { title: `${data.milestone.title} · ${data.header.name}`, ...data, tab: 'milestones', mentor: userOf(req).role === 'mentor', values: { version: data.milestone.version } };
  };
  router.get('/startups/:id/milestones/:mid', guard('milestones.read'), async (req, res) => {
    res.render('milestones/show', await pageContext(req, res));
  });

  const editContext = async (req: Request, res: Response) => {
    const data = await editForm(userOf(req), idOf(req), midOf(req));
    return { title: res.locals.t('milestones.form.editTitle'), ...data, tab: 'milestones', action: `/startups/${data.startupId}/milestones/${data.milestoneId}` };
  };
  router.get('/startups/:id/milestones/:mid/edit', guard('milestones.plan'), async (req, res) => {
    res.render('milestones/form', await editContext(req, res));
  });
  router.post(
    '/startups/:id/milestones/:mid',
    guard('milestones.plan'),
    handleForm<EditMilestoneInput>({
      view: 'milestones/form',
      schema: editMilestoneSchema,
      context: editContext,
      handle: async (req, value) => {
        await editForm(userOf(req), idOf(req), midOf(req)); // 404 / 403 before validation messages matter
        const title = await editMilestone(userOf(req), idOf(req), midOf(req), value);
        return { redirect: `/startups/${idOf(req)}/milestones#m-${midOf(req)}`, flash: { type: 'success', key: 'milestones.form.updated', vars: { title } } };
      },
    }),
  );

  router.post('/startups/:id/milestones/:mid/remove', guard('milestones.plan'), async (req, res) => {
    await editForm(userOf(req), idOf(req), midOf(req));
    try {
      const { version } = validate(versionOnly, req.body) as { version: number };
      const title = await removeMilestone(userOf(req), idOf(req), midOf(req), version);
      flash(req, { type: 'success', key: 'milestones.form.removed', vars: { title } });
      res.redirect(303, `/startups/${idOf(req)}/milestones`);
    } catch (err) {
      if (!(err instanceof Conflict) && !(err instanceof ValidationFailed)) throw err;
      flash(req, { type: 'danger', key: err instanceof Conflict ? err.messageKey : 'errors.staleEdit' });
      res.redirect(303, `/startups/${idOf(req)}/milestones/${midOf(req)}/edit`);
    }
  });

  async function renderSubmit(req: Request, res: Response, status: number, form: { values?: Record<string, unknown>; errors?: FieldErrors; formError?: string } = {}) {
    const data = await submitForm(userOf(req), idOf(req), midOf(req));
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
  router.get('/startups/:id/milestones/:mid/submit', guard('milestones.submit'), (req, res) => renderSubmit(req, res, 200));

  router.post('/startups/:id/milestones/:mid/submit', guard('milestones.submit'), async (req, res) => {
    try {
      await submitForm(userOf(req), idOf(req), midOf(req));
    } catch (err) {
      req.resume(); // out of reach: 404 without storing anything
      throw err;
    }
    let file: UploadedFile | undefined;
    const kept = (): Record<string, unknown> => ({ ...keptValues(req.body), documents: ([] as unknown[]).concat(req.body?.documents ?? []) });
    try {
      try {
        file = await receive(req, res);
      } catch (err) {
        if (!(err instanceof UploadRefused)) throw err;
        const errors: FieldErrors = err.reason === 'tooLarge' ? { file: fieldError('documents.errors.tooLarge', { max: maxMb }) } : { documents: fieldError('milestones.errors.tooManyFields') };
        return await renderSubmit(req, res, err.reason === 'tooLarge' ? 413 : 400, { values: kept(), errors, formError: 'errors.validation' });
      }
      const value = validate(submitSchema, req.body) as SubmitInput;
      const title = await submitMilestone(userOf(req), idOf(req), midOf(req), value, file, storage, deps);
      // Before answering (the finally below is the safety net): once the answer is out, no temporary file is left.
      await discardUpload(file);
      flash(req, { type: 'success', key: 'milestones.submit.done', vars: { title } });
      res.redirect(303, `/startups/${idOf(req)}/milestones#m-${midOf(req)}`);
    } catch (err) {
      await discardUpload(file);
      if (err instanceof ValidationFailed) {
        const errors = { ...err.fields };
        if (file && !errors.file) errors.file = fieldError('milestones.errors.upload');
        return await renderSubmit(req, res, 422, { values: kept(), errors, formError: err.messageKey });
      }
      if (err instanceof Conflict) return await renderSubmit(req, res, 409, { errors: {}, formError: err.messageKey });
      throw err;
    } finally {
      await discardUpload(file);
    }
  });

  router.post('/startups/:id/milestones/:mid/decision', guard('milestones.review'), async (req, res) => {
    await milestonePage(userOf(req), idOf(req), midOf(req)); // 404 first
    try {
      const value = validate(decisionSchema, req.body) as DecisionInput;
      const done = await decideMilestone(userOf(req), idOf(req), midOf(req), value, deps);
      flash(req, { type: 'success', key: done.decision === 'approve' ? 'milestones.review.approved' : 'milestones.review.changesRequested', vars: { title: done.title } });
      res.redirect(303, req.body?.from === 'queue' ? '/milestones/review' : `/startups/${idOf(req)}/milestones#m-${midOf(req)}`);
    } catch (err) {
      if (err instanceof ValidationFailed) {
        const context = await pageContext(req, res);
        delete (context as { values?: unknown }).values;
        return renderForm(req, res, 'milestones/show', context, 422, err.fields, err.messageKey);
      }
      if (err instanceof Conflict) return renderForm(req, res, 'milestones/show', await pageContext(req, res), 409, {}, err.messageKey);
      throw err;
    }
  });

  router.post(
    '/startups/:id/milestones/:mid/comment',
    guard('milestones.comment'),
    handleForm<{ note: string }>({
      view: 'milestones/show',
      schema: commentSchema,
      context: pageContext,
      handle: async (req, value) => {
        await commentMilestone(userOf(req), idOf(req), midOf(req), value);
        return { redirect: `/startups/${idOf(req)}/milestones/${midOf(req)}#thread`, flash: { type: 'success', key: 'milestones.review.commented' } };
      },
    }),
  );

  router.use(reviewRoutes());
  return router;
}
