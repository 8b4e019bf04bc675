/**
 * Jest global setup: provisions the tools, starts a Temporal dev server and a MongoDB-compatible
 * server on free ports (unless TEMPORAL_ADDRESS / MONGODB_URI are given), and bundles the
 * workflows once for every test file. What the test files need travels in environment variables,
 * which Jest's workers inherit.
 *
 * `TEST_SERVERS=none` provisions the outside validators only: for the pure suites (signing,
 * templates, domain), which `.ci/run` also runs under `faketime` a year ahead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  ensureChromium,
  ensureTemporalCli,
  ensureTemporalTestServer,
  ensureValidators,
  resolveMongo,
} from '../../scripts/provision/index';
import { freePort } from '../../scripts/servers/process';
import { startMongo } from '../../scripts/servers/mongo';
import { ensureSearchAttributes, startTemporalDevServer } from '../../scripts/servers/temporal';
import { TEST_TMP } from '../helpers/paths';

type Stoppable = { stop(): Promise<void> };

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  fs.rmSync(TEST_TMP, { recursive: true, force: true });
  fs.mkdirSync(TEST_TMP, { recursive: true });
  // Workers of the tests deliver notifications: to a file of the run, never the project's .data.
  process.env.NOTIFY_FILE_PATH ??= path.join(TEST_TMP, 'outbox', 'sent.jsonl');
  const servers: Stoppable[] = [];
  (globalThis as { __TEST_SERVERS__?: Stoppable[] }).__TEST_SERVERS__ = servers;

  if (process.env.TEST_SERVERS === 'none') {
    process.env.TEST_VALIDATORS = JSON.stringify(await ensureValidators());
    return;
  }
  const [cli, testServer, validators, chromium] = await Promise.all([
    ensureTemporalCli(),
    ensureTemporalTestServer(),
    ensureValidators(),
    ensureChromium(),
  ]);
  process.env.CHROMIUM_PATH = chromium;
  process.env.TEMPORAL_TEST_SERVER_PATH = testServer;
  process.env.TEMPORAL_CLI_PATH = cli;
  process.env.TEST_VALIDATORS = JSON.stringify(validators);

  const temporalReady = (async () => {
    if (process.env.TEMPORAL_ADDRESS) {
      await ensureSearchAttributes(process.env.TEMPORAL_ADDRESS, process.env.TEMPORAL_NAMESPACE);
      return;
    }
    const server = await startTemporalDevServer({
      cli,
      port: await freePort(),
      logFile: path.join(TEST_TMP, 'temporal.log'),
    });
    servers.push(server);
    process.env.TEMPORAL_ADDRESS = server.address;
  })();

  const mongoReady = (async () => {
    const source = await resolveMongo();
    const mongo = await startMongo(source, {
      port: await freePort(),
      dataDir: path.join(TEST_TMP, 'mongo'),
      logFile: path.join(TEST_TMP, 'mongo.log'),
      database: 'test',
    });
    servers.push(mongo);
    process.env.MONGODB_URI = mongo.uri;
  })();

  const bundleReady = (async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: {
        trace() {},
        debug() {},
        info() {},
        warn: console.warn,
        error: console.error,
        log() {},
      },
    });
    const bundlePath = path.join(TEST_TMP, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, code);
    process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  })();

  await Promise.all([temporalReady, mongoReady, bundleReady]);
  process.stderr.write(
    `\n[test setup] servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
