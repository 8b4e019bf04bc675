/**
 * Tampering shows: changed bytes, non-signature changes after signing, untrusted and revoked
 * certificates.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFName, PDFRef } from 'pdf-lib';
import {
  LocalKeySigner,
  createDevelopmentPki,
  enrollSigner,
  issueCrl,
  revokeCertificate,
  signPdf,
  unlockWithKek,
  verifyPdf,
} from '../../signing';
import { writeIncrement } from '../../signing/pdf/incremental-writer';
import { loadPdf } from '../../signing/pdf/load';
import { listPages } from '../../signing/pdf/fields';
import { KEK, type Fixture, createFixture, signerFor, threePagePdf } from './fixtures';
import { nssDbTrusting, pdfsig, pyhankoValidate, scratch } from './validators';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});
let nss: string;
let dir: string;
let signedOnce: Buffer;
let signedTwice: Buffer;

beforeAll(async () => {
  nss = await nssDbTrusting(fx.roots);
  dir = scratch();
  writeFileSync(path.join(dir, 'roots.pem'), fx.roots);
  signedOnce = await signPdf(await threePagePdf(), signerFor(fx.ward), {
    fieldName: 'Ward',
    placement: { rect: [60, 60, 300, 130] },
  });
  signedTwice = await signPdf(signedOnce, signerFor(fx.seal), { fieldName: 'Seal' });
});

/** Appends an incremental update made by `edit`, without any signature. */
async function appendUpdate(
  pdf: Buffer,
  edit: (
    ctx: import('pdf-lib').PDFContext,
    page: { ref: PDFRef; dict: import('pdf-lib').PDFDict },
  ) => PDFRef[],
): Promise<Buffer> {
  const { bytes, doc, xref, catalog } = await loadPdf(pdf);
  const ctx = doc.context;
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, xref.size - 1);
  const base = ctx.largestObjectNumber;
  const page = listPages(ctx, catalog)[0]!;
  const changed = edit(ctx, page);
  const objects = [
    ...ctx
      .enumerateIndirectObjects()
      .filter(([r]) => r.objectNumber > base)
      .map(([ref, object]) => ({ ref, object })),
    ...changed.map((ref) => ({ ref, object: ctx.lookup(ref)! })),
  ];
  return writeIncrement(bytes, xref, objects, ctx.largestObjectNumber + 1).bytes;
}

describe('a changed byte inside a signed range', () => {
  it.each([
    ['the binary comment after the header', (_pdf: Buffer) => 10],
    ['the signing time /M of the signature dictionary', (pdf: Buffer) => pdf.indexOf('/M (D:') + 8],
  ])('in %s breaks the signature for us and for pdfsig', async (_label, where) => {
    const tampered = Buffer.from(signedOnce);
    const at = where(tampered);
    tampered[at] = tampered[at] === 0x32 ? 0x33 : (tampered[at] as number) ^ 0x01;
    const report = await verifyPdf(tampered, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.integrity).toBe('BROKEN');
    const file = path.join(dir, `flip-${at}.pdf`);
    writeFileSync(file, tampered);
    const sigs = await pdfsig(file, nss);
    expect(sigs).toHaveLength(1);
    expect(sigs[0]?.signatureValid).toBe(false);
  });

  it('in the first revision breaks the earlier signature but not the later whole-file one', async () => {
    const tampered = Buffer.from(signedTwice);
    tampered[10] = (tampered[10] as number) ^ 0x01;
    const report = await verifyPdf(tampered, { trustAnchorsPem: fx.roots });
    expect(report.signatures.map((s) => s.integrity)).toEqual(['BROKEN', 'BROKEN']);
  });
});

