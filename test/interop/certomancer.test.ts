/**
 * Interoperability with a PKI nobody here wrote: Certomancer's `animate` server (TSA, OCSP
 * responder, CRL repositories) on loopback. Our TSA client and verifier against its TSA; a signer
 * certificate it issued, whose revocation data our RevocationFetcher gets from its responder and
 * our B-LT embeds; a certificate it revoked. Each document is judged by our verifier, EU DSS
 * (default policy, embedded revocation data only), pyHanko (revocation data required, fetched
 * from Certomancer) and pdfsig (NSS asks Certomancer's OCSP responder).
 */
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  DeploymentOcspResponder,
  LocalKeySigner,
  type RevocationSource,
  addValidationData,
  authorityCertificatesPem,
  checkTimestampToken,
  createDevelopmentPki,
  enrollSigner,
  parseCertificate,
  rootsPem,
  signPdf,
  unlockWithKek,
  verifyPdf,
} from '../../signing';
import { RevocationFetcher } from '../../activities/revocation';
import { HttpTimestamper } from '../../activities/tsa-client';
import {
  type DssFileReport,
  dssValidateReports,
  nssDbTrusting,
  pdfsig,
  pyhankoValidate,
  pyhankoValidateRevinfo,
  scratch,
} from '../signing/validators';
import { type Certomancer, startCertomancer } from './certomancer';

const KEK = Buffer.alloc(32, 0x42);

let cm: Certomancer;
let dir: string;
let rootsFile: string;
let nss: string;
let tsa: HttpTimestamper;
const fetcher = new RevocationFetcher();
const fetched: RevocationSource = (cert, issuer) => fetcher.answer(cert, issuer);

