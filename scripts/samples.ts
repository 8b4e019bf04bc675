/**
 * `npm run samples`: writes a demo chain of signed PDFs into samples/out/ (git-ignored):
 *
 *   1-applicant.pdf   the application form signed by the applicant (browser-style two-step, ECDSA)
 *   2-ward.pdf        + the ward official's approval (PIN-unlocked key)
 *   3-department.pdf  + the department official's approval
 *   4-sealed.pdf      + the department's seal (invisible)
 *   application-form.pdf, receipt.pdf, supplement-request.pdf, refusal.pdf, control-sheet.pdf,
 *   apology.pdf, decision.pdf
 *                     one fully signed sample of every document kind for a demo case
 *                     (scripts/samples/documents.ts)
 *   roots.pem, crl/*.crl, pki.json (development CA state; CA keys encrypted with the KEK)
 *
 * Extension point: other modules add samples with a {@link SampleProducer}, listed in
 * {@link cliSampleProducers} (or by calling {@link writeSamples} with their own list). Each
 * producer gets the PKI and ready signers in a {@link SampleContext}.
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFString, rgb } from 'pdf-lib';
import {
  DeploymentOcspResponder,
  LocalTimestampAuthority,
  type PkiState,
  type RevocationSource,
  type Signer,
  type Timestamper,
  addArchiveTimestamp,
  addValidationData,
  authorityCertificatesPem,
  enrollSigner,
  ensureTrustServices,
  unlockWithKek,
  issueAllCrls,
  loadOrCreatePki,
  parseKek,
  rootsPem,
  savePkiState,
  signPdf,
  verifyPdf,
  writeFileAtomic,
} from '../signing';
import { loadFontBytes } from '../templates';
import { documentSamples } from './samples/documents';
import { DEMO_PIN, browserApplicant, localSigner } from './samples/identities';

/** What a sample producer gets. */
export interface SampleContext {
  readonly pki: PkiState;
  readonly kek: Buffer;
  /** Server-held signers, unlocked for the run. */
  readonly signers: { readonly ward: Signer; readonly department: Signer; readonly seal: Signer };
  /** Signs like a browser would: two-step, with a WebCrypto ECDSA P-256 key. */
  readonly applicantSign: (pdf: Buffer, fieldName: string) => Promise<Buffer>;
  readonly fontBytes: Uint8Array;
  readonly signingTime: (step: number) => Date;
  /** The development TSA: every signature gets a signature time-stamp (B-T). */
  readonly timestamper: Timestamper;
}

/** Samples that get a document time-stamp (B-LTA), as the decision and control sheet do at handover. */
export const ARCHIVED_SAMPLES = new Set(['decision.pdf', 'control-sheet.pdf', '4-sealed.pdf']);

/** A producer writes one or more samples (file name relative to the output directory). */
export type SampleProducer = (
  ctx: SampleContext,
) => Promise<Array<{ fileName: string; pdf: Buffer }>>;

/** Development KEK: $SIGNING_KEK, or a fixed development value (never for production). */
export function developmentKek(): Buffer {
  const fromEnv = process.env.SIGNING_KEK;
  if (fromEnv) return parseKek(fromEnv);
  return crypto.createHash('sha256').update('motcua development KEK - not for production').digest();
}

const tinos = (): Uint8Array => loadFontBytes('regular');

function sigField(
  doc: PDFDocument,
  pageIndex: number,
  name: string,
  rect: [number, number, number, number],
): void {
  const page = doc.getPage(pageIndex);
  const ctx = doc.context;
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: rect,
    F: 4,
    P: page.ref,
  });
  widget.set(PDFName.of('T'), PDFString.of(name));
  const ref = ctx.register(widget);
  const annots = page.node.Annots();
  if (annots) annots.push(ref);
  else page.node.set(PDFName.of('Annots'), ctx.obj([ref]));
  doc.getForm().acroForm.addField(ref);
}

