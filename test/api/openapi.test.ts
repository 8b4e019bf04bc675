/**
 * The published OpenAPI document describes exactly the routes the app serves (every method and
 * path of every router, `:param` as `{param}`), and is served with its browsable page.
 */

import type express from 'express';
import mongoose from 'mongoose';

import { serveApi, type ServedApi } from '../helpers/api';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** "GET /api/cases/{code}" for every route of the app and its routers. */
function servedRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') {
            const path = layer.route.path.replace(/[:*](\w+)/g, '{$1}');
            out.push(`${method.toUpperCase()} ${path}`);
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

let api: ServedApi;
let url: string;

beforeAll(async () => {
  api = await serveApi({ label: 'openapi' });
  url = api.url;
});

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await api?.close();
});

test('every route the app serves is in /api/openapi.json, and nothing else', async () => {
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  expect(doc.openapi).toBe('3.1.0');
  const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const served = servedRoutes(api.app).filter(
    (r) => r.includes(' /api/') || r.endsWith(' /healthz') || r.endsWith(' /readyz'),
  );
  const exceptions = ['GET /api/docs'];
  expect(served.length).toBeGreaterThan(15);
  expect(served.filter((r) => !exceptions.includes(r)).sort()).toEqual(
    [...new Set(described)].sort(),
  );
});

test('the browsable page is served under the same Content-Security-Policy', async () => {
  const page = await fetch(`${url}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await page.text()).toContain('/api-docs.js');
});
