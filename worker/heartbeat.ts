/**
 * The worker's beat (models/worker-beat.ts): written as soon as the Temporal worker is RUNNING and
 * every WORKER_BEAT_MS after, removed when it stops. A worker killed outright leaves a beat that
 * goes stale after WORKER_STALE_MS.
 */
import os from 'node:os';
import type { Worker } from '@temporalio/worker';
import { WORKER_BEAT_MS, WorkerBeatModel } from '../models/worker-beat';

const STOPPING = new Set(['STOPPING', 'DRAINING', 'DRAINED', 'STOPPED', 'FAILED']);

export function startWorkerHeartbeat(worker: Worker, taskQueue: string): void {
  const identity = `${process.pid}@${os.hostname()}`;
  const _id = `${taskQueue}/${identity}`;
  const startedAt = new Date();
  let lastBeat = 0;
  let busy = false;
  const timer = setInterval(() => {
    const state = worker.getState();
    if (STOPPING.has(state)) {
      clearInterval(timer);
      void WorkerBeatModel.deleteOne({ _id }).catch(() => undefined);
      return;
    }
    if (state !== 'RUNNING' || busy || Date.now() - lastBeat < WORKER_BEAT_MS) return;
    busy = true;
    WorkerBeatModel.updateOne(
      { _id },
      { $set: { taskQueue, identity, startedAt, beatAt: new Date() } },
      { upsert: true },
    )
      .then(() => (lastBeat = Date.now()))
      .catch(() => undefined) // MongoDB down: the beat goes stale, which is the truth
      .finally(() => (busy = false));
  }, 250);
  timer.unref();
}
