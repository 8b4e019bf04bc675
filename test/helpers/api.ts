/**
 * The API as tests use it: the real express app on a free port (on a seeded database of its own),
 * and Debian's Chromium.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../api/app';
import { createDependencies, type Dependencies } from '../../api/dependencies';
import { configureServer } from '../../api/http-server';
import { loadConfig, type Config } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { seedDevelopment } from '../../scripts/seed';
import { parseKek } from '../../signing';
import { chromiumPath, isolatedMongoUri, temporalAddress } from './env';

export interface ServedApi {
  deps: Dependencies;
  app: Express;
  url: string;
  /**
   * Stops listening and closes the API's connections. `keepMongo` leaves the process-wide
   * MongoDB connection open, for a second API in a process whose other parts still use it.
   */
  close(options?: { keepMongo?: boolean }): Promise<void>;
}

/**
 * The app with `config` (default: a test database of its own named after `label`), on a free
 * port or on `options.port`.
 */
export async function serveApi(
  config: Config | { label: string },
  options: { port?: number } = {},
): Promise<ServedApi> {
  const resolved =
    'label' in config
      ? loadConfig({
          ...process.env,
          NODE_ENV: 'test',
          MONGODB_URI: isolatedMongoUri(config.label),
          TEMPORAL_ADDRESS: temporalAddress(),
        })
      : config;
  // TEST_API_LOG=error shows what the API logs (a 500's cause) while a test runs.
  const level = (process.env.TEST_API_LOG ?? 'silent') as Parameters<typeof createLogger>[1];
  const deps = await createDependencies(resolved, createLogger('test', level));
  const app = createApp(deps);
  const server: Server = configureServer(app.listen(options.port ?? 0, '127.0.0.1'));
  await new Promise((r) => server.once('listening', r));
  return {
    deps,
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close(options = {}) {
      await new Promise((r) => server.close(r));
      if (options.keepMongo) await deps.temporal.connection.close();
      else await deps.close();
    },
  };
}

/**
 * `serveApi` on a test database of its own named after `label`, seeded with the development
 * accounts (password `demo`, PIN `123456`).
 */
export async function serveSeededApi(label: string): Promise<ServedApi> {
  const api = await serveApi({ label });
  await seedDevelopment({
    kek: parseKek(api.deps.config.keyEncryptionKey),
    password: 'demo',
    pin: '123456',
  });
  return api;
}

/** Drops the test database and closes `api` (when it was started). */
export async function closeDroppingDatabase(api: ServedApi | undefined): Promise<void> {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await api?.close();
}

/** Headless Chromium from Debian (the global setup provisions it), never a downloaded build. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A 1×1 PNG, the smallest attachment that passes the content check. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
