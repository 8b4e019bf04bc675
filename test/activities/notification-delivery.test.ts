/**
 * Notification delivery owned by Temporal, on the real Temporal dev server and FerretDB of the
 * setup: a case event's messages are delivered once each however often the bookkeeping activity
 * repeats the enqueue; a sender that fails is retried by Temporal's retry policy; a permanent
 * failure is not; and messages an older version left pending are started by the
 * `notification-deliveries` job.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import mongoose, { Types } from 'mongoose';
import { createActivities } from '../../activities';
import {
  fileSender,
  insertOutboxRecords,
  notificationWorkflowId,
  outboxRecord,
  PermanentSendError,
  type OutboxMessage,
  type Sender,
} from '../../activities/notifications';
import { recordCaseEvent } from '../../activities/record-case-event';
import type { RecordEventInput } from '../../activities/types';
import { CONSTRUCTION_PERMIT } from '../../domain/catalogue';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { OutboxModel, OutboxQueueModel, type OutboxDoc } from '../../models/outbox';
import { loadConfig } from '../../runtime/config';
import { isolatedMongoUri, temporalAddress, uniqueTaskQueue, workflowBundle } from '../helpers/env';
import { officialDoc } from '../helpers/fixtures';
import { TEST_TMP } from '../helpers/paths';
import { caseState } from '../helpers/case-state';

const run = crypto.randomBytes(3).toString('hex');
const taskQueue = uniqueTaskQueue('delivery');
const file = path.join(TEST_TMP, `delivery-${run}`, 'sent.jsonl');
const files = {
  EMAIL: fileSender('EMAIL', { filePath: file }),
  SMS: fileSender('SMS', { filePath: file }),
};

/** Every attempt any sender was given, and what the next attempts do (the file by default). */
const attempts: OutboxMessage[] = [];
let behaviour: (m: OutboxMessage) => Promise<{ providerMessageId?: string }> = (m) =>
  files[m.channel].send(m);
const senders: Sender[] = (['EMAIL', 'SMS'] as const).map((channel) => ({
  channel,
  send(m) {
    attempts.push(m);
    return behaviour(m);
  },
}));

let client: Client;
let connection: Connection;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const deliveries = () => ({ client, taskQueue });

