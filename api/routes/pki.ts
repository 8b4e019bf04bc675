/**
 * Public trust material: the root certificates every document of this deployment chains to, and
 * the CRLs its certificates name as their distribution points (`<PUBLIC_BASE_URL>/api/pki/crl/…`).
 */
import express, { Router } from 'express';
import { currentCrl, loadPki, ocspResponder } from '../../activities/pki';
import { parseCertificate, parseKek, rootsPem, type AuthorityPurpose } from '../../signing';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';

const CRL_FILES: Record<string, AuthorityPurpose> = {
  'root.crl': 'ROOT',
  'officials.crl': 'OFFICIALS',
  'seals.crl': 'SEALS',
  'citizens.crl': 'CITIZENS',
};

const CA_FILES: Record<string, AuthorityPurpose> = {
  'root.cer': 'ROOT',
  'officials.cer': 'OFFICIALS',
  'seals.cer': 'SEALS',
  'citizens.cer': 'CITIZENS',
};

/** OCSP requests are small (RFC 6960 §A.1: GET up to 255 bytes base64; POST a few hundred). */
const OCSP_REQUEST_LIMIT = 16 * 1024;

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

  // The CA-issuers URLs of the certificates' AIA: each CA's certificate, DER.
  router.get('/api/pki/ca/:file', async (req, res) => {
    const purpose = CA_FILES[req.params.file];
    if (!purpose) throw new ApiError('NOT_FOUND', 'No such CA certificate.');
    const state = await loadPki();
    const ca = state?.authorities.find((a) => a.purpose === purpose);
    if (!ca) throw new ApiError('NOT_FOUND', 'This deployment does not hold that CA.');
    res.type('application/pkix-cert').send(parseCertificate(ca.certificatePem).der);
  });

  // OCSP (RFC 6960 Appendix A): POST with the DER request as body, or GET with it base64 in the path.
  const answerOcsp = async (request: Buffer, res: express.Response): Promise<void> => {
    const responder = await ocspResponder(kek);
    if (!responder)
      throw new ApiError('DEPENDENCY_UNAVAILABLE', 'The PKI has not been set up yet.');
    res
      .type('application/ocsp-response')
      .setHeader('Cache-Control', 'no-store')
      .send(responder.respond(request));
  };
  router.post(
    '/api/pki/ocsp',
    express.raw({ type: () => true, limit: OCSP_REQUEST_LIMIT }),
    async (req, res) => {
      const body = req.body as unknown;
      await answerOcsp(Buffer.isBuffer(body) ? body : Buffer.alloc(0), res);
    },
  );
  router.get('/api/pki/ocsp/*request', async (req, res) => {
    const raw = (req.params as { request?: string | string[] }).request;
    const text = Array.isArray(raw) ? raw.join('/') : (raw ?? '');
    if (text.length > OCSP_REQUEST_LIMIT)
      throw new ApiError('VALIDATION_FAILED', 'Request too long.');
    await answerOcsp(Buffer.from(decodeURIComponent(text), 'base64'), res);
  });
  return router;
}
