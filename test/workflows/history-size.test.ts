/**
 * Measures, does not judge: the Temporal history of one completed household-business case and one
 * construction-permit case (the catalogue's procedures, activities stubbed), in events and in
 * encoded protobuf bytes as scripts/bench/history.ts counts them. The figures go to
 * test/.tmp/history-size.json (the histories themselves in test/.tmp/history-size/) and the log;
 * compare them across workflow versions by running this file on each (the figures before and after
 * patches "bookkeeping-delta" and "lean-history" are in the commit messages). Each case is measured
 * started by hand (as the CLI or the seed start it) and as the API files it online (`formStored`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
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
  formStored = false,
) {
  const client = new Client({ connection: tsw.env().connection });
  const input: CaseInput = { code, procedureCode, wardCode: 'SAIGON', applicant, form };
  const h = await client.workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: code,
    args: [formStored ? { ...input, formStored } : input],
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
  // The history itself, for a look at what takes its bytes (e.g. by event type).
  fs.mkdirSync(path.join(TEST_TMP, 'history-size'), { recursive: true });
  fs.writeFileSync(path.join(TEST_TMP, 'history-size', `${code}.json`), historyToJSON(history));
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

/** The three cases, started by hand (CLI, seed) or, `online`, as the API files them. */
async function threeCases(online: boolean) {
  const ward = { action: 'approve', signingGrant: 'g' } as const;
  const suffix = online ? '-ONLINE' : '';
  const household = await completedCase(
    HOUSEHOLD_BUSINESS.code,
    `HS-HKD-0001${suffix}`,
    [{ ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường') }],
    0,
    online,
  );
  const permit = await completedCase(
    CONSTRUCTION_PERMIT.code,
    `HS-GPXD-0001${suffix}`,
    [
      { ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Phạm Minh Phường') },
      { ...ward, actor: actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở') },
    ],
    0,
    online,
  );
  // A long one: four supplement rounds and four reassignments (the last to Hoàng Văn Hai).
  const long = await completedCase(
    CONSTRUCTION_PERMIT.code,
    `HS-GPXD-0002${suffix}`,
    [
      { ...ward, actor: actor('WARD_APPROVER', 'SAIGON', 'Hoàng Văn Hai') },
      { ...ward, actor: actor('DEPARTMENT_APPROVER', 'SXD', 'Võ Thị Sở') },
    ],
    4,
    online,
  );
  return { householdBusiness: household, constructionPermit: permit, long };
}

test('history of completed household-business and construction-permit cases', async () => {
  // Started by hand, as before patch "lean-history" every case was measured (comparable figures).
  const {
    householdBusiness: household,
    constructionPermit: permit,
    long,
  } = await threeCases(false);
  // Filed online: the submission checked the application and stored the form (`formStored`).
  const online = await threeCases(true);
  const figures = { householdBusiness: household, constructionPermit: permit, long, online };
  fs.mkdirSync(TEST_TMP, { recursive: true });
  fs.writeFileSync(path.join(TEST_TMP, 'history-size.json'), JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures));
  expect(household.stage).toBe('COMPLETED');
  expect(permit.stage).toBe('COMPLETED');
  expect(long.stage).toBe('COMPLETED');
  expect(permit.events).toBeGreaterThan(household.events);
  expect(online.long.stage).toBe('COMPLETED');
  // What the submission stored is not carried again: the online case's history is the smaller.
  expect(online.householdBusiness.bytes).toBeLessThan(household.bytes);
});
