/**
 * The contract once: the OpenAPI document is generated from the same schemas the server enforces.
 * Every documented example satisfies the published schema and is accepted by the server (whatever
 * it then answers about the case, never 400 VALIDATION_FAILED); every operation publishes its
 * request and response schemas; every field problem of a request comes back in one round, named
 * by the field's Vietnamese title with its hint, or in English on request.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { OPERATIONS, type Operation } from '../../contract/operations';
import { closeDroppingDatabase, serveSeededApi, type ServedApi } from '../helpers/api';
import { HttpClient } from '../helpers/http-client';

type Json = Record<string, unknown>;
let api: ServedApi;
let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Json } };

beforeAll(async () => {
  api = await serveSeededApi('contract');
  doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as typeof doc;
});

afterAll(() => closeDroppingDatabase(api));

/** A validator of the published schemas (components resolved). */
function publishedValidator(schema: Json): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const text = JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/');
  return ajv.compile(JSON.parse(text) as Json) as (value: unknown) => boolean;
}

const operations = Object.values(OPERATIONS) as Operation[];

test('every operation publishes its request body and JSON answers with schemas', () => {
  for (const o of operations) {
    const published = doc.paths[o.path]?.[o.method] as Json | undefined;
    expect([o.operationId, published !== undefined]).toEqual([o.operationId, true]);
    const responses = published!.responses as Record<string, Json>;
    for (const [status, answer] of Object.entries(o.responses)) {
      if (!answer.schema) continue;
      const content = (responses[status]!.content as Record<string, Json>)['application/json'];
      expect([o.operationId, status, Object.keys(content!.schema as Json).length > 0]).toEqual([
        o.operationId,
        status,
        true,
      ]);
    }
    // Every declared error status is documented with the error shape and an example.
    for (const status of ['500', ...o.errors.map(() => '')].filter(Boolean)) {
      expect(responses[status]).toBeDefined();
    }
    if (o.body && o.body.kind !== 'binary') expect(published!.requestBody).toBeDefined();
  }
});

test('every documented example satisfies the published schema', () => {
  for (const o of operations.filter((x) => x.example?.body !== undefined)) {
    const body = doc.paths[o.path]![o.method]!.requestBody as Json;
    const media = Object.values(body.content as Record<string, Json>)[0]!;
    const valid = publishedValidator(media.schema as Json);
    expect([o.operationId, valid(o.example!.body)]).toEqual([o.operationId, true]);
  }
});

test('the server accepts every documented example (no VALIDATION_FAILED)', async () => {
  const client = new HttpClient(api.url, '10.77.0.1');
  const supervisor = `Bearer ${await client.token('supervisor')}`;
  const receiver = `Bearer ${await client.token('receiver.saigon')}`;
  for (const o of operations.filter((x) => x.example)) {
    const ex = o.example!;
    let path = o.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(ex.params![k]!));
    if (ex.query) path += `?${new URLSearchParams(ex.query)}`;
    const headers: Record<string, string> = { 'X-Tracking-Token': 'a-tracking-token' };
    if (o.security === 'bearer' || o.security === 'bearer-or-tracking') {
      headers.Authorization = o.tag === 'Giám sát' ? supervisor : receiver;
    }
    const res = await client.call(o.method.toUpperCase(), path, ex.body, headers);
    expect([o.operationId, res.status, (res.json.error as Json | undefined)?.code]).not.toEqual([
      o.operationId,
      400,
      'VALIDATION_FAILED',
    ]);
    expect(res.status).toBeLessThan(500);
  }
});

test('every problem of a request in one round, titled and hinted, Vietnamese by default', async () => {
  const body = {
    procedureCode: '1.009994.000.00.00.H29',
    wardCode: 'SAIGON',
    applicant: {
      fullName: 'Nguyễn Văn Bình',
      idNumber: '12345',
      phone: 'không có',
      address: 'Q1',
      nickname: 'Bình',
    },
    form: {},
    signerCertificatePem: '-----BEGIN CERTIFICATE-----',
  };
  const client = new HttpClient(api.url, '10.77.0.2');
  const vi = await client.call('POST', '/api/applications/prepare', body);
  expect(vi.status).toBe(400);
  expect(vi.headers.get('content-language')).toBe('vi');
  const problems = (vi.json.error as { details: Array<{ field: string; message: string }> })
    .details;
  // The shape's problems and the service's (the e-form against the procedure's schema, the
  // certificate) in the same answer.
  expect(problems.map((p) => p.field).sort()).toEqual(
    [
      'applicant.address',
      'applicant.idNumber',
      'applicant.nickname',
      'applicant.phone',
      'form.designer',
      'form.expectedCompletionMonths',
      'form.land',
      'form.site',
      'form.works',
      'signerCertificatePem',
    ].sort(),
  );
  const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
  expect(byField['applicant.idNumber']).toBe(
    'Số định danh cá nhân (CCCD): không đúng định dạng. Gồm đúng 12 chữ số, ví dụ 079085001234.',
  );
  expect(byField['applicant.address']).toMatch(/^Địa chỉ: cần ít nhất 5 ký tự\./);
  expect(byField['applicant.phone']).toMatch(/^Số điện thoại: không đúng định dạng\. Di động/);
  expect(byField['form.land']).toBe('Thông tin thửa đất: bắt buộc nhập.');
  expect(byField['signerCertificatePem']).toBe(
    'Chứng thư số của người ký: không phải chứng thư số X.509 dạng PEM.',
  );
  expect((vi.json.error as Json).message).toBe('Thông tin gửi lên chưa hợp lệ: 10 trường cần sửa.');

  const en = await client.call('POST', '/api/applications/prepare', body, {
    'Accept-Language': 'en-GB,en;q=0.9,vi;q=0.5',
  });
  const enProblems = (en.json.error as { details: Array<{ field: string; message: string }> })
    .details;
  expect(enProblems.find((p) => p.field === 'applicant.idNumber')?.message).toBe(
    'Citizen identity number: wrong format. Exactly 12 digits, e.g. 079085001234.',
  );
  expect(en.headers.get('content-language')).toBe('en');
});

test('a known path with another method is 405 with Allow; JSON nested too deep is 400', async () => {
  const client = new HttpClient(api.url, '10.77.0.3');
  const trace = await client.call('DELETE', '/api/procedures');
  expect(trace.status).toBe(405);
  expect(trace.headers.get('allow')).toBe('GET');
  expect((await client.call('GET', '/api/nothing')).status).toBe(404);
  let deep: unknown = 'x';
  for (let i = 0; i < 3000; i++) deep = { a: deep };
  const res = await client.call('POST', '/api/applications/prepare', deep);
  expect([res.status, (res.json.error as Json).code]).toEqual([400, 'VALIDATION_FAILED']);
});
