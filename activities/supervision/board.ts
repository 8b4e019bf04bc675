/**
 * Writing the supervisors' board (models/board.ts): the compact entry of a case at every event of
 * the projection, what the worker learns about a failing activity and about a workflow that ended
 * in Temporal, and — once a case is closed — its counts in the month of its submission (Decision
 * 766, domain/supervision.ts), counted once (an insert of its mark is the fence).
 *
 * Each write is one field path of one bucket, read and written by `_id` (updateByIdIf: one atomic
 * conditional update on MongoDB; on FerretDB a read and a write by `_id`, serialised per document
 * within this process), followed by the head's revision of that bucket.
 */
import { vnIsoDate } from '../../domain/calendar';
import { getProcedure } from '../../domain/catalogue';
import { isTerminal } from '../../domain/stages';
import {
  progressClass,
  stageVisits,
  type BoardCase,
  type BoardEnded,
  type BoardEntry,
  type BoardEscalation,
  type BoardFailing,
  type ProgressClass,
} from '../../domain/supervision';
import {
  BOARD_BUCKETS,
  BOARD_HEAD_ID,
  BoardBucketModel,
  boardKey,
  bucketOf,
  ClosedMarkModel,
  monthRev,
  procedureKey,
  StatsMonthModel,
  type BoardBucketDoc,
  type ClosedCounts,
} from '../../models/board';
import { updateByIdIf, isDuplicateKey } from '../../models/db';
import type { CaseState } from '../../workflows/state';
import mongoose from 'mongoose';

// ---------------------------------------------------------------------------------------------
// One writer at a time per document, within this process

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for `id` of this process has settled. */
export function serialised<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(id) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}

const heads = () =>
  mongoose.connection.collection<{ _id: string; revs: Record<string, number> }>(
    'supervision_board',
  );

/** Moves the head's revision of `rev` (a bucket or a month). */
async function bump(rev: string): Promise<void> {
  await serialised(BOARD_HEAD_ID, () =>
    heads().updateOne({ _id: BOARD_HEAD_ID }, { $inc: { [`revs.${rev}`]: 1 } }, { upsert: true }),
  );
}

// ---------------------------------------------------------------------------------------------
// The entry of a case

/** The latest `action` entry of the current stage visit (after the stage was entered). */
function flaggedAt(state: CaseState, action: string): string | null {
  let at: string | null = null;
  for (const t of state.timeline) {
    if (t.action === action && t.at >= state.stageEnteredAt) at = t.at;
  }
  return at;
}

/** The board entry of a case state at timeline position `version`. */
export function boardCaseOf(state: CaseState, version: number): BoardCase {
  const procedure = getProcedure(state.procedureCode);
  const visits = stageVisits(state.timeline, state.submittedAt);
  return {
    v: version,
    code: state.code,
    procedureCode: state.procedureCode,
    wardCode: state.wardCode,
    departmentCode: state.departmentCode,
    departmentInChain: procedure?.chain.includes('DEPARTMENT') ?? false,
    applicantName: state.applicant?.fullName ?? '',
    stage: state.stage,
    stageUnitCode: state.stageUnitCode,
    stageEnteredAt: state.stageEnteredAt,
    stageDueAt: state.stageDueAt ?? null,
    submittedAt: state.submittedAt,
    acceptedAt: state.acceptedAt ?? null,
    dueAt: state.dueAt,
    originalDueAt: state.originalDueAt ?? state.dueAt,
    reappointed: state.reappointed ?? false,
    atRisk: state.atRisk ?? false,
    atRiskAt: state.atRisk ? flaggedAt(state, 'at_risk') : null,
    overdue: state.overdue ?? false,
    overdueAt: state.overdue ? flaggedAt(state, 'overdue') : null,
    assignee: state.assignee ? { id: state.assignee.id, name: state.assignee.name } : null,
    outcome: state.outcome ?? null,
    resultReadyAt: state.resultReadyAt ?? null,
    onTime: state.onTime ?? null,
    completedAt: state.completedAt ?? null,
    supplementRounds: state.supplementRounds ?? 0,
    online: (state.documents ?? []).some((d) => d.kind === 'APPLICATION_FORM'),
    digitised: (state.documents ?? []).some((d) => d.kind === 'ATTACHMENT'),
    spentHours: visits.spentHours,
    withdrawnLate: visits.withdrawnLate,
  };
}