describe('a non-signature change appended after signing', () => {
  it('(new page content) sets modifiedAfterSigning and invalidates the document', async () => {
    const modified = await appendUpdate(signedTwice, (ctx, page) => {
      const extra = ctx.register(ctx.flateStream('BT /F1 24 Tf 100 400 Td (DA SUA) Tj ET'));
      const contents = page.dict.get(PDFName.of('Contents'));
      page.dict.set(
        PDFName.of('Contents'),
        ctx.obj([...(contents instanceof PDFRef ? [contents] : []), extra]),
      );
      return [page.ref];
    });
    const report = await verifyPdf(modified, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(false);
    expect(report.signatures.map((s) => [s.integrity, s.modifiedAfterSigning])).toEqual([
      ['INTACT', true],
      ['INTACT', true],
    ]);
    expect(report.signatures[1]?.errors.join(' ')).toMatch(/Contents changed/);
    const file = path.join(dir, 'modified.pdf');
    writeFileSync(file, modified);
    const py = await pyhankoValidate(file, path.join(dir, 'roots.pem'));
    expect(py.code).not.toBe(0);
  });

  it('(a new text annotation) sets modifiedAfterSigning', async () => {
    const modified = await appendUpdate(signedTwice, (ctx, page) => {
      const annot = ctx.register(
        ctx.obj({
          Type: 'Annot',
          Subtype: 'FreeText',
          Rect: [100, 300, 300, 340],
          Contents: 'sửa',
          DA: '/Helv 12 Tf',
        }),
      );
      const annots = page.dict.get(PDFName.of('Annots'));
      const arr = annots instanceof PDFRef ? ctx.lookup(annots) : annots;
      (arr as import('pdf-lib').PDFArray).push(annot);
      return [annots instanceof PDFRef ? annots : page.ref];
    });
    const report = await verifyPdf(modified, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(false);
    expect(report.signatures.every((s) => s.modifiedAfterSigning)).toBe(true);
    expect(report.signatures[1]?.errors.join(' ')).toMatch(/not a signature field/);
  });

  it('while a further signature alone does not', async () => {
    const report = await verifyPdf(signedTwice, { trustAnchorsPem: fx.roots });
    expect(report.signatures.map((s) => s.modifiedAfterSigning)).toEqual([false, false]);
    expect(report.valid).toBe(true);
  });
});

describe('the signer certificate', () => {
  it('is UNTRUSTED when it does not chain to our roots', async () => {
    const other = await createDevelopmentPki({ kek: KEK });
    const stranger = await enrollSigner(other, KEK, {
      profile: 'SEAL',
      subject: { organization: 'Tổ chức lạ' },
    });
    const signed = await signPdf(
      await threePagePdf(),
      new LocalKeySigner(
        unlockWithKek(stranger.keyRecord, KEK),
        stranger.certificatePem,
        stranger.chainPems,
      ),
    );
    const report = await verifyPdf(signed, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]).toMatchObject({ integrity: 'INTACT', chain: 'UNTRUSTED' });
    const file = path.join(dir, 'untrusted.pdf');
    writeFileSync(file, signed);
    const sigs = await pdfsig(file, nss);
    expect(sigs[0]?.signatureValid).toBe(true);
    expect(sigs[0]?.certificateTrusted).toBe(false);
    // ...and trusted when its own root is given.
    const withRoot = await verifyPdf(signed, { trustAnchorsPem: other.trustAnchorsPem });
    expect(withRoot.signatures[0]?.chain).toBe('TRUSTED');
  });

  it('is REVOKED when a CRL of its CA lists it', async () => {
    const revoked = revokeCertificate(fx.pki, fx.ward.certificatePem, { reason: 'keyCompromise' });
    const { crl } = issueCrl(revoked, KEK, 'OFFICIALS');
    const emptyCrl = issueCrl(fx.pki, KEK, 'OFFICIALS').crl;
    const withCrl = await verifyPdf(signedTwice, { trustAnchorsPem: fx.roots, crls: [crl.der] });
    expect(withCrl.valid).toBe(false);
    expect(withCrl.signatures[0]).toMatchObject({ fieldName: 'Ward', chain: 'REVOKED' });
    expect(withCrl.signatures[0]?.revokedAt).toBeDefined();
    expect(withCrl.signatures[1]?.chain).toBe('TRUSTED');
    const withEmpty = await verifyPdf(signedTwice, {
      trustAnchorsPem: fx.roots,
      crls: [emptyCrl.pem],
    });
    expect(withEmpty.signatures[0]?.chain).toBe('TRUSTED');
  });
});
