/**
 * The Signer port's remote adapters. CSC v1 against certomancer-csc-dummy (a real CSC server
 * nobody here wrote, hash pinning on): the signed PDF is judged by pdfsig, pyHanko and our
 * verifier. CSC v2 and OAuth2 against an in-test server speaking the published v2 message shapes
 * (no v2 server can be installed): client credentials, authorization code, refresh; a signer
 * confirming on the phone (202 + authorizeCheck), refusing or letting it expire. And the two-step
 * adapter, whose values come from a client device.
 */
import crypto, { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CscClient,
  CscServiceError,
  CscSigner,
  ExternalSigner,
  type InboxEntry,
  OAuth2Client,
  type SignatureTicket,
  SigningError,
  completeSignature,
  issueCertificate,
  prepareSignature,
  signatureItem,
  signPdf,
  verifyPdf,
} from '../../signing';
import { parseSigningProviders } from '../../runtime/config';
import { type CscDummy, startCscDummy } from '../helpers/csc-dummy';
import { type CscV2Server, startCscV2Server } from '../helpers/csc-v2-server';
import { KEK, type Fixture, createFixture, threePagePdf } from './fixtures';
import { nssDbTrusting, pdfsig, pyhankoValidate, scratch } from './validators';
import { testKeyPair } from '../helpers/keys';

let dummy: CscDummy;
let fx: Fixture;

beforeAll(async () => {
  [dummy, fx] = await Promise.all([startCscDummy(), createFixture()]);
}, 120_000);
afterAll(async () => {
  await dummy?.stop();
});

describe('CSC v1 on certomancer-csc-dummy', () => {
  const client = (): CscClient => new CscClient({ baseUrl: dummy.baseUrl });

  test('lists the credentials and describes one with its chain', async () => {
    const c = client();
    expect(c.version).toBe('v1');
    expect(await c.listCredentials()).toEqual(
      expect.arrayContaining([dummy.credentials.official, dummy.credentials.citizen]),
    );
    const info = await c.credentialInfo(dummy.credentials.citizen);
    expect(info.keyEnabled).toBe(true);
    expect(new crypto.X509Certificate(info.certificatePem).subject).toContain(
      'serialNumber=CCCD:079190001234',
    );
    expect(info.chainPems).toHaveLength(2); // issuing CA and root
    expect(info.keyAlgorithms).toContain('1.2.840.10045.4.3.2');
  });

  test.each([
    ['official', 'RSA'],
    ['citizen', 'EC P-256'],
  ] as const)(
    'the %s credential (%s) signs a PDF that pdfsig, pyHanko and our verifier accept',
    async (who, _kind) => {
      const signer = await CscSigner.open(client(), dummy.credentials[who]);
      const pdf = await signPdf(await threePagePdf(), signer, {
        fieldName: 'Remote',
        placement: { page: 0, rect: [60, 60, 300, 140] },
        signingTime: '2026-12-01T09:00:00+07:00',
      });
      const report = await verifyPdf(pdf, { trustAnchorsPem: dummy.rootPem });
      expect(report.valid).toBe(true);
      expect(report.signatures[0]).toMatchObject({
        signerName: who === 'citizen' ? dummy.citizen.fullName : dummy.official.fullName,
        integrity: 'INTACT',
        chain: 'TRUSTED',
      });
      // Not trusted against our own roots: the chain really is the provider's.
      expect((await verifyPdf(pdf, { trustAnchorsPem: fx.roots })).valid).toBe(false);

      const dir = scratch('remote-');
      const file = path.join(dir, `${who}.pdf`);
      const rootsFile = path.join(dir, 'roots.pem');
      writeFileSync(file, pdf);
      writeFileSync(rootsFile, dummy.rootPem);
      const [sig] = await pdfsig(file, await nssDbTrusting(dummy.rootPem));
      expect(sig).toMatchObject({ signatureValid: true, certificateTrusted: true });
      const py = await pyhankoValidate(file, rootsFile);
      expect(py.code).toBe(0);
      expect(py.stdout).toMatch(/The signature is judged VALID\./);
    },
    60_000,
  );

  test('one authorization covers several items, in order', async () => {
    const signer = await CscSigner.open(client(), dummy.credentials.official);
    const items = ['một', 'hai'].map((t) => signatureItem(Buffer.from(t)));
    const progress = await signer.request(items, { reference: 'case-1:step-2' });
    expect(progress.status).toBe('SIGNED');
    if (progress.status !== 'SIGNED') return;
    const cert = new crypto.X509Certificate(signer.certificatePem);
    progress.signatures.forEach((sig, i) => {
      expect(crypto.verify('sha256', items[i]!.toBeSigned, cert.publicKey, sig)).toBe(true);
    });
  });

  test('the server refuses a hash the authorization did not pin (SCAL 2)', async () => {
    const c = client();
    const digest = crypto.createHash('sha256').update('authorized').digest();
    const auth = await c.authorize({ credentialId: dummy.credentials.official, digests: [digest] });
    expect(auth.kind).toBe('SAD');
    if (auth.kind !== 'SAD') return;
    const other = crypto.createHash('sha256').update('something else').digest();
    await expect(
      c.signHash({
        credentialId: dummy.credentials.official,
        sad: auth.sad,
        digests: [other],
        signAlgo: '1.2.840.113549.1.1.11',
      }),
    ).rejects.toBeInstanceOf(CscServiceError);
  });

  test('an unknown credential is a clear error, and a stopped server too', async () => {
    await expect(CscSigner.open(client(), 'provider/nobody')).rejects.toMatchObject({
      code: 'REMOTE_SIGNING_FAILED',
    });
    const gone = new CscClient({ baseUrl: 'http://127.0.0.1:9/csc/v1', timeoutMs: 2000 });
    await expect(gone.listCredentials()).rejects.toThrow(/cannot be reached/);
  });
});

