/** Entry of the worker process: `npm run worker`. */
import { NativeConnection } from '@temporalio/worker';
import { deleteExpiredApplications } from '../activities/applications';
import { deleteExpiredGrants } from '../activities/signing-grants';
import { startOutboxDispatcher } from '../activities/notifications';
import { backfillOpenCases } from '../activities/read-model';
import { connectMongo, disconnectMongo, syncAllIndexes } from '../models/db';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { createCaseWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  await connectMongo(config.mongodbUri);
  await syncAllIndexes();
  const backfilled = await backfillOpenCases();
  if (backfilled) logger.info({ cases: backfilled }, 'open-case entries filled in for the inboxes');
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCaseWorker({
    connection,
    config,
    ...(process.env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH }
      : {}),
  });
  const dispatcher = startOutboxDispatcher({ intervalMs: 2000, logger });
  // No TTL indexes (FerretDB v1): expired signing grants and pending applications are swept here.
  const sweeper = setInterval(() => {
    deleteExpiredGrants().catch((err: unknown) => logger.warn({ err }, 'grant cleanup failed'));
    deleteExpiredApplications().catch((err: unknown) =>
      logger.warn({ err }, 'application cleanup failed'),
    );
  }, 60_000);
  logger.info(
    { taskQueue: config.temporal.taskQueue, address: config.temporal.address },
    'worker running',
  );
  try {
    await worker.run(); // returns after SIGINT/SIGTERM (the SDK's runtime handles the signals)
  } finally {
    clearInterval(sweeper);
    await dispatcher.stop();
    await connection.close();
    await disconnectMongo();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