type Part = 'f' | 'e' | 'x';

/**
 * Writes the entry of a case (or, once it is closed, removes it and counts it). A write older than
 * the stored entry changes nothing. Returns what happened.
 */
export async function projectBoard(
  state: CaseState,
  version: number,
): Promise<'applied' | 'stale' | 'closed'> {
  const bucket = bucketOf(state.code);
  const key = boardKey(state.code);
  const path = `entries.${key}`;
  const entry = boardCaseOf(state, version);
  const condition = {
    filter: { $or: [{ [`${path}.c.v`]: { $lt: version } }, { [`${path}.c`]: { $exists: false } }] },
    holds: (stored: BoardBucketDoc | null) => {
      const c = stored?.entries?.[key]?.c;
      return !c || c.v < version;
    },
  };
  if (isTerminal(state.stage)) {
    await serialised(bucket, () =>
      updateByIdIf(BoardBucketModel, bucket, condition, { $unset: { [path]: '' } }),
    );
    await bump(bucket);
    await countClosed(entry);
    return 'closed';
  }
  const applied = await serialised(bucket, () =>
    updateByIdIf(
      BoardBucketModel,
      bucket,
      condition,
      { $set: { [`${path}.c`]: entry } },
      {
        upsert: true,
      },
    ),
  );
  if (applied) await bump(bucket);
  return applied ? 'applied' : 'stale';
}

/** Sets (or clears, with null) one part of a case's entry, if the case is on the board. */
async function setPart(
  code: string,
  part: Part,
  value: BoardFailing | BoardEnded | BoardEscalation | null,
): Promise<boolean> {
  const bucket = bucketOf(code);
  const key = boardKey(code);
  const applied = await serialised(bucket, () =>
    updateByIdIf(
      BoardBucketModel,
      bucket,
      {
        filter: { [`entries.${key}.c`]: { $exists: true } },
        holds: (stored: BoardBucketDoc | null) => !!stored?.entries?.[key]?.c,
      },
      value === null
        ? { $unset: { [`entries.${key}.${part}`]: '' } }
        : { $set: { [`entries.${key}.${part}`]: value } },
    ),
  );
  if (applied) await bump(bucket);
  return applied;
}

/** The worker's record of an activity that keeps failing (null: it succeeded). */
export const recordFailing = (code: string, failing: BoardFailing | null): Promise<boolean> =>
  setPart(code, 'f', failing);

/** The reconciliation's finding that the case's workflow has ended (null: it runs again). */
export const recordEnded = (code: string, ended: BoardEnded | null): Promise<boolean> =>
  setPart(code, 'e', ended);

/** A supervisor's escalation of the case. */
export const recordEscalation = (code: string, escalation: BoardEscalation): Promise<boolean> =>
  setPart(code, 'x', escalation);

