import { Router } from 'express';
import { RETRY_AFTER_SECONDS } from '../../runtime/outages';
import type { Dependencies } from '../dependencies';

/**
 * `/healthz` answers while the process runs; `/readyz` checks Temporal, MongoDB and that a case
 * worker polls the task queue, and names what is missing.
 */
export function healthRoutes(deps: Dependencies): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await deps.checkDependencies();
    const down = Object.entries(checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name);
    if (down.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(503).json({
      error: {
        code: 'DEPENDENCY_UNAVAILABLE',
        message: `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} not answering.`,
        details: { down, checks },
      },
    });
  });
  return router;
}