describe('CSC v2 with OAuth2 (in-test server, published v2 shapes)', () => {
  let server: CscV2Server;
  let phone: CscV2Server;
  let certificatePem: string;

  beforeAll(async () => {
    const { privateKey, publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
    const issued = issueCertificate(fx.pki, KEK, {
      profile: 'OFFICIAL',
      subject: { fullName: 'Phạm Thu Hà', title: 'Phó Chủ tịch', organization: 'UBND phường' },
      publicKey,
    });
    certificatePem = issued.certificatePem;
    const credentials = { 'cred-1': { privateKey, certificatePem, chainPems: issued.chainPems } };
    server = await startCscV2Server(credentials);
    phone = await startCscV2Server(credentials, { confirmation: 'phone' });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), phone?.close()]);
  });

  const oauth = (s: CscV2Server): OAuth2Client =>
    new OAuth2Client({ tokenUrl: s.tokenUrl, ...s.client, scope: 'service' });
  const v2 = (s: CscV2Server): CscClient =>
    new CscClient({ baseUrl: s.baseUrl, auth: { type: 'oauth2', client: oauth(s) } });

  test('without a token the service answers 401; with client credentials it signs', async () => {
    const bare = new CscClient({ baseUrl: server.baseUrl });
    expect(bare.version).toBe('v2');
    await expect(bare.listCredentials()).rejects.toMatchObject({ error: 'invalid_token' });
    const signer = await CscSigner.open(v2(server), 'cred-1');
    const pdf = await signPdf(await threePagePdf(), signer, { fieldName: 'V2' });
    expect((await verifyPdf(pdf, { trustAnchorsPem: fx.roots })).valid).toBe(true);
    const authorize = server.calls.find((c) => c.method === 'credentials/authorize');
    expect(authorize?.body).toMatchObject({
      credentialID: 'cred-1',
      numSignatures: 1,
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
    });
    expect(authorize?.body.hashes).toHaveLength(1);
    expect(authorize?.body).not.toHaveProperty('hash');
  });

  test('a wrong client secret is refused by the token endpoint', async () => {
    const wrong = new OAuth2Client({
      tokenUrl: server.tokenUrl,
      clientId: 'motcua-test',
      clientSecret: 'x',
    });
    const err = await wrong.serviceToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect(String((err as Error).message)).not.toContain(server.client.clientSecret);
  });

  test('authorization code and refresh grants', async () => {
    const client = oauth(server);
    await expect(client.exchangeCode('wrong', 'https://motcua.example/cb')).rejects.toThrow(
      /invalid_grant/,
    );
    const token = await client.exchangeCode(
      'code-from-login',
      'https://motcua.example/cb',
      'verifier',
    );
    expect(token.accessToken).toMatch(/^[0-9a-f]{32}$/);
    const renewed = await client.refresh(token.refreshToken as string);
    expect(renewed.accessToken).not.toBe(token.accessToken);
    await expect(client.refresh(token.refreshToken as string)).rejects.toThrow(/invalid_grant/);
    const byCode = new CscClient({
      baseUrl: server.baseUrl,
      auth: { type: 'bearer', token: renewed.accessToken },
    });
    expect(await byCode.listCredentials()).toEqual(['cred-1']);
  });

  test('confirmed on the phone: pending, still pending, then signed over the pinned hashes', async () => {
    const signer = await CscSigner.open(v2(phone), 'cred-1');
    const prepared = await prepareSignature(await threePagePdf(), {
      signerCertificatePem: signer.certificatePem,
      chainPems: signer.chainPems,
    });
    const first = await signer.request([signatureItem(prepared.toBeSigned)], {
      reference: 'case:approve-3',
      description: 'Phê duyệt hồ sơ',
    });
    expect(first.status).toBe('PENDING');
    if (first.status !== 'PENDING') return;
    // The ticket is plain JSON: it survives a restart.
    const ticket = JSON.parse(JSON.stringify(first.ticket)) as SignatureTicket;
    expect((await signer.poll(ticket)).status).toBe('PENDING');
    phone.decide('confirm');
    const done = await signer.poll(ticket);
    expect(done.status).toBe('SIGNED');
    if (done.status !== 'SIGNED') return;
    const pdf = await completeSignature(prepared.state, done.signatures[0] as Buffer);
    expect((await verifyPdf(pdf, { trustAnchorsPem: fx.roots })).valid).toBe(true);
  });

  test.each([
    ['refuse', 'REFUSED'],
    ['expire', 'EXPIRED'],
  ] as const)('the signer lets it %s: %s', async (decision, status) => {
    const signer = await CscSigner.open(v2(phone), 'cred-1');
    const first = await signer.request([signatureItem(Buffer.from('x'))]);
    if (first.status !== 'PENDING') throw new Error('expected pending');
    phone.decide(decision);
    expect((await signer.poll(first.ticket)).status).toBe(status);
  });

  test('a pending request past its window is EXPIRED without asking the signer again', async () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const signer = await CscSigner.open(v2(phone), 'cred-1', {
      now: () => now,
      pendingTtlMs: 60_000,
    });
    const first = await signer.request([signatureItem(Buffer.from('y'))]);
    if (first.status !== 'PENDING') throw new Error('expected pending');
    expect(first.expiresAt).toBe('2026-12-01T09:01:00.000Z');
    now = new Date('2026-12-01T09:02:00Z');
    expect((await signer.poll(first.ticket)).status).toBe('EXPIRED');
  });
});

