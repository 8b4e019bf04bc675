/**
 * `npm run check:starts [-- --runs 20]`: starts the whole stack (`npm start`) again and again,
 * each time from an empty data directory on free ports, waits for /readyz 200, stops it with
 * Ctrl-C (SIGINT) and checks that nothing it started is left running. Prints one line per run and
 * a summary; exits 1 unless every run reached /readyz and stopped cleanly.
 *
 * It exists because `npm start` once hung for good at "Seeding the demo data…" on 1 start in 5.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../provision/paths';
import { freePort } from '../servers/process';

const READY_LIMIT_MS = 300_000;
const STOP_LIMIT_MS = 30_000;

interface Run {
  run: number;
  ok: boolean;
  readySeconds: number | null;
  stopSeconds: number | null;
  leftovers: number;
  note: string;
}

/** Every process below `root`, as "pid command". */
function descendants(root: number): Map<number, string> {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout ?? '';
  const rows = ps
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] as string }));
  const found = new Map<number, string>();
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const r of rows.filter((x) => x.ppid === parent && !found.has(x.pid))) {
      found.set(r.pid, r.args);
      queue.push(r.pid);
    }
  }
  return found;
}

/** Those of `pids` still alive (and not zombies). */
function stillRunning(pids: Map<number, string>): string[] {
  return [...pids].flatMap(([pid, args]) => {
    const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    const state = (stat.stdout ?? '').trim();
    return state && !state.startsWith('Z') ? [`${pid} ${args.slice(0, 60)}`] : [];
  });
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
  } catch {
    return false;
  }
}

async function oneStart(n: number): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `motcua-start-${n}-`));
  const [apiPort, temporalPort, uiPort, mongoPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MOTCUA_DATA_DIR: dataDir,
    PORT: String(apiPort),
    PUBLIC_BASE_URL: `http://localhost:${apiPort}`,
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    MONGO_PORT: String(mongoPort),
    NOTIFY_FILE_PATH: path.join(dataDir, 'outbox.jsonl'),
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.MONGODB_URI;
  const out: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const started = Date.now();
  let readySeconds: number | null = null;
  let note = '';
  while (Date.now() - started < READY_LIMIT_MS) {
    if (child.exitCode !== null) {
      const lines = out
        .join('')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      note = `exited early (${child.exitCode}): ${lines.slice(-6).join(' / ')}`;
      break;
    }
    if (out.join('').includes('Ctrl-C stops everything') && (await ready(apiPort))) {
      readySeconds = (Date.now() - started) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (readySeconds === null && !note) {
    const last = out.join('').trim().split('\n').slice(-1)[0] ?? '';
    note = `not ready after ${READY_LIMIT_MS / 1000} s (last line: ${last})`;
  }
  const tree = descendants(child.pid as number);
  const stopAt = Date.now();
  child.kill('SIGINT');
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), STOP_LIMIT_MS)),
  ]);
  const stopSeconds = stopped ? (Date.now() - stopAt) / 1000 : null;
  if (!stopped) {
    note ||= `did not stop within ${STOP_LIMIT_MS / 1000} s of Ctrl-C`;
    child.kill('SIGKILL');
  }
  await new Promise((r) => setTimeout(r, 1000));
  const left = stillRunning(tree);
  if (left.length > 0) {
    note ||= `left running: ${left.join('; ')}`;
    for (const l of left) spawnSync('kill', ['-9', l.split(' ')[0] as string]);
  }
  if (note) {
    // The whole output of a failed start, for reading afterwards.
    const keep = path.join(ROOT, '.data', 'checks', `start-${n}.log`);
    fs.mkdirSync(path.dirname(keep), { recursive: true });
    fs.writeFileSync(keep, out.join(''));
    note += ` (output: ${path.relative(process.cwd(), keep)})`;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    run: n,
    ok: readySeconds !== null && stopped && left.length === 0,
    readySeconds,
    stopSeconds,
    leftovers: left.length,
    note,
  };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 20;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  const results: Run[] = [];
  for (let n = 1; n <= runs; n++) {
    const r = await oneStart(n);
    results.push(r);
    console.log(
      `start ${String(n).padStart(2)}/${runs}: ${r.ok ? 'ok  ' : 'FAIL'} ready ${r.readySeconds?.toFixed(1) ?? '—'} s, stopped ${r.stopSeconds?.toFixed(1) ?? '—'} s${r.note ? `  ${r.note}` : ''}  (load ${os.loadavg()[0]?.toFixed(2)})`,
    );
  }
  const ok = results.filter((r) => r.ok);
  const times = ok.map((r) => r.readySeconds as number).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `\n${ok.length}/${runs} starts reached /readyz 200 and stopped cleanly` +
      (times.length
        ? `; ready in ${times[0]?.toFixed(1)}–${times[times.length - 1]?.toFixed(1)} s (median ${median?.toFixed(1)} s)`
        : ''),
  );
  process.exit(ok.length === runs ? 0 : 1);
}

void main();
