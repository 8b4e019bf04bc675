/**
 * A case worker for the crash test, run as its own process: it does the real work, but after the
 * document of kind $CRASH_AFTER_KIND has been stored it writes $CRASH_MARKER and stops answering,
 * so that the test can kill it with the activity half done (side effect made, result not reported).
 */
import fs from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { connectMongo } from '../../models/db';
import { loadConfig } from '../../runtime/config';

async function main(): Promise<void> {
  const config = loadConfig();
  await connectMongo(config.mongodbUri);
  const real = createActivities(config);
  const activities = {
    ...real,
    async issueDocument(input: Parameters<typeof real.issueDocument>[0]) {
      const doc = await real.issueDocument(input);
      if (input.kind === process.env.CRASH_AFTER_KIND) {
        fs.writeFileSync(process.env.CRASH_MARKER as string, doc.id);
        await new Promise(() => undefined); // hang until killed
      }
      return doc;
    },
  };
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH as string },
    activities,
  });
  await worker.run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
