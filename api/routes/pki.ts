/**
 * Public trust material: the root certificates every document of this deployment chains to, and
 * the CRLs its certificates name as their distribution points (`<PUBLIC_BASE_URL>/api/pki/crl/…`).
 */
import { Router } from 'express';
import { currentCrl, loadPki } from '../../activities/pki';
import { parseKek, rootsPem, type AuthorityPurpose } from '../../signing';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';

const CRL_FILES: Record<string, AuthorityPurpose> = {
  'root.crl': 'ROOT',
  'officials.crl': 'OFFICIALS',
  'seals.crl': 'SEALS',
  'citizens.crl': 'CITIZENS',
};

export function pkiRoutes(deps: Dependencies): Router {
  const router = Router();
  const kek = parseKek(deps.config.keyEncryptionKey);

  router.get('/api/pki/roots', async (_req, res) => {
    const state = await loadPki();
    if (!state) throw new ApiError('DEPENDENCY_UNAVAILABLE', 'The PKI has not been set up yet.');
    res
      .type('application/x-pem-file')
      .setHeader('Content-Disposition', 'inline; filename="roots.pem"');
    res.send(rootsPem(state));
  });

  router.get('/api/pki/crl/:file', async (req, res) => {
    const purpose = CRL_FILES[req.params.file];
    if (!purpose) throw new ApiError('NOT_FOUND', 'No such CRL.');
    const der = await currentCrl(purpose, kek);
    if (!der) throw new ApiError('NOT_FOUND', 'This deployment does not hold that CA.');
    res.type('application/pkix-crl').send(der);
  });
  return router;
}
