/**
 * Public trust material: the root certificates every document of this deployment chains to, and
 * the CRLs its certificates name as their distribution points (`<PUBLIC_BASE_URL>/api/pki/crl/…`).
 */
import { Router } from 'express';
import { loadPki, savePki } from '../../activities/pki';
import { PkiModel, PKI_ID } from '../../models/signing';
import { issueCrl, parseKek, rootsPem, type AuthorityPurpose } from '../../signing';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';

const CRL_FILES: Record<string, AuthorityPurpose> = {
  'root.crl': 'ROOT',
  'officials.crl': 'OFFICIALS',
  'seals.crl': 'SEALS',
  'citizens.crl': 'CITIZENS',
};

/** A CRL is reissued at most this often; it is valid for a week (signing/ default). */
const CRL_CACHE_MS = 10 * 60_000;

export function pkiRoutes(deps: Dependencies): Router {
  const router = Router();
  const kek = parseKek(deps.config.keyEncryptionKey);
  const cache = new Map<string, { der: Buffer; at: number }>();

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
    const cached = cache.get(purpose);
    if (!cached || Date.now() - cached.at > CRL_CACHE_MS) {
      const doc = await PkiModel.findById(PKI_ID).lean();
      if (!doc) throw new ApiError('DEPENDENCY_UNAVAILABLE', 'The PKI has not been set up yet.');
      const { crl, state } = issueCrl(doc.state as never, kek, purpose);
      await savePki(state, doc.revision); // the CRL number moves on; a lost race is harmless
      cache.set(purpose, { der: crl.der, at: Date.now() });
    }
    res.type('application/pkix-crl').send(cache.get(purpose)!.der);
  });
  return router;
}
