/**
 * The supervisors' board: what the stuck and overdue lists, the dashboard and the statistics are
 * answered from, kept so that every read goes by `_id` — the one lookup FerretDB v1 answers from
 * an index (models/db.ts). Any other filter makes FerretDB read and decode the whole collection
 * (≈ 0.25 ms a document on this machine: 25 s for 100,000 open cases), so nothing here is ever
 * queried by anything else.
 *
 * - `supervision_board`: the compact entry of every open case (domain/supervision.ts
 *   `BoardEntry`), spread over BOARD_BUCKETS documents by a hash of the dossier code, plus the
 *   `head` document whose revision counters say which bucket (and which month of statistics)
 *   changed. A reader keeps the buckets in memory and reloads a bucket only when its revision
 *   moved (api/supervision/board-cache.ts).
 * - `supervision_stats`: one document per month of submission with the counts of the cases
 *   closed since (per day, ward and procedure), as Decision 766 counts them; open cases are
 *   counted live from the board.
 * - `supervision_closed`: one mark per closed case, the fence that counts it once.
 *
 * Writers are the case projection (activities/read-model.ts), the worker's failing-activity
 * interceptor and the reconciliation with Temporal (activities/supervision/*). On MongoDB each
 * write is one atomic update of one field path; FerretDB v1 runs an update as a read followed by
 * a write of the whole document, so the writers of one process are serialised per document
 * (activities/supervision/board.ts), which is what the embedded single-worker stack needs.
 */
import mongoose, { Schema } from 'mongoose';
import type { BoardEntry } from '../domain/supervision';

/** Buckets of the board: ~200 entries each at 100,000 open cases (≈ 25 ms to decode on FerretDB). */
export const BOARD_BUCKETS = 512;
export const BOARD_HEAD_ID = 'head';

export interface BoardBucketDoc {
  _id: string;
  /** Entries by `boardKey(code)`. */
  entries: Record<string, BoardEntry>;
}

export interface BoardHeadDoc {
  _id: typeof BOARD_HEAD_ID;
  /** Revision of each bucket (`b000` …) and of each month of statistics (`m2026-12`). */
  revs: Record<string, number>;
}

/** Counts of closed cases of one day, ward and procedure (short keys: many of them per month). */
export interface ClosedCounts {
  /** Received (every closed case). */
  r?: number;
  /** Refused at the desk, expired (no supplement), withdrawn in time. */
  rf?: number;
  ex?: number;
  wd?: number;
  /** Resolved early, on time, late (late includes withdrawals from an overdue stage). */
  re?: number;
  ro?: number;
  rl?: number;
  /** Of the resolved: rejections (a decision of refusal, with its reasons). */
  rj?: number;
  /** Filed online; with digitised attachments. */
  on?: number;
  dg?: number;
  /** Working hours and visits per stage. */
  sh?: Record<string, number>;
  sn?: Record<string, number>;
}

export interface StatsMonthDoc {
  _id: string;
  /** days[dd][ward][procedureKey] */
  days: Record<string, Record<string, Record<string, ClosedCounts>>>;
}

const bucketSchema = new Schema<BoardBucketDoc>(
  { _id: { type: String, required: true }, entries: { type: Schema.Types.Mixed, default: {} } },
  { versionKey: false, collection: 'supervision_board', minimize: false, strict: false },
);
export const BoardBucketModel = mongoose.model<BoardBucketDoc>('BoardBucket', bucketSchema);

const statsSchema = new Schema<StatsMonthDoc>(
  { _id: { type: String, required: true }, days: { type: Schema.Types.Mixed, default: {} } },
  { versionKey: false, collection: 'supervision_stats', minimize: false, strict: false },
);
export const StatsMonthModel = mongoose.model<StatsMonthDoc>('StatsMonth', statsSchema);

const closedSchema = new Schema<{ _id: string; month: string; at: Date }>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'supervision_closed' },
);
export const ClosedMarkModel = mongoose.model('ClosedMark', closedSchema);

/** The field name of a case in its bucket: dots are path separators in updates. */
export const boardKey = (code: string): string => code.replace(/\./g, ':');
/** A procedure code as a field name. */
export const procedureKey = (code: string): string => code.replace(/\./g, ':');
export const procedureOfKey = (key: string): string => key.replace(/:/g, '.');

/** The bucket of a dossier code (FNV-1a, stable across processes and versions). */
export function bucketOf(code: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `b${String(h % BOARD_BUCKETS).padStart(3, '0')}`;
}

export const monthRev = (month: string): string => `m${month}`;
