/** The express application: security headers, size limits, routes, the error mapping. */
import express, { type RequestHandler } from 'express';
import { say } from '../contract/messages';
import { OPERATIONS, type Operation } from '../contract/operations';
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

/** 405 with `Allow` for a known path and another method (TRACE, PUT…); 404 otherwise. */
function unknownRoute(): RequestHandler {
  const paths = new Map<string, { re: RegExp; methods: Set<string> }>();
  for (const o of Object.values(OPERATIONS) as Operation[]) {
    const pattern = o.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace('{request}', '.+')
      .replace(/\{\w+\}/g, '[^/]+');
    const entry = paths.get(o.path) ?? { re: new RegExp(`^${pattern}$`), methods: new Set() };
    entry.methods.add(o.method.toUpperCase());
    paths.set(o.path, entry);
  }
  return (req, res, next) => {
    const allowed = [...paths.values()].find((p) => p.re.test(req.path))?.methods;
    if (allowed && !allowed.has(req.method)) {
      const list = [...allowed].join(', ');
      res.setHeader('Allow', list);
      next(
        new ApiError(
          'METHOD_NOT_ALLOWED',
          say('route.methodNotAllowed', { method: req.method, path: req.path, allowed: list }),
        ),
      );
      return;
    }
    next(new ApiError('NOT_FOUND', say('route.notFound', { method: req.method, path: req.path })));
  };
}

export function createApp(deps: Dependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // The client's address (sign-in limits, budgets) as the configured proxies report it.
  app.set('trust proxy', deps.config.trustProxy);
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

  app.use(unknownRoute());
  app.use(errorHandler(deps.logger));
  return app;
}