describe('the two-step adapter (a client device signs)', () => {
  test('pending until the device answers; its values are checked against the certificate', async () => {
    const keys = (await webcrypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign', 'verify'],
    )) as webcrypto.CryptoKeyPair;
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    const { certificatePem, chainPems } = issueCertificate(fx.pki, KEK, {
      profile: 'OFFICIAL',
      subject: { fullName: 'Lê Văn Token', title: 'Chủ tịch', organization: 'UBND phường' },
      publicKey: `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`,
    });
    const inbox = new Map<string, InboxEntry>();
    const signer = new ExternalSigner(certificatePem, chainPems, {
      read: async (ref) => inbox.get(ref) ?? null,
    });
    const prepared = await prepareSignature(await threePagePdf(), {
      signerCertificatePem: signer.certificatePem,
      chainPems: signer.chainPems,
    });
    const first = await signer.request([signatureItem(prepared.toBeSigned)], { reference: 'c:k' });
    if (first.status !== 'PENDING') throw new Error('expected pending');
    expect((await signer.poll(first.ticket)).status).toBe('PENDING');

    inbox.set('c:k', { signatures: [Buffer.alloc(64, 1)] });
    await expect(signer.poll(first.ticket)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });

    const value = Buffer.from(
      await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        keys.privateKey,
        prepared.toBeSigned,
      ),
    );
    inbox.set('c:k', { signatures: [value] });
    const done = await signer.poll(first.ticket);
    if (done.status !== 'SIGNED') throw new Error('expected signed');
    const pdf = await completeSignature(prepared.state, done.signatures[0] as Buffer);
    expect((await verifyPdf(pdf, { trustAnchorsPem: fx.roots })).valid).toBe(true);

    inbox.set('c:k', { refused: 'Người ký đã hủy' });
    expect(await signer.poll(first.ticket)).toEqual({
      status: 'REFUSED',
      message: 'Người ký đã hủy',
    });
  });

  test('signPdf refuses a signer that needs a confirmation', async () => {
    const signer = new ExternalSigner(fx.ward.certificatePem, fx.ward.chainPems, {
      read: async () => null,
    });
    await expect(signPdf(await threePagePdf(), signer)).rejects.toMatchObject({
      code: 'SIGNATURE_PENDING',
    });
  });
});

describe('SIGNING_PROVIDERS', () => {
  test('a JSON array of services; mistakes are named, secrets are not', () => {
    expect(parseSigningProviders(undefined)).toEqual([]);
    const secret = 'very-secret-client-secret';
    const [p] = parseSigningProviders(
      JSON.stringify([
        {
          id: 'smartca',
          name: 'VNPT SmartCA',
          url: 'https://rssp.example/csc/v2',
          oauth2: {
            tokenUrl: 'https://rssp.example/oauth2/token',
            clientId: 'c',
            clientSecret: secret,
          },
        },
      ]),
    );
    expect(p).toMatchObject({ id: 'smartca', oauth2: { clientId: 'c' } });
    for (const bad of [
      '{',
      '{}',
      '[{"id":"X Y","name":"n","url":"https://a/csc/v1"}]',
      '[{"id":"a","name":"n","url":"ftp://a"}]',
      `[{"id":"a","name":"n","url":"https://a/csc/v1","oauth2":{"clientSecret":"${secret}"}}]`,
      '[{"id":"a","name":"n","url":"https://a/csc/v1"},{"id":"a","name":"m","url":"https://b/csc/v1"}]',
    ]) {
      let message = '';
      try {
        parseSigningProviders(bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/SIGNING_PROVIDERS/);
      expect(message).not.toContain(secret);
    }
  });
});