/** A two-page application form with empty signature fields for every signer. */
async function applicationForm(fontBytes: Uint8Array): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: false });
  doc.setTitle('Đơn đề nghị cấp giấy phép xây dựng');
  const page = doc.addPage([595.28, 841.89]);
  const text = (s: string, x: number, y: number, size = 12): void =>
    page.drawText(s, { x, y, size, font, color: rgb(0, 0, 0) });
  text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 160, 790, 12);
  text('Độc lập - Tự do - Hạnh phúc', 215, 772, 12);
  text('ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG', 150, 720, 15);
  text('Kính gửi: Ủy ban nhân dân phường Sài Gòn', 70, 680);
  text('Tên chủ đầu tư: Lê Thị Hồng', 70, 650);
  text('Số định danh cá nhân: 079190001234', 70, 630);
  text('Địa chỉ công trình: 12 Nguyễn Huệ, phường Sài Gòn, Thành phố Hồ Chí Minh', 70, 610);
  text('Loại công trình: nhà ở riêng lẻ, 4 tầng, diện tích xây dựng 80 m².', 70, 590);
  text('Tôi cam kết thực hiện đúng giấy phép xây dựng được cấp.', 70, 560);
  text('NGƯỜI LÀM ĐƠN', 400, 330);
  const second = doc.addPage([595.28, 841.89]);
  second.drawText('Ý KIẾN CỦA CƠ QUAN GIẢI QUYẾT', { x: 160, y: 780, size: 14, font });
  sigField(doc, 0, 'NguoiLamDon', [340, 230, 560, 320]);
  sigField(doc, 1, 'UBNDPhuong', [40, 600, 290, 700]);
  sigField(doc, 1, 'SoXayDung', [305, 600, 555, 700]);
  return Buffer.from(await doc.save());
}

/** The demo chain: applicant → ward → department → seal. */
export const signingChainSample: SampleProducer = async (ctx) => {
  const form = await applicationForm(ctx.fontBytes);
  const applicant = await ctx.applicantSign(form, 'NguoiLamDon');
  const ward = await signPdf(applicant, ctx.signers.ward, {
    timestamper: ctx.timestamper,
    fieldName: 'UBNDPhuong',
    reason: 'Phê duyệt cấp phường',
    location: 'Phường Sài Gòn',
    signingTime: ctx.signingTime(1),
    appearance: { extraLines: ['Kết quả: Đúng hạn'] },
  });
  const department = await signPdf(ward, ctx.signers.department, {
    timestamper: ctx.timestamper,
    fieldName: 'SoXayDung',
    reason: 'Phê duyệt',
    signingTime: ctx.signingTime(2),
  });
  const sealed = await signPdf(department, ctx.signers.seal, {
    timestamper: ctx.timestamper,
    fieldName: 'DauSoXayDung',
    signingTime: ctx.signingTime(3),
  });
  return [
    { fileName: '1-applicant.pdf', pdf: applicant },
    { fileName: '2-ward.pdf', pdf: ward },
    { fileName: '3-department.pdf', pdf: department },
    { fileName: '4-sealed.pdf', pdf: sealed },
  ];
};

/** Producers run by {@link writeSamples} by default: the signing chain. */
export const sampleProducers: SampleProducer[] = [signingChainSample];

/** What `npm run samples` writes: the signing chain, then one sample per document kind. */
export function cliSampleProducers(): SampleProducer[] {
  return [...sampleProducers, documentSamples];
}

