/** The thin real path of the API: health, readiness naming what is down, trust material, errors. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp } from '../../api/app';
import { createDependencies, type Dependencies } from '../../api/dependencies';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { seedDevelopment } from '../../scripts/seed';
import { parseCertificate, parseCrl, parseKek } from '../../signing';
import { trustAnchors } from '../../activities/pki';
import { isolatedMongoUri, temporalAddress } from '../helpers/env';

interface Running {
  deps: Dependencies;
  server: Server;
  url: string;
}

async function serve(env: Record<string, string>): Promise<Running> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...env });
  const deps = await createDependencies(config, createLogger('test', 'silent'));
  const server = createApp(deps).listen(0);
  await new Promise((r) => server.once('listening', r));
  return { deps, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(r: Running | undefined): Promise<void> {
  if (!r) return;
  await new Promise((resolve) => r.server.close(resolve));
  await r.deps.close();
}

let api: Running;

beforeAll(async () => {
  api = await serve({ MONGODB_URI: isolatedMongoUri('api'), TEMPORAL_ADDRESS: temporalAddress() });
  await seedDevelopment({
    kek: parseKek(api.deps.config.keyEncryptionKey),
    password: 'demo',
    pin: '123456',
  });
});

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await close(api);
});

test('/healthz answers; /readyz checks Temporal and MongoDB, and names the missing case worker', async () => {
  expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok' });
  // No worker runs in this file (test/api/readiness.test.ts starts one).
  const ready = await fetch(`${api.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(ready.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(await ready.json()).toMatchObject({
    error: {
      code: 'DEPENDENCY_UNAVAILABLE',
      details: {
        down: ['worker'],
        checks: { temporal: { ok: true }, mongodb: { ok: true }, worker: { ok: false } },
      },
    },
  });
});

test('/api/pki/roots serves the deployment roots and the CRLs are signed', async () => {
  const res = await fetch(`${api.url}/api/pki/roots`);
  expect(res.headers.get('content-type')).toContain('application/x-pem-file');
  const pem = await res.text();
  expect(pem).toBe(await trustAnchors());
  expect(parseCertificate(pem).subject.commonName).toMatch(/Root CA/);
  const crl = await fetch(`${api.url}/api/pki/crl/officials.crl`);
  expect(crl.status).toBe(200);
  const info = parseCrl(Buffer.from(await crl.arrayBuffer()));
  expect(info.revoked.size).toBe(0);
  expect(info.crlNumber).toBeGreaterThanOrEqual(1);
  expect(info.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
  expect((await fetch(`${api.url}/api/pki/crl/nope.crl`)).status).toBe(404);
});

test('errors keep the contract shape and leak nothing', async () => {
  const missing = await fetch(`${api.url}/api/nothing-here`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  const badJson = await fetch(`${api.url}/api/nothing-here`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"oops": ',
  });
  expect(badJson.status).toBe(400);
  const body = (await badJson.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
  const tooBig = await fetch(`${api.url}/api/nothing-here`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }),
  });
  expect(tooBig.status).toBe(413);
  expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
});
