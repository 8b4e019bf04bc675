/**
 * Reconciliation of the board with Temporal: a case whose workflow ended outside the case's own
 * course (terminated by an operator, timed out, failed, cancelled) stays open in the read model,
 * and nothing in the workflow will ever tell. The maintenance job `board-reconcile` asks
 * Temporal's visibility for the case workflows closed lately and marks those still open on the
 * board as WORKFLOW_ENDED (domain/supervision.ts); a marked case whose workflow runs again (reset)
 * is unmarked. A case whose workflow *completed* while the board still has it open lost its last
 * projection: its final state (the workflow's query, answered by replay) is projected again,
 * which closes and counts it, instead of marking it. Bounded: one visibility listing of the
 * window plus one describe (and for a completed one, one query) per candidate.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { projectCase } from '../../activities/read-model';
import { projectBoard, recordEnded } from '../../activities/supervision/board';
import { isTerminal } from '../../domain/stages';
import { caseStateQuery } from '../../workflows/messages';
import type { BoardEnded } from '../../domain/supervision';
import { boardReader } from './board-reader';

/** How far back the closed workflows are listed (the job runs every few minutes). */
export const RECONCILE_WINDOW_MS = 7 * 24 * 3_600_000;

const STATUS: Record<string, BoardEnded['status'] | null> = {
  RUNNING: null,
  CONTINUED_AS_NEW: null,
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  TERMINATED: 'TERMINATED',
  TIMED_OUT: 'TIMED_OUT',
};

async function endedOf(client: Client, code: string, now: Date): Promise<BoardEnded | null> {
  try {
    const d = await client.workflow.getHandle(code).describe();
    const status = STATUS[d.status.name] ?? null;
    if (!status) return null;
    return {
      status,
      closedAt: d.closeTime ? d.closeTime.toISOString() : null,
      foundAt: now.toISOString(),
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      return { status: 'NOT_FOUND', closedAt: null, foundAt: now.toISOString() };
    }
    throw err;
  }
}

export interface ReconcileReport {
  candidates: number;
  ended: number;
  resumed: number;
  /** Completed workflows whose final state was projected again. */
  repaired: number;
}

/** Projects the final state of a completed case workflow again; false when it cannot be read. */
async function repairCompleted(client: Client, code: string): Promise<boolean> {
  let state;
  try {
    state = await client.workflow.getHandle(code).query(caseStateQuery);
  } catch {
    return false; // not answerable now (no worker, history gone): marked as ended instead
  }
  const entry = state.timeline[state.timeline.length - 1];
  if (!entry || !isTerminal(state.stage)) return false;
  // The board first: the case document may have the final state while the board missed it.
  await projectBoard(state, entry.seq);
  await projectCase({ state, entry });
  return true;
}

export async function reconcileEndedCases(
  client: Client,
  opts: { now?: Date; windowMs?: number } = {},
): Promise<ReconcileReport> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.windowMs ?? RECONCILE_WINDOW_MS));
  // The newest board (the head is read now); the process's reader reloads only the buckets that
  // changed since its last run, not the whole board every five minutes.
  const board = await boardReader().current(0);
  const candidates = new Set<string>();
  const query =
    `WorkflowType = 'caseWorkflow' AND ExecutionStatus != 'Running' AND ` +
    `ExecutionStatus != 'ContinuedAsNew' AND CloseTime > '${since.toISOString()}'`;
  for await (const w of client.workflow.list({ query })) {
    const entry = board.byCode.get(w.workflowId);
    if (entry && !entry.e) candidates.add(w.workflowId);
  }
  // The marked ones are described again: a reset workflow runs anew.
  for (const e of board.entries) if (e.e) candidates.add(e.c.code);
  let ended = 0;
  let resumed = 0;
  let repaired = 0;
  for (const code of candidates) {
    const marked = !!board.byCode.get(code)?.e;
    const found = await endedOf(client, code, now);
    if (found?.status === 'COMPLETED' && (await repairCompleted(client, code))) {
      repaired++;
    } else if (found && !marked) {
      if (await recordEnded(code, found)) ended++;
    } else if (!found && marked) {
      if (await recordEnded(code, null)) resumed++;
    }
  }
  return { candidates: candidates.size, ended, resumed, repaired };
}
