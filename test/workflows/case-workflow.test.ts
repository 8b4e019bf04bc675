/**
 * caseWorkflow on the time-skipping test server, with in-memory activities: the chain, every
 * way it ends, the validators, and deadlines in working time across weekends and holidays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addWorkingDays, atRiskAt, isWorkingDay } from '../../domain/calendar';
import {
  actUpdate,
  caseStateQuery,
  provideSupplementUpdate,
  reassignUpdate,
  resultCollectedSignal,
  withdrawUpdate,
  type ActionRequest,
} from '../../workflows/messages';
import { CaseStage, Overdue } from '../../workflows/search-attributes';
import type { CaseInput, CaseState } from '../../workflows/state';
import { temporalCliPath } from '../helpers/env';
import { timeSkippingWorker } from '../helpers/time-skipping';
import { actor, applicant, context, procedure } from '../helpers/fixtures';
import { fakeActivities } from './fake-activities';
import { HISTORIES_DIR } from '../helpers/paths';
import { caseAfter } from '../helpers/case-answer';

const STANDARD = procedure({ code: 'P-STD' });
const WARD_ONLY = procedure({
  code: 'P-WARD',
  chain: ['WARD'],
  sla: { verification: 1, ward: 3, supplementLimit: 5 },
});
const TIGHT = procedure({ code: 'P-TIGHT', totalWorkingDays: 9 });
const SLOW_VERIFICATION = procedure({
  code: 'P-SLOW',
  sla: { verification: 2, ward: 3, department: 5, supplementLimit: 10 },
});
const fake = fakeActivities({
  'P-STD': context(STANDARD),
  'P-WARD': context(WARD_ONLY),
  'P-SLOW': context(SLOW_VERIFICATION),
  'P-TIGHT': context(TIGHT),
});

const receiver = actor('RECEIVER', 'SAIGON', 'Trần Văn Tiếp');
const otherReceiver = actor('RECEIVER', 'BENTHANH', 'Lê Thị Bến');
const wardApprover = actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường');
const deptApprover = actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở');
const supervisor = actor('SUPERVISOR', null, 'Đặng Giám Sát');
const secondWardApprover = actor('WARD_APPROVER', 'SAIGON', 'Hoàng Văn Hai');

let seq = 0;

const tsw = timeSkippingWorker('case-wf', fake.activities, { beforeTeardown: saveHistories });
const taskQueue = tsw.taskQueue;

/**
 * Finished cases whose histories the replay test keeps: UPDATE_HISTORIES=1 writes them to
 * test/histories/v3/ (patch "lean-history"); those directly under test/histories/ (before patches
 * "bookkeeping-delta" and "continue-as-new") and in v2/ (after them) are kept as they are.
 */
const keep = new Map<string, WorkflowHandle | { workflowId: string; runId: string }>();

