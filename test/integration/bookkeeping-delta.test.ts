/**
 * Events that send only what changed (patch "bookkeeping-delta"), on the real stack: the
 * projection a completed case leaves is the workflow's whole state, as whole snapshots gave; a
 * lost projection makes the activity refuse the delta (PROJECTION_BEHIND) and the whole state sent
 * again rebuilds it, form and procedure included; the audit chain stays whole.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { verifyAuditChain } from '../../activities/audit-log';
import { CaseModel, procedureOf } from '../../models/case';
import { caseStateQuery } from '../../workflows/messages';
import type { CaseState } from '../../workflows/state';
import { storedState } from '../../workflows/state-delta';
import { createHarness, DEMO_PIN, eventually, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('delta');
  await h.startWorker();
});

afterAll(async () => {
  await h?.close();
});

/** The stored projection once it has caught up with the workflow, next to the workflow's state. */
async function projected(handle: WorkflowHandle) {
  const state = await handle.query(caseStateQuery);
  const doc = await eventually(async () => {
    const d = await CaseModel.findById(state.code).lean();
    return d && d.version === state.timeline.length ? d : null;
  });
  return { state: JSON.parse(JSON.stringify(state)) as CaseState, doc };
}

/** The recordCaseEvent inputs of the case's history, as sent: whole or a delta. */
async function sent(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== 'recordCaseEvent') return [];
    const input = JSON.parse(Buffer.from(a.input!.payloads![0]!.data!).toString('utf8'));
    return [`${input.entry.seq}:${input.state ? 'whole' : `delta@${input.delta.base}`}`];
  });
}

test('a completed case leaves the projection whole snapshots gave', async () => {
  const handle = await h.startCase();
  await eventually(() => handle.query(caseStateQuery).then((s) => s.timeline.length === 1));
  await h.act(handle, 'receiver.saigon', { action: 'accept' });
  await h.act(handle, 'ward.saigon', { action: 'approve', pin: DEMO_PIN });
  await h.act(handle, 'dept.sxd', { action: 'approve', pin: DEMO_PIN });
  await h.act(handle, 'receiver.saigon', { action: 'handover' });
  await handle.result();
  const { state, doc } = await projected(handle);
  expect(state.stage).toBe('COMPLETED');
  expect(storedState(doc)).toEqual(state);
  expect(await sent(handle)).toEqual([
    '1:whole',
    '2:delta@1',
    '3:delta@2',
    '4:delta@3',
    '5:delta@4',
  ]);
  const audit = await verifyAuditChain({ caseCode: state.code });
  expect(audit).toMatchObject({ ok: true, checked: 5 });
});

test('a lost projection is rebuilt by the whole state sent again', async () => {
  const handle = await h.startCase();
  await eventually(() => handle.query(caseStateQuery).then((s) => s.timeline.length === 1));
  await h.act(handle, 'receiver.saigon', { action: 'accept' });
  const { state: accepted } = await projected(handle);
  await CaseModel.deleteOne({ _id: accepted.code });

  await h.act(handle, 'ward.saigon', { action: 'approve', pin: DEMO_PIN });
  const { state, doc } = await projected(handle);
  expect(state.stage).toBe('DEPARTMENT_APPROVAL');
  expect(storedState(doc)).toEqual(state);
  // What only the first event carried is back too.
  expect(doc.form).toBeDefined();
  expect(procedureOf(doc).code).toBe(state.procedureCode);
  expect(await sent(handle)).toEqual(['1:whole', '2:delta@1', '3:delta@2', '3:whole']);

  // And the events after it build on the rebuilt projection again.
  await h.act(handle, 'dept.sxd', { action: 'approve', pin: DEMO_PIN });
  const next = await projected(handle);
  expect(storedState(next.doc)).toEqual(next.state);
  expect((await sent(handle)).at(-1)).toBe('4:delta@3');
  expect(await verifyAuditChain({ caseCode: state.code })).toMatchObject({ ok: true, checked: 4 });
});
