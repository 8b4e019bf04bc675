/**
 * `npm run bench`: the whole product and its peers in one run (see docs/performance.md).
 * Work in progress: end to end only.
 */
import path from 'node:path';
import { runEndToEnd, CHAINS, type ChainName } from './e2e';
import { startStack } from './stack';
import { cpuBetween, load1, usageOf } from './procs';
import { Progress } from './stats';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const cases = Number(flag('cases', '200'));
  const clients = flag('clients', '1,4,16').split(',').map(Number);
  const chains = flag('chains', 'ward,department').split(',') as ChainName[];
  const profileDir = process.argv.includes('--profile')
    ? path.resolve('bench/profiles')
    : undefined;
  const stack = await startStack({
    log: (l) => process.stderr.write(`[bench] ${l}\n`),
    ...(profileDir ? { profileDir } : {}),
  });
  try {
    for (const chain of chains) {
      for (const c of clients) {
        const before = usageOf(stack.pids());
        const load = load1();
        const bar = new Progress(`${chain} × ${c} clients`, cases);
        const r = await runEndToEnd({
          api: stack.apiUrl,
          chain,
          cases,
          clients: c,
          onCase: () => bar.tick(),
        });
        bar.finish();
        const cpu = cpuBetween(before, usageOf(stack.pids()));
        console.log(
          JSON.stringify(
            { ...r, codes: undefined, label: CHAINS[chain].label, load: [load, load1()], cpu },
            null,
            1,
          ),
        );
      }
    }
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
