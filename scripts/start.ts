/**
 * `npm start`: the whole product on this machine. Starts (or uses) the Temporal dev server and a
 * MongoDB-compatible server with their state under .data/, seeds the demo data, runs the worker
 * and the API, and prints where everything is. Ctrl-C stops every child process.
 *
 * Launcher-only variables: TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233), MONGO_PORT (27017).
 * With TEMPORAL_ADDRESS or MONGODB_URI set, that server is used instead of starting one.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listDemoOfficials } from '../domain/catalogue';
import { connectMongo, disconnectMongo } from '../models/db';
import { loadConfig } from '../runtime/config';
import { parseKek } from '../signing';
import { DATA_DIR, ROOT } from './provision/paths';
import { ensureTemporalCli, ProvisionError, resolveMongo } from './provision/index';
import { startMongo } from './servers/mongo';
import { isListening, type RunningServer, spawnServer, waitFor } from './servers/process';
import { ensureSearchAttributes, startTemporalDevServer } from './servers/temporal';
import { seedDevelopment } from './seed';

const LOG_DIR = path.join(DATA_DIR, 'logs');

/** Set once Ctrl-C (or SIGTERM) arrives: children that exit from then on are not restarted. */
let shuttingDown = false;

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n <= 0 || n > 65535)
    throw new ProvisionError(`${name} must be a TCP port`);
  return n;
}

async function ensureFree(p: number, what: string, alternative: string): Promise<void> {
  if (await isListening(p)) {
    throw new ProvisionError(
      `Port ${p} (${what}) is already in use. Stop what runs there, or ${alternative}.`,
    );
  }
}

/** A TypeScript entry of this repository as a child process, its output in .data/logs/. */
function spawnNode(name: string, entry: string, env: NodeJS.ProcessEnv): RunningServer {
  return spawnServer(name, process.execPath, ['--import', 'tsx', entry], {
    logFile: path.join(LOG_DIR, `${name}.log`),
    env,
    cwd: ROOT,
  });
}

/**
 * Keeps an embedded server running: when it exits on its own it is started again (the API
 * answers 503 on /readyz meanwhile, and recovers).
 */
async function supervise<
  S extends {
    stop(): Promise<void>;
    child?: ChildProcess;
    server?: { child: ChildProcess } | null;
  },
