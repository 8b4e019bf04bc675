/**
 * A citizen over HTTP, on the real stack (Temporal dev server, MongoDB, the case worker): reads
 * the catalogue, gets a certificate for a key that never leaves their browser, prepares and signs
 * the application, submits it with an attachment, follows the case with the tracking token and
 * downloads the signed form, which /api/verify accepts. Bad input gets the contract's codes.
 */
import { webcrypto } from 'node:crypto';

import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';

import { createHarness, eventually, type Harness } from '../integration/harness';
import { serveApi, TINY_PNG, type ServedApi } from '../helpers/api';

const { subtle } = webcrypto;
const EXAMPLE = EXAMPLE_APPLICATIONS.find((e) => e.wardCode === 'SAIGON')!;
const NAME_NFD = EXAMPLE.applicant.fullName.normalize('NFD');
const PNG = TINY_PNG;

let h: Harness;
let api: ServedApi;
let url: string;
let keys: webcrypto.CryptoKeyPair;
let certificatePem: string;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; bytes: Buffer; type: string }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers:
      body !== undefined && !(body instanceof FormData)
        ? { 'Content-Type': 'application/json', ...headers }
        : headers,
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const json = type.includes('json')
    ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)
    : {};
  return { status: res.status, json, bytes, type };
}

async function prepare(): Promise<{
  applicationId: string;
  toBeSigned: string;
  formPdfUrl: string;
}> {
  const res = await call('POST', '/api/applications/prepare', {
    procedureCode: EXAMPLE.procedureCode,
    wardCode: 'SAIGON',
    applicant: { ...EXAMPLE.applicant, fullName: NAME_NFD },
    form: EXAMPLE.form,
    signerCertificatePem: certificatePem,
  });
  expect(res.status).toBe(201);
  return res.json as { applicationId: string; toBeSigned: string; formPdfUrl: string };
}

async function sign(toBeSigned: string): Promise<string> {
  const value = await subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    keys.privateKey,
    Buffer.from(toBeSigned, 'base64'),
  );
  return Buffer.from(value).toString('base64');
}

function submission(
  signature: string,
  attachments: Array<[Buffer, string, string]> = [],
): FormData {
  const form = new FormData();
  form.set('signature', signature);
  for (const [bytes, name, type] of attachments) {
    form.append('attachments', new Blob([bytes], { type }), name);
  }
  return form;
}

function supplementForm(note: string, files: Array<[Buffer, string, string]>): FormData {
  const form = new FormData();
  if (note) form.set('note', note);
  for (const [bytes, name, type] of files) {
    form.append('attachments', new Blob([bytes], { type }), name);
  }
  return form;
}

