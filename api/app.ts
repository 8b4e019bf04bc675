/** The express application: security headers, size limits, routes, the error mapping. */
import express from 'express';
import { ApiError, errorHandler } from './errors';
import type { Dependencies } from './dependencies';
import { healthRoutes } from './routes/health';
import { applicationRoutes } from './routes/applications';
import { caseRoutes } from './routes/cases';
import { catalogueRoutes } from './routes/catalogue';
import { officialRoutes } from './routes/officials';
import { supervisionRoutes } from './routes/supervision';
import { pkiRoutes } from './routes/pki';
import { remoteSigningRoutes } from './routes/remote-signing';
import { signatureRoutes } from './routes/signatures';
import { verifyRoutes } from './routes/verify';
import { webRoutes } from './routes/web';

export const JSON_BODY_LIMIT = '1mb';

export function createApp(deps: Dependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(express.json({ limit: JSON_BODY_LIMIT }));

  app.use(healthRoutes(deps));
  app.use(pkiRoutes(deps));
  app.use(catalogueRoutes());
  app.use(applicationRoutes(deps));
  app.use(officialRoutes(deps));
  app.use(signatureRoutes(deps));
  app.use(remoteSigningRoutes(deps));
  app.use(supervisionRoutes(deps));
  app.use(caseRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(webRoutes(deps.config.publicBaseUrl));

  app.use((req, _res, next) => {
    next(new ApiError('NOT_FOUND', `No route for ${req.method} ${req.path}.`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
