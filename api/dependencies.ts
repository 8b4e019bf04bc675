/**
 * The API process's connections to the outside world, created once and handed to the routes.
 * Both connections are lazy and self-healing: the API starts and answers /healthz while Temporal
 * or MongoDB are down, and /readyz says which one.
 */
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/logger';
import { connectMongo, disconnectMongo, pingMongo } from '../models/db';
import { lastWorkerBeat, WORKER_STALE_MS } from '../models/worker-beat';

export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Dependencies {
  config: Config;
  logger: Logger;
  temporal: Client;
  /** Temporal, MongoDB and a case worker polling the task queue (`/readyz`). */
  checkDependencies(): Promise<{
    temporal: DependencyCheck;
    mongodb: DependencyCheck;
    worker: DependencyCheck;
  }>;
  /** True when a case worker beat recently (cached briefly while true). */
  workerAvailable(): Promise<boolean>;
  close(): Promise<void>;
}

async function timed(fn: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = process.hrtime.bigint();
  const latency = (): number => Number((process.hrtime.bigint() - started) / 1_000_000n);
  try {
    await fn();
    return { ok: true, latencyMs: latency() };
  } catch (err) {
    return {
      ok: false,
      latencyMs: latency(),
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

export async function createDependencies(config: Config, logger: Logger): Promise<Dependencies> {
  const connection = Connection.lazy({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });

  // The first connection attempt may fail while MongoDB is still starting; mongoose keeps retrying
  // once connected, and we retry the initial connect in the background until it succeeds.
  let closed = false;
  const connectLoop = async (): Promise<void> => {
    while (!closed) {
      try {
        await connectMongo(config.mongodbUri);
        logger.info('connected to MongoDB');
        return;
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'MongoDB not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, 2000).unref());
      }
    }
  };
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([connectLoop(), new Promise((r) => (waited = setTimeout(r, 10_000)))]);
  clearTimeout(waited); // a pending timer would keep a finished process alive for 10 s
  if (mongoose.connection.readyState !== 1) void connectLoop();

  const taskQueue = config.temporal.taskQueue;
  let workerSeenAt = 0;
  const workerAvailable = async (): Promise<boolean> => {
    if (Date.now() - workerSeenAt < 2000) return true;
    const beat = await lastWorkerBeat(taskQueue);
    if (!beat || Date.now() - beat.getTime() > WORKER_STALE_MS) return false;
    workerSeenAt = Date.now();
    return true;
  };

  return {
    config,
    logger,
    temporal,
    workerAvailable,
    async checkDependencies() {
      const [t, m] = await Promise.all([
        timed(() =>
          connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({})),
        ),
        timed(() => pingMongo(2000)),
      ]);
      const w = m.ok
        ? await timed(async () => {
            if (!(await workerAvailable()))
              throw new Error(`no case worker is polling the task queue "${taskQueue}"`);
          })
        : { ok: false, latencyMs: 0, error: 'unknown while MongoDB is down' };
      return { temporal: t, mongodb: m, worker: w };
    },
    async close() {
      closed = true;
      await connection.close().catch(() => undefined);
      await disconnectMongo().catch(() => undefined);
    },
  };
}
