/**
 * Supervision over HTTP on the real stack: a case nobody can act on (no active receiver in its
 * ward) is listed as stuck with the reason; overdue cases are filtered; statistics count per unit;
 * a supervisor reassigns, and the assignee sees the case in their inbox; a workflow terminated in
 * Temporal is found by the reconciliation (WORKFLOW_ENDED); a failing step noted by the worker's
 * interceptor (ACTIVITY_FAILING); a refused case is not counted as on time; a unit's head sees
 * only their unit; the export's content; an escalation's messages are delivered. (Each rule alone:
 * test/domain/supervision.test.ts.)
 */
import type { Context } from '@temporalio/activity';
import ExcelJS from 'exceljs';
import { reconcileEndedCases } from '../../services/supervision/reconcile';
import { createLogger } from '../../runtime/logger';
import { failingActivityInterceptor } from '../../worker/failing-activities';
import { endOfOfficeDay, nextWorkingStart, subtractWorkingHours } from '../../domain/calendar';
import { CaseModel } from '../../models/case';
import { caseClockSignal } from '../../workflows/case-clock';
import { caseStateQuery } from '../../workflows/messages';
import { projectBoard } from '../../activities/supervision/board';
import { OfficialModel } from '../../models/official';
import { OutboxModel } from '../../models/outbox';
import type { ServedApi } from '../helpers/api';
import { closeStack, openApiStack } from '../helpers/stack';
import { eventually, type Harness } from '../integration/harness';

let h: Harness;
let api: ServedApi;
let url: string;
const tokens = new Map<string, string>();

async function call(
  method: string,
  path: string,
  as: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  if (!tokens.has(as)) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: as, password: 'demo' }),
    });
    tokens.set(as, ((await res.json()) as { token: string }).token);
  }
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens.get(as)}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type Reason = { reason: string; detail: string };
type Item = { code: string; stage: string; stuck: Reason | null; reasons: Reason[] };
const reasonsOf = (i: Item | undefined): string[] => (i?.reasons ?? []).map((r) => r.reason);
const items = (r: { json: Record<string, unknown> }): Item[] => r.json.items as Item[];

beforeAll(async () => {
  ({ h, api, url } = await openApiStack('supervision'));
});

afterAll(() => closeStack({ h, api }));

/** The case is in the read model and on the supervisors' board. */
const projected = async (code: string) => {
  await eventually(async () => (await CaseModel.findById(code).lean())?.stage === 'VERIFICATION');
  await eventually(async () =>
    items(await call('GET', `/api/supervision/cases?q=${code}`, 'supervisor')).some(
      (i) => i.code === code,
    ),
  );
};

/**
 * A household-business case whose one-day verification is due at the end of the office day under
 * way (or the next one, outside office hours): within a working day, so at risk, whatever the time
 * of day the test runs at. Filed "now", its deadline would be today's or tomorrow's closing
 * depending on the hour; so it is backdated (the input's clock, as the demo seed does) to half an
 * hour of office time before that day's opening, and then caught up with the real time.
 */
async function atRiskCase() {
  let now = new Date();
  let closing = endOfOfficeDay(nextWorkingStart(now));
  if (closing.getTime() - now.getTime() < 120_000) {
    // The last two minutes before closing (the case would fall due while the test looks at it):
    // wait for the next office day's deadline instead.
    await new Promise((r) => setTimeout(r, closing.getTime() - now.getTime() + 1_000));
    now = new Date();
    closing = endOfOfficeDay(nextWorkingStart(now));
  }
  const entered = subtractWorkingHours(closing, 8.5);
  return h.startCase('1.001612.000.00.00.H29', 'SAIGON', {
    submittedAt: entered.toISOString(),
    clock: { offsetMs: entered.getTime() - Date.now() },
  });
}

test('only supervisors supervise', async () => {
  expect((await call('GET', '/api/supervision/cases', 'receiver.saigon')).status).toBe(403);
  expect((await call('GET', '/api/supervision/cases', 'receiver.tandinh')).status).toBe(403);
  const bad = await call('GET', '/api/supervision/cases?filter=late', 'supervisor');
  expect(bad.status).toBe(400);
  expect((await call('GET', '/api/supervision/cases?limit=0', 'supervisor')).status).toBe(400);
});

