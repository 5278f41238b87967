import { Router, type Request, type Response } from 'express';
import { loadConfig, type Config } from '../core/config';
import { fieldError } from '../core/errors';
import { flash } from '../core/http/flash';
import { guard } from '../core/http/guard';
import { reach } from '../core/http/reach';
import { currentUser, param } from '../core/http/request';
import { handleUpload, uploadReceiver, type UploadFormState } from '../core/http/upload';
import { validateQuery } from '../core/http/validate';
import { createStorage } from '../core/storage';
import { startupAccess } from '../startups/access';
import { startupOf } from '../startups/http';
import { documentAccess, documentFilter } from './access';
import { documentDownloader } from './download';
import { ALLOWED_LABEL } from './filetype';
import { DOCUMENT_KINDS } from './model';
import { expiringQuery, listQuery, uploadSchema } from './schemas';
import { deleteDocument, documentForDeletion, expiringDocuments, listDossier, uploadDocument } from './service';

export interface DocumentDeps {
  config: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
}

/** The document of /documents/:docId as the request may reach it (404 outside reach), resolved once. */
const documentOf = reach((req) => documentAccess(currentUser(req), param(req, 'docId')));

/**
 * The dossier. Mounted at the root: full paths.
 *   GET  /startups/:id/documents        documents.read    list + upload form
 *   POST /startups/:id/documents        documents.upload  multipart upload (founders: own startup)
 *   GET  /documents/expiring            documents.read    expiring documents in reach, of one title or all
 *   GET  /documents/:docId/download     documents.read    one version, streamed as an attachment
 *   GET  /documents/:docId/delete       documents.delete  confirmation page (managers)
 *   POST /documents/:docId/delete       documents.delete  soft delete (managers)
 */
export function documentRoutes(deps: DocumentDeps = { config: loadConfig() }): Router {
  const router = Router();
  const { config } = deps;
  const storage = createStorage(config);
  const download = documentDownloader(config, storage);
  const maxMb = Math.round((config.uploadMaxBytes / 1024 / 1024) * 10) / 10;

  async function renderPage(req: Request, res: Response, status: number, form: Partial<UploadFormState> = {}): Promise<void> {
    const query = validateQuery(listQuery, req.query);
    const page = await listDossier(startupOf.of(req), query, req.locale);
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

  router.get('/startups/:id/documents', guard('documents.read'), startupOf, (req, res) => renderPage(req, res, 200));

  router.post(
    '/startups/:id/documents',
    guard('documents.upload'),
    // Outside reach: 404 before a byte of the upload is stored (the body is drained).
    startupOf.requiring((access) => access.require('documents.upload')),
    handleUpload({
      receive: uploadReceiver({ maxBytes: config.uploadMaxBytes, field: 'file' }),
      schema: uploadSchema,
      render: renderPage,
      refused: (reason) =>
        reason === 'tooLarge'
          ? { status: 413, errors: { file: fieldError('documents.errors.tooLarge', { max: maxMb }) }, formError: 'documents.errors.refused' }
          : { status: 400, errors: { file: fieldError('documents.errors.malformed') }, formError: 'documents.errors.refused' },
      // When a file was sent but the form is wrong, say the file must be chosen again.
      invalidFormError: 'documents.errors.refused',
      fileErrors: (errors, file) => ({ ...errors, file: errors.file ?? fieldError(file ? 'documents.errors.chooseAgain' : 'documents.errors.fileMissing') }),
      handle: async (req, value, file) => {
        const access = startupOf.of(req);
        const done = await uploadDocument(access, value, file, storage);
        const key = done.unchanged ? 'documents.unchanged' : done.version > 1 ? 'documents.uploadedVersion' : 'documents.uploaded';
        return { redirect: `/startups/${access.id}/documents`, flash: { type: done.unchanged ? 'info' : 'success', key, vars: { title: done.title, version: done.version } } };
      },
    }),
  );

  /** Documents about to expire that the user reaches, of one title (the home's grouped lines) or all. */
  router.get('/documents/expiring', guard('documents.read'), async (req, res) => {
    const query = validateQuery(expiringQuery, req.query);
    const visible = await documentFilter(currentUser(req));
    const all = visible ? await expiringDocuments(visible) : [];
    const wanted = query.title.toLowerCase();
    // Not `items`: the breadcrumbs partial reads `items` from the page's context.
    const documents = wanted ? all.filter((d) => d.title.trim().toLowerCase() === wanted) : all;
    const title = query.title ? res.locals.t('documents.expiring.listTitle', { title: query.title }) : res.locals.t('documents.expiring.listAll');
    res.render('documents/expiring', { title, query, documents });
  });

  router.get('/documents/:docId/download', guard('documents.read'), documentOf, (req, res) => download(req, res, documentOf.of(req)));

  router.get('/documents/:docId/delete', guard('documents.delete'), documentOf, async (req, res) => {
    const access = documentOf.of(req);
    const data = await documentForDeletion(access, await startupAccess(access.user, String(access.record.startup)));
    res.render('documents/delete', { title: res.locals.t('documents.deleteTitle'), tab: 'documents', ...data });
  });

  router.post('/documents/:docId/delete', guard('documents.delete'), documentOf, async (req, res) => {
    const done = await deleteDocument(documentOf.of(req));
    flash(req, { type: 'success', key: 'documents.deleted', vars: { title: done.title, version: done.version } });
    res.redirect(303, `/startups/${done.startupId}/documents`);
  });

  return router;
}
