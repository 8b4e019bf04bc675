/**
 * Verification of every signature in a PDF; the report has the shape of `POST /api/verify`.
 */
import { PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { parsePdfDate, toIsoWithOffset } from '../pdf/date';
import { arrayOf, resolve, signedFields, textOf } from '../pdf/fields';
import { loadPdf } from '../pdf/load';
import { type CertificateInfo, parseCertificate, pemBlocks } from '../pki/certificates';
import { type CrlInfo, parseCrl } from '../pki/crl';
import { checkCms } from './cms';
import { validateChain } from './chain';
import { analyseModifications } from './diff';

/** One signature in the report. */
export interface SignatureReport {
  readonly fieldName: string;
  readonly signerName: string | null;
  readonly organization: string | null;
  /** Claimed signing time (/M), ISO 8601 with its offset. */
  readonly signedAt: string | null;
  readonly integrity: 'INTACT' | 'BROKEN';
  readonly chain: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED';
  readonly coversWholeDocument: boolean;
  readonly modifiedAfterSigning: boolean;
  /** 'B-B' when the structure conforms to PAdES baseline B-B. */
  readonly padesLevel: 'B-B' | null;
  readonly subFilter: string | null;
  readonly title: string | null;
  readonly organizationalUnit: string | null;
  readonly reason: string | null;
  readonly location: string | null;
  readonly signerCertificate: {
    readonly subject: string;
    readonly issuer: string;
    readonly serialNumber: string;
    readonly notBefore: string;
    readonly notAfter: string;
    readonly sha256: string;
  } | null;
  readonly byteRange: readonly number[];
  readonly revokedAt?: string;
  /** Human-readable problems (empty when all is well). */
  readonly errors: readonly string[];
}

/** The verification report (`POST /api/verify`). */
export interface VerificationReport {
  /** At least one signature, every one intact and trusted, nothing but signatures added after any. */
  readonly valid: boolean;
  readonly signatures: readonly SignatureReport[];
}

/** Options of {@link verifyPdf}. */
export interface VerifyOptions {
  /** Trust anchors (PEM text with one or more certificates, or a list). */
  readonly trustAnchorsPem: string | readonly string[];
  /** Extra intermediate certificates (PEM), e.g. the deployment's issuing CAs. */
  readonly extraCertificatesPem?: string | readonly string[];
  /** CRLs (DER or PEM) to honour. */
  readonly crls?: ReadonlyArray<Buffer | string>;
  /** Validation time when a signature has no /M; default now. */
  readonly now?: Date;
}

function certs(input: string | readonly string[] | undefined): CertificateInfo[] {
  if (input === undefined) return [];
  const text = typeof input === 'string' ? input : input.join('\n');
  return pemBlocks(text).map((der) => parseCertificate(der));
}

/**
 * Verifies every signature of a PDF. Throws {@link SigningError} (`NOT_PDF`, `ENCRYPTED_PDF`,
 * `MALFORMED_PDF`) only when the file itself cannot be read; problems with signatures are
 * reported, never thrown.
 */
export async function verifyPdf(
  pdf: Uint8Array,
  options: VerifyOptions,
): Promise<VerificationReport> {
  const anchors = certs(options.trustAnchorsPem);
  const extra = certs(options.extraCertificatesPem);
  const crls: CrlInfo[] = (options.crls ?? []).map((c) => parseCrl(c));
  const { bytes, doc, xref, catalog } = await loadPdf(pdf);
  const context = doc.context;
  const reports: Array<SignatureReport & { end: number }> = [];
  for (const { field, sig, sigRef } of signedFields(context, catalog)) {
    const errors: string[] = [];
    const rangeObj = arrayOf(context, sig.get(PDFName.of('ByteRange')));
    const range = (rangeObj?.asArray() ?? []).map((x) => {
      const v = resolve(context, x);
      return v instanceof PDFNumber ? v.asNumber() : -1;
    });
    const subFilterObj = sig.get(PDFName.of('SubFilter'));
    const subFilter = subFilterObj instanceof PDFName ? subFilterObj.decodeText() : null;
    const mText = textOf(context, sig.get(PDFName.of('M')));
    const m = mText ? parsePdfDate(mText) : undefined;
    const signedAt = m ? toIsoWithOffset(m.date, m.offsetMinutes) : null;

    // Byte range: [0, b, c, d], the gap being exactly this signature's /Contents hex string.
    const [a = -1, b = -1, c = -1, d = -1] = range;
    let rangeOk =
      range.length === 4 &&
      range.every((x) => Number.isSafeInteger(x) && x >= 0) &&
      a === 0 &&
      b > 0 &&
      c > b + 1 &&
      c + d <= bytes.length;
    let cms: Buffer | undefined;
    if (rangeOk) {
      const gap = bytes.subarray(b, c).toString('latin1');
      if (!/^<[0-9A-Fa-f]*>$/.test(gap)) {
        rangeOk = false;
      } else {
        const fromFile = Buffer.from(gap.slice(1, -1), 'hex');
        const contents = resolve(context, sig.get(PDFName.of('Contents')));
        const fromDict =
          contents instanceof PDFHexString
            ? Buffer.from(contents.asBytes())
            : contents instanceof PDFString
              ? Buffer.from(contents.asBytes())
              : undefined;
        if (!fromDict || !fromDict.equals(fromFile)) rangeOk = false;
        else cms = fromFile;
      }
      if (rangeOk && sigRef instanceof PDFRef) {
        const entry = xref.sections
          .map((s) => s.entries.get(sigRef.objectNumber))
          .find((e) => e !== undefined);
        if (entry?.type === 1 && entry.offset !== undefined) {
          const between = bytes.subarray(entry.offset, b).toString('latin1');
          if (entry.offset > b || between.includes('endobj')) rangeOk = false;
        }
      }
    }
    if (!rangeOk)
      errors.push('the byte range does not cover the file except exactly the signature');
    const end = rangeOk ? c + d : bytes.length;
    const coversWholeDocument = rangeOk && end === bytes.length;

    let integrity: 'INTACT' | 'BROKEN' = 'BROKEN';
    let chain: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED' = 'UNTRUSTED';
    let signer: CertificateInfo | undefined;
    let padesLevel: 'B-B' | null = null;
    let revokedAt: string | undefined;
    if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') {
      errors.push(`unsupported signature SubFilter ${subFilter ?? '(none)'}`);
    } else if (rangeOk && cms) {
      const check = checkCms(cms, [bytes.subarray(0, b), bytes.subarray(c, c + d)]);
      errors.push(...check.errors);
      signer = check.signer;
      if (
        check.digestOk &&
        check.signatureOk &&
        (check.signingCertificateOk || !check.hasSigningCertificateV2)
      ) {
        integrity = 'INTACT';
      }
      if (signer) {
        const result = validateChain(signer, {
          intermediates: [...check.certificates, ...extra],
          anchors,
          crls,
          at: m?.date ?? options.now ?? new Date(),
        });
        chain = result.status;
        errors.push(...result.errors);
        if (result.revokedAt) revokedAt = result.revokedAt.toISOString();
      }
      if (
        integrity === 'INTACT' &&
        subFilter === 'ETSI.CAdES.detached' &&
        check.hasSigningCertificateV2 &&
        check.signingCertificateOk &&
        !check.hasSigningTimeAttribute &&
        check.contentTypeIsData &&
        m !== undefined
      ) {
        padesLevel = 'B-B';
      }
    }

    const modification = rangeOk
      ? await analyseModifications(bytes, end, xref, doc)
      : { modified: true, reasons: [] as string[] };
    errors.push(...modification.reasons.map((r) => `after signing: ${r}`));
    const subject = signer?.subject;
    reports.push({
      end,
      fieldName: field.name,
      signerName: subject?.commonName ?? null,
      organization: subject?.organization ?? null,
      signedAt,
      integrity,
      chain,
      coversWholeDocument,
      modifiedAfterSigning: modification.modified,
      padesLevel,
      subFilter,
      title: subject?.title ?? null,
      organizationalUnit: subject?.organizationalUnit ?? null,
      reason: textOf(context, sig.get(PDFName.of('Reason'))) ?? null,
      location: textOf(context, sig.get(PDFName.of('Location'))) ?? null,
      signerCertificate: signer
        ? {
            subject: signer.subject.text,
            issuer: signer.issuer.text,
            serialNumber: signer.serialNumber,
            notBefore: signer.notBefore.toISOString(),
            notAfter: signer.notAfter.toISOString(),
            sha256: signer.sha256.toString('hex'),
          }
        : null,
      byteRange: range,
      ...(revokedAt ? { revokedAt } : {}),
      errors,
    });
  }
  reports.sort((x, y) => x.end - y.end);
  const signatures = reports.map(({ end: _end, ...r }) => r);
  const valid =
    signatures.length > 0 &&
    signatures.every(
      (s) => s.integrity === 'INTACT' && s.chain === 'TRUSTED' && !s.modifiedAfterSigning,
    );
  return { valid, signatures };
}
