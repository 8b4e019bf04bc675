/**
 * Two-step (deferred) signing with keys that never reach the server: WebCrypto ECDSA P-256
 * (IEEE P1363 signatures) and RSASSA-PKCS1-v1_5 2048.
 */
import type { webcrypto } from 'node:crypto';
import {
  type SigningState,
  SigningError,
  completeSignature,
  issueCertificate,
  prepareSignature,
  verifyPdf,
} from '../../signing';
import { browserKey, browserSignature } from '../helpers/browser-keys';
import { KEK, type Fixture, createFixture, signerFor, threePagePdf } from './fixtures';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});

describe.each(['EC', 'RSA'] as const)('two-step signing with a browser %s key', (kind) => {
  let state: SigningState;
  let toBeSigned: Buffer;
  let keys: webcrypto.CryptoKeyPair;

  beforeAll(async () => {
    const k = await browserKey(kind);
    keys = k.keys;
    const cert = issueCertificate(fx.pki, KEK, {
      profile: 'APPLICANT',
      subject: { fullName: 'Lê Thị Hồng', idNumber: '079190001234' },
      publicKey: k.spkiPem,
    });
    const prepared = await prepareSignature(await threePagePdf(), {
      signerCertificatePem: cert.certificatePem,
      chainPems: cert.chainPems,
      fieldName: 'Applicant',
      placement: { page: 0, rect: [60, 60, 300, 130] },
      // After the certificate was issued, whatever today is (a fixed date here once broke CI).
      signingTime: new Date(),
    });
    // The state goes to MongoDB between the two HTTP calls: it must survive JSON.
    state = JSON.parse(JSON.stringify(prepared.state)) as SigningState;
    toBeSigned = prepared.toBeSigned;
    expect(toBeSigned[0]).toBe(0x31); // DER SET OF, as hashed
  });

  it('assembles a valid signature from the client signature value', async () => {
    const signature = await browserSignature(kind, keys.privateKey, toBeSigned);
    if (kind === 'EC') expect(signature).toHaveLength(64); // P1363 r||s, as WebCrypto returns
    const signed = await completeSignature(state, signature.toString('base64'));
    const report = await verifyPdf(signed, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({
      fieldName: 'Applicant',
      signerName: 'Lê Thị Hồng',
      integrity: 'INTACT',
      chain: 'TRUSTED',
      padesLevel: 'B-B',
    });
  });

  it('rejects a signature made by another key, with a typed error', async () => {
    const other = await browserKey(kind);
    const wrong = await browserSignature(kind, other.keys.privateKey, toBeSigned);
    await expect(completeSignature(state, wrong)).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
  });

  it('rejects a signature over other data', async () => {
    const wrong = await browserSignature(kind, keys.privateKey, Buffer.from('something else'));
    const err = await completeSignature(state, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect((err as SigningError).code).toBe('SIGNATURE_INVALID');
  });

  it('rejects a state whose document was altered', async () => {
    const pdf = Buffer.from(state.pdf, 'base64');
    pdf[100] = (pdf[100] as number) ^ 0x01;
    const signature = await browserSignature(kind, keys.privateKey, toBeSigned);
    await expect(
      completeSignature({ ...state, pdf: pdf.toString('base64') }, signature),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });
});

it('accepts DER ECDSA signatures as well as P1363 (server-held EC key through the same path)', async () => {
  const signer = signerFor(fx.department); // EC P-256 official; Node signs DER
  const prepared = await prepareSignature(await threePagePdf(false), {
    signerCertificatePem: signer.certificatePem,
    chainPems: signer.chainPems,
  });
  const der = await signer.sign(prepared.toBeSigned);
  expect(der[0]).toBe(0x30);
  const signed = await completeSignature(prepared.state, der);
  expect((await verifyPdf(signed, { trustAnchorsPem: fx.roots })).valid).toBe(true);
});
