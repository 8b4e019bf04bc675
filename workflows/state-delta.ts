/**
 * What changed in a case since its last recorded event: the workflow sends the new timeline entry
 * and only the top-level fields of the state that changed (`stateDelta`), with the position it
 * builds on; the bookkeeping activity rebuilds the whole state from the stored projection
 * (`applyDelta`) when the projection stands at that position. Without it every event carried the
 * whole state and a case's history grew with the square of its events. Pure; used by the workflow
 * and by activities/read-model.ts.
 */
import type { CaseState, DocumentRef, TimelineEntry } from './state';

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
  /**
   * The documents that are new or changed since then (patch "lean-history"): a new one whole, at
   * the end of the list; a changed one as its id and what changed (`DocumentChange`), in its place.
   * `changes.documents` (the whole list) is absent then.
   */
  documents?: DocumentChange[];
}

/**
 * A document as a delta carries it: whole when new; otherwise its id, the fields that changed and,
 * when it only gained signatures, those from position `signaturesFrom` on (applying it twice
 * gives the same document).
 */
export type DocumentChange = Partial<DocumentRef> & { id: string; signaturesFrom?: number };

/** `next` as a change of `prev` (same id). */
function documentChange(prev: DocumentRef, next: DocumentRef): DocumentChange {
  const change: Record<string, unknown> = { id: next.id };
  for (const [field, value] of Object.entries(next)) {
    if (
      field !== 'signatures' &&
      JSON.stringify(value) !== JSON.stringify(prev[field as keyof DocumentRef])
    )
      change[field] = value;
  }
  const from = prev.signatures.length;
  const kept = JSON.stringify(next.signatures.slice(0, from)) === JSON.stringify(prev.signatures);
  if (kept && next.signatures.length > from) {
    change.signaturesFrom = from;
    change.signatures = next.signatures.slice(from);
  } else if (!kept || next.signatures.length !== from) change.signatures = next.signatures;
  return change as DocumentChange;
}

/** `doc` with `change` applied. */
function changedDocument(doc: DocumentRef, change: DocumentChange): DocumentRef {
  const { signaturesFrom, ...fields } = change;
  const signatures =
    signaturesFrom === undefined
      ? (fields.signatures ?? doc.signatures)
      : [...doc.signatures.slice(0, signaturesFrom), ...(fields.signatures ?? [])];
  return { ...doc, ...fields, signatures };
}

/** `documents` with each change applied to the document of its id, new documents at the end. */
function mergeDocuments(documents: DocumentRef[], changes: DocumentChange[]): DocumentRef[] {
  const byId = new Map(changes.map((d) => [d.id, d]));
  const merged = documents.map((d) => {
    const change = byId.get(d.id);
    return change ? changedDocument(d, change) : d;
  });
  const known = new Set(documents.map((d) => d.id));
  return [...merged, ...changes.filter((d) => !known.has(d.id)).map((d) => d as DocumentRef)];
}

/**
 * The top-level fields of `next` that differ from `prev` (deep, by their JSON). With
 * `documentsById`, the documents go one by one in `documents`, each new one whole and each changed
 * one as what changed, when applying them to the previous list gives the new list exactly (it
 * always does: documents are only added, or replaced in place); otherwise the whole list.
 */
export function stateDelta(
  prev: CaseState,
  next: CaseState,
  base: number,
  options: { documentsById?: boolean } = {},
): CaseStateDelta {
  const changes: Record<string, unknown> = {};
  const json = (v: unknown) => JSON.stringify(v);
  for (const field of CASE_STATE_FIELDS) {
    if (field === 'timeline' || !(field in next)) continue;
    if (json(prev[field]) !== json(next[field])) changes[field] = next[field];
  }
  if (options.documentsById && changes.documents && prev.documents) {
    const before = new Map(prev.documents.map((d) => [d.id, d]));
    const documents = next.documents
      .filter((d) => json(before.get(d.id)) !== json(d))
      .map((d) => {
        const old = before.get(d.id);
        return old ? documentChange(old, d) : d;
      });
    if (json(mergeDocuments(prev.documents, documents)) === json(next.documents)) {
      delete changes.documents;
      return { code: next.code, base, changes, documents };
    }
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
    ...(delta.documents
      ? { documents: mergeDocuments(base.documents ?? [], delta.documents) }
      : {}),
    timeline: timeline.some((e) => e.seq === entry.seq) ? timeline : [...timeline, entry],
  } as CaseState;
}