/** The entry of a case as stored (null when it is not on the board). */
export async function readBoardEntry(code: string): Promise<BoardEntry | null> {
  const doc = await BoardBucketModel.findById(bucketOf(code)).lean<BoardBucketDoc>();
  return doc?.entries?.[boardKey(code)] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Counts of closed cases

const CLASS_FIELD: Record<ProgressClass, keyof ClosedCounts | null> = {
  REFUSED: 'rf',
  EXPIRED: 'ex',
  WITHDRAWN: 'wd',
  RESOLVED_EARLY: 're',
  RESOLVED_ON_TIME: 'ro',
  RESOLVED_LATE: 'rl',
  IN_PROGRESS_ON_TIME: null,
  IN_PROGRESS_LATE: null,
};

/** The increments a closed case adds to its day's counts. */
export function closedIncrements(c: BoardCase): Record<string, number> {
  const cls = progressClass(c, new Date(c.completedAt ?? c.submittedAt));
  const inc: Record<string, number> = { r: 1 };
  const field = CLASS_FIELD[cls];
  if (field) inc[field] = 1;
  if (c.outcome === 'REJECTED') inc.rj = 1;
  if (c.online) inc.on = 1;
  if (c.digitised) inc.dg = 1;
  for (const [stage, hours] of Object.entries(c.spentHours)) {
    inc[`sh.${stage}`] = hours ?? 0;
    inc[`sn.${stage}`] = 1;
  }
  return inc;
}

/** Where a case is counted: the month document and the path of its day, ward and procedure. */
export function countsPath(c: Pick<BoardCase, 'submittedAt' | 'wardCode' | 'procedureCode'>): {
  month: string;
  path: string;
} {
  const day = vnIsoDate(new Date(c.submittedAt));
  return {
    month: day.slice(0, 7),
    path: `days.${day.slice(8, 10)}.${c.wardCode}.${procedureKey(c.procedureCode)}`,
  };
}

async function countClosed(c: BoardCase): Promise<void> {
  const { month, path } = countsPath(c);
  try {
    await ClosedMarkModel.create({ _id: c.code, month, at: new Date() });
  } catch (err) {
    if (isDuplicateKey(err)) return; // counted already
    throw err;
  }
  const inc = Object.fromEntries(
    Object.entries(closedIncrements(c)).map(([k, v]) => [`${path}.${k}`, v]),
  );
  await serialised(`stats:${month}`, () =>
    StatsMonthModel.updateOne({ _id: month }, { $inc: inc }, { upsert: true }),
  );
  await bump(monthRev(month));
}

// ---------------------------------------------------------------------------------------------
// Bulk: a board built at once (migration of older databases, the benchmark)

/**
 * Writes the board and the counts for `open` entries and `closed` cases at once, replacing what
 * was there. For an empty board only (the worker's first start on a database with cases, and the
 * benchmark's synthetic read models).
 */
export async function writeBoard(open: BoardEntry[], closed: BoardCase[]): Promise<void> {
  const buckets = new Map<string, Record<string, BoardEntry>>();
  for (const e of open) {
    const b = bucketOf(e.c.code);
    const entries = buckets.get(b) ?? {};
    entries[boardKey(e.c.code)] = e;
    buckets.set(b, entries);
  }
  const months = new Map<string, Record<string, unknown>>();
  const marks: Array<{ _id: string; month: string; at: Date }> = [];
  for (const c of closed) {
    const { month, path } = countsPath(c);
    const doc = months.get(month) ?? {};
    const parts = path.split('.').slice(1);
    let node = doc as Record<string, unknown>;
    for (const p of parts) node = (node[p] ??= {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(closedIncrements(c))) {
      const [a, b] = k.split('.') as [string, string | undefined];
      if (b) {
        const sub = (node[a] ??= {}) as Record<string, number>;
        sub[b] = (sub[b] ?? 0) + v;
      } else node[a] = ((node[a] as number | undefined) ?? 0) + v;
    }
    months.set(month, doc);
    marks.push({ _id: c.code, month, at: new Date() });
  }
  await BoardBucketModel.deleteMany({});
  await StatsMonthModel.deleteMany({});
  await ClosedMarkModel.deleteMany({});
  const revs: Record<string, number> = {};
  const docs = [...buckets].map(([id, entries]) => ({ _id: id, entries }));
  for (let i = 0; i < docs.length; i += 16)
    await BoardBucketModel.insertMany(docs.slice(i, i + 16));
  for (const id of buckets.keys()) revs[id] = 1;
  for (const [month, days] of months) {
    await StatsMonthModel.collection.insertOne({ _id: month, days } as never);
    revs[monthRev(month)] = 1;
  }
  for (let i = 0; i < marks.length; i += 1000) {
    await ClosedMarkModel.insertMany(marks.slice(i, i + 1000), { ordered: false });
  }
  await heads().deleteOne({ _id: BOARD_HEAD_ID });
  await heads().insertOne({ _id: BOARD_HEAD_ID, revs: { ...revs, epoch: Date.now() } });
}

export { BOARD_BUCKETS };
