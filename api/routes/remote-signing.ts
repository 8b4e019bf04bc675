/**
 * How applicants sign (docs/signing.md): the methods this deployment offers, and a remote
 * signing service (CSC API) for the prepared e-form — its certificate, the request, its status.
 * The services are in services/applications/remote-signature.ts.
 */
import { Router } from 'express';
import { OPERATIONS } from '../../contract/operations';
import {
  remoteCertificate,
  remoteSignatureStatus,
  requestRemoteSignature,
} from '../../services/applications/remote-signature';
import { publicProviders } from '../../activities/signing-providers';
import type { Dependencies } from '../dependencies';
import { rateLimit } from '../rate-limit';
import { mount } from '../route';

export function remoteSigningRoutes(deps: Dependencies): Router {
  const router = Router();
  const providers = deps.config.signingProviders;
  const limited = rateLimit({ windowMs: 60_000, max: 60 });

  mount(router, OPERATIONS.signingMethods, (_input, _req, res) => {
    res.json({
      // The development citizen CA (POST /api/applicant-certificates) is off in production.
      developmentKey: deps.config.env !== 'production',
      pkcs12: true,
      token: true,
      providers: publicProviders(providers),
    });
  });

  mount(router, OPERATIONS.remoteCertificate, limited, async ({ body }, _req, res) => {
    res.json(await remoteCertificate(providers, body));
  });

  mount(router, OPERATIONS.requestRemoteSignature, limited, async ({ params, body }, _req, res) => {
    res.json(
      await requestRemoteSignature(providers, {
        applicationId: params.applicationId,
        provider: body.provider,
        credentialId: body.credentialId,
      }),
    );
  });

  mount(router, OPERATIONS.remoteSignatureStatus, limited, async ({ params }, _req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await remoteSignatureStatus(providers, params.applicationId));
  });

  return router;
}
