/**
 * Case workers say they are alive: each writes its beat every few seconds while it polls its task
 * queue (worker/heartbeat.ts). The API reads it before sending a case a message, so that with no
 * worker it answers 503 at once instead of waiting on an Update nobody will run, and /readyz
 * names the missing worker. (Temporal's own poller list keeps a worker for minutes after it died.)
 */
import mongoose, { Schema } from 'mongoose';

export interface WorkerBeatDoc {
  /** `<task queue>/<worker identity>`. */
  _id: string;
  taskQueue: string;
  identity: string;
  startedAt: Date;
  beatAt: Date;
}

/** A worker writes its beat this often… */
export const WORKER_BEAT_MS = 3_000;
/** …and counts as gone when its last beat is older than this. */
export const WORKER_STALE_MS = 15_000;

const schema = new Schema<WorkerBeatDoc>(
  {
    _id: { type: String, required: true },
    taskQueue: { type: String, required: true },
    identity: { type: String, required: true },
    startedAt: { type: Date, required: true },
    beatAt: { type: Date, required: true },
  },
  { collection: 'worker_beats', versionKey: false },
);
schema.index({ taskQueue: 1, beatAt: -1 });

export const WorkerBeatModel =
  (mongoose.models.WorkerBeat as mongoose.Model<WorkerBeatDoc> | undefined) ??
  mongoose.model<WorkerBeatDoc>('WorkerBeat', schema);

/** The newest beat of a worker of `taskQueue`, or null when none ever beat. */
export async function lastWorkerBeat(taskQueue: string): Promise<Date | null> {
  const doc = await WorkerBeatModel.findOne({ taskQueue }, { beatAt: 1 })
    .sort({ beatAt: -1 })
    .lean();
  return doc?.beatAt ?? null;
}
