import { Router } from 'express';
import { loadConfig, type Config } from '../core/config';
import { guard } from '../core/http/guard';
import { reach } from '../core/http/reach';
import { currentUser, param } from '../core/http/request';
import { documentDownloader } from '../documents/download';
import { sharedDocumentAccess } from './access';

export interface ReferralRouteDeps {
  config: Pick<Config, 'storageDriver' | 'uploadDir' | 'uploadMaxBytes'>;
}

/** A document of /referrals/:id/documents/:docId as the partner reaches it through the referral (404 otherwise), resolved once. */
const sharedDocumentOf = reach((req) => sharedDocumentAccess(currentUser(req), param(req, 'id'), param(req, 'docId')));

/**
 * Referrals, mounted at the root: full paths.
 *   GET /referrals/:id/documents/:docId   documents.readShared   a document shared on a live referral to the partner's organisation
 */
export function referralRoutes(deps: ReferralRouteDeps = { config: loadConfig() }): Router {
  const router = Router();
  const download = documentDownloader(deps.config);

  router.get('/referrals/:id/documents/:docId', guard('documents.readShared'), sharedDocumentOf, (req, res) => download(req, res, sharedDocumentOf.of(req)));

  return router;
}