beforeAll(async () => {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  await connectMongo(isolatedMongoUri('delivery'));
  await Promise.all([OutboxModel.init(), OfficialModel.init()]);
  await OfficialModel.create(
    officialDoc('receiver.benthanh', ['RECEIVER'], 'BENTHANH', { email: 'hoa@benthanh.gov.vn' }),
  );
  connection = await Connection.connect({ address: temporalAddress() });
  client = new Client({ connection });
  native = await NativeConnection.connect({ address: temporalAddress() });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities(config, { senders }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

beforeEach(() => {
  behaviour = (m) => files[m.channel].send(m);
});

const result = (id: Types.ObjectId): Promise<unknown> =>
  client.workflow.getHandle(notificationWorkflowId(id)).result();
const record = async (id: Types.ObjectId): Promise<OutboxDoc> =>
  (await OutboxModel.findById(id).lean<OutboxDoc>().exec())!;
const sentLines = (): Array<{ key: string }> =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { key: string })
    : [];

/** One e-mail queued (and its delivery started) as a writer of the outbox does it. */
async function queueOne(label: string): Promise<Types.ObjectId> {
  const key = `DELIVERY-${run}#1#RECEIVED#EMAIL#${label}@example.vn`;
  const doc = outboxRecord(
    {
      key,
      caseCode: `DELIVERY-${run}`,
      entrySeq: 1,
      event: 'RECEIVED',
      audience: 'OFFICIAL',
      channel: 'EMAIL',
      to: `${label}@example.vn`,
      subject: 'Hồ sơ mới chờ kiểm tra',
      body: 'Nội dung',
    },
    new Date(),
  );
  await insertOutboxRecords([doc], deliveries());
  return doc._id;
}

function caseEvent(code: string): RecordEventInput {
  const at = new Date().toISOString();
  const state = caseState({
    code,
    procedureCode: CONSTRUCTION_PERMIT.code,
    procedureName: CONSTRUCTION_PERMIT.name,
    wardCode: 'BENTHANH',
    applicant: {
      fullName: 'Trần Văn An',
      idNumber: '079090001234',
      phone: '0912 345 678',
      email: 'an.tran@example.vn',
      address: '12 Lý Tự Trọng, Phường Bến Thành',
    },
    stage: 'VERIFICATION',
    submittedAt: at,
    dueAt: at,
    originalDueAt: at,
    stageEnteredAt: at,
    stageDueAt: at,
    stageUnitCode: 'BENTHANH',
    chainIndex: 0,
  });
  const entry = {
    seq: 1,
    at,
    stage: 'VERIFICATION' as const,
    action: 'submit',
    actor: null,
    note: null,
  };
  state.timeline = [entry];
  return {
    state,
    entry,
    notifications: [
      { to: { applicant: true }, event: 'RECEIVED' },
      { to: { role: 'RECEIVER', unitCode: 'BENTHANH' }, event: 'RECEIVED' },
    ],
  };
}

test('the messages of a case event are delivered once each, however often the enqueue is repeated', async () => {
  const code = `000.26.01.H29-${run}-0001`;
  const input = caseEvent(code);
  // The bookkeeping activity as the worker runs it, with the worker's client; retried.
  const activity = new MockActivityEnvironment({ taskQueue }, { client });
  await activity.run(recordCaseEvent, input);
  await Promise.all([activity.run(recordCaseEvent, input), activity.run(recordCaseEvent, input)]);

  const records = await OutboxModel.find({ caseCode: code }).lean<OutboxDoc[]>().exec();
  expect(records.map((r) => `${r.channel} ${r.to}`).sort()).toEqual([
    'EMAIL an.tran@example.vn',
    'EMAIL hoa@benthanh.gov.vn',
    'SMS 0912345678',
  ]);
  for (const r of records) expect(await result(r._id)).toBe('SENT');
  const runs = await Promise.all(
    records.map(
      async (r) =>
        (await client.workflow.getHandle(notificationWorkflowId(r._id)).describe()).runId,
    ),
  );

  // Repeated once more after the messages went out (a retry whose first completion was lost).
  await activity.run(recordCaseEvent, input);
  for (const [i, r] of records.entries()) {
    const d = await client.workflow.getHandle(notificationWorkflowId(r._id)).describe();
    expect(d.runId).toBe(runs[i]); // no second run
    expect(await record(r._id)).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    expect((await record(r._id)).providerMessageId).toMatch(/^file-/);
  }
  const keys = sentLines()
    .map((l) => l.key)
    .filter((k) => k.startsWith(`${code}#`));
  expect(keys.sort()).toEqual(records.map((r) => r.key).sort());
  expect(await OutboxQueueModel.countDocuments({})).toBe(0);
});

test('a sender that fails twice is retried by Temporal, and the third attempt sends', async () => {
  behaviour = async (m) => {
    if (m.attempt < 3) throw new Error('SMTP 451 try later');
    return { providerMessageId: `gw-${m.attempt}` };
  };
  const id = await queueOne('retried');
  expect(await result(id)).toBe('SENT');
  expect(await record(id)).toMatchObject({
    status: 'SENT',
    attempts: 3,
    lastError: null,
    providerMessageId: 'gw-3',
  });
  expect(attempts.filter((m) => m.id === id.toHexString()).map((m) => m.attempt)).toEqual([
    1, 2, 3,
  ]);
});

test('a permanent failure ends FAILED with its reason, without retries', async () => {
  behaviour = async () => {
    throw new PermanentSendError('address rejected');
  };
  const id = await queueOne('refused');
  expect(await result(id)).toBe('FAILED');
  expect(await record(id)).toMatchObject({
    status: 'FAILED',
    attempts: 1,
    lastError: 'PermanentSendError: address rejected',
    sentAt: null,
  });
  expect(attempts.filter((m) => m.id === id.toHexString())).toHaveLength(1);
});

test('messages an older version left to its dispatcher are delivered after the start pass', async () => {
  // As the dispatcher's version wrote them: pending, or claimed by a dispatcher that died; with
  // their entries in the queue, and no workflow.
  const now = new Date();
  const old = (label: string, over: Record<string, unknown>) => {
    const { _id, ...rest } = outboxRecord(
      {
        key: `OLD-${run}#1#RECEIVED#SMS#${label}`,
        caseCode: `OLD-${run}`,
        entrySeq: 1,
        event: 'RECEIVED',
        audience: 'APPLICANT',
        channel: 'SMS',
        to: label,
        subject: null,
        body: 'Hồ sơ đã được tiếp nhận.',
      },
      now,
    );
    return { _id, ...rest, nextAttemptAt: now, leaseUntil: null, claimedBy: null, ...over };
  };
  const pending = old('0912000001', {});
  const claimed = old('0912000002', {
    status: 'SENDING',
    attempts: 1,
    leaseUntil: now,
    claimedBy: 'old-host:42:abc',
  });
  await OutboxModel.collection.insertMany([pending, claimed] as never[]);
  await OutboxQueueModel.collection.insertMany(
    [pending, claimed].map((d) => ({ _id: d._id, channel: 'SMS', due: now })) as never[],
  );

  const pass = () =>
    client.workflow.execute('maintenanceWorkflow', {
      taskQueue,
      workflowId: `delivery-pass-${run}-${crypto.randomBytes(3).toString('hex')}`,
      args: ['notification-deliveries'],
    });
  expect(await pass()).toEqual({ started: 2 });
  expect(await result(pending._id)).toBe('SENT');
  expect(await result(claimed._id)).toBe('SENT');
  expect(await record(pending._id)).toMatchObject({ status: 'SENT', attempts: 1 });
  expect(await record(claimed._id)).toMatchObject({ status: 'SENT', attempts: 2 });
  expect(sentLines().filter((l) => l.key.startsWith(`OLD-${run}#`))).toHaveLength(2);
  // Nothing is left to start; a second pass starts nothing.
  expect(await OutboxQueueModel.countDocuments({})).toBe(0);
  expect(await pass()).toEqual({ started: 0 });
});
