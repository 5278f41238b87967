import { Router, type Request, type Response } from 'express';
import { loadConfig, type Config } from '../core/config';
import { ValidationFailed, fieldError, type FieldErrors } from '../core/errors';
import { flash } from '../core/http/flash';
import { keptValues } from '../core/http/form';
import { guard } from '../core/http/guard';
import { UploadRefused, discardUpload, uploadReceiver, type UploadedFile } from '../core/http/upload';
import { validate, validateQuery } from '../core/http/validate';
import { createStorage, type Storage, type StorageDriver } from '../core/storage';
import type { SessionUser } from '../users/model';
import { attachmentHeader } from './disposition';
import { ALLOWED_LABEL } from './filetype';
import { DOCUMENT_KINDS } from './model';
import { listQuery, uploadSchema, type ListQuery, type UploadInput } from './schemas';
import { deleteDocument, documentForDeletion, listDossier, openDocument, startupForUpload, uploadDocument } from './service';

export interface DocumentDeps {
  config: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
}

/**
 * The dossier. Mounted at the root: full paths.
 *   GET  /startups/:id/documents        documents.read    list + upload form
 *   POST /startups/:id/documents        documents.upload  multipart upload (founders: own startup)
 *   GET  /documents/:docId/download     documents.read    one version, streamed as an attachment
 *   GET  /documents/:docId/delete       documents.delete  confirmation page (managers)
 *   POST /documents/:docId/delete       documents.delete  soft delete (managers)
 */
export function documentRoutes(deps: DocumentDeps = { config: loadConfig() }): Router {
  const router = Router();
  const { config } = deps;
  const storage = createStorage(config);
  const storages = new Map<StorageDriver, Storage>([[storage.driver, storage]]);
  const storageFor = (driver: StorageDriver): Storage => {
    if (!storages.has(driver)) storages.set(driver, createStorage(config, driver));
    return storages.get(driver) as Storage;
  };
  const receive = uploadReceiver({ maxBytes: config.uploadMaxBytes, field: 'file' });
  const maxMb = Math.round((config.uploadMaxBytes / 1024 / 1024) * 10) / 10;

  async function renderPage(req: Request, res: Response, status: number, form: { values?: Record<string, unknown>; errors?: FieldErrors; formError?: string } = {}): Promise<void> {
    const user = req.user as SessionUser;
    const query = validateQuery(listQuery, req.query) as ListQuery;
    const page = await listDossier(user, String(req.params.id), query, req.locale);
    res.status(status).render('documents/list', {
      title: `${res.locals.t('documents.title')} · ${page.header.name}`,
      ...page,
      tab: 'documents',
      baseHref: `/startups/${page.startupId}/documents`,
      query,
      kinds: DOCUMENT_KINDS,
      allowedTypes: ALLOWED_LABEL,
      maxMb,
      values: form.values ?? { kind: '' },
      errors: form.errors ?? {},
      formError: form.formError,
    });
  }

  router.get('/startups/:id/documents', guard('documents.read'), (req, res) => renderPage(req, res, 200));

  router.post('/startups/:id/documents', guard('documents.upload'), async (req, res) => {
    const user = req.user as SessionUser;
    const startupId = String(req.params.id);
    try {
      await startupForUpload(user, startupId);
    } catch (err) {
      // Outside reach: answer 404 without storing anything; the body is read and thrown away.
      req.resume();
      throw err;
    }
    let file: UploadedFile | undefined;
    try {
      try {
        file = await receive(req, res);
      } catch (err) {
        if (err instanceof UploadRefused) {
          const errors = err.reason === 'tooLarge' ? { file: fieldError('documents.errors.tooLarge', { max: maxMb }) } : { file: fieldError('documents.errors.malformed') };
          return await renderPage(req, res, err.reason === 'tooLarge' ? 413 : 400, { values: keptValues(req.body), errors, formError: 'documents.errors.refused' });
        }
        throw err;
      }
      const value = validate(uploadSchema, req.body) as UploadInput;
      const done = await uploadDocument(user, startupId, value, file, storage);
      // Before answering (the finally below is the safety net): once the answer is out, no temporary file is left.
      await discardUpload(file);
      const key = done.unchanged ? 'documents.unchanged' : done.version > 1 ? 'documents.uploadedVersion' : 'documents.uploaded';
      flash(req, { type: done.unchanged ? 'info' : 'success', key, vars: { title: done.title, version: done.version } });
      res.redirect(303, `/startups/${startupId}/documents`);
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      // Field errors of the form and, when a file was sent but the form is wrong, say the file must be chosen again.
      const errors = { ...err.fields };
      if (!errors.file && !file) errors.file = fieldError('documents.errors.fileMissing');
      else if (!errors.file) errors.file = fieldError('documents.errors.chooseAgain');
      await discardUpload(file);
      await renderPage(req, res, 422, { values: keptValues(req.body), errors, formError: 'documents.errors.refused' });
    } finally {
      await discardUpload(file);
    }
  });

  router.get('/documents/:docId/download', guard('documents.read'), async (req, res) => {
    const doc = await openDocument(req.user as SessionUser, String(req.params.docId), storageFor);
    res.set({
      'Content-Type': doc.mimeType,
      'Content-Length': String(doc.size),
      'Content-Disposition': attachmentHeader(doc.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    });
    doc.stream.on('error', (err) => {
      req.log.error({ err }, 'download interrupted');
      res.destroy(err);
    });
    doc.stream.pipe(res);
  });

  router.get('/documents/:docId/delete', guard('documents.delete'), async (req, res) => {
    const data = await documentForDeletion(req.user as SessionUser, String(req.params.docId));
    res.render('documents/delete', { title: res.locals.t('documents.deleteTitle'), tab: 'documents', ...data });
  });

  router.post('/documents/:docId/delete', guard('documents.delete'), async (req, res) => {
    const done = await deleteDocument(req.user as SessionUser, String(req.params.docId));
    flash(req, { type: 'success', key: 'documents.deleted', vars: { title: done.title, version: done.version } });
    res.redirect(303, `/startups/${done.startupId}/documents`);
  });

  return router;
}