/** Builds the context (PKI from samples/out/pki.json, fresh identities) and runs the producers. */
export async function writeSamples(
  outDir = path.join('samples', 'out'),
  producers: readonly SampleProducer[] = sampleProducers,
  options: { publicBaseUrl?: string } = {},
): Promise<string[]> {
  const kek = developmentKek();
  const publicBaseUrl =
    options.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000';
  let pki = await loadOrCreatePki(path.join(outDir, 'pki.json'), { kek, publicBaseUrl });
  pki = (await ensureTrustServices(pki, kek, { publicBaseUrl })).state;
  await savePkiState(path.join(outDir, 'pki.json'), pki);
  const tsa = pki.tsa as NonNullable<PkiState['tsa']>;
  const timestamper = new LocalTimestampAuthority(
    unlockWithKek(tsa.key, kek)._keyObject(),
    tsa.certificatePem,
    tsa.chainPems,
  );
  const responder = new DeploymentOcspResponder(pki, kek);
  const revocation: RevocationSource = async (cert, issuer) => {
    const ocsp = responder.responseFor(cert, issuer);
    return ocsp ? { ocsp } : undefined;
  };
  const ltv = { revocation, extraCertificatesPem: authorityCertificatesPem(pki) };
  const ward = await enrollSigner(pki, kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Nguyễn Văn An',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Sài Gòn',
      province: 'Thành phố Hồ Chí Minh',
    },
    pin: DEMO_PIN,
  });
  const department = await enrollSigner(pki, kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Trần Thị Bích',
      title: 'Phó Giám đốc',
      organization: 'Sở Xây dựng',
      province: 'Thành phố Hồ Chí Minh',
    },
    pin: DEMO_PIN,
  });
  const seal = await enrollSigner(pki, kek, {
    profile: 'SEAL',
    subject: { organization: 'Sở Xây dựng', province: 'Thành phố Hồ Chí Minh' },
  });

  // The applicant's key lives in "the browser": WebCrypto ECDSA P-256, P1363 signatures.
  const applicant = await browserApplicant(pki, kek, {
    fullName: 'Lê Thị Hồng',
    idNumber: '079190001234',
  });
  const base = Date.now();
  const ctx: SampleContext = {
    pki,
    kek,
    signers: {
      ward: localSigner(kek, ward),
      department: localSigner(kek, department),
      seal: localSigner(kek, seal),
    },
    fontBytes: tinos(),
    signingTime: (step) => new Date(base + step * 60_000),
    applicantSign: (pdf, fieldName) =>
      applicant.sign(pdf, { fieldName, signingTime: new Date(base), timestamper }),
    timestamper,
  };

  const written: string[] = [];
  for (const produce of producers) {
    for (const { fileName, pdf: signed } of await produce(ctx)) {
      // B-LT for every document; B-LTA for what the case archives at handover.
      const pdf = ARCHIVED_SAMPLES.has(fileName)
        ? await addArchiveTimestamp(signed, { ...ltv, timestamper })
        : await addValidationData(signed, ltv);
      const report = await verifyPdf(pdf, { trustAnchorsPem: pki.trustAnchorsPem });
      if (!report.valid)
        throw new Error(`sample ${fileName} does not verify: ${JSON.stringify(report.signatures)}`);
      const file = path.join(outDir, fileName);
      await writeFileAtomic(file, pdf);
      written.push(file);
    }
  }
  const crls = issueAllCrls(pki, kek);
  pki = crls.state;
  for (const [i, crl] of crls.crls.entries()) {
    const purpose = (pki.authorities[i]?.purpose ?? `ca${i}`).toLowerCase();
    await writeFileAtomic(path.join(outDir, 'crl', `${purpose}.crl`), crl.der);
  }
  await savePkiState(path.join(outDir, 'pki.json'), pki);
  await writeFileAtomic(path.join(outDir, 'roots.pem'), rootsPem(pki));
  written.push(path.join(outDir, 'roots.pem'));
  return written;
}

/** One line per written PDF: file, signatures, and whether our verifier finds it valid. */
export async function summarise(
  files: readonly string[],
  trustAnchorsPem: string,
): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.pdf'))) {
    const report = await verifyPdf(readFileSync(file), { trustAnchorsPem });
    const who = report.signatures.map((s) => s.signerName ?? s.organization ?? '?').join(', ');
    lines.push(
      `${path.basename(file).padEnd(24)} ${String(report.signatures.length).padStart(2)} signature(s)  ${report.valid ? 'VALID' : 'INVALID'}  ${who}`,
    );
  }
  return lines;
}

if (require.main === module) {
  const outDir = path.join('samples', 'out');
  writeSamples(outDir, cliSampleProducers())
    .then(async (files) => {
      const roots = path.join(outDir, 'roots.pem');
      for (const line of await summarise(files, readFileSync(roots, 'utf8'))) console.log(line);
      console.log(`wrote ${files.length} files into ${outDir}/ (roots: ${roots})`);
      console.log(
        `verify with: npm run verify -- ${path.join(outDir, 'decision.pdf')} --trust ${roots}`,
      );
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
