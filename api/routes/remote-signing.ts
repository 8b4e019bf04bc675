/**
 * How applicants sign (docs/signing.md): the methods this deployment offers, and a remote
 * signing service (CSC API) for the prepared e-form — its certificate, the request, its status.
 * The services are in activities/applications/remote-signature.ts.
 */
import { Router } from 'express';
import {
  remoteCertificate,
  remoteSignatureStatus,
  requestRemoteSignature,
} from '../../activities/applications/remote-signature';
import { publicProviders } from '../../activities/signing-providers';
import type { Dependencies } from '../dependencies';
import { rateLimit } from '../rate-limit';

export function remoteSigningRoutes(deps: Dependencies): Router {
  const router = Router();
  const providers = deps.config.signingProviders;
  const limited = rateLimit({ windowMs: 60_000, max: 60 });

  router.get('/api/signing/methods', (_req, res) => {
    res.json({
      // The development citizen CA (POST /api/applicant-certificates) is off in production.
      developmentKey: deps.config.env !== 'production',
      pkcs12: true,
      token: true,
      providers: publicProviders(providers),
    });
  });

  router.post('/api/remote-signing/certificate', limited, async (req, res) => {
    res.json(await remoteCertificate(providers, (req.body ?? {}) as Record<string, unknown>));
  });

  router.post('/api/applications/:applicationId/remote-signature', limited, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.json(
      await requestRemoteSignature(providers, {
        applicationId: req.params.applicationId,
        provider: body.provider,
        credentialId: body.credentialId,
      }),
    );
  });

  router.get('/api/applications/:applicationId/remote-signature', limited, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await remoteSignatureStatus(providers, req.params.applicationId));
  });

  return router;
}
