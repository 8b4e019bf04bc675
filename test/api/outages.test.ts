/**
 * Outages answer 503 DEPENDENCY_UNAVAILABLE with Retry-After within the bounded wait, and leave the
 * case as it was: the case worker gone, the Temporal server unreachable, and MongoDB down (a
 * FerretDB of this file's own, stopped and started again on the same data).
 */
import path from 'node:path';
import { ensureFerretDb } from '../../scripts/provision/index';
import { freePort } from '../../scripts/servers/process';
import { startMongo, type MongoServer } from '../../scripts/servers/mongo';
import { CaseModel } from '../../models/case';
import { serveApi, type ServedApi } from '../helpers/api';
import { HttpClient } from '../helpers/http-client';
import { TEST_TMP } from '../helpers/paths';
import { createHarness, eventually, type Harness } from '../integration/harness';
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseState } from '../../workflows/state';
import { caseStateQuery } from '../../workflows/messages';

let mongo: MongoServer;
let mongoPort: number;
const dataDir = path.join(TEST_TMP, `outages-mongo-${process.pid}`);
let h: Harness;
let api: ServedApi;
let worker: { stop(): Promise<void> } | null = null;
let handle: WorkflowHandle;
let code: string;

async function startOwnMongo(): Promise<MongoServer> {
  return startMongo(
    { kind: 'ferretdb', bin: await ensureFerretDb() },
    {
      port: mongoPort,
      dataDir,
      logFile: path.join(TEST_TMP, 'outages-mongo.log'),
      database: 'outages',
    },
  );
}

/** A 503 with Retry-After (the wait is bounded by CASE_CALL_MS and the drivers' timeouts). */
async function expectUnavailable(
  run: () => Promise<{ status: number; headers: Headers }>,
): Promise<void> {
  const res = await run();
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

async function stageInTemporal(): Promise<CaseState> {
  return handle.query(caseStateQuery);
}

beforeAll(async () => {
  mongoPort = await freePort();
  mongo = await startOwnMongo();
  h = await createHarness('outages', { mongoUri: mongo.uri });
  worker = await h.startWorker();
  api = await serveApi(h.config);
  handle = await h.startCase('1.001612.000.00.00.H29', 'BENTHANH');
  code = handle.workflowId;
  await eventually(async () => (await CaseModel.findById(code).lean())?.stage === 'VERIFICATION');
}, 180_000);

afterAll(async () => {
  await api?.close();
  await h?.close();
  await mongo?.stop();
});

test('no case worker: an action is refused at once, and nothing happens to the case', async () => {
  const client = new HttpClient(api.url);
  await client.token('receiver.benthanh');
  await worker?.stop();
  worker = null;
  await expectUnavailable(() => client.act('receiver.benthanh', code, { action: 'accept' }));
  const ready = await fetch(`${api.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ error: { details: { down: ['worker'] } } });
  worker = await h.startWorker();
  // The refused action never reached the case.
  const state = await stageInTemporal();
  expect(state.stage).toBe('VERIFICATION');
  expect(state.timeline.map((t) => t.action)).toEqual(['submit']);
});

test('Temporal unreachable: 503 with Retry-After within the bounded wait', async () => {
  const elsewhere = await serveApi({
    ...h.config,
    temporal: { ...h.config.temporal, address: `127.0.0.1:${await freePort()}` },
  });
  try {
    const client = new HttpClient(elsewhere.url);
    await expectUnavailable(() => client.act('receiver.benthanh', code, { action: 'accept' }));
  } finally {
    await elsewhere.close({ keepMongo: true });
  }
  expect((await stageInTemporal()).stage).toBe('VERIFICATION');
});

test('MongoDB down: 503 with Retry-After for reads and actions; the case is intact after', async () => {
  const client = new HttpClient(api.url);
  await client.token('receiver.benthanh');
  await mongo.stop();
  try {
    await expectUnavailable(() => client.act('receiver.benthanh', code, { action: 'accept' }));
    const bearer = { Authorization: `Bearer ${await client.token('receiver.benthanh')}` };
    await expectUnavailable(() => client.call('GET', `/api/cases/${code}`, undefined, bearer));
    await expectUnavailable(() => client.call('GET', '/api/inbox', undefined, bearer));
    await expectUnavailable(() =>
      client.call('POST', '/api/auth/login', {
        username: 'receiver.benthanh',
        password: 'demo',
      }),
    );
  } finally {
    mongo = await startOwnMongo();
  }
  await eventually(async () => (await fetch(`${api.url}/readyz`)).status === 200, 60_000);
  expect((await CaseModel.findById(code).lean())?.stage).toBe('VERIFICATION');
  const accepted = await client.act('receiver.benthanh', code, { action: 'accept' });
  expect(accepted.status).toBe(200);
  expect(accepted.json.stage).toBe('WARD_APPROVAL');
});