async function saveHistories(env: TestWorkflowEnvironment): Promise<void> {
  if (process.env.UPDATE_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [name, handle] of keep) {
    // The CLI writes the JSON form that historyFromJSON reads back.
    const json = execFileSync(temporalCliPath(), [
      'workflow',
      'show',
      '--address',
      env.address,
      '--workflow-id',
      handle.workflowId,
      ...('runId' in handle && handle.runId ? ['--run-id', handle.runId] : []),
      '--output',
      'json',
    ]);
    const file = path.join(HISTORIES_DIR, 'v3', `${name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, json);
  }
}

/**
 * Cases are started and awaited through a plain client: the test client's `result()` lets the
 * server skip time freely while it waits, which would run every other case's timers for years.
 * Tests move time on explicitly with `tsw.env().sleep`.
 */
async function startCase(
  procedureCode = 'P-STD',
  extra: Partial<CaseInput> = {},
): Promise<WorkflowHandle> {
  const code = `000.00.06.H29-261201-${String(++seq).padStart(4, '0')}`;
  return new Client({ connection: tsw.env().connection }).workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: `${code}-${Math.random().toString(36).slice(2, 8)}`,
    args: [
      {
        code,
        procedureCode,
        wardCode: 'SAIGON',
        applicant,
        form: { a: 1 },
        ...extra,
      } satisfies CaseInput,
    ],
  });
}

const act = (h: WorkflowHandle, req: ActionRequest): Promise<CaseState> =>
  caseAfter(h, h.executeUpdate(actUpdate, { args: [req] }));

async function refusalOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? '';
}

/** Polls the query until `pred` holds (the worker may still be processing a fired timer). */
async function eventually(h: WorkflowHandle, pred: (s: CaseState) => boolean): Promise<CaseState> {
  for (let i = 0; i < 100; i++) {
    // The query fails for the moment it takes the new case to load its procedure.
    const s = await h.query(caseStateQuery).catch(() => null);
    if (s && pred(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `condition not reached; last state ${JSON.stringify(await h.query(caseStateQuery))}`,
  );
}

const recordsOf = (code: string) => fake.calls.records.filter((r) => r.state.code === code);
const docsOf = (code: string) => fake.calls.documents.filter((d) => d.caseCode === code);
const rowsOf = (code: string) => fake.calls.sheetRows.filter((d) => d.caseCode === code);

async function acceptAndApproveWard(h: WorkflowHandle): Promise<CaseState> {
  await act(h, { action: 'accept', actor: receiver });
  return act(h, { action: 'approve', actor: wardApprover, signingGrant: 'grant-ward' });
}

describe('the happy path', () => {
  test('VERIFICATION → WARD_APPROVAL → DEPARTMENT_APPROVAL → RESULT_READY → COMPLETED', async () => {
    const h = await startCase();
    const initial = await eventually(h, (s) => s.timeline.length === 1);
    expect(initial.stage).toBe('VERIFICATION');
    expect(initial.stageUnitCode).toBe('SAIGON');

    const accepted = await act(h, { action: 'accept', actor: receiver, note: 'Đủ hồ sơ' });
    expect(accepted.stage).toBe('WARD_APPROVAL');
    expect(accepted.acceptedAt).not.toBeNull();
    expect(accepted.dueAt).toBe(addWorkingDays(new Date(accepted.acceptedAt!), 15).toISOString());

    const wardDone = await act(h, {
      action: 'approve',
      actor: wardApprover,
      signingGrant: 'g-ward',
    });
    expect(wardDone.stage).toBe('DEPARTMENT_APPROVAL');
    expect(wardDone.stageUnitCode).toBe('SXD');

    const decided = await act(h, {
      action: 'approve',
      actor: deptApprover,
      signingGrant: 'g-dept',
    });
    expect(decided.stage).toBe('RESULT_READY');
    expect(decided.outcome).toBe('APPROVED');
    expect(decided.onTime).toBe(true);

    const done = await act(h, { action: 'handover', actor: receiver });
    expect(done.stage).toBe('COMPLETED');
    const result = await h.result();
    expect(result).toMatchObject({ stage: 'COMPLETED', outcome: 'APPROVED', onTime: true });
    keep.set('completed', h);

    const { code } = initial;
    expect(done.timeline.map((e) => e.action)).toEqual([
      'submit',
      'accept',
      'approve',
      'approve',
      'handover',
    ]);
    expect(done.timeline.map((e) => e.stage)).toEqual([
      'VERIFICATION',
      'VERIFICATION',
      'WARD_APPROVAL',
      'DEPARTMENT_APPROVAL',
      'RESULT_READY',
    ]);
    expect(done.documents.map((d) => d.kind)).toEqual(['RECEIPT', 'CONTROL_SHEET', 'DECISION']);
    // One control-sheet row per official who acted, in order; the decision signed, then sealed.
    expect(rowsOf(code).map((r) => [r.row.step, r.signer.kind])).toEqual([
      [1, 'seal'],
      [2, 'official'],
      [3, 'official'],
      [4, 'seal'],
    ]);
    const decision = docsOf(code).find((d) => d.kind === 'DECISION')!;
    expect(decision.signers.map((s) => s.kind)).toEqual(['official', 'seal']);
    expect(decision.signers[1]).toMatchObject({ kind: 'seal', unitCode: 'SXD' });
    // At handover the decision and the completed control sheet are sealed for the archive (B-LTA),
    // and the case lists their archived versions.
    const archivedIds = done.documents
      .filter((d) => d.kind === 'DECISION' || d.kind === 'CONTROL_SHEET')
      .map((d) => d.id);
    expect(fake.calls.archived.filter((ids) => ids.includes(archivedIds[0]!))).toEqual([
      archivedIds,
    ]);
    expect(done.documents.filter((d) => archivedIds.includes(d.id)).map((d) => d.sha256)).toEqual([
      'a'.repeat(64),
      'a'.repeat(64),
    ]);
    // The read model got one event per timeline entry, each with the state after it: the first
    // whole, the others as what changed since the one before (patch "bookkeeping-delta"), the
    // documents one by one (patch "lean-history": the handover's row and the archive seal changed
    // the control sheet and the decision, not the receipt).
    const sent = fake.calls.sent.filter((r) => (r.state ?? r.delta)?.code === code);
    expect(sent.map((r) => (r.state ? 'whole' : r.delta?.base))).toEqual(['whole', 1, 2, 3, 4]);
    expect(Object.keys(sent[4]!.delta!.changes).sort()).toEqual([
      'completedAt',
      'stage',
      'stageEnteredAt',
    ]);
    const [sheetChange, decisionChange] = sent[4]!.delta!.documents!;
    expect(sheetChange).toMatchObject({ id: `${code}/control-sheet`, signaturesFrom: 3 });
    expect(sheetChange!.signatures).toHaveLength(1);
    expect(decisionChange).toEqual({ id: `${code}/decision-3`, sha256: 'a'.repeat(64) });
    expect(recordsOf(code).at(-1)!.state).toEqual(done);
    expect(recordsOf(code).map((r) => [r.entry.seq, r.state.stage])).toEqual([
      [1, 'VERIFICATION'],
      [2, 'WARD_APPROVAL'],
      [3, 'DEPARTMENT_APPROVAL'],
      [4, 'RESULT_READY'],
      [5, 'COMPLETED'],
    ]);
    expect(recordsOf(code)[0]!.form).toEqual({ a: 1 });
  });

  test('a ward-only chain issues the decision at the ward, sealed by the ward', async () => {
    const h = await startCase('P-WARD');
    await act(h, { action: 'accept', actor: receiver });
    const s = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' });
    expect(s.stage).toBe('RESULT_READY');
    const decision = docsOf(s.code).find((d) => d.kind === 'DECISION')!;
    expect(decision.signers[1]).toMatchObject({ kind: 'seal', unitCode: 'SAIGON' });
    await h.signal(resultCollectedSignal, { by: 'APPLICANT_DOWNLOAD' });
    expect(await h.result()).toMatchObject({ stage: 'COMPLETED', outcome: 'APPROVED' });
    const final = await h.query(caseStateQuery);
    const decisionId = final.documents.find((d) => d.kind === 'DECISION')!.id;
    expect(fake.calls.archived.some((ids) => ids.includes(decisionId))).toBe(true);
    keep.set('ward-only-collected', h);
  });
});

describe('how a case ends without a result', () => {
  test('refused at verification', async () => {
    const h = await startCase();
    const s = await act(h, { action: 'refuse', actor: receiver, reason: 'Không thuộc thẩm quyền' });
    expect(s).toMatchObject({ stage: 'CLOSED', outcome: 'REFUSED' });
    expect(s.documents.map((d) => d.kind)).toEqual(['REFUSAL']);
    expect(docsOf(s.code)[0]!.content.reason).toBe('Không thuộc thẩm quyền');
    expect(await h.result()).toMatchObject({ outcome: 'REFUSED' });
    keep.set('refused', h);
  });

  test('rejected by the ward', async () => {
    const h = await startCase();
    await act(h, { action: 'accept', actor: receiver });
    const s = await act(h, {
      action: 'reject',
      actor: wardApprover,
      reason: 'Sai quy hoạch',
      signingGrant: 'g',
    });
    expect(s).toMatchObject({ stage: 'CLOSED', outcome: 'REJECTED' });
    expect(s.documents.map((d) => d.kind)).toEqual(['RECEIPT', 'CONTROL_SHEET', 'REFUSAL']);
    await h.result();
    keep.set('rejected-by-ward', h);
    expect(s.timeline.at(-1)).toMatchObject({
      action: 'reject',
      stage: 'WARD_APPROVAL',
      note: 'Sai quy hoạch',
    });
  });

  test('rejected by the department', async () => {
    const h = await startCase();
    await acceptAndApproveWard(h);
    const s = await act(h, {
      action: 'reject',
      actor: deptApprover,
      reason: 'Thiếu thẩm định',
      signingGrant: 'g',
    });
    expect(s).toMatchObject({ stage: 'CLOSED', outcome: 'REJECTED' });
    expect(s.timeline.at(-1)).toMatchObject({ action: 'reject', stage: 'DEPARTMENT_APPROVAL' });
    expect(rowsOf(s.code).map((r) => r.row.outcome)).toEqual([
      'Tiếp nhận, chuyển xử lý',
      'Phê duyệt',
      'Không phê duyệt',
    ]);
  });

  test('withdrawn by the applicant before a decision, and not after', async () => {
    const h = await startCase();
    await acceptAndApproveWard(h);
    const s = await caseAfter(
      h,
      h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Không còn nhu cầu' }] }),
    );
    expect(s).toMatchObject({ stage: 'CLOSED', outcome: 'WITHDRAWN' });
    await h.result();
    keep.set('withdrawn', h);

    const decided = await startCase();
    await acceptAndApproveWard(decided);
    await act(decided, { action: 'approve', actor: deptApprover, signingGrant: 'g' });
    expect(
      await refusalOf(decided.executeUpdate(withdrawUpdate, { args: [{ reason: 'muộn' }] })),
    ).toBe('WRONG_STAGE');
  });

  test('a supplement request expires when the applicant does not answer in time', async () => {
    const h = await startCase();
    const s = await act(h, {
      action: 'request_supplement',
      actor: receiver,
      missingDocuments: ['Bản vẽ mặt bằng'],
    });
    expect(s.stage).toBe('SUPPLEMENT_REQUESTED');
    expect(s.supplement?.dueAt).toBe(
      addWorkingDays(new Date(s.supplement!.requestedAt), 10).toISOString(),
    );
    expect(docsOf(s.code).map((d) => d.kind)).toEqual(['SUPPLEMENT_REQUEST']);
    await tsw
      .env()
      .sleep(new Date(s.supplement!.dueAt).getTime() - (await tsw.env().currentTimeMs()) + 1000);
    const result = await h.result();
    expect(result).toMatchObject({ stage: 'CLOSED', outcome: 'EXPIRED' });
    keep.set('supplement-expired', h);
    const actions = recordsOf(s.code).map((r) => r.entry.action);
    expect(actions).toEqual(['submit', 'request_supplement', 'supplement_reminder', 'expire']);
  });

  test('an answered supplement request goes back to verification', async () => {
    const h = await startCase();
    await act(h, { action: 'request_supplement', actor: receiver, missingDocuments: ['Bản vẽ'] });
    const file = {
      id: 'att-1',
      kind: 'ATTACHMENT' as const,
      title: 'Bổ sung lần 1, tệp 1: ban-ve.pdf',
      createdAt: new Date(0).toISOString(),
      sha256: 'ab',
      signatures: [],
    };
    expect(
      await refusalOf(
        h.executeUpdate(provideSupplementUpdate, {
          args: [{ documents: [{ ...file, kind: 'DECISION' as never }] }],
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    const back = await caseAfter(
      h,
      h.executeUpdate(provideSupplementUpdate, {
        args: [{ note: 'Đã bổ sung', documents: [file] }],
      }),
    );
    expect(back.stage).toBe('VERIFICATION');
    expect(back.supplement).toBeNull();
    expect(back.documents.filter((d) => d.id === 'att-1')).toHaveLength(1);
    const s = await act(h, { action: 'accept', actor: receiver });
    expect(s.stage).toBe('WARD_APPROVAL');
  });
});

describe('validators refuse before anything is recorded', () => {
  test('wrong stage, role, unit, missing fields; accepted updates only in history', async () => {
    const h = await startCase();
    const s0 = await eventually(h, (s) => s.timeline.length === 1);
    expect(
      await refusalOf(act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' })),
    ).toBe('WRONG_STAGE');
    expect(await refusalOf(act(h, { action: 'accept', actor: wardApprover }))).toBe('FORBIDDEN');
    expect(await refusalOf(act(h, { action: 'accept', actor: otherReceiver }))).toBe('FORBIDDEN');
    expect(await refusalOf(act(h, { action: 'accept', actor: supervisor }))).toBe('FORBIDDEN');
    expect(await refusalOf(act(h, { action: 'refuse', actor: receiver }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      await refusalOf(
        act(h, { action: 'request_supplement', actor: receiver, missingDocuments: [] }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(await refusalOf(h.executeUpdate(provideSupplementUpdate, { args: [{}] }))).toBe(
      'WRONG_STAGE',
    );
    expect(await refusalOf(act(h, { action: 'frobnicate' as never, actor: receiver }))).toBe(
      'VALIDATION_FAILED',
    );

    const after = await h.query(caseStateQuery);
    expect(after.timeline).toEqual(s0.timeline);
    expect(recordsOf(s0.code)).toHaveLength(1);
    const history = await h.fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
    );
    expect(accepted).toHaveLength(0);

    await act(h, { action: 'accept', actor: receiver });
    expect(
      await refusalOf(act(h, { action: 'approve', actor: deptApprover, signingGrant: 'g' })),
    ).toBe('FORBIDDEN');
    expect(await refusalOf(act(h, { action: 'approve', actor: wardApprover }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('repeating an applied action answers with the case and signs nothing twice', async () => {
    const h = await startCase();
    const first = await acceptAndApproveWard(h);
    const again = await act(h, {
      action: 'approve',
      actor: wardApprover,
      signingGrant: 'grant-ward',
    });
    expect(again.stage).toBe('DEPARTMENT_APPROVAL');
    expect(again.timeline).toEqual(first.timeline);
    expect(rowsOf(first.code).filter((r) => r.row.step === 2)).toHaveLength(1);
  });

  test('a failed signing leaves the stage as it was, and the action can be retried', async () => {
    const h = await startCase();
    await act(h, { action: 'accept', actor: receiver });
    expect(
      await refusalOf(
        act(h, { action: 'approve', actor: wardApprover, signingGrant: 'bad-grant' }),
      ),
    ).toBe('ACTION_FAILED');
    const still = await h.query(caseStateQuery);
    expect(still.stage).toBe('WARD_APPROVAL');
    expect(still.timeline.map((e) => e.action)).toEqual(['submit', 'accept']);
    const s = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'good' });
    expect(s.stage).toBe('DEPARTMENT_APPROVAL');
  });

  test('supervisors reassign; then only the assignee may act', async () => {
    const h = await startCase();
    await act(h, { action: 'accept', actor: receiver });
    expect(
      await refusalOf(
        h.executeUpdate(reassignUpdate, { args: [{ actor: receiver, to: secondWardApprover }] }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await refusalOf(
        h.executeUpdate(reassignUpdate, { args: [{ actor: supervisor, to: deptApprover }] }),
      ),
    ).toBe('VALIDATION_FAILED');
    const s = await caseAfter(
      h,
      h.executeUpdate(reassignUpdate, {
        args: [{ actor: supervisor, to: secondWardApprover, note: 'Chuyển người xử lý' }],
      }),
    );
    expect(s.assignee?.name).toBe('Hoàng Văn Hai');
    expect(
      await refusalOf(act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' })),
    ).toBe('FORBIDDEN');
    const done = await act(h, { action: 'approve', actor: secondWardApprover, signingGrant: 'g' });
    expect(done.stage).toBe('DEPARTMENT_APPROVAL');
    expect(done.assignee).toBeNull();
  });

  test('an unknown procedure fails the case at once', async () => {
    const h = await startCase('NO-SUCH-PROCEDURE');
    await expect(h.result()).rejects.toThrow();
  });
});

describe('deadlines in working time', () => {
  /** The first working day from `from` on whose next day is a weekday holiday, with a weekend soon after. */
  function dayBeforeHoliday(from: Date): Date {
    for (let t = from.getTime(); ; t += 86_400_000) {
      const d = new Date(t);
      const next = new Date(t + 86_400_000);
      const weekdayNext = new Date(next.getTime() + 7 * 3_600_000).getUTCDay();
      const weekendSoon = [2, 3, 4].some((k) => {
        const wd = new Date(t + k * 86_400_000 + 7 * 3_600_000).getUTCDay();
        return wd === 0 || wd === 6;
      });
      if (
        isWorkingDay(d) &&
        !isWorkingDay(next) &&
        weekdayNext >= 1 &&
        weekdayNext <= 5 &&
        weekendSoon
      )
        return d;
    }
  }

  test('a stage goes overdue after its working days, across a holiday and a weekend', async () => {
    const nowMs = await tsw.env().currentTimeMs();
    const day = dayBeforeHoliday(new Date(nowMs + 2 * 86_400_000));
    // 10:00 in Vietnam on that day.
    const local = new Date(day.getTime() + 7 * 3_600_000);
    const receivedAt = new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 3, 0),
    );
    await tsw.env().sleep(receivedAt.getTime() - nowMs);

    const h = await startCase('P-SLOW', { submittedAt: receivedAt.toISOString() });
    const s = await eventually(h, (x) => x.timeline.length === 1);
    const due = addWorkingDays(receivedAt, 2);
    expect(s.stageDueAt).toBe(due.toISOString());
    // Two working days took more than four calendar days: the holiday and the weekend were skipped.
    expect(due.getTime() - receivedAt.getTime()).toBeGreaterThan(4 * 86_400_000);

    await tsw.env().sleep(due.getTime() - (await tsw.env().currentTimeMs()) - 60_000);
    const before = await eventually(h, (x) => x.atRisk);
    expect(before.overdue).toBe(false);
    expect(recordsOf(s.code).map((r) => r.entry.action)).toEqual(['submit', 'at_risk']);

    await tsw.env().sleep(120_000);
    const after = await eventually(h, (x) => x.overdue);
    const overdue = recordsOf(s.code).find((r) => r.entry.action === 'overdue')!;
    expect(overdue.notifications).toEqual(
      expect.arrayContaining([
        { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_OVERDUE' },
      ]),
    );
    // No appointment has been given before acceptance, so no apology yet.
    expect(after.reappointed).toBe(false);
    expect(after.documents).toEqual([]);
    const description = await h.describe();
    expect(description.typedSearchAttributes.get(Overdue)).toBe(true);
    expect(description.typedSearchAttributes.get(CaseStage)).toBe('VERIFICATION');

    // Still waiting for the official: the late action is taken and the step marked late.
    const accepted = await act(h, { action: 'accept', actor: receiver });
    expect(accepted.stage).toBe('WARD_APPROVAL');
    expect(accepted.overdue).toBe(false);
    expect(rowsOf(s.code)[0]!.row.result).toBe('LATE');
    expect((await h.describe()).typedSearchAttributes.get(Overdue)).toBe(false);
  });

  test('an appointment that cannot be kept gets one apology letter with a new date', async () => {
    const h = await startCase('P-TIGHT');
    await eventually(h, (x) => x.timeline.length === 1);
    const accepted = await act(h, { action: 'accept', actor: receiver });
    const appointment = new Date(accepted.dueAt);
    const atDept = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' });
    expect(atDept.stage).toBe('DEPARTMENT_APPROVAL');

    // The department's five days run out; the appointment (nine days) can still be kept.
    await tsw
      .env()
      .sleep(new Date(atDept.stageDueAt!).getTime() - (await tsw.env().currentTimeMs()) + 60_000);
    const late = await eventually(h, (x) => x.overdue);
    expect(late.reappointed).toBe(false);

    // One working day before the appointment the unit apologises and gives a new date, once.
    await tsw
      .env()
      .sleep(atRiskAt(appointment).getTime() - (await tsw.env().currentTimeMs()) + 60_000);
    const apologised = await eventually(h, (x) => x.reappointed);
    expect(apologised.originalDueAt).toBe(appointment.toISOString());
    expect(new Date(apologised.dueAt).getTime()).toBeGreaterThan(appointment.getTime());
    expect(apologised.documents.filter((d) => d.kind === 'APOLOGY')).toHaveLength(1);
    const apology = docsOf(apologised.code).find((d) => d.kind === 'APOLOGY')!;
    expect(apology.content).toMatchObject({
      originalDueAt: appointment.toISOString(),
      newDueAt: apologised.dueAt,
      lateUnitCode: 'SXD',
    });
    expect(apology.signers).toEqual([{ kind: 'seal', unitCode: 'SXD' }]);
    expect(
      recordsOf(apologised.code).find((r) => r.entry.action === 'reappoint')!.notifications,
    ).toContainEqual({
      to: { applicant: true },
      event: 'REAPPOINTED',
    });

    // Past the original appointment the result is late, whatever the new date says.
    await tsw.env().sleep(appointment.getTime() - (await tsw.env().currentTimeMs()) + 3_600_000);
    const decided = await act(h, { action: 'approve', actor: deptApprover, signingGrant: 'g' });
    expect(decided).toMatchObject({ stage: 'RESULT_READY', onTime: false });
    expect(rowsOf(decided.code).at(-1)!.row.result).toBe('LATE');
    expect(decided.documents.filter((d) => d.kind === 'APOLOGY')).toHaveLength(1);
    await act(h, { action: 'handover', actor: receiver });
    await h.result();
    keep.set('late-with-apology', h);
  });
});

describe('bookkeeping sends what changed', () => {
  test('a lost projection refuses the delta, and the whole state sent again repairs it', async () => {
    const h = await startCase();
    const { code } = await eventually(h, (s) => s.timeline.length === 1);
    fake.loseProjection(code);
    const accepted = await act(h, { action: 'accept', actor: receiver });
    const sent = fake.calls.sent.filter((r) => (r.state ?? r.delta)?.code === code);
    // submit (whole), accept as a delta (refused: nothing stored), accept again whole with the
    // application, so that the rebuilt projection lacks nothing (since patch "lean-history" the
    // bookkeeping takes the procedure and the units from the catalogue: no context is sent).
    expect(sent.map((r) => [r.entry.seq, r.state ? 'whole' : 'delta'])).toEqual([
      [1, 'whole'],
      [2, 'delta'],
      [2, 'whole'],
    ]);
    expect(sent[2]).toMatchObject({ form: { a: 1 } });
    expect(sent[2]).not.toHaveProperty('context');
    expect(fake.projections.get(code)).toEqual({ state: accepted, version: 2 });
    const approved = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' });
    expect(fake.calls.sent.at(-1)).toMatchObject({ delta: { base: 2 }, entry: { seq: 3 } });
    expect(fake.projections.get(code)?.state).toEqual(approved);
  });
});

test('patch "lean-history": a stored application is not sent again, Updates answer receipts, deltas list the changed documents', async () => {
  const h = await startCase('P-WARD', { formStored: true });
  const { code } = await eventually(h, (s) => s.timeline.length === 1);
  const scheduled = async (type: string) =>
    ((await h.fetchHistory()).events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType?.name !== type) return [];
      return [JSON.parse(Buffer.from(a.input!.payloads![0]!.data!).toString('utf8'))];
    });
  // The submission checked and stored the application: neither is sent to the activities again.
  const [load] = await scheduled('loadCaseContext');
  expect(Object.keys(load).sort()).toEqual(['lean', 'procedureCode', 'wardCode']);
  const sent = () => fake.calls.sent.filter((r) => (r.state ?? r.delta)?.code === code);
  expect(sent()[0]).not.toHaveProperty('form');
  expect(sent()[0]).not.toHaveProperty('context');
  // An Update answers where the case stands, not the whole case.
  const receipt = await h.executeUpdate(actUpdate, {
    args: [{ action: 'accept', actor: receiver }],
  });
  expect(receipt).toEqual({ code, version: 2, stage: 'WARD_APPROVAL' });
  expect(fake.projections.get(code)?.version).toBe(2);
  const decided = await act(h, { action: 'approve', actor: wardApprover, signingGrant: 'g' });
  // The approval signed the control sheet and issued the decision: those two, not the receipt.
  const delta = sent().at(-1)!.delta!;
  expect(delta.changes).not.toHaveProperty('documents');
  expect(delta.documents!.map((d) => d.id.split('/')[1])).toEqual(['control-sheet', 'decision-2']);
  expect(fake.projections.get(code)).toEqual({ state: decided, version: 3 });
  const done = await act(h, { action: 'handover', actor: receiver });
  expect(done.stage).toBe('COMPLETED');
  expect(fake.projections.get(code)?.state).toEqual(done);
  await h.result();
  keep.set('submitted-online', h);
});

describe('continue-as-new', () => {
  test('a case that continues as new mid-way completes with the same timeline and documents', async () => {
    // A low threshold: the case continues as new at its first quiet moments.
    const h = await startCase('P-STD', { continueAsNewAfterEvents: 30 });
    const firstRun = (await h.describe()).runId;
    await eventually(h, (s) => s.timeline.length === 1);
    await act(h, { action: 'request_supplement', actor: receiver, missingDocuments: ['Bản vẽ'] });
    await h.executeUpdate(provideSupplementUpdate, { args: [{ note: 'Lần 1' }] });
    await act(h, { action: 'request_supplement', actor: receiver, missingDocuments: ['Bản vẽ'] });
    await h.executeUpdate(provideSupplementUpdate, { args: [{ note: 'Lần 2' }] });
    await act(h, { action: 'accept', actor: receiver });
    await h.executeUpdate(reassignUpdate, {
      args: [{ actor: supervisor, to: secondWardApprover }],
    });
    // Updates sent across the boundary are answered by whichever run takes them.
    const ward = await act(h, { action: 'approve', actor: secondWardApprover, signingGrant: 'g' });
    expect(ward.stage).toBe('DEPARTMENT_APPROVAL');
    await act(h, { action: 'approve', actor: deptApprover, signingGrant: 'g' });
    const done = await act(h, { action: 'handover', actor: receiver });
    expect(await h.result()).toMatchObject({ stage: 'COMPLETED', outcome: 'APPROVED' });

    const first = await new Client({ connection: tsw.env().connection }).workflow
      .getHandle(h.workflowId, firstRun)
      .fetchHistory();
    expect(first.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    const last = await h.fetchHistory();
    expect((await h.describe()).runId).not.toBe(firstRun);
    // The last run loaded nothing: its context came with the carried state.
    const scheduled = (last.events ?? []).map(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name,
    );
    expect(scheduled).not.toContain('loadCaseContext');
    expect(scheduled).toContain('recordCaseEvent');

    expect(done.timeline.map((e) => [e.seq, e.action])).toEqual(
      [
        'submit',
        'request_supplement',
        'provide_supplement',
        'request_supplement',
        'provide_supplement',
        'accept',
        'reassign',
        'approve',
        'approve',
        'handover',
      ].map((a, i) => [i + 1, a]),
    );
    expect(done.documents.map((d) => d.kind)).toEqual([
      'SUPPLEMENT_REQUEST',
      'SUPPLEMENT_REQUEST',
      'RECEIPT',
      'CONTROL_SHEET',
      'DECISION',
    ]);
    // Nothing loaded or issued twice; request ids carried on (document keys stay unique).
    const keys = docsOf(done.code).map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rowsOf(done.code).map((r) => r.row.step)).toEqual([1, 2, 3, 4]);
    expect(recordsOf(done.code).map((r) => r.entry.seq)).toEqual(done.timeline.map((e) => e.seq));
    keep.set('continued-as-new', h);
    keep.set('continued-as-new-first-run', { workflowId: h.workflowId, runId: firstRun });
  });
});
