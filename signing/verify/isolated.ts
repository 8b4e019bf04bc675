/**
 * {@link verifyPdf} off the event loop: in a small pool of worker threads, each with a heap limit
 * (`PDF_LIMITS.workerHeapMb`) and each verification with a deadline (`PDF_LIMITS.timeMs`). A
 * verification past its deadline or out of memory has its thread terminated (a fresh one takes
 * its place) and answers {@link PdfLimitError} `time` / `memory`: the process that asked, and
 * every other request it serves, go on (issue 10, row 1).
 *
 * Workers start on first use and stay; `closeVerifyPool` ends them (tests, shutdown).
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SigningError, type SigningErrorCode } from '../errors';
import { PDF_LIMITS, PdfLimitError, type PdfLimit } from '../pdf/limits';
import type { VerificationReport, VerifyOptions } from './report';

/** What the worker answers (worker-entry.ts). */
export type WorkerAnswer =
  | { id: number; ok: true; report: VerificationReport | null }
  | { id: number; ok: false; code: SigningErrorCode | null; message: string; limit?: PdfLimit };

/** What a thread is asked: a verification, or only the limits check of an upload. */
export type WorkerTask = { kind: 'verify'; options: VerifyOptions } | { kind: 'limits' };

interface Job {
  id: number;
  pdf: Uint8Array;
  task: WorkerTask;
  timeMs: number;
  resolve: (r: VerificationReport | null) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const ENTRY = path.join(__dirname, `worker-entry${path.extname(__filename)}`);
/** Loads the entry; a TypeScript entry (development, tests) through tsx. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;
const TSX = ENTRY.endsWith('.ts') ? require.resolve('tsx/cjs/api') : null;

const size = Math.max(1, Math.min(2, os.availableParallelism() - 1));
const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { entry: ENTRY, tsx: TSX },
    resourceLimits: {
      maxOldGenerationSizeMb: PDF_LIMITS.workerHeapMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
  const slot: Slot = { worker, job: null, timer: null };
  worker.unref();
  worker.on('message', (answer: WorkerAnswer) => {
    const job = slot.job;
    if (!job || job.id !== answer.id) return;
    finish(slot);
    if (answer.ok) job.resolve(answer.report);
    else if (answer.limit) job.reject(new PdfLimitError(answer.limit));
    else if (answer.code) job.reject(new SigningError(answer.code, answer.message));
    else job.reject(new Error(answer.message));
    dispatch();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    const job = slot.job;
    replace(slot);
    job?.reject(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new PdfLimitError('memory')
        : new Error(err.message),
    );
    dispatch();
  });
  worker.on('exit', () => {
    // An exit without an error (terminate()) is handled where terminate() was called.
    if (slots.includes(slot) && slot.job) {
      const job = slot.job;
      replace(slot);
      job.reject(new Error('the verification thread stopped'));
      dispatch();
    }
  });
  return slot;
}

function finish(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.job = null;
}

/** Drops a slot whose thread is gone or doomed; the pool grows again on demand. */
function replace(slot: Slot): void {
  finish(slot);
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  void slot.worker.terminate();
}

function dispatch(): void {
  while (queue.length > 0) {
    let slot = slots.find((s) => s.job === null);
    if (!slot && slots.length < size) {
      slot = spawn();
      slots.push(slot);
    }
    if (!slot) return;
    const job = queue.shift() as Job;
    slot.job = job;
    const running = slot;
    running.timer = setTimeout(() => {
      replace(running);
      job.reject(new PdfLimitError('time'));
      dispatch();
    }, job.timeMs);
    running.timer.unref();
    running.worker.ref();
    running.worker.postMessage({ id: job.id, pdf: job.pdf, task: job.task });
  }
  // Idle threads do not keep the process alive.
  for (const s of slots) if (!s.job) s.worker.unref();
}

function run(
  pdf: Uint8Array,
  task: WorkerTask,
  timeMs: number = PDF_LIMITS.timeMs,
): Promise<VerificationReport | null> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, pdf, task, timeMs, resolve, reject });
    dispatch();
  });
}

/**
 * Verifies `pdf` in a worker thread, within the time and memory limits (`timeMs`: another
 * deadline, for tests).
 */
export async function verifyPdfIsolated(
  pdf: Uint8Array,
  options: VerifyOptions,
  limits: { timeMs?: number } = {},
): Promise<VerificationReport> {
  return (await run(pdf, { kind: 'verify', options }, limits.timeMs)) as VerificationReport;
}

/**
 * Checks an uploaded PDF against the limits (signing/pdf/limits.ts) in a worker thread: throws
 * {@link PdfLimitError} when it is over one of them, time included.
 */
export async function checkPdfLimitsIsolated(pdf: Uint8Array): Promise<void> {
  await run(pdf, { kind: 'limits' });
}

/** Ends the pool's threads (and fails what is queued). */
export async function closeVerifyPool(): Promise<void> {
  for (const job of queue.splice(0)) job.reject(new Error('the verification pool is closed'));
  const all = slots.splice(0);
  await Promise.all(
    all.map(async (s) => {
      const job = s.job;
      finish(s);
      await s.worker.terminate();
      job?.reject(new Error('the verification pool is closed'));
    }),
  );
}