test('a case nobody can act on is stuck, naming why; overdue ones filter; stats count', async () => {
  await OfficialModel.updateOne({ _id: 'receiver.tandinh' }, { $set: { active: false } });
  const orphan = await h.startCase('1.012790.000.00.00.H29', 'TANDINH');
  const normal = await atRiskCase();
  await projected(orphan.workflowId);
  await projected(normal.workflowId);
  await normal.signal(caseClockSignal, { offsetMs: 0 });

  const stuck = items(await call('GET', '/api/supervision/cases?filter=stuck', 'supervisor'));
  const entry = stuck.find((i) => i.code === orphan.workflowId);
  expect(entry?.stuck).toEqual({
    reason: 'NO_ELIGIBLE_OFFICIAL',
    detail: 'Không có cán bộ đang hoạt động giữ vai trò RECEIVER tại đơn vị TANDINH.',
  });
  // The normal one is at risk at most (its verification is due within a working day).
  expect(reasonsOf(stuck.find((i) => i.code === normal.workflowId))).not.toContain(
    'NO_ELIGIBLE_OFFICIAL',
  );

  const atRisk = await eventually(async () => {
    const all = items(await call('GET', '/api/supervision/cases?unit=SAIGON', 'supervisor'));
    const item = all.find((i) => i.code === normal.workflowId);
    return item?.stuck?.reason === 'AT_RISK' ? item : undefined;
  });
  expect(atRisk).toMatchObject({ stage: 'VERIFICATION', stuck: { reason: 'AT_RISK' } });

  // A case received three working days ago (its clock backdated through the input, as the demo
  // seed does), then caught up with the real time: the verification deadline's timer fires.
  const since = subtractWorkingHours(new Date(), 24);
  const backdated = await h.startCase('1.001612.000.00.00.H29', 'SAIGON', {
    submittedAt: since.toISOString(),
    clock: { offsetMs: since.getTime() - Date.now() },
  });
  await projected(backdated.workflowId);
  await backdated.signal(caseClockSignal, { offsetMs: 0 });
  const late = await eventually(async () => {
    const r = await call('GET', '/api/supervision/cases?filter=overdue', 'supervisor');
    return (r.json.items as Array<Item & { overdueBy: { workingDays: number } }>).find(
      (i) => i.code === backdated.workflowId,
    );
  });
  expect(late.stuck?.reason).toBe('OVERDUE');
  // Filed 24 office hours ago, due at the end of the office day 8 office hours after that: late by
  // 16 office hours less what was left of that day, i.e. more than one working day and at most
  // two, depending on the hour the test runs at (rounded to a tenth).
  expect(late.overdueBy.workingDays).toBeGreaterThanOrEqual(0.95);
  expect(late.overdueBy.workingDays).toBeLessThanOrEqual(2.05);
  // The workflow's own overdue timer fired once its clock caught up (the flag on the read model).
  await eventually(async () => (await CaseModel.findById(backdated.workflowId).lean())?.overdue);

  const page1 = await call('GET', '/api/supervision/cases?limit=1', 'supervisor');
  expect(items(page1)).toHaveLength(1);
  expect(typeof page1.json.nextCursor).toBe('string');
  const page2 = await call(
    'GET',
    `/api/supervision/cases?limit=1&cursor=${page1.json.nextCursor as string}`,
    'supervisor',
  );
  expect(items(page2)[0]?.code).not.toBe(items(page1)[0]?.code);

  const stats = (await call('GET', '/api/supervision/stats', 'supervisor'))
    .json as unknown as Array<{
    unitCode: string;
    received: number;
    inProgress: number;
    overdue: number;
    onTimeRate: number;
  }>;
  const saigon = stats.find((s) => s.unitCode === 'SAIGON')!;
  expect(saigon.received).toBeGreaterThanOrEqual(1);
  expect(saigon.overdue).toBeGreaterThanOrEqual(1);
  expect(saigon.onTimeRate).toBeLessThan(1);
  expect(stats.find((s) => s.unitCode === 'TANDINH')?.inProgress).toBe(1);
  await OfficialModel.updateOne({ _id: 'receiver.tandinh' }, { $set: { active: true } });
}, 240_000); // atRiskCase may wait up to two minutes, just before an office day closes

test('a supervisor reassigns a case to an official of its unit, whose inbox then has it', async () => {
  const handle = await h.startCase('1.009994.000.00.00.H29', 'BENTHANH');
  const code = handle.workflowId;
  await projected(code);
  const wrongRole = await call('POST', `/api/cases/${code}/reassign`, 'supervisor', {
    toOfficialId: 'ward.benthanh',
  });
  expect(wrongRole.status).toBe(400);
  expect(
    (await call('POST', `/api/cases/${code}/reassign`, 'receiver.benthanh', { toOfficialId: 'x' }))
      .status,
  ).toBe(403);
  const done = await call('POST', `/api/cases/${code}/reassign`, 'supervisor', {
    toOfficialId: 'receiver.benthanh',
    note: 'Xử lý gấp',
  });
  expect(done.status).toBe(200);
  expect(done.json.assignee).toMatchObject({ id: 'receiver.benthanh' });
  const inbox = await eventually(async () => {
    const r = await call('GET', '/api/inbox', 'receiver.benthanh');
    const list = (r.json as unknown as { items: Array<{ code: string }> }).items;
    return list.some((i) => i.code === code) ? list : null;
  });
  expect(inbox.some((i) => i.code === code)).toBe(true);
});

