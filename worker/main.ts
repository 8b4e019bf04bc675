/** Entry of the worker process: `npm run worker`. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { backfillBoard, backfillOpenCases } from '../activities/read-model';
import { connectMongo, disconnectMongo, syncAllIndexes } from '../models/db';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { pushCalendarToRunningCases } from './calendar-push';
import { createCaseWorker } from './create-worker';
import { ensureSchedules } from './schedules';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  await connectMongo(config.mongodbUri);
  await syncAllIndexes();
  const backfilled = await backfillOpenCases();
  if (backfilled) logger.info({ cases: backfilled }, 'open-case entries filled in for the inboxes');
  const boarded = await backfillBoard();
  if (boarded) logger.info({ cases: boarded }, "the supervisors' board filled in");
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCaseWorker({
    connection,
    config,
    ...(process.env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH }
      : {}),
  });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
  });
  void pushCalendarToRunningCases(client, logger).catch((err: unknown) =>
    logger.warn({ err }, 'the working-day calendar could not be pushed; it will be at next start'),
  );
  // Periodic jobs (expired grants and applications, orphaned files, notifications left to start)
  // run on Temporal Schedules.
  await ensureSchedules(client, config.temporal.taskQueue);
  logger.info(
    { taskQueue: config.temporal.taskQueue, address: config.temporal.address },
    'worker running',
  );
  try {
    await worker.run(); // returns after SIGINT/SIGTERM (the SDK's runtime handles the signals)
  } finally {
    await clientConnection.close();
    await connection.close();
    await disconnectMongo();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