>(name: string, start: () => Promise<S>): Promise<{ first: S; stop(): Promise<void> }> {
  let current = await start();
  let stopped = false;
  const childOf = (s: S): ChildProcess | undefined => s.child ?? s.server?.child;
  const watch = (s: S): void => {
    childOf(s)?.once('exit', (code) => {
      // Ctrl-C at a terminal reaches the whole process group: a server may exit before we stop it.
      if (stopped || shuttingDown) return;
      console.error(`${name} stopped unexpectedly (exit code ${code}); restarting it in 2 s.`);
      setTimeout(() => {
        if (stopped || shuttingDown) return;
        start()
          .then((next) => {
            current = next;
            watch(next);
            console.error(`${name} is back.`);
          })
          .catch((err: unknown) => console.error(`${name} could not be restarted: ${String(err)}`));
      }, 2000);
    });
  };
  watch(current);
  const first = current;
  return {
    first,
    async stop() {
      stopped = true;
      await current.stop();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const running: Array<{ stop(): Promise<void>; name?: string }> = [];
  let stopping: Promise<never> | null = null;
  const stopAll = (code: number): Promise<never> => {
    shuttingDown = true;
    stopping ??= (async () => {
      console.log('\nStopping…');
      for (const r of [...running].reverse()) await r.stop().catch(() => undefined);
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));
  // If whoever started us goes away without a signal reaching us, stop rather than orphan.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAll(0);
  }, 1000).unref();

  try {
    // Temporal
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUi: string | null = null;
    if (temporalAddress) {
      await ensureSearchAttributes(temporalAddress, config.temporal.namespace);
    } else {
      const tPort = port('TEMPORAL_PORT', 7233);
      const uiPort = port('TEMPORAL_UI_PORT', tPort + 1000);
      await ensureFree(
        tPort,
        'Temporal',
        'set TEMPORAL_PORT, or TEMPORAL_ADDRESS to use that server',
      );
      await ensureFree(uiPort, 'Temporal Web UI', 'set TEMPORAL_UI_PORT');
      fs.mkdirSync(path.join(DATA_DIR, 'temporal'), { recursive: true });
      process.stdout.write('Starting the Temporal dev server… ');
      const cli = await ensureTemporalCli();
      const temporal = await supervise('Temporal dev server', () =>
        startTemporalDevServer({
          cli,
          port: tPort,
          uiPort,
          dbFile: path.join(DATA_DIR, 'temporal', 'temporal.db'),
          namespace: config.temporal.namespace,
          logFile: path.join(LOG_DIR, 'temporal.log'),
        }),
      );
      running.push(temporal);
      temporalAddress = temporal.first.address;
      temporalUi = temporal.first.uiUrl;
      console.log('ready');
    }

    // MongoDB
    const source = await resolveMongo();
    const mongoPort = port('MONGO_PORT', 27017);
    if (source.kind !== 'uri')
      await ensureFree(mongoPort, source.kind, 'set MONGO_PORT, or MONGODB_URI');
    process.stdout.write(`Starting ${source.kind === 'uri' ? 'with MONGODB_URI' : source.kind}… `);
    const supervised = await supervise(source.kind, () =>
      startMongo(source, {
        port: mongoPort,
        dataDir: path.join(DATA_DIR, 'mongo'),
        logFile: path.join(LOG_DIR, 'mongo.log'),
        database: 'motcua',
      }),
    );
    running.push(supervised);
    const mongo = supervised.first;
    console.log('ready');

    // Seed
    process.stdout.write('Seeding the demo data… ');
    await connectMongo(mongo.uri);
    const report = await seedDevelopment({
      kek: parseKek(config.keyEncryptionKey),
      password: config.demo.password,
      pin: config.demo.pin,
      publicBaseUrl: config.publicBaseUrl,
    });
    await disconnectMongo();
    console.log(`${report.officials.length} officials, ${report.seals.length} unit seals`);

    // Worker and API
    const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress, MONGODB_URI: mongo.uri };
    for (const [name, entry] of [
      ['worker', 'worker/main.ts'],
      ['api', 'api/main.ts'],
    ] as const) {
      const child = spawnNode(name, entry, env);
      running.push(child);
      child.child.once('exit', (code) => {
        if (stopping === null) {
          console.error(
            `The ${name} stopped (exit code ${code}); see ${path.join(LOG_DIR, `${name}.log`)}.`,
          );
          void stopAll(1);
        }
      });
    }
    process.stdout.write('Starting the worker and the API… ');
    const api = `http://localhost:${config.port}`;
    await waitFor(
      'the API',
      async () => (await fetch(`http://127.0.0.1:${config.port}/readyz`)).status === 200,
      { timeoutMs: 120_000 },
    );
    console.log('ready\n');
    printBanner({
      api,
      temporalAddress,
      temporalUi,
      mongoUri: mongo.uri,
      source: source.kind,
      config,
    });
  } catch (err) {
    console.error(`\n${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
}

function printBanner(b: {
  api: string;
  temporalAddress: string;
  temporalUi: string | null;
  mongoUri: string;
  source: string;
  config: ReturnType<typeof loadConfig>;
}): void {
  const rows = [
    ['API', `${b.api}  (health ${b.api}/healthz, readiness ${b.api}/readyz)`],
    ['Citizens', `${b.api}/apply.html  (file a dossier), ${b.api}/track.html  (follow it)`],
    ['Officials', `${b.api}/officials.html  (demo accounts below)`],
    ['Verify a PDF', `${b.api}/  (anyone; POST ${b.api}/api/verify)`],
    ['API docs', `${b.api}/api/docs  (OpenAPI: ${b.api}/api/openapi.json)`],
    [
      'Temporal',
      `${b.temporalAddress}  namespace ${b.config.temporal.namespace}, task queue ${b.config.temporal.taskQueue}`,
    ],
    ['Temporal Web UI', b.temporalUi ?? '(external server)'],
    ['MongoDB', `${b.mongoUri}  (${b.source === 'ferretdb' ? 'FerretDB on SQLite' : b.source})`],
    [
      'Data and logs',
      `${path.relative(process.cwd(), DATA_DIR) || '.data'}/  (logs in .data/logs/)`,
    ],
  ];
  console.log('Một cửa điện tử is running:');
  for (const [k, v] of rows) console.log(`  ${k!.padEnd(16)} ${v}`);
  console.log(
    `\nDemo accounts (password "${b.config.demo.password}", signing PIN "${b.config.demo.pin}"):`,
  );
  for (const o of listDemoOfficials()) {
    console.log(
      `  ${o.username.padEnd(20)} ${o.roles.join(', ').padEnd(22)} ${o.unitCode ?? 'city-wide'}`,
    );
  }
  console.log('\nCtrl-C stops everything.');
}

void main();
