/**
 * Officials over HTTP on the real stack (Temporal dev server, MongoDB, the case worker): sign in,
 * see the case in the right inbox, act on it through the chain with PIN-signed approvals, and
 * download the signed decision, which /api/verify accepts. Wrong role, stage, unit and PIN get the
 * contract's codes, and a refused action costs no PIN attempt.
 */
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFStream } from 'pdf-lib';
import { pinLockState } from '../../activities/pin-lockout';
import { setSignatureImage } from '../../services/pki-admin';
import { jpegHeader, signaturePng } from '../helpers/png';
import type { ServedApi } from '../helpers/api';
import { closeStack, openApiStack } from '../helpers/stack';
import { DEMO_PIN, eventually, type Harness } from '../integration/harness';

let h: Harness;
let api: ServedApi;
let url: string;
const tokens = new Map<string, string>();

async function call(
  method: string,
  path: string,
  options: { body?: unknown; as?: string } = {},
): Promise<{ status: number; json: Record<string, unknown>; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.as) headers.Authorization = `Bearer ${await token(options.as)}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json')
    ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)
    : {};
  return { status: res.status, json, bytes };
}

async function token(username: string): Promise<string> {
  if (!tokens.has(username)) {
    const res = await call('POST', '/api/auth/login', { body: { username, password: 'demo' } });
    expect(res.status).toBe(200);
    tokens.set(username, res.json.token as string);
  }
  return tokens.get(username) as string;
}

const act = (code: string, as: string, body: Record<string, unknown>) =>
  call('POST', `/api/cases/${code}/actions`, { as, body });

const failedPins = async (username: string): Promise<number> =>
  (await pinLockState(username)).failedAttempts;

beforeAll(async () => {
  ({ h, api, url } = await openApiStack('official-http'));
});

afterAll(() => closeStack({ h, api }));

test('sign-in: a wrong password is refused alike for unknown users; a token names the official', async () => {
  const wrong = await call('POST', '/api/auth/login', {
    body: { username: 'receiver.saigon', password: 'nope' },
  });
  expect(wrong.status).toBe(401);
  const unknown = await call('POST', '/api/auth/login', {
    body: { username: 'nobody', password: 'nope' },
  });
  expect(unknown.json).toEqual(wrong.json);
  const missing = await call('POST', '/api/auth/login', { body: {} });
  expect(missing.status).toBe(400);
  const ok = await call('POST', '/api/auth/login', {
    body: { username: 'ward.saigon', password: 'demo' },
  });
  expect(ok.json.official).toMatchObject({
    id: 'ward.saigon',
    unitCode: 'SAIGON',
    roles: ['WARD_APPROVER'],
  });
  expect(JSON.stringify(ok.json)).not.toContain('passwordHash');
  expect((await call('GET', '/api/inbox')).status).toBe(401);
  const forged = await fetch(`${url}/api/inbox`, {
    headers: { Authorization: `Bearer ${(ok.json.token as string).slice(0, -2)}xx` },
  });
  expect(forged.status).toBe(401);
});

test('a construction permit goes through the chain over HTTP and its decision verifies', async () => {
  const handle = await h.startCase('1.009994.000.00.00.H29', 'SAIGON');
  const code = handle.workflowId;
  const inbox = await eventually(async () => {
    const r = await call('GET', '/api/inbox', { as: 'receiver.saigon' });
    const { items } = r.json as unknown as { items: Array<{ code: string }> };
    return items.some((i) => i.code === code) ? items : null;
  });
  expect(inbox.find((i) => i.code === code)).toMatchObject({ stage: 'VERIFICATION' });
  const elsewhere = (await call('GET', '/api/inbox', { as: 'receiver.benthanh' })).json;
  expect(JSON.stringify(elsewhere)).not.toContain(code);

  // The full case for officials of its units only.
  const full = await call('GET', `/api/cases/${code}`, { as: 'receiver.saigon' });
  expect((full.json.applicant as { idNumber: string }).idNumber).toMatch(/^\d{12}$/);
  expect((await call('GET', `/api/cases/${code}`, { as: 'dept.sct' })).status).toBe(403);

  // Refusals: wrong role, wrong unit; no PIN attempt is spent on them.
  expect((await act(code, 'ward.saigon', { action: 'accept' })).status).toBe(403);
  expect((await act(code, 'receiver.benthanh', { action: 'accept' })).status).toBe(403);
  const early = await act(code, 'ward.saigon', { action: 'approve', pin: '000000' });
  expect(early.status).toBe(409);
  expect(await failedPins('ward.saigon')).toBe(0);

  const accepted = await act(code, 'receiver.saigon', { action: 'accept' });
  expect(accepted.status).toBe(200);
  expect(accepted.json.stage).toBe('WARD_APPROVAL');
  expect((await act(code, 'receiver.saigon', { action: 'accept' })).json.stage).toBe(
    'WARD_APPROVAL',
  ); // repeated: answered with the case

  expect((await act(code, 'ward.saigon', { action: 'approve' })).status).toBe(400);
  const badPin = await act(code, 'ward.saigon', { action: 'approve', pin: '000000' });
  expect(badPin.status).toBe(401);
  expect(badPin.json).toMatchObject({
    error: { code: 'BAD_PIN', details: { attemptsRemaining: 4 } },
  });
  const approved = await act(code, 'ward.saigon', { action: 'approve', pin: DEMO_PIN });
  expect(approved.json.stage).toBe('DEPARTMENT_APPROVAL');
  expect(await failedPins('ward.saigon')).toBe(0);

  // The approver registered their handwritten signature (`npm run pki -- signature-image`); a
  // CMYK JPEG is refused first, naming why.
  await expect(setSignatureImage('dept.sxd', jpegHeader(300, 100, 4))).rejects.toThrow(/CMYK/);
  await setSignatureImage('dept.sxd', signaturePng(241, 91));
  const decided = await act(code, 'dept.sxd', { action: 'approve', pin: DEMO_PIN });
  expect(decided.status).toBe(200);
  expect(decided.json.stage).toBe('RESULT_READY');
  const again = await act(code, 'dept.sxd', { action: 'approve', pin: DEMO_PIN });
  expect(again.json.stage).toBe('RESULT_READY');
  const documents = again.json.documents as Array<{ id: string; kind: string }>;
  expect(documents.filter((d) => d.kind === 'DECISION')).toHaveLength(1);

  const decision = documents.find((d) => d.kind === 'DECISION')!;
  const pdf = await call('GET', `/api/cases/${code}/documents/${decision.id}`, { as: 'dept.sxd' });
  const report = (await (
    await fetch(`${url}/api/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf.bytes,
    })
  ).json()) as { valid: boolean; signatures: Array<{ signerName: string }> };
  expect(report.valid).toBe(true);
  expect(report.signatures.map((s) => s.signerName)).toEqual(['Đặng Hoàng Sơn', 'Sở Xây dựng']);
  // The approver's box shows the registered image (an image XObject of its size).
  const parsed = await PDFDocument.load(pdf.bytes, { updateMetadata: false });
  const images = parsed.context
    .enumerateIndirectObjects()
    .map(([, o]) => (o instanceof PDFStream ? o.dict : o instanceof PDFDict ? o : null))
    .filter((d) => d?.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .map((d) => (d!.get(PDFName.of('Width')) as PDFNumber | undefined)?.asNumber());
  expect(images).toContain(241);
  await setSignatureImage('dept.sxd', null);

  const done = await act(code, 'receiver.saigon', { action: 'handover' });
  expect(done.json).toMatchObject({ stage: 'COMPLETED', outcome: 'APPROVED' });
  expect(
    (await act(code, 'receiver.saigon', { action: 'refuse', reason: 'Hồ sơ đã xong.' })).status,
  ).toBe(409);
  expect(
    (await act('000.00.00.H29-000000-0000', 'receiver.saigon', { action: 'accept' })).status,
  ).toBe(404);
});
