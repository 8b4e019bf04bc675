/**
 * CPU time and memory of the processes the benchmark started, read from /proc (Linux). A server
 * that forks (PostgreSQL: the postmaster and one backend per connection) counts with its whole
 * process tree.
 */
import fs from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_SIZE = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuSeconds: number;
  rssBytes: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return {
      pid,
      ppid: Number(rest[1]),
      cpuSeconds: (utime + stime) / TICKS_PER_SECOND,
      rssBytes: Number(rest[21]) * PAGE_SIZE,
    };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  if (!fs.existsSync('/proc')) return [];
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== null);
}

export interface Usage {
  cpuSeconds: number;
  rssBytes: number;
}

/** CPU seconds so far and resident memory of each named process tree. */
export function usageOf(roots: Record<string, number | undefined>): Record<string, Usage> {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const out: Record<string, Usage> = {};
  for (const [name, pid] of Object.entries(roots)) {
    if (pid === undefined) continue;
    const root = stats.find((s) => s.pid === pid);
    if (!root) continue;
    const usage = { cpuSeconds: 0, rssBytes: 0 };
    const stack = [root];
    while (stack.length) {
      const s = stack.pop() as ProcStat;
      usage.cpuSeconds += s.cpuSeconds;
      usage.rssBytes += s.rssBytes;
      stack.push(...(children.get(s.pid) ?? []));
    }
    out[name] = usage;
  }
  return out;
}

/** CPU seconds each process tree used between two readings. */
export function cpuBetween(
  before: Record<string, Usage>,
  after: Record<string, Usage>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, u] of Object.entries(after)) {
    out[name] = Math.round((u.cpuSeconds - (before[name]?.cpuSeconds ?? 0)) * 100) / 100;
  }
  return out;
}

/** The 1-minute load average, rounded (printed beside every figure: the machine is shared). */
export const load1 = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}
