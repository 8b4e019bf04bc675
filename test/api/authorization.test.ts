/**
 * Authorization before information (issue 10, rows 7 and 8), on the real stack: an official of a
 * unit that has nothing to do with a case is refused with 403 whatever they try, before its stage
 * shows through a 409; a supervisor reassigning an ended case (COMPLETED or CLOSED) hears 409
 * WRONG_STAGE, not 404.
 */
import { serveApi, type ServedApi } from '../helpers/api';
import { HttpClient } from '../helpers/http-client';
import { createHarness, DEMO_PIN, eventually, type Harness } from '../integration/harness';

let h: Harness;
let api: ServedApi;
let client: HttpClient;

beforeAll(async () => {
  h = await createHarness('authz');
  await h.startWorker();
  api = await serveApi(h.config);
  client = new HttpClient(api.url, '10.55.0.1');
});

afterAll(async () => {
  await api?.close({ keepMongo: true });
  await h?.close();
});

type ErrorBody = { error: { code: string; message: string } };

/** Starts a case and waits until its read model answers (the projection follows the workflow). */
async function opened(procedureCode: string): Promise<string> {
  const handle = await h.startCase(procedureCode, 'SAIGON');
  const auth = { Authorization: `Bearer ${await client.token('receiver.saigon')}` };
  await eventually(
    async () =>
      (await client.call('GET', `/api/cases/${handle.workflowId}`, undefined, auth)).status === 200,
  );
  return handle.workflowId;
}

test('an official of an unrelated unit gets 403 in every stage, the stage never named', async () => {
  // Construction permit in SAIGON: its units are SAIGON (ward) and SXD (department).
  const code = await opened('1.009994.000.00.00.H29');
  const strangers: Array<[string, Record<string, unknown>]> = [
    ['receiver.benthanh', { action: 'handover' }],
    ['receiver.benthanh', { action: 'accept' }],
    ['ward.benthanh', { action: 'approve', pin: '000000' }],
    ['dept.stc', { action: 'approve', pin: '000000' }],
    ['dept.stc', { action: 'reject', reason: 'Không đạt.', pin: '000000' }],
  ];
  const probe = async (stage: string): Promise<void> => {
    for (const [username, body] of strangers) {
      const res = await client.act(username, code, body);
      const err = (res.json as unknown as ErrorBody).error;
      expect([stage, username, body.action, res.status, err.code]).toEqual([
        stage,
        username,
        body.action,
        403,
        'FORBIDDEN',
      ]);
      expect(err.message).not.toMatch(/VERIFICATION|WARD_APPROVAL|DEPARTMENT|RESULT_READY/);
    }
  };
  await probe('VERIFICATION');
  expect((await client.act('receiver.saigon', code, { action: 'accept' })).status).toBe(200);
  await probe('WARD_APPROVAL');
  // Officials of the case's own units still learn why they cannot act now.
  const early = await client.act('receiver.saigon', code, { action: 'handover' });
  expect([early.status, (early.json as unknown as ErrorBody).error.code]).toEqual([
    409,
    'WRONG_STAGE',
  ]);
  // ... and strangers cannot read it either.
  const read = await client.call('GET', `/api/cases/${code}`, undefined, {
    Authorization: `Bearer ${await client.token('dept.stc')}`,
  });
  expect(read.status).toBe(403);
});

test('reassigning a COMPLETED or a CLOSED case is 409 WRONG_STAGE', async () => {
  const supervisor = { Authorization: `Bearer ${await client.token('supervisor')}` };
  // Household business: ward only; accept, approve, handover → COMPLETED.
  const done = { workflowId: await opened('1.001612.000.00.00.H29') };
  expect((await client.act('receiver.saigon', done.workflowId, { action: 'accept' })).status).toBe(
    200,
  );
  const approved = await client.act('ward.saigon', done.workflowId, {
    action: 'approve',
    pin: DEMO_PIN,
  });
  expect(approved.json.stage).toBe('RESULT_READY');
  const handed = await client.act('receiver.saigon', done.workflowId, { action: 'handover' });
  expect(handed.json.stage).toBe('COMPLETED');

  const refused = { workflowId: await opened('1.001612.000.00.00.H29') };
  const closed = await client.act('receiver.saigon', refused.workflowId, {
    action: 'refuse',
    reason: 'Hồ sơ không thuộc thẩm quyền.',
  });
  expect(closed.json.stage).toBe('CLOSED');

  for (const code of [done.workflowId, refused.workflowId]) {
    const res = await client.call(
      'POST',
      `/api/cases/${code}/reassign`,
      { toOfficialId: 'receiver.saigon', note: 'Giao lại.' },
      supervisor,
    );
    expect([code, res.status, (res.json as unknown as ErrorBody).error.code]).toEqual([
      code,
      409,
      'WRONG_STAGE',
    ]);
  }
  const missing = await client.call(
    'POST',
    '/api/cases/000.00.00.H29-000000-0000/reassign',
    { toOfficialId: 'receiver.saigon' },
    supervisor,
  );
  expect(missing.status).toBe(404);
});
