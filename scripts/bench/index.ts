/**
 * `npm run bench`: the whole product and its peers in one run, on a stack of its own (free ports,
 * a fresh directory; never a running `npm start`). See docs/performance.md for what it measures
 * and the figures.
 *
 *   npm run bench -- [--cases 200] [--clients 1,4,16] [--chains ward,department]
 *                    [--rates 100,500] [--seconds 10] [--open-cases 50]
 *                    [--only e2e,reads,history,signing,supervision]
 *                    [--board-sizes 1000,10000,100000] [--board-requests 30]
 *                    [--backend sqlite|sqlite-normal|postgresql]
 *                    [--signing-iterations 300] [--profile]
 *
 * Prints a table and writes everything as JSON to bench/results/<time>.json (git-ignored: the
 * figures of a shared machine are kept in docs/performance.md with their conditions). Every row
 * carries the 1-minute load average at its start and end: compare runs side by side, as ratios.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHAINS, fileOpenCases, runEndToEnd, tokenOf, type ChainName } from './e2e';
import { measureHistories } from './history';
import { cpuBetween, load1, machine, usageOf } from './procs';
import { runFixedRate } from './reads';
import { runSigningBench } from './signing';
import { Progress } from './stats';
import { runSupervisionBench } from './supervision';
import { startStack } from './stack';
import type { MongoBackend } from '../servers/mongo';
import { ROOT } from '../provision/paths';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const list = (name: string, fallback: string): string[] =>
  flag(name, fallback).split(',').filter(Boolean);

const BACKENDS: Record<string, MongoBackend> = {
  sqlite: { kind: 'ferretdb-sqlite' },
  'sqlite-normal': { kind: 'ferretdb-sqlite', pragmas: ['synchronous(NORMAL)'] },
  postgresql: { kind: 'ferretdb-postgresql' },
};

const log = (l: string): void => void process.stderr.write(`[bench] ${l}\n`);
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

async function main(): Promise<void> {
  const cases = Number(flag('cases', '200'));
  const clients = list('clients', '1,4,16').map(Number);
  const chains = list('chains', 'ward,department') as ChainName[];
  const rates = list('rates', '100,500').map(Number);
  const seconds = Number(flag('seconds', '10'));
  const only = new Set(list('only', 'e2e,reads,history,signing,supervision'));
  const backendName = flag('backend', '');
  const backend = backendName ? BACKENDS[backendName] : undefined;
  if (backendName && !backend) throw new Error(`--backend: one of ${Object.keys(BACKENDS)}`);
  const profileDir = process.argv.includes('--profile')
    ? path.join(ROOT, 'bench', 'profiles')
    : undefined;
  const started = new Date();
  const results: Record<string, unknown> = {
    at: started.toISOString(),
    machine: machine(),
    options: { cases, clients, chains, rates, seconds, backend: backendName || 'default' },
  };
  const table: string[][] = [];
  const row = (...cells: Array<string | number>): number => table.push(cells.map(String));

  // Signing first, on a machine this benchmark does not load yet.
  if (only.has('signing')) {
    const load = load1();
    const signing = await runSigningBench({
      iterations: Number(flag('signing-iterations', '300')),
      log,
    });
    results.signing = { ...signing, load: [load, load1()] };
    for (const r of signing.rows) {
      row(
        'signing',
        r.name,
        `${r.medianMs} ms`,
        r.perSecond ? `${r.perSecond}/s` : '',
        '',
        `${load}→${load1()}`,
      );
    }
    for (const [k, v] of Object.entries(signing.ratios)) row('signing', k, `${v}×`, '', '', '');
  }

  if (only.has('e2e') || only.has('reads') || only.has('history') || only.has('supervision')) {
    const stack = await startStack({
      log,
      ...(backend ? { backend } : {}),
      ...(profileDir ? { profileDir } : {}),
    });
    results.database = stack.mongoLabel;
    try {
      const e2e: unknown[] = [];
      const completed: Record<string, string[]> = {};
      if (only.has('e2e')) {
        for (const chain of chains) {
          for (const c of clients) {
            const before = usageOf(stack.pids());
            const load = load1();
            const bar = new Progress(`${chain} chain, ${c} client(s)`, cases);
            const r = await runEndToEnd({
              api: stack.apiUrl,
              chain,
              cases,
              clients: c,
              onCase: () => bar.tick(),
            });
            bar.finish();
            const cpu = cpuBetween(before, usageOf(stack.pids()));
            (completed[chain] ??= []).push(...r.codes);
            const { codes: _codes, ...rest } = r;
            e2e.push({
              ...rest,
              label: CHAINS[chain].label,
              load: [load, load1()],
              cpuSeconds: cpu,
            });
            const errors =
              Object.entries(r.errors)
                .map(([k, v]) => `${v}× ${k}`)
                .join(', ') || '0';
            row(
              'e2e',
              `${CHAINS[chain].label}, ${c} client(s)`,
              `${r.casesPerSecond} cases/s`,
              `case p50 ${r.caseLatency.p50} ms`,
              `errors ${errors}`,
              `${load}→${load1()}`,
            );
            for (const [action, s] of Object.entries(r.actions)) {
              row('', `  ${action}`, `p50 ${s.p50} ms`, `p95 ${s.p95} ms`, `max ${s.max} ms`, '');
            }
            row(
              '',
              '  not yet visible (404, retried)',
              String(r.notYetVisible),
              `visible after p95 ${r.visibleAfter.p95} ms`,
              '',
              '',
            );
            row(
              '',
              '  CPU s',
              Object.entries(cpu)
                .map(([k, v]) => `${k} ${v}`)
                .join(', '),
              '',
              '',
              '',
            );
          }
        }
        results.e2e = e2e;
      }

      if (only.has('history')) {
        const history: Record<string, unknown> = {};
        for (const [chain, codes] of Object.entries(completed)) {
          const h = await measureHistories(stack.temporalAddress, codes.slice(0, 50));
          history[chain] = h;
          row(
            'history',
            `${CHAINS[chain as ChainName].label}, ${h.cases} cases`,
            `${h.events.mean} events`,
            `${Math.round(h.bytes.mean)} bytes`,
            `max ${h.bytes.max} bytes`,
            '',
          );
        }
        results.history = history;
      }

      if (only.has('reads')) {
        log('filing open cases for the reads');
        const open = await fileOpenCases(stack.apiUrl, Number(flag('open-cases', '50')), 'SAIGON');
        const token = await tokenOf(stack.apiUrl, 'receiver.saigon');
        const auth = { Authorization: `Bearer ${token}` };
        const ip = (i: number): string => `10.77.${(i >> 8) & 255}.${i & 255}`;
        const reads: unknown[] = [];
        for (const rate of rates) {
          for (const [name, request] of [
            [
              'GET /api/cases/{code}',
              (i: number) => ({
                path: `/api/cases/${open[i % open.length]}`,
                headers: { ...auth, 'X-Forwarded-For': ip(i) },
              }),
            ],
            ['GET /api/inbox', () => ({ path: '/api/inbox', headers: auth })],
          ] as const) {
            const load = load1();
            const bar = new Progress(`${name} at ${rate}/s`, seconds);
            const r = await runFixedRate({
              name,
              base: stack.apiUrl,
              request,
              ratePerSecond: rate,
              seconds,
              onTick: () => bar.tick(),
            });
            bar.finish();
            reads.push({ ...r, load: [load, load1()], openCases: open.length });
            const errors =
              Object.entries(r.errors)
                .map(([k, v]) => `${v}× ${k}`)
                .join(', ') || '0';
            row(
              'reads',
              `${name} at ${rate}/s (${open.length} open cases)`,
              `${r.achievedPerSecond}/s`,
              `p50 ${r.latency.p50} p95 ${r.latency.p95} p99 ${r.latency.p99} ms`,
              `errors ${errors}, dropped ${r.dropped}`,
              `${load}→${load1()}`,
            );
          }
        }
        results.reads = reads;
      }

      if (only.has('supervision')) {
        const sizes = list('board-sizes', '1000,10000,100000').map(Number);
        const rows = await runSupervisionBench({
          apiUrl: stack.apiUrl,
          mongoUri: stack.mongoUri,
          sizes,
          requests: Number(flag('board-requests', '30')),
          log,
        });
        results.supervision = rows;
        for (const r of rows) {
          row(
            'supervision',
            `${r.name}, ${r.openCases} open cases (${r.matched} matched)`,
            `p50 ${r.latency.p50} p95 ${r.latency.p95} max ${r.latency.max} ms`,
            `cold ${r.cold} ms`,
            `n ${r.latency.n}`,
            `${r.load[0]}→${r.load[1]}`,
          );
        }
      }

      const memory = usageOf(stack.pids());
      results.rssMiB = Object.fromEntries(
        Object.entries(memory).map(([k, v]) => [k, mb(v.rssBytes)]),
      );
      results.cpuSecondsTotal = Object.fromEntries(
        Object.entries(memory).map(([k, v]) => [k, Math.round(v.cpuSeconds)]),
      );
      row(
        'memory',
        'RSS at the end',
        Object.entries(memory)
          .map(([k, v]) => `${k} ${mb(v.rssBytes)} MiB`)
          .join(', '),
        '',
        '',
        '',
      );
    } finally {
      await stack.stop();
    }
  }

  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);

  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
  console.log(`\nnpm run bench — ${started.toISOString()}, ${JSON.stringify(machine())}`);
  console.log(
    `database: ${String(results.database ?? '-')}; columns: part, what, figures…, load 1 min (start→end)\n`,
  );
  for (const r of table)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
