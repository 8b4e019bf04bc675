/**
 * Deadlines survive holiday-table changes. The table changes every year (the Government announces
 * Tết, swaps days); a case lives for months and its worker is redeployed meanwhile. A case
 * computes its deadlines from the calendar recorded in its history (with its context), so a worker
 * bundling a changed table replays it without drift; a new calendar reaches it only by the
 * `calendarUpdated` signal, and then only for deadlines set after it.
 *
 * "Changed table" here: a table with many more days off (weekdays of the coming weeks, and of the
 * saved histories' weeks), generated at run time and bundled in place of domain/calendar/holidays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import webpack from 'webpack';
import {
  calendarDataOf,
  HOLIDAY_TABLE,
  WorkingCalendar,
  type HolidayYear,
} from '../../domain/calendar';
import {
  actUpdate,
  calendarUpdatedSignal,
  caseStateQuery,
  openedUpdate,
} from '../../workflows/messages';
import type { CaseInput, CaseState } from '../../workflows/state';
import { temporalAddress, uniqueTaskQueue, workflowBundle } from '../helpers/env';
import { actor, applicant, context, procedure } from '../helpers/fixtures';
import { HISTORIES_DIR, TEST_TMP } from '../helpers/paths';
import { fakeActivities } from './fake-activities';
import { caseAfter } from '../helpers/case-answer';

const STANDARD = procedure({ code: 'P-CAL' });
const receiver = actor('RECEIVER', 'SAIGON', 'Trần Văn Tiếp');
const DAY = 86_400_000;
const WARD_DAYS = STANDARD.sla.ward ?? 3;

/** Weekdays (in Vietnam) from `start` for `days` days, as "YYYY-MM-DD". */
function weekdays(start: Date, days: number): string[] {
  const out: string[] = [];
  for (let t = start.getTime(); t < start.getTime() + days * DAY; t += DAY) {
    const local = new Date(t + 7 * 3_600_000);
    const wd = local.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(local.toISOString().slice(0, 10));
  }
  return out;
}

/** Today's table with every weekday of `extra` off. */
function changedTable(extra: readonly string[]): HolidayYear[] {
  return HOLIDAY_TABLE.map((y) => {
    const known = new Set(y.daysOff.map((d) => d.date));
    const added = extra
      .filter((d) => d.startsWith(`${y.year}-`) && !known.has(d))
      .map((date) => ({
        date,
        occasion: 'TET' as const,
        kind: 'SWAPPED' as const,
        name: 'Ngày nghỉ thêm (thử nghiệm)',
      }));
    return {
      ...y,
      daysOff: [...y.daysOff, ...added].sort((a, b) => a.date.localeCompare(b.date)),
    };
  });
}

const CHANGED = changedTable([
  ...weekdays(new Date(), 40), // the cases of this test
  ...weekdays(new Date('2026-11-28T00:00:00Z'), 60), // the saved histories' weeks
]);

/** The workflows bundled with `table` in place of domain/calendar/holidays.ts. */
async function bundleWithTable(table: readonly HolidayYear[]): Promise<string> {
  const file = path.join(TEST_TMP, `changed-holidays-${process.pid}.js`);
  fs.writeFileSync(file, `exports.HOLIDAY_TABLE = ${JSON.stringify(table)};\n`);
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        new webpack.NormalModuleReplacementPlugin(/^\.\/holidays$/, (resource) => {
          const dir = (resource as { context: string }).context.replace(/\\/g, '/');
          if (dir.endsWith('domain/calendar')) (resource as { request: string }).request = file;
        }),
      ],
    }),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  const bundle = path.join(TEST_TMP, `workflow-bundle-changed-${process.pid}.js`);
  fs.writeFileSync(bundle, code);
  return bundle;
}

let changedBundle: string;
let client: Client;
let connection: Connection;
const fake = fakeActivities({ 'P-CAL': context(STANDARD) });

beforeAll(async () => {
  changedBundle = await bundleWithTable(CHANGED);
  connection = await Connection.connect({ address: temporalAddress() });
  client = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
});

