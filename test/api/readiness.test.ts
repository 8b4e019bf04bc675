/** /readyz names the dependency that is down (its own file: a process-wide MongoDB connection). */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { createDependencies } from '../../api/dependencies';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { freePort } from '../../scripts/servers/process';
import { isolatedMongoUri, temporalAddress } from '../helpers/env';

async function readiness(
  env: Record<string, string>,
): Promise<{ status: number; body: unknown; health: number }> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...env });
  const deps = await createDependencies(config, createLogger('test', 'silent'));
  const server = createApp(deps).listen(0);
  try {
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${url}/readyz`);
    return {
      status: res.status,
      body: await res.json(),
      health: (await fetch(`${url}/healthz`)).status,
    };
  } finally {
    await new Promise((r) => server.close(r));
    await deps.close();
  }
}

test('Temporal down: 503 naming temporal, while /healthz still answers', async () => {
  const r = await readiness({
    MONGODB_URI: isolatedMongoUri('ready'),
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
  });
  expect(r.status).toBe(503);
  expect(r.health).toBe(200);
  expect(r.body).toMatchObject({
    error: {
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('temporal'),
      details: { down: ['temporal', 'worker'] },
    },
  });
});

test('MongoDB down: 503 naming mongodb', async () => {
  const r = await readiness({
    MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/nothing`,
    TEMPORAL_ADDRESS: temporalAddress(),
  });
  expect(r.status).toBe(503);
  // A worker's beat lives in MongoDB: with it down, the worker is not known to be there either.
  expect(r.body).toMatchObject({ error: { details: { down: ['mongodb', 'worker'] } } });
});
