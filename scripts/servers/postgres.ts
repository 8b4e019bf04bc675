/**
 * A PostgreSQL server of the project's own (FerretDB's PostgreSQL backend): a cluster made with
 * `initdb` in a directory of ours, started with `postgres` on a Unix socket in that directory (no
 * TCP listener), trusting local connections only. PostgreSQL refuses to run as root: as root the
 * cluster belongs to the `postgres` system user of Debian's package.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProvisionError } from '../provision/index';
import { ROOT } from '../provision/paths';
import { RunningServer, spawnServer, waitFor } from './process';

export interface PostgresServer extends RunningServer {
  /** libpq URL of the `postgres` database over the Unix socket. */
  url: string;
}

/** The system user that runs the cluster when we are root. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const res = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (res.status !== 0 || gid.status !== 0) {
    throw new ProvisionError(
      "PostgreSQL refuses to run as root and there is no `postgres` user: install Debian's " +
        'postgresql package (apt-get install postgresql), which creates it.',
    );
  }
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  fs.chownSync(dir, owner.uid, owner.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, owner);
    else fs.chownSync(p, owner.uid, owner.gid);
  }
}

export async function startPostgres(opts: {
  binDir: string;
  dataDir: string;
  port: number;
  logFile: string;
}): Promise<PostgresServer> {
  const owner = runAs();
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) {
    // Every directory above must be enterable by the cluster's owner; we open the ones of the
    // project and of the temporary directory (mkdtemp makes them 0700), nothing else.
    for (let d = path.dirname(dataDir); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) !== 0) continue;
      const ours = [ROOT, fs.realpathSync(os.tmpdir())].some(
        (base) => d === base || d.startsWith(`${base}${path.sep}`),
      );
      if (!ours) {
        throw new ProvisionError(
          `The postgres user cannot enter ${d} (mode ${(mode & 0o777).toString(8)}), which ` +
            `PostgreSQL's data directory ${dataDir} is in: keep the repository where others may ` +
            'pass through (chmod o+x), or set MONGODB_URI.',
        );
      }
      fs.chmodSync(d, mode | 0o001);
    }
    chownTree(dataDir, owner);
  }
  fs.chmodSync(dataDir, 0o700);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const init = spawnSync(
      path.join(opts.binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { encoding: 'utf8', ...(owner ?? {}) },
    );
    if (init.status !== 0) throw new ProvisionError(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const server = spawnServer(
    'postgres',
    path.join(opts.binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(opts.port),
      '-k',
      dataDir,
      '-c',
      'listen_addresses=',
      // An embedded development server: a crash may lose the last commits, never consistency.
      '-c',
      'synchronous_commit=off',
      '-c',
      'max_connections=200',
    ],
    { logFile: opts.logFile, ...(owner ?? {}) },
  );
  const isReady = path.join(opts.binDir, 'pg_isready');
  await waitFor(
    `postgres on ${dataDir}`,
    async () =>
      spawnSync(isReady, ['-h', dataDir, '-p', String(opts.port), '-U', 'postgres'], {
        stdio: 'ignore',
      }).status === 0,
    { timeoutMs: 60_000, child: server.child, logFile: opts.logFile },
  );
  const url = `postgres://postgres@/postgres?host=${encodeURIComponent(dataDir)}&port=${opts.port}`;
  return { ...server, url };
}