beforeAll(async () => {
  h = await createHarness('applicant-http');
  await h.startWorker();
  await h.spreadDossierSerials('SAIGON');
  api = await serveApi(h.config);
  url = api.url;
  keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const spki = Buffer.from(await subtle.exportKey('spki', keys.publicKey)).toString('base64');
  const cert = await call('POST', '/api/applicant-certificates', {
    fullName: NAME_NFD,
    idNumber: EXAMPLE.applicant.idNumber,
    publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${spki.replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`,
  });
  expect(cert.status).toBe(201);
  certificatePem = cert.json.certificatePem as string;
});

afterAll(async () => {
  await h?.close();
  await api?.close();
});

test('the catalogue lists the procedures with their chain, deadlines, documents and e-form', async () => {
  const procedures = (await call('GET', '/api/procedures')).json as unknown as Array<
    Record<string, unknown>
  >;
  expect(procedures.map((p) => p.code)).toContain('1.009994.000.00.00.H29');
  const permit = procedures.find((p) => p.code === '1.009994.000.00.00.H29')!;
  expect(permit).toMatchObject({
    chain: ['WARD', 'DEPARTMENT'],
    department: { code: 'SXD', name: 'Sở Xây dựng' },
    slaWorkingDays: { verification: expect.any(Number), ward: expect.any(Number) },
    formSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema' },
  });
  expect((permit.requiredDocuments as unknown[]).length).toBeGreaterThan(2);
  const units = (await call('GET', '/api/units')).json as unknown as Array<{
    code: string;
    kind: string;
  }>;
  expect(units).toContainEqual({ code: 'SAIGON', name: 'Phường Sài Gòn', kind: 'WARD' });
});

test('a signed application becomes a case the applicant follows and whose form verifies', async () => {
  const prepared = await prepare();
  const form = await call('GET', prepared.formPdfUrl);
  expect(form.type).toBe('application/pdf');
  expect(form.bytes.subarray(0, 5).toString()).toBe('%PDF-');

  const signature = await sign(prepared.toBeSigned);
  const attachment: [Buffer, string, string] = [PNG, 'Bản vẽ mặt bằng.png', 'image/png'];
  const submitPath = `/api/applications/${prepared.applicationId}/submit`;
  const first = await call('POST', submitPath, submission(signature, [attachment]), {
    'Idempotency-Key': `k-${prepared.applicationId}`,
  });
  expect(first.status).toBe(201);
  expect(first.json).toMatchObject({ stage: 'VERIFICATION', links: { self: expect.any(String) } });
  const { code, trackingToken } = first.json as { code: string; trackingToken: string };

  const again = await call('POST', submitPath, submission(signature, [attachment]), {
    'Idempotency-Key': `k-${prepared.applicationId}`,
  });
  expect(again.status).toBe(200);
  expect(again.json.code).toBe(code);

  expect((await call('GET', `/api/cases/${code}`)).status).toBe(401);
  const wrong = await call('GET', `/api/cases/${code}`, undefined, { 'X-Tracking-Token': 'nope' });
  expect(wrong.status).toBe(404);

  const token = { 'X-Tracking-Token': trackingToken };
  const view = await eventually(async () => {
    const r = await call('GET', `/api/cases/${code}`, undefined, token);
    return r.status === 200 ? r.json : null;
  });
  expect(view).toMatchObject({
    code,
    stage: 'VERIFICATION',
    outcome: null,
    applicant: { fullName: EXAMPLE.applicant.fullName.normalize('NFC') },
  });
  expect(JSON.stringify(view)).not.toContain(EXAMPLE.applicant.idNumber);
  const documents = view.documents as Array<{ id: string; kind: string; title: string }>;
  const formDoc = documents.find((d) => d.kind === 'APPLICATION_FORM')!;
  const picture = documents.find((d) => d.kind === 'ATTACHMENT')!;
  expect(picture).toBeDefined();

  const signed = await call('GET', `/api/cases/${code}/documents/${formDoc.id}`, undefined, token);
  expect(signed.type).toBe('application/pdf');
  const verdict = await fetch(`${url}/api/verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pdf' },
    body: signed.bytes,
  });
  const report = (await verdict.json()) as {
    valid: boolean;
    signatures: Array<{ signerName: string }>;
  };
  expect(report.valid).toBe(true);
  expect(report.signatures[0]?.signerName).toBe(EXAMPLE.applicant.fullName.normalize('NFC'));

  const png = await call('GET', `/api/cases/${code}/documents/${picture.id}`, undefined, token);
  expect(png.type).toBe('image/png');
  expect(png.bytes.equals(PNG)).toBe(true);
  const disposition = await fetch(`${url}/api/cases/${code}/documents/${picture.id}`, {
    headers: token,
  }).then((r) => r.headers.get('content-disposition') ?? '');
  expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toContain('mặt bằng');
  const other = await call('GET', `/api/cases/${code}/documents/not-a-document`, undefined, token);
  expect(other.status).toBe(404);

  // A supplement is answered only when one is requested; the files then join the dossier.
  const supplement = (note: string, files: Array<[Buffer, string, string]>) =>
    call('POST', `/api/cases/${code}/supplement`, supplementForm(note, files), token);
  expect((await supplement('sớm quá', [attachment])).status).toBe(409);
  await h.act(h.client.workflow.getHandle(code), 'receiver.saigon', {
    action: 'request_supplement',
    missingDocuments: ['Bản sao hợp đồng thuê địa điểm kinh doanh'],
  });
  expect((await supplement('', [])).status).toBe(400);
  const answered = await supplement('Xin gửi hợp đồng thuê.', [
    [PNG, 'Hợp đồng thuê.png', 'image/png'],
  ]);
  expect(answered.status).toBe(200);
  expect(answered.json.stage).toBe('VERIFICATION');
  const added = (answered.json.documents as Array<{ id: string; title: string }>).find((d) =>
    d.title.includes('Hợp đồng thuê.png'),
  );
  expect(added?.title).toContain('Bổ sung lần 1');
  const bytes = await call('GET', `/api/cases/${code}/documents/${added!.id}`, undefined, token);
  expect(bytes.bytes.equals(PNG)).toBe(true);

  // The applicant withdraws: a reason is required; afterwards the case is closed for good.
  const withdraw = (reason: unknown) =>
    call('POST', `/api/cases/${code}/withdraw`, { reason }, token);
  expect((await withdraw('  ')).status).toBe(400);
  const withdrawn = await withdraw('Tôi nộp nhầm thủ tục.'.normalize('NFD'));
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.json).toMatchObject({ stage: 'CLOSED', outcome: 'WITHDRAWN' });
  const timeline = withdrawn.json.timeline as Array<{ action: string; note: string | null }>;
  expect(timeline.find((t) => t.action === 'withdraw')?.note).toBe('Tôi nộp nhầm thủ tục.');
  await eventually(async () => {
    const r = await call('GET', `/api/cases/${code}`, undefined, token);
    return r.json.stage === 'CLOSED';
  });
  expect((await withdraw('again')).status).toBe(409);
  const stranger = await call(
    'POST',
    `/api/cases/${code}/withdraw`,
    { reason: 'Không còn nhu cầu.' },
    { 'X-Tracking-Token': 'no' },
  );
  expect(stranger.status).toBe(404);
});

test('a bad signature, a wrong body and an oversized attachment get the contract codes', async () => {
  const prepared = await prepare();
  const submitPath = `/api/applications/${prepared.applicationId}/submit`;
  const bad = await call(
    'POST',
    submitPath,
    submission(await sign(Buffer.from('other').toString('base64'))),
  );
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });

  const json = await call('POST', submitPath, { signature: 'x' });
  expect(json.status).toBe(415);

  const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
  PNG.copy(huge);
  const tooLarge = await call(
    'POST',
    submitPath,
    submission(await sign(prepared.toBeSigned), [[huge, 'big.png', 'image/png']]),
  );
  expect(tooLarge.status).toBe(413);

  const invalid = await call('POST', '/api/applications/prepare', { procedureCode: 'nope' });
  expect(invalid.status).toBe(400);
  expect(invalid.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  expect(((invalid.json.error as { details: unknown[] }).details ?? []).length).toBeGreaterThan(2);

  // Nothing was started for the refused submissions: the application still waits for a signature.
  const still = await call('GET', prepared.formPdfUrl);
  expect(still.status).toBe(200);
});
