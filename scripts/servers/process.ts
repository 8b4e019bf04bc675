import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RunningServer {
  name: string;
  child: ChildProcess;
  /** Stops the process: SIGTERM, then SIGKILL after a grace period. Resolves once it has exited. */
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export async function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

/**
 * Spawns a server process whose output goes to a log file (never to our stdout, so a secret on a
 * command line or in a server's log stays in the git-ignored .data/ directory).
 */
export function spawnServer(
  name: string,
  cmd: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number },
): RunningServer {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const out = fs.openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    stdio: ['ignore', out, out],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    name,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Polls `probe` until it resolves true, or fails with the server's log tail. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; child?: ChildProcess; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.child && (opts.child.exitCode !== null || opts.child.signalCode !== null)) {
      throw new Error(`${what} exited early (code ${opts.child.exitCode})${logTail(opts.logFile)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${what} not ready after ${opts.timeoutMs} ms${logTail(opts.logFile)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function logTail(file?: string): string {
  if (!file || !fs.existsSync(file)) return '';
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15);
  return `\n--- ${file} (tail) ---\n${lines.join('\n')}`;
}