test("an escalation notifies the unit's heads and the supervisors, each message sent by its workflow", async () => {
  const handle = await h.startCase('1.009994.000.00.00.H29', 'BENTHANH');
  const code = handle.workflowId;
  await projected(code);
  const r = await call('POST', `/api/supervision/cases/${code}/escalate`, 'supervisor', {
    note: 'Đề nghị khẩn trương xử lý',
  });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ code, count: 1 });
  const escalated = () => OutboxModel.find({ caseCode: code, event: 'ESCALATED' }).lean();
  // The ward's approver (the case waits on BENTHANH) and the city-wide supervisor.
  expect((await escalated()).map((m) => m.to).sort()).toEqual([
    'supervisor@motcua.example.gov.vn',
    'ward.benthanh@motcua.example.gov.vn',
  ]);
  expect(await escalated()).toHaveLength(r.json.notified as number);
  // Started by the API process, run by the case worker.
  await eventually(async () => (await escalated()).every((m) => m.status === 'SENT'));
});

async function download(path: string, as: string): Promise<{ status: number; body: Buffer }> {
  await call('GET', '/api/supervision/stats', as); // signs in
  const res = await fetch(`${url}${path}`, {
    headers: { Authorization: `Bearer ${tokens.get(as)}` },
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

const stuckOf = async (code: string) =>
  items(await call('GET', '/api/supervision/cases?filter=stuck&limit=200', 'supervisor')).find(
    (i) => i.code === code,
  );

test('a case whose workflow was terminated in Temporal is found by the reconciliation', async () => {
  const handle = await h.startCase('1.001612.000.00.00.H29', 'SAIGON');
  await projected(handle.workflowId);
  expect(reasonsOf(await stuckOf(handle.workflowId))).not.toContain('WORKFLOW_ENDED');
  await handle.terminate('kiểm thử');
  // Visibility is eventually consistent: the job finds it once the listing shows it closed.
  await eventually(async () => {
    await reconcileEndedCases(h.client);
    return (await stuckOf(handle.workflowId))?.stuck?.reason === 'WORKFLOW_ENDED';
  });
  const entry = await stuckOf(handle.workflowId);
  expect(entry?.stuck?.detail).toContain('bị dừng cưỡng bức (terminated)');
  // A second run changes nothing.
  const again = await reconcileEndedCases(h.client);
  expect(again.ended).toBe(0);
});

test('a case whose workflow completed but whose last projection was lost is closed and counted by the reconciliation', async () => {
  const handle = await h.startCase('1.012790.000.00.00.H29', 'TANDINH');
  const code = handle.workflowId;
  await projected(code);
  const open = await handle.query(caseStateQuery);
  const before = await unitStats('TANDINH');
  await h.act(handle, 'receiver.tandinh', {
    action: 'refuse',
    reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của phường.',
  });
  await handle.result();
  const counted = await eventually(async () => {
    const s = await unitStats('TANDINH');
    return s.refused === before.refused + 1 ? s : null;
  });
  // As if the final write of the board had been lost: the case is open there again.
  await projectBoard(open, open.timeline[open.timeline.length - 1]!.seq);
  await eventually(
    async () =>
      !!(await stuckOf(code)) || (await unitStats('TANDINH')).inProgress > counted.inProgress,
  );
  const report = await eventually(async () => {
    const r = await reconcileEndedCases(h.client);
    return r.repaired > 0 ? r : null;
  });
  expect(report.ended).toBe(0);
  const after = await eventually(async () => {
    const s = await unitStats('TANDINH');
    return s.inProgress === counted.inProgress ? s : null;
  });
  // Closed on the board again, and counted once: the refusal is not counted a second time.
  expect(after.refused).toBe(counted.refused);
  expect(after.received).toBe(counted.received);
});

test('an activity of a case failing attempt after attempt makes it stuck until it succeeds', async () => {
  const handle = await h.startCase('1.001612.000.00.00.H29', 'SAIGON');
  const code = handle.workflowId;
  await projected(code);
  const intercept = failingActivityInterceptor(createLogger('test', 'silent'));
  const ctx = (attempt: number) =>
    ({
      info: {
        workflowType: 'caseWorkflow',
        workflowExecution: { workflowId: code, runId: 'r' },
        activityType: 'signControlSheet',
        activityId: '12',
        attempt,
        retryPolicy: { initialInterval: 1000 },
        scheduledTimestampMs: Date.now(),
      },
    }) as unknown as Context;
  const fail = async (): Promise<unknown> => {
    throw new Error('Không đọc được tệp phiếu kiểm soát.');
  };
  const input = { args: [], headers: {} };
  await expect(intercept(ctx(2)).execute!(input, fail)).rejects.toThrow('phiếu kiểm soát');
  expect(reasonsOf(await stuckOf(code))).not.toContain('ACTIVITY_FAILING');
  await expect(intercept(ctx(3)).execute!(input, fail)).rejects.toThrow('phiếu kiểm soát');
  const stuck = await eventually(async () => {
    const e = await stuckOf(code);
    return e?.stuck?.reason === 'ACTIVITY_FAILING' ? e : null;
  });
  expect(stuck.stuck?.detail).toBe(
    'Bước tự động signControlSheet đã lỗi 3 lần liên tiếp: Không đọc được tệp phiếu kiểm soát.',
  );
  await intercept(ctx(4)).execute!(input, async () => 'ok');
  await eventually(async () => !reasonsOf(await stuckOf(code)).includes('ACTIVITY_FAILING'));
});

type UnitStats = {
  unitCode: string;
  received: number;
  inProgress: number;
  resolved: number;
  refused: number;
  onTimeRate: number | null;
};
const unitStats = async (unit: string): Promise<UnitStats> =>
  (
    (await call('GET', `/api/supervision/stats?unit=${unit}`, 'supervisor'))
      .json as unknown as UnitStats[]
  ).find((s) => s.unitCode === unit)!;

test('a case refused at the desk is received but neither on time nor late', async () => {
  const handle = await h.startCase('1.012790.000.00.00.H29', 'BENTHANH');
  await projected(handle.workflowId);
  const before = await unitStats('BENTHANH');
  await h.act(handle, 'receiver.benthanh', {
    action: 'refuse',
    reason: 'Thủ tục không thuộc thẩm quyền của phường.',
  });
  const after = await eventually(async () => {
    const s = await unitStats('BENTHANH');
    return s.refused === before.refused + 1 ? s : null;
  });
  expect(after.received).toBe(before.received);
  expect(after.inProgress).toBe(before.inProgress - 1);
  expect(after.resolved).toBe(before.resolved);
  // The refused case left the denominator: with only on-time cases before, the share stays 1.
  expect(before.onTimeRate).toBe(1);
  expect(after.onTimeRate).toBe(after.inProgress + after.resolved === 0 ? null : 1);
});

test("a unit's head sees and directs only their own unit", async () => {
  const own = await h.startCase('1.001612.000.00.00.H29', 'SAIGON');
  const other = await h.startCase('1.001612.000.00.00.H29', 'BENTHANH');
  await projected(own.workflowId);
  await projected(other.workflowId);
  const list = items(await call('GET', '/api/supervision/cases?limit=200', 'ward.saigon'));
  expect(list.some((i) => i.code === own.workflowId)).toBe(true);
  expect(list.some((i) => i.code === other.workflowId)).toBe(false);
  const stats = (await call('GET', '/api/supervision/stats', 'ward.saigon'))
    .json as unknown as UnitStats[];
  expect(stats.map((s) => s.unitCode)).toEqual(['SAIGON']);
  const foreign = await call('GET', '/api/supervision/cases?unit=BENTHANH', 'ward.saigon');
  expect(foreign.status).toBe(403);
  expect(
    (await call('GET', `/api/supervision/cases/${other.workflowId}`, 'ward.saigon')).status,
  ).toBe(403);
  expect(
    (await call('GET', `/api/supervision/cases/${own.workflowId}`, 'ward.saigon')).status,
  ).toBe(200);
  const exported = await download('/api/supervision/export?table=cases&format=csv', 'ward.saigon');
  expect(exported.body.toString('utf8')).not.toContain(other.workflowId);
});

test('the export holds the listed cases with Vietnamese headers, as CSV and as XLSX', async () => {
  const handle = await h.startCase('1.001612.000.00.00.H29', 'SAIGON');
  await projected(handle.workflowId);
  const csv = await download(
    '/api/supervision/export?table=cases&format=csv&unit=SAIGON',
    'supervisor',
  );
  expect(csv.status).toBe(200);
  const text = csv.body.toString('utf8');
  expect(text.startsWith('\ufeffMã hồ sơ,Thủ tục,Người nộp,Bước hiện tại,')).toBe(true);
  const row = text.split('\r\n').find((l) => l.startsWith(handle.workflowId));
  expect(row).toContain('Đang giải quyết trong hạn');

  const xlsx = await download('/api/supervision/export?table=units&format=xlsx', 'supervisor');
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.getCell('A1').value).toBe('Báo cáo tình hình giải quyết hồ sơ theo đơn vị');
  const units = (sheet.getColumn(1).values as unknown[]).slice(5);
  expect(units).toEqual(expect.arrayContaining(['SAIGON', 'BENTHANH', 'TANDINH']));
});
