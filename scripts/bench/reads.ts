/**
 * Reads at a fixed rate, open loop: requests leave on a schedule whatever the answers do, and a
 * latency counts from when its request was due (so a server that falls behind shows it, instead
 * of slowing the load down). At most `maxInFlight` requests wait at once; the rest count as
 * dropped.
 */
import { agent } from './http';
import http from 'node:http';
import { summarize, type Summary } from './stats';

export interface RateResult {
  name: string;
  offeredPerSecond: number;
  achievedPerSecond: number;
  latency: Summary;
  errors: Record<string, number>;
  dropped: number;
}

function get(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'GET', headers, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(-1));
    req.end();
  });
}

export async function runFixedRate(opts: {
  name: string;
  base: string;
  /** Path and headers of request i. */
  request: (i: number) => { path: string; headers: Record<string, string> };
  ratePerSecond: number;
  seconds: number;
  maxInFlight?: number;
  onTick?: () => void;
}): Promise<RateResult> {
  const total = Math.round(opts.ratePerSecond * opts.seconds);
  const maxInFlight = opts.maxInFlight ?? 256;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let inFlight = 0;
  let dropped = 0;
  let ok = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / opts.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (i % Math.max(1, Math.round(opts.ratePerSecond)) === 0) opts.onTick?.();
    if (inFlight >= maxInFlight) {
      dropped++;
      continue;
    }
    inFlight++;
    const { path, headers } = opts.request(i);
    pending.push(
      get(new URL(path, opts.base), headers, 10_000).then((status) => {
        inFlight--;
        latencies.push(performance.now() - due);
        if (status >= 200 && status < 300) ok++;
        else errors[String(status)] = (errors[String(status)] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return {
    name: opts.name,
    offeredPerSecond: opts.ratePerSecond,
    achievedPerSecond: Math.round((ok / seconds) * 10) / 10,
    latency: summarize(latencies),
    errors,
    dropped,
  };
}
