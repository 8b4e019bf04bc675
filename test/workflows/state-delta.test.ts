/** The delta an event sends instead of the whole state, and the state rebuilt from it. */
import {
  applyDelta,
  CASE_STATE_FIELDS,
  stateDelta,
  storedState,
} from '../../workflows/state-delta';
import type { CaseState } from '../../workflows/state';
import { applicant } from '../helpers/fixtures';
import { caseState, timelineEntry as entry } from '../helpers/case-state';

const before = caseState({
  code: 'C-1',
  procedureCode: 'P',
  procedureName: 'Thủ tục',
  applicant,
  stage: 'VERIFICATION',
  submittedAt: '2026-12-01T02:00:00.000Z',
  dueAt: '2026-12-20T10:00:00.000Z',
  originalDueAt: '2026-12-20T10:00:00.000Z',
  stageEnteredAt: '2026-12-01T02:00:00.000Z',
  stageDueAt: '2026-12-02T02:00:00.000Z',
  timeline: [entry(1, 'submit')],
});

const doc = {
  id: 'd1',
  kind: 'RECEIPT' as const,
  title: 'R',
  createdAt: 'x',
  sha256: 'a',
  signatures: [],
};

test('the delta holds the changed top-level fields only, never the timeline', () => {
  const after: CaseState = {
    ...before,
    stage: 'WARD_APPROVAL',
    chainIndex: 0,
    applicant: { ...applicant }, // equal, another object: not a change
    documents: [doc],
    timeline: [...before.timeline, entry(2, 'accept')],
    pendingSignature: null,
  };
  const delta = stateDelta(before, after, 1);
  expect(delta).toEqual({
    code: 'C-1',
    base: 1,
    changes: { stage: 'WARD_APPROVAL', chainIndex: 0, documents: [doc], pendingSignature: null },
  });
  // A change deep inside a field sends the field.
  const signed = { ...after, documents: [{ ...doc, sha256: 'b' }] };
  expect(stateDelta(after, signed, 2).changes).toEqual({ documents: [{ ...doc, sha256: 'b' }] });
  expect(stateDelta(after, after, 2).changes).toEqual({});
});

test('the state rebuilt from the stored projection equals the state sent whole', () => {
  const after: CaseState = {
    ...before,
    atRisk: true,
    timeline: [...before.timeline, entry(2, 'at_risk')],
  };
  const stored = { _id: 'C-1', version: 1, form: { a: 1 }, procedure: '{}', ...before };
  const delta = stateDelta(before, after, 1);
  expect(storedState(stored)).toEqual(before);
  expect(applyDelta(storedState(stored), delta, entry(2, 'at_risk'))).toEqual(after);
  // A retry finds the projection already holding the entry: it is not added twice.
  expect(applyDelta(after, delta, entry(2, 'at_risk'))).toEqual(after);
});

test('every field of the state is known, so that none is lost reading a projection back', () => {
  expect(CASE_STATE_FIELDS).toEqual(expect.arrayContaining(Object.keys(before)));
  expect(CASE_STATE_FIELDS).toContain('pendingSignature');
});

test('documents by id (patch "lean-history"): new ones whole, changed ones as what changed', () => {
  const seal = { signerName: 'Con dấu', role: 'SEAL', signedAt: 't1' };
  const official = { signerName: 'Phạm Minh Phường', role: 'OFFICIAL', signedAt: 't2' };
  const sheet = { ...doc, id: 'd2', kind: 'CONTROL_SHEET' as const, signatures: [seal] };
  const prev: CaseState = { ...before, documents: [doc, sheet] };
  const decision = { ...doc, id: 'd3', kind: 'DECISION' as const };
  const next: CaseState = {
    ...prev,
    stage: 'RESULT_READY',
    // The sheet gained a row's signature, the receipt new bytes, and a decision joined.
    documents: [{ ...doc, sha256: 'b' }, { ...sheet, signatures: [seal, official] }, decision],
    timeline: [...prev.timeline, entry(2, 'approve')],
  };
  const delta = stateDelta(prev, next, 1, { documentsById: true });
  expect(delta.changes).toEqual({ stage: 'RESULT_READY' });
  expect(delta.documents).toEqual([
    { id: 'd1', sha256: 'b' },
    { id: 'd2', signaturesFrom: 1, signatures: [official] },
    decision,
  ]);
  const rebuilt = applyDelta(prev, delta, entry(2, 'approve'));
  expect(rebuilt).toEqual(next);
  // Applied again (a retry after the projection was written): the same state, no signature twice.
  expect(applyDelta(rebuilt, delta, entry(2, 'approve'))).toEqual(next);
  // A list that is not the old one with documents added or replaced goes whole.
  const reordered = { ...next, documents: [sheet, doc] };
  expect(stateDelta(prev, reordered, 1, { documentsById: true }).changes.documents).toEqual([
    sheet,
    doc,
  ]);
});
