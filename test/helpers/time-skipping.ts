/**
 * A time-skipping Temporal test server and a worker of the case workflows on a task queue of its
 * own, for one test file: started before its tests, stopped after them.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureSearchAttributes } from '../../scripts/servers/temporal';
import { timeSkippingServerPath, uniqueTaskQueue, workflowBundle } from './env';

export interface TimeSkipping {
  readonly taskQueue: string;
  /** The environment (set once the file's beforeAll ran). */
  env(): TestWorkflowEnvironment;
}

export function timeSkippingWorker(
  label: string,
  activities: object,
  options: { beforeTeardown?: (env: TestWorkflowEnvironment) => Promise<void> } = {},
): TimeSkipping {
  const taskQueue = uniqueTaskQueue(label);
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } },
    });
    await ensureSearchAttributes(env.connection);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    running = worker.run();
  });
  afterAll(async () => {
    if (env && options.beforeTeardown) await options.beforeTeardown(env);
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  return {
    taskQueue,
    env: () => {
      if (!env) throw new Error('the time-skipping environment is not started yet');
      return env;
    },
  };
}
