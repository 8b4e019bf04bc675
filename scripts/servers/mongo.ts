import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensurePostgres, type MongoSource } from '../provision/index';
import { startPostgres, type PostgresServer } from './postgres';
import { freePort, RunningServer, spawnServer, waitFor } from './process';

export interface MongoServer {
  uri: string;
  /** Present when we started the server ourselves. */
  server: RunningServer | null;
  /** What runs, for banners and benchmark tables ("FerretDB on SQLite", "MONGODB_URI", …). */
  description: string;
  /** Pids of helper servers started with it (PostgreSQL under FerretDB), for measurements. */
  extraPids?: () => Record<string, number | undefined>;
  stop(): Promise<void>;
}

/** How FerretDB stores its data. */
export type MongoBackend =
  | {
      kind: 'ferretdb-sqlite';
      /** SQLite pragmas added to --sqlite-url, e.g. `synchronous(NORMAL)`. */
      pragmas?: string[];
    }
  | { kind: 'ferretdb-postgresql' };

/** The embedded default, chosen by measurement (docs/performance.md). */
export const DEFAULT_BACKEND: MongoBackend = { kind: 'ferretdb-sqlite' };

export function describeBackend(backend: MongoBackend): string {
  if (backend.kind === 'ferretdb-postgresql') return 'FerretDB on PostgreSQL';
  const pragmas = backend.pragmas?.length ? ` (${backend.pragmas.join(', ')})` : '';
  return `FerretDB on SQLite${pragmas}`;
}

function ferretDbArgs(
  backend: MongoBackend,
  dataDir: string,
  listen: string,
  postgres: PostgresServer | null,
): string[] {
  const storage =
    backend.kind === 'ferretdb-postgresql'
      ? ['--handler=postgresql', `--postgresql-url=${postgres?.url ?? ''}`]
      : [
          '--handler=sqlite',
          `--sqlite-url=file:${dataDir}${path.sep}${
            backend.pragmas?.length
              ? `?${backend.pragmas.map((p) => `_pragma=${encodeURIComponent(p)}`).join('&')}`
              : ''
          }`,
        ];
  return [
    ...storage,
    `--state-dir=${dataDir}`,
    `--listen-addr=${listen}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
}

/**
 * Starts the MongoDB-compatible server named by `source` on loopback (or just uses the URI given),
 * and waits until it answers a ping.
 */
export async function startMongo(
  source: MongoSource,
  opts: {
    port: number;
    dataDir: string;
    logFile: string;
    database: string;
    /** FerretDB's storage (default DEFAULT_BACKEND). */
    backend?: MongoBackend;
  },
): Promise<MongoServer> {
  if (source.kind === 'uri') {
    await waitFor('MongoDB at MONGODB_URI', () => mongoPing(source.uri), { timeoutMs: 30_000 });
    return {
      uri: source.uri,
      server: null,
      description: 'MONGODB_URI',
      stop: async () => undefined,
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const listen = `127.0.0.1:${opts.port}`;
  const backend = opts.backend ?? DEFAULT_BACKEND;
  const postgres =
    source.kind === 'ferretdb' && backend.kind === 'ferretdb-postgresql'
      ? await startPostgres({
          binDir: await ensurePostgres(),
          dataDir: path.join(opts.dataDir, 'postgresql'),
          port: await freePort(),
          logFile: opts.logFile.replace(/(\.log)?$/, '.postgresql.log'),
        })
      : null;
  const server =
    source.kind === 'ferretdb'
      ? spawnServer('ferretdb', source.bin, ferretDbArgs(backend, opts.dataDir, listen, postgres), {
          logFile: opts.logFile,
        })
      : spawnServer(
          'mongod',
          source.bin,
          [
            '--dbpath',
            opts.dataDir,
            '--port',
            String(opts.port),
            '--bind_ip',
            '127.0.0.1',
            '--quiet',
          ],
          { logFile: opts.logFile },
        );
  const uri = `mongodb://${listen}/${opts.database}`;
  const stop = async (): Promise<void> => {
    await server.stop();
    await postgres?.stop();
  };
  // FerretDB and its PostgreSQL go together: a launcher that restarts one starts both afresh.
  if (postgres) server.child.once('exit', () => void postgres.stop());
  try {
    await waitFor(`${server.name} on ${listen}`, () => mongoPing(uri), {
      timeoutMs: 60_000,
      child: server.child,
      logFile: opts.logFile,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    uri,
    server,
    description: source.kind === 'ferretdb' ? describeBackend(backend) : 'mongod',
    ...(postgres ? { extraPids: () => ({ postgresql: postgres.child.pid }) } : {}),
    stop,
  };
}

/** True when a MongoDB server answers `ping` at `uri`. */
export async function mongoPing(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
  });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}
