/**
 * A case's own clock, for demo data backdated through the workflow's input (scripts/seed-cases.ts):
 * a case started with `clock: { offsetMs: -20 days }` lives as if it had been started twenty days
 * ago — its deadlines, its timeline and its documents' dates are counted from there — and the
 * `caseClock` signal moves its time forward (towards the real time, never past it, never back) so
 * that each seeded action happens at its backdated moment; the last signal (offset 0) catches up
 * with the real time, and the deadlines that fell in between fire then, as they would have.
 *
 * Deterministic: the offset comes from the input and from signals (both in the history), and the
 * time is workflow time (`Date.now()` inside the sandbox) plus the offset. Without `clock` in the
 * input (every real case, every history before it) the offset is 0 and nothing changes; with it,
 * the `case-clock` patch marks the history. Module state is per workflow execution (the SDK keeps
 * a module cache per workflow).
 */
import * as wf from '@temporalio/workflow';

export interface CaseClockInput {
  /** Milliseconds the case's time lags behind the real time (≤ 0). */
  offsetMs: number;
}

export const caseClockSignal = wf.defineSignal<[CaseClockInput]>('caseClock');

let offsetMs = 0;
let revision = 0;

/** Moves the case's time forward to `next` (an offset ≤ 0); a later time only. */
function advance(next: number): void {
  const target = Math.min(0, Number.isFinite(next) ? next : 0);
  if (target <= offsetMs) return;
  offsetMs = target;
  revision++;
}

/** Sets the clock up from the case's input (does nothing for a case without one). */
export function startCaseClock(input: CaseClockInput | undefined): void {
  if (!input || !wf.patched('case-clock')) return;
  offsetMs = Math.min(0, Number.isFinite(input.offsetMs) ? input.offsetMs : 0);
  wf.setHandler(caseClockSignal, (c) => advance(c.offsetMs));
}

/** The case's time: workflow time plus the offset. */
export const caseNow = (): Date => new Date(new Date().getTime() + offsetMs);

/** The case's offset now, for a run that continues as new. */
export const caseClockOffset = (): number => offsetMs;

/** Bumped whenever the clock moves, so that a pending deadline timer is recomputed. */
export const caseClockRevision = (): number => revision;
