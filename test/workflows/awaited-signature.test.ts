/**
 * The awaited signature (workflows/signing-step.ts) on the time-skipping server with fake
 * activities: an approval signed through a remote service answers at once with the pending
 * signature, and the case moves on only when the signer confirms; a refusal or an expiry leaves
 * the case where it was (and the official may sign again, another way); crashes of the workers
 * that ask and wait give one transaction and one signature; the history replays.
 */
import { Client, WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import {
  actUpdate,
  caseStateQuery,
  signatureSettledUpdate,
  type ActionRequest,
} from '../../workflows/messages';
import type { CaseInput, CaseState } from '../../workflows/state';
import { workflowBundle } from '../helpers/env';
import { timeSkippingWorker } from '../helpers/time-skipping';
import { actor, applicant, context, procedure } from '../helpers/fixtures';
import { fakeActivities } from './fake-activities';
import { caseAfter } from '../helpers/case-answer';

const STANDARD = procedure({ code: 'P-STD' });
const fake = fakeActivities({ 'P-STD': context(STANDARD) });
const receiver = actor('RECEIVER', 'SAIGON', 'Trần Văn Tiếp');
const wardApprover = actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường');
const deptApprover = actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở');

let seq = 0;

const tsw = timeSkippingWorker('awaited-sig', fake.activities);
const taskQueue = tsw.taskQueue;

async function startCase(): Promise<WorkflowHandle> {
  const code = `000.00.06.H29-261201-${String(++seq).padStart(4, '0')}`;
  return new Client({ connection: tsw.env().connection }).workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: `${code}-${Math.random().toString(36).slice(2, 8)}`,
    args: [
      { code, procedureCode: 'P-STD', wardCode: 'SAIGON', applicant, form: {} } satisfies CaseInput,
    ],
  });
}

const act = (h: WorkflowHandle, req: ActionRequest): Promise<CaseState> =>
  caseAfter(h, h.executeUpdate(actUpdate, { args: [req] }));