async function onePagePdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(title, {
    x: 60,
    y: 760,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return Buffer.from(await doc.save());
}

/** Certomancer's signer `label` signs a page, time-stamped by Certomancer's TSA, then B-LT. */
async function signedByCertomancer(label: 'signer' | 'revoked'): Promise<Buffer> {
  const who = await cm.identity(label);
  const signer = new LocalKeySigner(who.key, who.certificatePem, who.chainPems);
  const signed = await signPdf(await onePagePdf(`Interop ${label}`), signer, {
    fieldName: 'approver',
    timestamper: tsa,
  });
  return addValidationData(signed, { revocation: fetched, extraCertificatesPem: who.chainPems });
}

function save(name: string, pdf: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

let ours: { pki: Awaited<ReturnType<typeof createDevelopmentPki>>; roots: string };

beforeAll(async () => {
  dir = scratch('interop-certomancer-');
  cm = await startCertomancer(dir);
  tsa = new HttpTimestamper(cm.tsaUrl);
  const pki = await createDevelopmentPki({ kek: KEK, publicBaseUrl: 'http://127.0.0.1:9' });
  ours = { pki, roots: rootsPem(pki) };
  rootsFile = path.join(dir, 'roots.pem');
  writeFileSync(rootsFile, `${cm.rootPem}${ours.roots}`);
  nss = await nssDbTrusting(`${cm.rootPem}${ours.roots}`);
}, 120_000);

afterAll(async () => {
  await cm?.close();
});

describe("Certomancer's TSA", () => {
  it('gives our TSA client a token our checker accepts, and refuses to cover other data', async () => {
    const digest = crypto.createHash('sha256').update('hồ sơ 0007').digest();
    const token = await tsa.timestamp(digest);
    const check = checkTimestampToken(token, { digest });
    expect(check.errors).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.signer?.sha256.equals(parseCertificate(cm.tsaCertificatePem).sha256)).toBe(true);
    expect(check.signer?.extKeyUsage).toEqual({ purposes: ['1.3.6.1.5.5.7.3.8'], critical: true });
    expect(checkTimestampToken(token, { digest: Buffer.alloc(32, 7) }).ok).toBe(false);
  });

  it('time-stamps a signature of ours: B-T for our verifier, DSS and pyHanko; B-LT with its CRL', async () => {
    const official = await enrollSigner(ours.pki, KEK, {
      profile: 'SEAL',
      subject: { organization: 'Sở Xây dựng', province: 'Thành phố Hồ Chí Minh' },
    });
    const signer = new LocalKeySigner(
      unlockWithKek(official.keyRecord, KEK),
      official.certificatePem,
      official.chainPems,
    );
    const bt = await signPdf(await onePagePdf('Interop B-T'), signer, {
      fieldName: 'seal',
      timestamper: tsa,
    });
    const material = { trustAnchorsPem: [cm.rootPem, ours.roots] };
    const report = await verifyPdf(bt, material);
    expect(report.signatures[0]).toMatchObject({ chain: 'TRUSTED', level: 'B-T' });
    expect(report.signatures[0]?.timestampedAt).not.toBeNull();
    expect(report.valid).toBe(true);

    // Our certificate with our OCSP answers (in-process), Certomancer's TSA with its CRL.
    const responder = new DeploymentOcspResponder(ours.pki, KEK);
    const lt = await addValidationData(bt, {
      revocation: async (cert, issuer) => {
        const own = responder.responseFor(cert, issuer);
        return own ? { ocsp: own } : fetcher.answer(cert, issuer);
      },
      extraCertificatesPem: [...authorityCertificatesPem(ours.pki), cm.rootPem],
    });
    expect((await verifyPdf(lt, material)).signatures[0]?.level).toBe('B-LT');

    const btFile = save('ours-bt.pdf', bt);
    const ltFile = save('ours-lt.pdf', lt);
    const dss = await dssValidateReports([btFile, ltFile], rootsFile);
    const atBt = dss.get(btFile) as DssFileReport;
    expect(atBt.signatures.map((s) => s.format)).toEqual(['PAdES-BASELINE-T']);
    // DSS lacks only the revocation data that B-LT adds (and then passes it, below).
    expect(atBt.signatures[0]?.errors.filter((e) => !/revocation|not conclusive/.test(e))).toEqual(
      [],
    );
    const atLt = dss.get(ltFile) as DssFileReport;
    expect(atLt.signatures.map((s) => [s.indication, s.format, s.errors])).toEqual([
      ['TOTAL_PASSED', 'PAdES-BASELINE-LT', []],
    ]);

    const py = await pyhankoValidate(btFile, rootsFile);
    expect(py.stdout).toContain('The signature is judged VALID.');
    expect(py.stdout).toContain('The TSA certificate is trusted.');
    expect(py.code).toBe(0);
  }, 120_000);
});

describe('a signer certificate issued by Certomancer', () => {
  let file: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await signedByCertomancer('signer');
    file = save('certomancer-lt.pdf', pdf);
  }, 60_000);

  it("gets its OCSP and CRL answers from Certomancer's services through our fetcher", async () => {
    const who = await cm.identity('signer');
    const cert = parseCertificate(who.certificatePem);
    expect(cert.ocspUrls).toEqual([`${cm.baseUrl}/interop/ocsp/interm`]);
    const answer = await fetcher.answer(cert, parseCertificate(cm.intermediatePem));
    expect(answer?.ocsp).toBeDefined();
    const tsaAnswer = await fetcher.answer(
      parseCertificate(cm.tsaCertificatePem),
      parseCertificate(cm.rootPem),
    );
    expect(tsaAnswer?.crl).toBeDefined();
    expect(fetcher.stats().entries).toBeGreaterThanOrEqual(2);
  });

  it('is B-LT and valid for our verifier, trusting only the Certomancer root', async () => {
    const report = await verifyPdf(pdf, { trustAnchorsPem: cm.rootPem });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({
      signerName: 'Phạm Thị Liên Thông',
      integrity: 'INTACT',
      chain: 'TRUSTED',
      level: 'B-LT',
    });
  });

  it('is TOTAL_PASSED and PAdES-BASELINE-LT for EU DSS under its default policy', async () => {
    const report = (await dssValidateReports([file], rootsFile)).get(file) as DssFileReport;
    expect(report.signatures.map((s) => [s.indication, s.format, s.errors])).toEqual([
      ['TOTAL_PASSED', 'PAdES-BASELINE-LT', []],
    ]);
  }, 60_000);

  it('is VALID for pyHanko with revocation data required (fetched from Certomancer)', async () => {
    const r = await pyhankoValidateRevinfo(file, rootsFile);
    expect(r.stdout).toContain('The signature is judged VALID.');
    expect(r.stdout).toContain('The TSA certificate is trusted.');
    expect(r.code).toBe(0);
  });

  it('is valid for pdfsig (its trust verdict cannot be had for Certomancer: docs/signing.md)', async () => {
    // NSS refuses Certomancer's OCSP answers (producedAt with fractional seconds) and its CRLs
    // (a critical issuing distribution point), so pdfsig says "Unknown issue" for the chain.
    const [sig] = await pdfsig(file, nss);
    expect(sig).toMatchObject({ signatureValid: true, signatureType: 'ETSI.CAdES.detached' });
  });
});

describe('a certificate Certomancer revoked', () => {
  let file: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await signedByCertomancer('revoked');
    file = save('certomancer-revoked.pdf', pdf);
  }, 60_000);

  it('is REVOKED for our verifier, with the revocation time Certomancer gives', async () => {
    const report = await verifyPdf(pdf, { trustAnchorsPem: cm.rootPem });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]).toMatchObject({
      chain: 'REVOKED',
      revokedAt: cm.revokedAt.toISOString(),
    });
    expect(report.message).toBe('Chứng thư số của người ký đã bị thu hồi trước thời điểm ký.');
  });

  it('is not passed by EU DSS: the signing certificate is revoked', async () => {
    const report = (await dssValidateReports([file], rootsFile)).get(file) as DssFileReport;
    const [sig] = report.signatures;
    expect(sig?.indication).not.toBe('TOTAL_PASSED');
    expect(sig?.subIndication).toMatch(/REVOKED/);
  }, 60_000);

  it('is not VALID for pyHanko, which finds it revoked', async () => {
    const r = await pyhankoValidateRevinfo(file, rootsFile);
    expect(r.stdout).not.toContain('The signature is judged VALID.');
    expect(`${r.stdout}${r.stderr}`).toMatch(/revoked/i);
    expect(r.code).not.toBe(0);
  });

  it('has a valid signature value for pdfsig', async () => {
    const [sig] = await pdfsig(file, nss);
    expect(sig?.signatureValid).toBe(true);
  });
});
