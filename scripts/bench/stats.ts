/** Percentiles and the progress line. */
import { load1 } from './procs';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of `values` (milliseconds), rounded to 0.1. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted.length
      ? (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0)
      : 0;
  const r = (x: number): number => Math.round(x * 10) / 10;
  return {
    n: sorted.length,
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(sorted[sorted.length - 1] ?? 0),
    mean: r(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

/** A one-line progress bar on stderr (only on a terminal; otherwise a line every 10 %). */
export class Progress {
  private done = 0;
  private lastDecile = -1;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    this.draw();
  }

  tick(n = 1): void {
    this.done += n;
    this.draw();
  }

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }

  private draw(): void {
    const frac = this.total ? Math.min(1, this.done / this.total) : 1;
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = rate > 0 ? Math.round((this.total - this.done) / rate) : 0;
    const width = 24;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const line =
      `${this.label.padEnd(34)} ${bar} ${String(this.done).padStart(5)}/${this.total}` +
      `  ${rate.toFixed(2)}/s  ${Math.round(elapsed)} s  eta ${eta} s  load ${load1()}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 140) - 1)}`);
    } else {
      const decile = Math.floor(frac * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        process.stderr.write(`${line}\n`);
      }
    }
  }
}