/** Runs `fn` with a worker on `taskQueue` (the changed bundle: no cache, every task replays). */
async function withWorker<T>(
  taskQueue: string,
  bundle: 'published' | 'changed',
  fn: () => Promise<T>,
): Promise<T> {
  const native = await NativeConnection.connect({ address: temporalAddress() });
  try {
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      activities: fake.activities,
      workflowBundle: bundle === 'published' ? workflowBundle() : { codePath: changedBundle },
      ...(bundle === 'changed' ? { maxCachedWorkflows: 0 } : {}),
    });
    return await worker.runUntil(fn);
  } finally {
    await native.close();
  }
}

async function startCase(taskQueue: string): Promise<WorkflowHandle> {
  const input: CaseInput = {
    code: `CAL-${taskQueue}`,
    procedureCode: 'P-CAL',
    wardCode: 'SAIGON',
    applicant,
    form: {},
    submittedAt: new Date().toISOString(),
  };
  return client.workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: input.code,
    args: [input],
  });
}

const deadlines = (s: CaseState) => ({
  dueAt: s.dueAt,
  stageDueAt: s.stageDueAt,
  originalDueAt: s.originalDueAt,
});

test('the changed table does change deadlines (so the tests below can tell)', () => {
  const published = new WorkingCalendar(calendarDataOf(HOLIDAY_TABLE));
  const changed = new WorkingCalendar(calendarDataOf(CHANGED));
  const now = new Date();
  expect(changed.addWorkingDays(now, 3).getTime()).toBeGreaterThan(
    published.addWorkingDays(now, 3).getTime(),
  );
});

test('every saved history replays against a worker bundling a changed table', async () => {
  const files = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: changedBundle } },
    files.map((f) => ({
      workflowId: f,
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))),
    })),
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(files.length).toBeGreaterThanOrEqual(6);
});

test('a running case keeps its own calendar when a worker with a changed table takes it over', async () => {
  const taskQueue = uniqueTaskQueue('cal-drift');
  const handle = await startCase(taskQueue);
  const before = await withWorker(taskQueue, 'published', async () => {
    await handle.executeUpdate('opened'); // the first event recorded: the case is running
    return handle.query(caseStateQuery);
  });
  // Next year's worker (changed table, nothing cached) replays the case from its history.
  const after = await withWorker(taskQueue, 'changed', async () => {
    const replayed = await handle.query(caseStateQuery);
    const accepted = await caseAfter(
      handle,
      handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: receiver }] }),
    );
    return { replayed, accepted };
  });
  expect(deadlines(after.replayed)).toEqual(deadlines(before));
  // The deadline set after the takeover is counted in the case's calendar, not the worker's.
  const own = new WorkingCalendar(calendarDataOf(HOLIDAY_TABLE));
  const changed = new WorkingCalendar(calendarDataOf(CHANGED));
  const acceptedAt = new Date(after.accepted.stageEnteredAt);
  const expected = own.addWorkingDays(acceptedAt, WARD_DAYS).toISOString();
  expect(changed.addWorkingDays(acceptedAt, WARD_DAYS).toISOString()).not.toBe(expected);
  expect(after.accepted.stageDueAt).toBe(expected);
  await handle.terminate('test over');
}, 120_000);

test('calendarUpdated: later deadlines follow the new calendar, earlier ones stay', async () => {
  const taskQueue = uniqueTaskQueue('cal-signal');
  const handle = await startCase(taskQueue);
  const changed = calendarDataOf(CHANGED);
  await withWorker(taskQueue, 'published', async () => {
    const opened = await caseAfter(handle, handle.executeUpdate(openedUpdate));
    await handle.signal(calendarUpdatedSignal, changed);
    const accepted = await caseAfter(
      handle,
      handle.executeUpdate(actUpdate, { args: [{ action: 'accept', actor: receiver }] }),
    );
    const acceptedAt = new Date(accepted.stageEnteredAt);
    expect(accepted.stageDueAt).toBe(
      new WorkingCalendar(changed).addWorkingDays(acceptedAt, WARD_DAYS).toISOString(),
    );
    // The verification row was measured against the deadline set before the signal.
    expect(opened.stageDueAt).toBe(
      new WorkingCalendar(calendarDataOf(HOLIDAY_TABLE))
        .addWorkingDays(new Date(opened.submittedAt), STANDARD.sla.verification)
        .toISOString(),
    );
  });
  await handle.terminate('test over');
}, 120_000);
