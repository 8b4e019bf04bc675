/** The case worker: workflows from `workflows/` (or a prebuilt bundle), activities wired to config. */
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { failingActivityInterceptor } from './failing-activities';
import { startWorkerHeartbeat } from './heartbeat';

export async function createCaseWorker(opts: {
  connection: NativeConnection;
  config: Config;
  /** A prebuilt workflow bundle (tests, production images); otherwise bundled at start. */
  workflowBundlePath?: string;
  taskQueue?: string;
}): Promise<Worker> {
  const { connection, config } = opts;
  const taskQueue = opts.taskQueue ?? config.temporal.taskQueue;
  const noteFailing = failingActivityInterceptor(createLogger('worker', config.logLevel));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    activities: createActivities(config),
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath: path.resolve(__dirname, '..', 'workflows') }),
    // Two cores: a handful of concurrent documents is plenty; signing is CPU-bound.
    maxConcurrentActivityTaskExecutions: 8,
    // An activity of a case that keeps failing is noted on the supervisors' board.
    interceptors: {
      activity: [(ctx) => ({ inbound: noteFailing(ctx) })],
    },
  });
  startWorkerHeartbeat(worker, taskQueue);
  return worker;
}
