/**
 * What changed in a case since its last recorded event: the workflow sends the new timeline entry
 * and only the top-level fields of the state that changed (`stateDelta`), with the position it
 * builds on; the bookkeeping activity rebuilds the whole state from the stored projection
 * (`applyDelta`) when the projection stands at that position. Without it every event carried the
 * whole state and a case's history grew with the square of its events. Pure; used by the workflow
 * and by activities/read-model.ts.
 */
import type { CaseState, TimelineEntry } from './state';

/** The fields of CaseState, so that a stored projection can be read back as a state. */
const FIELDS = {
  code: true,
  procedureCode: true,
  procedureName: true,
  wardCode: true,
  departmentCode: true,
  applicant: true,
  stage: true,
  outcome: true,
  submittedAt: true,
  acceptedAt: true,
  dueAt: true,
  originalDueAt: true,
  reappointed: true,
  stageEnteredAt: true,
  stageDueAt: true,
  stageUnitCode: true,
  atRisk: true,
  overdue: true,
  assignee: true,
  chainIndex: true,
  supplement: true,
  supplementRounds: true,
  timeline: true,
  documents: true,
  resultReadyAt: true,
  completedAt: true,
  onTime: true,
  pendingSignature: true,
} satisfies Record<keyof CaseState, true>;

/** The bookkeeping activity's refusal of a delta the stored projection cannot take (behind, lost). */
export const PROJECTION_BEHIND = 'PROJECTION_BEHIND';

export const CASE_STATE_FIELDS = Object.keys(FIELDS) as Array<keyof CaseState>;

export interface CaseStateDelta {
  code: string;
  /** The timeline position of the last recorded event this delta builds on. */
  base: number;
  /** The top-level fields that changed since then (never the timeline: the entry is the change). */
  changes: Partial<Omit<CaseState, 'timeline'>>;
}

/** The top-level fields of `next` that differ from `prev` (deep, by their JSON). */
export function stateDelta(prev: CaseState, next: CaseState, base: number): CaseStateDelta {
  const changes: Record<string, unknown> = {};
  for (const field of CASE_STATE_FIELDS) {
    if (field === 'timeline' || !(field in next)) continue;
    if (JSON.stringify(prev[field]) !== JSON.stringify(next[field])) changes[field] = next[field];
  }
  return { code: next.code, base, changes };
}

/** The case state stored in a projection document (its other fields left out). */
export function storedState(doc: object): CaseState {
  const stored = doc as Record<string, unknown>;
  const state: Record<string, unknown> = {};
  for (const field of CASE_STATE_FIELDS) if (field in stored) state[field] = stored[field];
  return state as unknown as CaseState;
}

/** `base` with the delta and the entry applied (an entry it already holds is not added again). */
export function applyDelta(
  base: CaseState,
  delta: CaseStateDelta,
  entry: TimelineEntry,
): CaseState {
  const timeline = base.timeline ?? [];
  return {
    ...base,
    ...delta.changes,
    timeline: timeline.some((e) => e.seq === entry.seq) ? timeline : [...timeline, entry],
  } as CaseState;
}
