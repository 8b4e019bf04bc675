/**
 * Several signatures on one document, each an incremental update; outside validators agree.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { parseDer, readOid } from '../../signing/asn1/der';
import { OID } from '../../signing/asn1/oids';
import { parseAttributes, readSigningCertificate } from '../../signing/cms/attributes';
import { parseCertificate, signPdf, verifyPdf } from '../../signing';
import { type Fixture, createFixture, signerFor, threePagePdf } from './fixtures';
import { nssDbTrusting, pdfsig, pyhankoValidate, qpdfCheck, scratch } from './validators';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});
let nss: string;
let dir: string;
let rootsFile: string;

beforeAll(async () => {
  nss = await nssDbTrusting(fx.roots);
  dir = scratch();
  rootsFile = path.join(dir, 'roots.pem');
  writeFileSync(rootsFile, fx.roots);
});

// Signing times after the fixture's certificates were issued (now), whatever today is.
const wardTime = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
const departmentTime = new Date(wardTime.getTime() + 86_400_000);
/** The time as ISO 8601 in Vietnam (+07:00), computed independently of the library. */
const inVietnam = (d: Date): string =>
  `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;

async function signChain(input: Buffer): Promise<Buffer[]> {
  const stages: Buffer[] = [input];
  let pdf = input;
  pdf = await signPdf(pdf, signerFor(fx.ward), {
    fieldName: 'WardApproval',
    placement: { page: 0, rect: [60, 80, 300, 160] },
    reason: 'Phê duyệt cấp phường',
    signingTime: wardTime.toISOString(),
  });
  stages.push(pdf);
  pdf = await signPdf(pdf, signerFor(fx.department), {
    fieldName: 'DepartmentApproval',
    placement: { page: 2, rect: [320, 80, 560, 160] },
    signingTime: departmentTime.toISOString(),
  });
  stages.push(pdf);
  pdf = await signPdf(pdf, signerFor(fx.seal), { fieldName: 'Seal' });
  stages.push(pdf);
  return stages;
}

/** Reads the CMS of each signature and checks the PAdES B-B structure by hand. */
/** Bytes of the DER element at the start of `b`, its header included. */
function outerDerLength(b: Buffer): number {
  const first = b[1] as number;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (b[2 + i] as number);
  return 2 + n + length;
}

async function assertBaselineB(pdf: Buffer): Promise<void> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const text = pdf.toString('latin1');
  const sigDicts = [...text.matchAll(/\/Type \/Sig\n[\s\S]*?\/Contents <([0-9a-f]+)>/g)];
  expect(sigDicts.length).toBeGreaterThan(0);
  for (const m of sigDicts) {
    const dict = m[0];
    expect(dict).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(dict).toMatch(/\/M \(D:\d{14}\+07'00'\)/);
    // The CMS is as long as its outer DER header says (stripping the zero padding instead would
    // also strip a signature that happens to end in a zero byte: once in 256 runs).
    const contents = Buffer.from(m[1] as string, 'hex');
    const cms = contents.subarray(0, outerDerLength(contents));
    const signedData = parseDer(cms).children[1]?.children[0];
    const signerInfo = signedData?.children[signedData.children.length - 1]?.children[0];
    const signedAttrs = signerInfo?.children[3];
    if (!signedAttrs) throw new Error('no signed attributes');
    const attrs = parseAttributes(signedAttrs);
    const oids = attrs.map((a) => a.oid);
    expect(oids).toContain(OID.signingCertificateV2);
    expect(oids).not.toContain(OID.signingTime);
    expect(oids).toContain(OID.messageDigest);
    const ct = attrs.find((a) => a.oid === OID.contentType)?.values[0];
    expect(ct && readOid(ct)).toBe(OID.data);
    // DER SET OF: encodings in ascending order.
    const encodings = signedAttrs.children.map((c) => c.raw.toString('hex'));
    expect([...encodings].sort()).toEqual(encodings);
    // signing-certificate-v2 names the embedded signer certificate.
    const certs =
      signedData?.children.find((c) => c.cls === 2 && c.tagNumber === 0)?.children ?? [];
    const signerSerial = signerInfo?.children[1]?.children[1]?.content
      .toString('hex')
      .replace(/^00/, '');
    const signer = certs
      .map((c) => parseCertificate(Buffer.from(c.raw)))
      .find((c) => c.serialNumber === signerSerial);
    const ess = readSigningCertificate(
      attrs.find((a) => a.oid === OID.signingCertificateV2)!.values[0]!,
      2,
    );
    expect(signer).toBeDefined();
    expect(ess.certHash.equals(signer!.sha256)).toBe(true);
  }
  expect(doc.getPageCount()).toBe(3);
}

describe.each([
  ['object streams and xref streams (pdf-lib default save)', true],
  ['classic xref table (useObjectStreams: false)', false],
])('a chain of signatures on a PDF with %s', (_label, objectStreams) => {
  let stages: Buffer[];

  beforeAll(async () => {
    stages = await signChain(await threePagePdf(objectStreams));
  });

  it('never rewrites a signed file: every stage is a prefix of the next', () => {
    for (let i = 1; i < stages.length; i++) {
      const prev = stages[i - 1] as Buffer;
      expect((stages[i] as Buffer).subarray(0, prev.length).equals(prev)).toBe(true);
    }
  });

  it('keeps every earlier signature valid for our verifier', async () => {
    for (let i = 1; i < stages.length; i++) {
      const report = await verifyPdf(stages[i] as Buffer, { trustAnchorsPem: fx.roots });
      expect(report.valid).toBe(true);
      expect(report.signatures).toHaveLength(i);
      report.signatures.forEach((s, k) => {
        expect(s).toMatchObject({
          integrity: 'INTACT',
          chain: 'TRUSTED',
          modifiedAfterSigning: false,
          padesLevel: 'B-B',
        });
        expect(s.coversWholeDocument).toBe(k === i - 1);
      });
    }
    const final = await verifyPdf(stages[3] as Buffer, { trustAnchorsPem: fx.roots });
    expect(final.signatures.map((s) => [s.fieldName, s.signerName, s.organization])).toEqual([
      ['WardApproval', 'Nguyễn Văn A', 'Ủy ban nhân dân phường Sài Gòn'],
      ['DepartmentApproval', 'Trần Thị Bích', 'Sở Xây dựng'],
      ['Seal', 'Sở Xây dựng', 'Sở Xây dựng'],
    ]);
    expect(final.signatures[0]?.signedAt).toBe(inVietnam(wardTime));
  });

  it('conforms structurally to PAdES B-B (SubFilter, signing-certificate-v2, no signing-time, /M)', async () => {
    await assertBaselineB(stages[3] as Buffer);
  });

  it('passes qpdf --check at every stage', async () => {
    for (const [i, pdf] of stages.slice(1).entries()) {
      const file = path.join(dir, `qpdf-${objectStreams}-${i}.pdf`);
      writeFileSync(file, pdf);
      const r = await qpdfCheck(file);
      expect(r.stdout).toContain('No syntax or stream encoding errors');
      expect(r.code).toBe(0);
    }
  });

  it('is valid and trusted for poppler pdfsig, every signature', async () => {
    const file = path.join(dir, `pdfsig-${objectStreams}.pdf`);
    writeFileSync(file, stages[3] as Buffer);
    const sigs = await pdfsig(file, nss);
    expect(sigs).toHaveLength(3);
    for (const s of sigs) {
      expect(s.signatureValid).toBe(true);
      expect(s.certificateTrusted).toBe(true);
      expect(s.signatureType).toBe('ETSI.CAdES.detached');
    }
    expect(sigs.map((s) => s.totalDocumentSigned)).toEqual([false, false, true]);
    // With -no-ocsp poppler 22.12 still reports the signatures themselves valid.
    const noOcsp = await pdfsig(file, nss, true);
    expect(noOcsp.every((s) => s.signatureValid)).toBe(true);
  });

  it('is judged valid by pyHanko, with modifications no worse than form filling and signing', async () => {
    const file = path.join(dir, `pyhanko-${objectStreams}.pdf`);
    writeFileSync(file, stages[3] as Buffer);
    const r = await pyhankoValidate(file, rootsFile);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/The signature is judged VALID\./g)).toHaveLength(3);
    expect(r.stdout).not.toMatch(
      /INVALID|ILLEGAL|incompatible with the current document modification policy/,
    );
    expect(
      r.stdout.match(/All modifications relate to signing and form filling operations/g),
    ).toHaveLength(2);
  });
});
