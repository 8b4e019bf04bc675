/**
 * The whole product on free ports for the benchmark, the way `npm start` runs it: the Temporal dev
 * server (SQLite file), the MongoDB-compatible server, the demo seed, then the worker and the API
 * as their own processes. Never a running `npm start`: everything lives in a fresh directory and
 * is stopped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { connectMongo, disconnectMongo } from '../../models/db';
import { loadConfig } from '../../runtime/config';
import { parseKek } from '../../signing';
import { ensureTemporalCli, resolveMongo, type MongoSource } from '../provision/index';
import { ROOT } from '../provision/paths';
import { startMongo, type MongoBackend, type MongoServer } from '../servers/mongo';
import { freePort, spawnServer, waitFor, type RunningServer } from '../servers/process';
import { startTemporalDevServer, type TemporalDevServer } from '../servers/temporal';
import { seedDevelopment } from '../seed';

export interface StackOptions {
  /** Which MongoDB-compatible server (default: what `npm start` would use). */
  backend?: MongoBackend;
  /** Write CPU profiles and query statistics of the worker and the API into this directory. */
  profileDir?: string;
  log?: (line: string) => void;
}

export interface Stack {
  dir: string;
  apiUrl: string;
  temporalAddress: string;
  mongoUri: string;
  mongoLabel: string;
  /** Root pids of each server, for CPU and memory readings. */
  pids(): Record<string, number | undefined>;
  stop(): Promise<void>;
}

function spawnNode(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  dir: string,
  profileDir?: string,
): RunningServer {
  const profile = profileDir
    ? [
        // One directory per process: each thread (tsx's loader has one) writes its own profile.
        '--cpu-prof',
        `--cpu-prof-dir=${path.join(profileDir, `${name}.cpuprofiles`)}`,
        '--require',
        path.join(__dirname, 'query-log.cjs'),
        '--import',
        'tsx',
      ]
    : ['--import', 'tsx'];
  return spawnServer(name, process.execPath, [...profile, entry], {
    logFile: path.join(dir, `${name}.log`),
    env: profileDir
      ? { ...env, BENCH_QUERY_LOG: path.join(profileDir, `${name}.queries.json`) }
      : env,
    cwd: ROOT,
  });
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    // The servers' logs go with the profiles; the rest (databases) is thrown away.
    if (opts.profileDir) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.log'))) {
        fs.copyFileSync(path.join(dir, f), path.join(opts.profileDir, f));
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    log('bundling the workflows, starting Temporal and the database');
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    const [temporal, mongo] = await Promise.all([
      (async (): Promise<TemporalDevServer> => {
        const server = await startTemporalDevServer({
          cli: await ensureTemporalCli(),
          port: await freePort(),
          dbFile: path.join(dir, 'temporal.db'),
          logFile: path.join(dir, 'temporal.log'),
        });
        started.push(server);
        return server;
      })(),
      (async (): Promise<MongoServer & { label: string }> => {
        const source: MongoSource = await resolveMongo();
        const server = await startMongo(source, {
          port: await freePort(),
          dataDir: path.join(dir, 'mongo'),
          logFile: path.join(dir, 'mongo.log'),
          database: 'bench',
          ...(opts.backend ? { backend: opts.backend } : {}),
        });
        started.push(server);
        return { ...server, label: server.description };
      })(),
      (async () => {
        const { code } = await bundleWorkflowCode({
          workflowsPath: require.resolve('../../workflows'),
          logger: {
            trace() {},
            debug() {},
            info() {},
            warn() {},
            error: console.error,
            log() {},
          },
        });
        fs.writeFileSync(bundlePath, code);
      })(),
    ]);

    log('seeding the demo officials and PKI');
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({ ...process.env, MONGODB_URI: mongo.uri, PORT: String(port) });
    await connectMongo(mongo.uri);
    await seedDevelopment({
      kek: parseKek(config.keyEncryptionKey),
      password: config.demo.password,
      pin: config.demo.pin,
      publicBaseUrl: apiUrl,
    });
    await disconnectMongo();

    log('starting the worker and the API');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      TEMPORAL_ADDRESS: temporal.address,
      MONGODB_URI: mongo.uri,
      PORT: String(port),
      PUBLIC_BASE_URL: apiUrl,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      NOTIFY_SENDER: 'file',
      NOTIFY_FILE_PATH: path.join(dir, 'outbox', 'sent.jsonl'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
    if (opts.profileDir) fs.mkdirSync(opts.profileDir, { recursive: true });
    const worker = spawnNode('worker', 'worker/main.ts', env, dir, opts.profileDir);
    started.push(worker);
    const api = spawnNode('api', 'api/main.ts', env, dir, opts.profileDir);
    started.push(api);
    await waitFor('the API', async () => (await fetch(`${apiUrl}/readyz`)).status === 200, {
      timeoutMs: 120_000,
      child: api.child,
      logFile: path.join(dir, 'api.log'),
    });
    // The worker is ready once it polls: a case started before that just waits a moment.
    return {
      dir,
      apiUrl,
      temporalAddress: temporal.address,
      mongoUri: mongo.uri,
      mongoLabel: mongo.label,
      pids: () => ({
        worker: worker.child.pid,
        api: api.child.pid,
        temporal: temporal.child.pid,
        mongodb: mongo.server?.child.pid,
        ...(mongo.extraPids?.() ?? {}),
      }),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
