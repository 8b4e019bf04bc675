/**
 * The supervisors' board as a reader keeps it (models/board.ts): every bucket and month of
 * statistics in memory, reloaded only when the head's revision of it moved. A request costs one
 * read of the head by `_id` (at most every `maxAgeMs`) plus the buckets that changed since, so the
 * lists and the statistics answer in the same time at 1,000 or 100,000 open cases; what they do
 * with the entries is plain in-memory work (services/supervision/queries.ts).
 */
import {
  BOARD_HEAD_ID,
  BoardBucketModel,
  StatsMonthModel,
  type BoardBucketDoc,
  type BoardHeadDoc,
  type StatsMonthDoc,
} from '../../models/board';
import type { BoardEntry } from '../../domain/supervision';

export interface BoardSnapshot {
  /** Every open case's entry (entries without a case part are left out). */
  entries: readonly BoardEntry[];
  byCode: ReadonlyMap<string, BoardEntry>;
  /** Closed-case counts by month ("2026-12"). */
  months: ReadonlyMap<string, StatsMonthDoc>;
  /** When the head was last read. */
  readAt: Date;
}

const PARALLEL = 8;

export class BoardReader {
  private revs: Record<string, number> = {};
  private readonly buckets = new Map<string, BoardBucketDoc['entries']>();
  private readonly months = new Map<string, StatsMonthDoc>();
  private snapshot: BoardSnapshot | null = null;
  private refreshing: Promise<BoardSnapshot> | null = null;
  private lastRead = 0;

  /** The board, no older than `maxAgeMs` (the head is read again when it is). */
  async current(maxAgeMs = 1000): Promise<BoardSnapshot> {
    if (this.snapshot && Date.now() - this.lastRead < maxAgeMs) return this.snapshot;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refresh(): Promise<BoardSnapshot> {
    const started = Date.now();
    const head = (await BoardBucketModel.collection.findOne({
      _id: BOARD_HEAD_ID,
    } as never)) as unknown as BoardHeadDoc | null;
    const revs = head?.revs ?? {};
    if ((revs.epoch ?? 0) !== (this.revs.epoch ?? 0)) {
      this.buckets.clear();
      this.months.clear();
      this.revs = {};
    }
    const changed = Object.keys(revs).filter((k) => k !== 'epoch' && revs[k] !== this.revs[k]);
    let dirty = changed.length > 0 || !this.snapshot;
    for (let i = 0; i < changed.length; i += PARALLEL) {
      await Promise.all(
        changed.slice(i, i + PARALLEL).map(async (id) => {
          if (id.startsWith('m')) {
            const month = id.slice(1);
            const doc = await StatsMonthModel.findById(month).lean<StatsMonthDoc>();
            if (doc) this.months.set(month, doc);
            else this.months.delete(month);
          } else {
            const doc = await BoardBucketModel.findById(id).lean<BoardBucketDoc>();
            if (doc) this.buckets.set(id, doc.entries ?? {});
            else this.buckets.delete(id);
          }
        }),
      );
    }
    this.revs = { ...revs };
    if (dirty || !this.snapshot) {
      const entries: BoardEntry[] = [];
      const byCode = new Map<string, BoardEntry>();
      for (const bucket of this.buckets.values()) {
        for (const e of Object.values(bucket)) {
          if (!e?.c) continue;
          entries.push(e);
          byCode.set(e.c.code, e);
        }
      }
      this.snapshot = { entries, byCode, months: this.months, readAt: new Date() };
      dirty = false;
    } else {
      this.snapshot = { ...this.snapshot, readAt: new Date() };
    }
    this.lastRead = started;
    return this.snapshot;
  }
}

/** The process's reader (the API and the digest share one per process). */
let shared: BoardReader | null = null;
export const boardReader = (): BoardReader => (shared ??= new BoardReader());
