/**
 * A case on the real stack: Temporal dev server, MongoDB-compatible server, the real activities
 * (read model, audit chain, outbox, PDF documents signed with the seeded keys). After every step
 * the read model must equal the workflow's state; the search attributes must find the case.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { verifyAuditChain } from '../../activities/audit-log';
import { trustAnchors } from '../../activities/pki';
import { readDocument } from '../../activities/documents/storage';
import { CaseModel, procedureOf } from '../../models/case';
import { DocumentModel } from '../../models/document';
import { OutboxModel } from '../../models/outbox';
import { verifyPdf } from '../../signing';
import { caseStateQuery } from '../../workflows/messages';
import type { CaseState } from '../../workflows/state';
import { createHarness, DEMO_PIN, eventually, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('lifecycle');
  await h.startWorker();
});

afterAll(async () => {
  await h?.close();
});

/** The read model, once it has caught up with the workflow's state. */
async function readModelMatches(handle: WorkflowHandle): Promise<CaseState> {
  const state = await handle.query(caseStateQuery);
  const doc = await eventually(async () => {
    const d = await CaseModel.findById(state.code).lean();
    return d && d.version === state.timeline.length ? d : null;
  });
  const {
    _id,
    form,
    procedure,
    ward,
    department,
    version,
    trackingTokenHash,
    createdAt,
    updatedAt,
    ...projected
  } = doc as unknown as Record<string, unknown>;
  expect(projected).toEqual(JSON.parse(JSON.stringify(state)));
  expect(_id).toBe(state.code);
  expect(form).toBeDefined();
  expect(procedureOf({ procedure: procedure as string }).code).toBe(state.procedureCode);
  void ward;
  void department;
  void version;
  void trackingTokenHash;
  void createdAt;
  void updatedAt;
  return state;
}

test('the full chain, with the read model equal to the workflow after every step', async () => {
  const handle = await h.startCase();
  await eventually(() => handle.query(caseStateQuery).then((s) => s.timeline.length === 1));
  const submitted = await readModelMatches(handle);
  expect(submitted.stage).toBe('VERIFICATION');

  await h.act(handle, 'receiver.saigon', { action: 'accept', note: 'Hồ sơ đầy đủ' });
  const accepted = await readModelMatches(handle);
  expect(accepted.stage).toBe('WARD_APPROVAL');
  expect(accepted.documents.map((d) => d.kind)).toEqual(['RECEIPT', 'CONTROL_SHEET']);

  // Visibility finds it by its search attributes.
  const query = `CaseStage = 'WARD_APPROVAL' AND Overdue = false AND UnitCode = 'SAIGON' AND WorkflowId = '${handle.workflowId}'`;
  const found = await eventually(async () => {
    const ids: string[] = [];
    for await (const wf of h.client.workflow.list({ query })) ids.push(wf.workflowId);
    return ids.length > 0 ? ids : null;
  });
  expect(found).toEqual([handle.workflowId]);
  const notFound: string[] = [];
  for await (const wf of h.client.workflow.list({
    query: `CaseStage = 'DEPARTMENT_APPROVAL' AND WorkflowId = '${handle.workflowId}'`,
  })) {
    notFound.push(wf.workflowId);
  }
  expect(notFound).toEqual([]);

  await h.act(handle, 'ward.saigon', { action: 'approve', pin: DEMO_PIN });
  const atDepartment = await readModelMatches(handle);
  expect(atDepartment).toMatchObject({ stage: 'DEPARTMENT_APPROVAL', stageUnitCode: 'SXD' });

  await h.act(handle, 'dept.sxd', { action: 'approve', pin: DEMO_PIN, note: 'Đồng ý cấp phép' });
  const decided = await readModelMatches(handle);
  expect(decided).toMatchObject({ stage: 'RESULT_READY', outcome: 'APPROVED', onTime: true });

  await h.act(handle, 'receiver.saigon', { action: 'handover' });
  const done = await readModelMatches(handle);
  expect(done.stage).toBe('COMPLETED');
  await handle.result();

  // Every document is stored once, with its hash, and verifies against the deployment's roots.
  const roots = await trustAnchors();
  const docs = await DocumentModel.find({ caseCode: done.code }).lean();
  expect(docs.map((d) => d.kind).sort()).toEqual(['CONTROL_SHEET', 'DECISION', 'RECEIPT']);
  const expectedSignatures: Record<string, number> = { RECEIPT: 1, CONTROL_SHEET: 4, DECISION: 2 };
  for (const d of docs) {
    const stored = await readDocument(d._id);
    const report = await verifyPdf(stored!.bytes, { trustAnchorsPem: roots });
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(expectedSignatures[d.kind]!);
  }
  const sheet = docs.find((d) => d.kind === 'CONTROL_SHEET')!;
  // As rendered, then one version per signed row, then sealed for the archive at handover (B-LTA).
  expect(sheet.versions.map((v) => v.key)).toEqual([
    'control-sheet',
    'control-sheet-step-1',
    'control-sheet-step-2',
    'control-sheet-step-3',
    'control-sheet-step-4',
    'archive',
  ]);
  expect(done.documents.find((d) => d.kind === 'DECISION')!.signatures.map((s) => s.role)).toEqual([
    'DEPARTMENT_APPROVER',
    'SEAL',
  ]);

  // The audit chain holds one entry per timeline entry and verifies; the outbox has the messages.
  const audit = await verifyAuditChain();
  expect(audit.ok).toBe(true);
  expect(audit.checked).toBeGreaterThanOrEqual(done.timeline.length);
  const outbox = await OutboxModel.find({ caseCode: done.code }).lean();
  expect(
    outbox.some((m) => m.event === 'RESULT_READY' && m.to === 'nguyen.van.binh@example.vn'),
  ).toBe(true);
});

test('a wrong grant (no PIN checked) fails the action and leaves the case where it was', async () => {
  const handle = await h.startCase();
  await h.act(handle, 'receiver.saigon', { action: 'accept' });
  const actor = await h.actor('ward.saigon');
  const err = await handle
    .executeUpdate('act', { args: [{ action: 'approve', actor, signingGrant: 'not-a-grant' }] })
    .catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect(String((err as Error & { cause?: Error }).cause?.message)).toMatch(/signing grant/i);
  const state = await readModelMatches(handle);
  expect(state.stage).toBe('WARD_APPROVAL');
  expect(await DocumentModel.countDocuments({ caseCode: state.code, kind: 'DECISION' })).toBe(0);
});

test('a case started by hand with a bad form fails at once, naming the fields, and writes nothing', async () => {
  const handle = await h.startCase('1.001612.000.00.00.H29', 'SAIGON', {
    form: { business: { name: '' } },
  });
  const err = await handle.result().catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  const cause = (err as Error & { cause?: Error & { cause?: Error & { type?: string } } }).cause;
  expect(cause?.cause?.type).toBe('VALIDATION_FAILED');
  expect(cause?.cause?.message).toMatch(/form\.business/);
  expect(await CaseModel.exists({ _id: handle.workflowId })).toBeNull();
  expect(await DocumentModel.countDocuments({ caseCode: handle.workflowId })).toBe(0);
});
