/**
 * Remote signing over HTTP on the real stack (Temporal dev server, MongoDB, the case worker) and
 * a real CSC server nobody here wrote (certomancer-csc-dummy): a citizen signs the e-form through
 * the remote service, a ward approver approves through it, and pdfsig, pyHanko and our verifier
 * accept the documents. A signer who confirms on the phone (the in-test CSC v2 server, OAuth2)
 * makes the approval an awaited step: the action answers at once with the pending signature; a
 * refusal, an expiry or a cancellation leaves the case where it was, with a Vietnamese message.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDeploymentTrustAnchors, registerRemoteCredential } from '../../services/pki-admin';
import { loadPki } from '../../activities/pki';
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import { issueCertificate, rootsPem, verifyPdf } from '../../signing';
import { serveApi, type ServedApi } from '../helpers/api';
import { type CscDummy, startCscDummy } from '../helpers/csc-dummy';
import { type CscV2Server, phoneProvider, startPhoneService } from '../helpers/csc-v2-server';
import { HttpClient } from '../helpers/http-client';
import { createHarness, eventually, type Harness } from '../integration/harness';
import { nssDbTrusting, pdfsig, pyhankoValidate, scratch } from '../signing/validators';
import { testKeyPair } from '../helpers/keys';

const WARD_ONLY = '1.001612.000.00.00.H29';
let h: Harness;
let api: ServedApi;
let client: HttpClient;
let dummy: CscDummy;
let phone: CscV2Server;

beforeAll(async () => {
  dummy = await startCscDummy();
  h = await createHarness('remote-signing');
  const pki = await loadPki();
  // A credential at the phone-confirming service, certified by the deployment's officials CA.
  const { privateKey, publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
  const issued = issueCertificate(pki!, h.kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Lê Văn Phường',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Bến Thành',
    },
    publicKey,
  });
  phone = await startPhoneService('benthanh-1', privateKey, issued);
  h.config.signingProviders = [
    { id: 'dummy', name: 'Dịch vụ ký số thử nghiệm (CSC v1)', url: dummy.baseUrl },
    phoneProvider(phone, 'Ký số trên điện thoại (CSC v2)'),
  ];
  await addDeploymentTrustAnchors(dummy.rootPem);
  await registerRemoteCredential({
    username: 'ward.saigon',
    provider: 'dummy',
    credentialId: dummy.credentials.official,
    providers: h.config.signingProviders,
  });
  await registerRemoteCredential({
    username: 'ward.benthanh',
    provider: 'phone',
    credentialId: 'benthanh-1',
    providers: h.config.signingProviders,
  });
  await h.spreadDossierSerials('SAIGON');
  await h.startWorker();
  api = await serveApi(h.config);
  client = new HttpClient(api.url);
}, 180_000);

afterAll(async () => {
  await h?.close();
  await api?.close();
  await Promise.all([dummy?.stop(), phone?.close()]);
});

const bearer = async (who: string) => ({ Authorization: `Bearer ${await client.token(who)}` });

test('a citizen signs the e-form remotely, the ward approves remotely; outside validators accept', async () => {
  const methods = await client.call('GET', '/api/signing/methods');
  expect(methods.json.providers).toEqual(
    expect.arrayContaining([{ id: 'dummy', name: 'Dịch vụ ký số thử nghiệm (CSC v1)' }]),
  );
  expect(JSON.stringify(methods.json)).not.toContain(phone.client.clientSecret);

  const cert = await client.call('POST', '/api/remote-signing/certificate', {
    provider: 'dummy',
    credentialId: dummy.credentials.citizen,
  });
  expect(cert.status).toBe(200);
  const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === WARD_ONLY)!;
  /** The example application, prepared for the dummy service's citizen signing with `pem`. */
  const prepare = (pem: unknown) =>
    client.call('POST', '/api/applications/prepare', {
      procedureCode: WARD_ONLY,
      wardCode: 'SAIGON',
      applicant: { ...example.applicant, ...dummy.citizen },
      form: example.form,
      signerCertificatePem: pem,
    });
  const prepared = await prepare(cert.json.certificatePem);
  expect(prepared.status).toBe(201);
  const id = prepared.json.applicationId as string;

  // A certificate its CA has revoked (on the CRL the certificate names) is refused at once.
  const revoked = await client.call('POST', '/api/remote-signing/certificate', {
    provider: 'dummy',
    credentialId: dummy.credentials.revokedCitizen,
  });
  const refused = await prepare(revoked.json.certificatePem);
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.json)).toMatch(/thu hồi/);

  // Another credential than the one the form was prepared for is refused, nothing is signed.
  const wrong = await client.call('POST', `/api/applications/${id}/remote-signature`, {
    provider: 'dummy',
    credentialId: dummy.credentials.official,
  });
  expect(wrong.status).toBe(400);
  const signed = await client.call('POST', `/api/applications/${id}/remote-signature`, {
    provider: 'dummy',
    credentialId: dummy.credentials.citizen,
  });
  expect(signed.json.status).toBe('SIGNED');
  const form = new FormData();
  form.set('signature', signed.json.signature as string);
  const submitted = await client.call('POST', `/api/applications/${id}/submit`, form);
  expect(submitted.status).toBe(201);
  const code = submitted.json.code as string;

  // The first case of a fresh worker may take longer than the API waits: repeat, as the contract says.
  await eventually(
    async () =>
      (await client.act('receiver.saigon', code, { action: 'accept' })).json.stage ===
      'WARD_APPROVAL',
    60_000,
  );
  // The ward approver's profile says: remote signing service. No PIN.
  const approved = await client.act('ward.saigon', code, { action: 'approve', note: 'Đồng ý' });
  expect(approved.json.error ?? null).toBeNull();
  expect(approved.status).toBe(200);
  expect(approved.json.stage).toBe('RESULT_READY');

  const view = await client.call(
    'GET',
    `/api/cases/${code}`,
    undefined,
    await bearer('ward.saigon'),
  );
  const docs = view.json.documents as Array<{ id: string; kind: string }>;
  const roots = rootsPem((await loadPki())!);
  expect(roots).toContain(dummy.rootPem.trim().split('\n')[1]);
  const dir = scratch('remote-flow-');
  const rootsFile = path.join(dir, 'roots.pem');
  writeFileSync(rootsFile, roots);
  const nss = await nssDbTrusting(roots);
  for (const kind of ['APPLICATION_FORM', 'DECISION']) {
    const doc = docs.find((d) => d.kind === kind)!;
    const res = await fetch(`${api.url}/api/cases/${code}/documents/${doc.id}`, {
      headers: await bearer('ward.saigon'),
    });
    const pdf = Buffer.from(await res.arrayBuffer());
    const report = await verifyPdf(pdf, { trustAnchorsPem: roots });
    expect(report.valid).toBe(true);
    const names = report.signatures.map((s) => s.signerName);
    expect(names).toContain(kind === 'DECISION' ? dummy.official.fullName : dummy.citizen.fullName);
    const file = path.join(dir, `${kind}.pdf`);
    writeFileSync(file, pdf);
    const sigs = await pdfsig(file, nss, true);
    expect(sigs.length).toBeGreaterThan(0);
    expect(sigs.every((s) => s.signatureValid)).toBe(true);
    const py = await pyhankoValidate(file, rootsFile);
    expect(py.code).toBe(0);
    expect(py.stdout).not.toMatch(/INVALID/);
    const verified = await fetch(`${api.url}/api/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect(((await verified.json()) as { valid: boolean }).valid).toBe(true);
  }
}, 180_000);

describe('a signer who confirms on the phone (awaited step)', () => {
  let code: string;
  const caseView = async () =>
    (await client.call('GET', `/api/cases/${code}`, undefined, await bearer('ward.benthanh'))).json;

  beforeAll(async () => {
    const handle = await h.startCase(WARD_ONLY, 'BENTHANH');
    code = handle.workflowId;
    await eventually(
      async () =>
        (await client.act('receiver.benthanh', code, { action: 'accept' })).json.stage ===
        'WARD_APPROVAL',
    );
  }, 60_000);

  test.each([
    ['refuse', 'REFUSED', 'signature_refused', /từ chối/],
    ['expire', 'EXPIRED', 'signature_expired', /Hết thời gian/],
  ] as const)(
    '%s: the case stays in WARD_APPROVAL with a clear message',
    async (decision, status, action, message) => {
      const pending = await client.act('ward.benthanh', code, { action: 'approve' });
      expect(pending.status).toBe(200);
      expect(pending.json.stage).toBe('WARD_APPROVAL');
      expect(pending.json.pendingSignature).toMatchObject({ status: 'PENDING', method: 'REMOTE' });
      // While it waits, the case takes no other action.
      const again = await client.act('ward.benthanh', code, { action: 'approve' });
      expect(again.status).toBe(409);
      await eventually(async () => phone.pending().length > 0);
      phone.decide(decision);
      const after = await eventually(async () => {
        const c = await caseView();
        return (c.pendingSignature as { status?: string } | null)?.status === status ? c : null;
      }, 30_000);
      expect(after.stage).toBe('WARD_APPROVAL');
      expect((after.pendingSignature as { message: string }).message).toMatch(message);
      const last = (after.timeline as Array<{ action: string; actionLabel: string }>).at(-1);
      expect(last?.action).toBe(action);
      expect(after.availableActions).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'approve' })]),
      );
    },
    60_000,
  );

  test('cancelled by the official, then confirmed: the decision is signed once', async () => {
    const pending = await client.act('ward.benthanh', code, { action: 'approve' });
    expect(pending.json.pendingSignature).toMatchObject({ status: 'PENDING' });
    const cancelled = await client.call(
      'POST',
      `/api/cases/${code}/signature/cancel`,
      undefined,
      await bearer('ward.benthanh'),
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({
      stage: 'WARD_APPROVAL',
      pendingSignature: { status: 'CANCELLED' },
    });

    const again = await client.act('ward.benthanh', code, {
      action: 'approve',
      note: 'Lần này đồng ý',
    });
    expect(again.json.pendingSignature).toMatchObject({ status: 'PENDING' });
    await eventually(async () => phone.pending().length > 0);
    phone.decide('confirm');
    const done = await eventually(async () => {
      const c = await caseView();
      return c.stage === 'RESULT_READY' ? c : null;
    }, 30_000);
    expect(done.pendingSignature).toBeNull();
    const decision = (
      done.documents as Array<{ kind: string; signatures: Array<{ role: string }> }>
    ).find((d) => d.kind === 'DECISION');
    expect(decision?.signatures.map((s) => s.role)).toEqual(['WARD_APPROVER', 'SEAL']);
    const signHash = phone.calls.filter((c) => c.method === 'signatures/signHash');
    expect(signHash).toHaveLength(1);
    expect(signHash[0]?.body.hashes).toHaveLength(2); // the control-sheet row and the decision
  }, 60_000);
});