async function eventually(h: WorkflowHandle, pred: (s: CaseState) => boolean): Promise<CaseState> {
  for (let i = 0; i < 200; i++) {
    const s = await h.query(caseStateQuery).catch(() => null);
    if (s && pred(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not reached: ${JSON.stringify(await h.query(caseStateQuery))}`);
}

async function accepted(): Promise<{ h: WorkflowHandle; code: string }> {
  const h = await startCase();
  await eventually(h, (s) => s.timeline.length === 1);
  const s = await act(h, { action: 'accept', actor: receiver });
  expect(s.stage).toBe('WARD_APPROVAL');
  return { h, code: s.code };
}

const remoteApproval = (who = wardApprover): ActionRequest => ({
  action: 'approve',
  actor: who,
  note: 'Đồng ý',
  signingMethod: 'REMOTE',
});

test('pending → confirmed: the action answers at once, the case moves on when the signer confirms', async () => {
  const { h, code } = await accepted();
  const pending = await act(h, remoteApproval());
  expect(pending.stage).toBe('WARD_APPROVAL');
  expect(pending.pendingSignature).toMatchObject({
    status: 'PENDING',
    method: 'REMOTE',
    action: 'approve',
    official: { id: wardApprover.id },
  });
  expect(pending.timeline.at(-1)?.action).toBe('signature_requested');
  // Nothing else happens to the case while the signature is awaited.
  const again = await act(h, { ...remoteApproval() }).catch((e: unknown) => e);
  expect(again).toBeInstanceOf(WorkflowUpdateFailedError);

  fake.scripts.set(code, { decision: 'SIGNED' });
  const settled = await caseAfter(h, h.executeUpdate(signatureSettledUpdate));
  expect(settled.stage).toBe('DEPARTMENT_APPROVAL');
  expect(settled.pendingSignature ?? null).toBeNull();
  const sheet = settled.documents.find((d) => d.kind === 'CONTROL_SHEET');
  expect(sheet?.signatures.map((s) => s.signerName)).toContain(wardApprover.fullName);

  // The department signs the decision remotely too: one confirmation for the row and the decision.
  const deptPending = await act(h, remoteApproval(deptApprover));
  expect(deptPending.pendingSignature?.status).toBe('PENDING');
  const begin = fake.calls.awaited.begins.filter((b) => b.caseCode === code).at(-1);
  expect(begin?.jobs.map((j) => j.kind)).toEqual(['row', 'issue']);
  const done = await caseAfter(h, h.executeUpdate(signatureSettledUpdate));
  expect(done.stage).toBe('RESULT_READY');
  const decision = done.documents.find((d) => d.kind === 'DECISION');
  expect(decision?.signatures.map((s) => s.role)).toEqual(['OFFICIAL', 'SEAL']);
  expect(fake.calls.awaited.transactions.filter((t) => t.startsWith(code))).toHaveLength(2);
});

test.each([
  ['REFUSED', 'signature_refused'],
  ['EXPIRED', 'signature_expired'],
] as const)(
  '%s: the case stays in WARD_APPROVAL with a message; the official may sign again with the PIN',
  async (decision, action) => {
    const { h, code } = await accepted();
    fake.scripts.set(code, { decision });
    await act(h, remoteApproval());
    const after = await caseAfter(h, h.executeUpdate(signatureSettledUpdate));
    expect(after.stage).toBe('WARD_APPROVAL');
    expect(after.pendingSignature).toMatchObject({ status: decision });
    expect(after.pendingSignature?.message).toMatch(/Không ký/);
    expect(after.timeline.at(-1)).toMatchObject({ action, actor: { id: wardApprover.id } });
    expect(fake.calls.awaited.completed.filter((c) => c.startsWith(code))).toHaveLength(0);
    const sheet = after.documents.find((d) => d.kind === 'CONTROL_SHEET');
    expect(sheet?.signatures).toHaveLength(1); // the desk's row only

    // Choose another method: the PIN.
    const moved = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' });
    expect(moved.stage).toBe('DEPARTMENT_APPROVAL');
    expect(moved.pendingSignature ?? null).toBeNull();
  },
);

test('crashes while asking and while waiting: one transaction, one signature', async () => {
  const { h, code } = await accepted();
  fake.scripts.set(code, { crashAfterAsking: true, crashWhileWaiting: true });
  const pending = await act(h, remoteApproval());
  expect(pending.pendingSignature?.status).toBe('PENDING');
  expect(fake.calls.awaited.begins.filter((b) => b.caseCode === code)).toHaveLength(2);
  (fake.scripts.get(code) as { decision?: string }).decision = 'SIGNED';
  const done = await caseAfter(h, h.executeUpdate(signatureSettledUpdate));
  expect(done.stage).toBe('DEPARTMENT_APPROVAL');
  expect(fake.calls.awaited.transactions.filter((t) => t.startsWith(code))).toHaveLength(1);
  expect(fake.calls.awaited.completed.filter((t) => t.startsWith(code))).toHaveLength(1);
  const sheet = done.documents.find((d) => d.kind === 'CONTROL_SHEET');
  expect(sheet?.signatures.filter((s) => s.signerName === wardApprover.fullName)).toHaveLength(1);

  // The history with the awaited step replays against the current code.
  const history = await h.fetchHistory();
  await expect(
    Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, h.workflowId),
  ).resolves.toBeUndefined();
});

test('a reject through a token: the refusal document is signed with the row, then the case closes', async () => {
  const { h, code } = await accepted();
  await act(h, {
    action: 'reject',
    actor: wardApprover,
    reason: 'Thiếu giấy tờ',
    signingMethod: 'TOKEN',
  });
  fake.scripts.set(code, { decision: 'SIGNED' });
  const done = await caseAfter(h, h.executeUpdate(signatureSettledUpdate));
  expect(done).toMatchObject({ stage: 'CLOSED', outcome: 'REJECTED' });
  expect(done.documents.map((d) => d.kind)).toContain('REFUSAL');
});
