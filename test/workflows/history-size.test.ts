/**
 * Measures, does not judge: the Temporal history of one completed household-business case and one
 * construction-permit case (the catalogue's procedures, activities stubbed), in events and in
 * encoded protobuf bytes as scripts/bench/history.ts counts them. The figures go to
 * test/.tmp/history-size.json and the log; compare them across workflow versions by running this
 * file on each (the figures before and after patch "bookkeeping-delta" are in the commit message).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CONSTRUCTION_PERMIT, HOUSEHOLD_BUSINESS } from '../../domain/catalogue';
import {
  actUpdate,
  provideSupplementUpdate,
  reassignUpdate,
  type ActionRequest,
} from '../../workflows/messages';
import type { CaseInput } from '../../workflows/state';
import { timeSkippingWorker } from '../helpers/time-skipping';
import { actor, applicant, context, unit } from '../helpers/fixtures';
import { TEST_TMP } from '../helpers/paths';
import { fakeActivities } from './fake-activities';

const fake = fakeActivities({
  [CONSTRUCTION_PERMIT.code]: context(CONSTRUCTION_PERMIT),
  [HOUSEHOLD_BUSINESS.code]: {
    ...context(HOUSEHOLD_BUSINESS),
    department: unit('STC', 'DEPARTMENT', 'Sở Tài chính'),
  },
});

const tsw = timeSkippingWorker('history-size', fake.activities);
const taskQueue = tsw.taskQueue;

/** An application form of a realistic size (it travels in the input and the first event). */
const form = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`truong${i}`, `Giá trị của trường thứ ${i} trong tờ khai`]),
);

async function completedCase(
  procedureCode: string,
  code: string,
  levels: ActionRequest[],
  rounds = 0,
) {
  const client = new Client({ connection: tsw.env().connection });
  const h = await client.workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: code,
    args: [{ code, procedureCode, wardCode: 'SAIGON', applicant, form } satisfies CaseInput],
  });
  const act = (req: ActionRequest) => h.executeUpdate(actUpdate, { args: [req] });
  const receiver = actor('RECEIVER', 'SAIGON', 'Trần Văn Tiếp');
  for (let i = 0; i < rounds; i++) {
    await act({ action: 'request_supplement', actor: receiver, missingDocuments: ['Bản vẽ'] });
    await h.executeUpdate(provideSupplementUpdate, { args: [{ note: `Lần ${i + 1}` }] });
  }
  await act({ action: 'accept', actor: receiver });
  for (let i = 0; i < rounds; i++) {
    const to = actor('WARD_APPROVER', 'SAIGON', i % 2 ? 'Hoàng Văn Hai' : 'Phạm Minh Phường');
    const by = actor('SUPERVISOR', null, 'Đặng Giám Sát');
    await h.executeUpdate(reassignUpdate, { args: [{ actor: by, to }] });
  }
  for (const req of levels) await act(req);
  const done = await act({
    action: 'handover',
    actor: actor('RECEIVER', 'SAIGON', 'Trần Văn Tiếp'),
  });
  await h.result();
  const history = await h.fetchHistory();
  const { History, HistoryEvent } = temporal.api.history.v1;
  // What the bookkeeping activity's inputs take of it (the part patch "bookkeeping-delta" shrinks).
  const bookkeeping = (history.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCaseEvent')
    .reduce((sum, e) => sum + HistoryEvent.encode(HistoryEvent.create(e)).finish().length, 0);
  return {
    stage: done.stage,
    events: history.events?.length ?? 0,
    bytes: History.encode(history).finish().length,
    bookkeepingBytes: bookkeeping,
  };
}

test('history of completed household-business and construction-permit cases', async () => {
  const ward = { action: 'approve', signingGrant: 'g' } as const;
  const household = await completedCase(HOUSEHOLD_BUSINESS.code, 'HS-HKD-0001', [
    { ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường') },
  ]);
  const permit = await completedCase(CONSTRUCTION_PERMIT.code, 'HS-GPXD-0001', [
    { ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường') },
    { ...ward, actor: actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở') },
  ]);
  // A long one: four supplement rounds and four reassignments (the last to Hoàng Văn Hai).
  const long = await completedCase(
    CONSTRUCTION_PERMIT.code,
    'HS-GPXD-0002',
    [
      { ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Hoàng Văn Hai') },
      { ...ward, actor: actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở') },
    ],
    4,
  );
  const figures = { householdBusiness: household, constructionPermit: permit, long };
  fs.mkdirSync(TEST_TMP, { recursive: true });
  fs.writeFileSync(path.join(TEST_TMP, 'history-size.json'), JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures));
  expect(household.stage).toBe('COMPLETED');
  expect(permit.stage).toBe('COMPLETED');
  expect(long.stage).toBe('COMPLETED');
  expect(permit.events).toBeGreaterThan(household.events);
});
