/**
 * Verification of every signature in a PDF; the report has the shape of `POST /api/verify`.
 */
import { PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { parsePdfDate, toIsoWithOffset } from '../pdf/date';
import { arrayOf, resolve, signedFields, textOf } from '../pdf/fields';
import { loadPdf } from '../pdf/load';
import { isSigningError } from '../errors';
import { type CertificateInfo, parseCertificate, pemBlocks } from '../pki/certificates';
import { type CrlInfo, parseCrl } from '../pki/crl';
import { type OcspResponseInfo, parseOcspResponse } from '../pki/ocsp';
import { readDss } from '../ltv/dss';
import { signatureTimestampTokens } from '../ltv/long-term';
import { checkTimestampToken } from '../tsa/token';
import { digestRanges } from '../pades';
import { checkCms } from './cms';
import { type ChainResult, validateChain } from './chain';
import { analyseModifications } from './diff';
import { ALTERED_AFTER_SIGNING, scanSignaturesRaw } from './raw-scan';

/** PAdES baseline levels (ETSI EN 319 142-1), lowest first. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

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
  /**
   * The highest PAdES baseline level the signature reaches: B-B (structure), B-T (a valid
   * signature time-stamp), B-LT (+ the DSS holds revocation data for its chain and the TSA's),
   * B-LTA (+ a valid document time-stamp after it). Null when not even B-B.
   */
  readonly padesLevel: PadesLevel | null;
  /** Same as {@link padesLevel}. */
  readonly level: PadesLevel | null;
  /** genTime of a valid signature time-stamp (ISO 8601, UTC): the proven signing time. */
  readonly timestampedAt: string | null;
  /** The time the signer's certificate was judged at (proven time, else claimed, else now). */
  readonly judgedAt: string;
  /** The problem in Vietnamese for the reader (null when the signature is valid). */
  readonly message: string | null;
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

/** A document time-stamp (B-LTA) in the report. */
export interface DocumentTimestampReport {
  readonly fieldName: string;
  /** genTime, ISO 8601 UTC. */
  readonly timestampedAt: string | null;
  readonly integrity: 'INTACT' | 'BROKEN';
  readonly chain: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED';
  readonly tsaName: string | null;
  readonly tsaCertificateNotAfter: string | null;
  readonly coversWholeDocument: boolean;
  readonly errors: readonly string[];
}

/** The verification report (`POST /api/verify`). */
export interface VerificationReport {
  /** At least one signature, every one intact and trusted, nothing but signatures added after any. */
  readonly valid: boolean;
  readonly signatures: readonly SignatureReport[];
  readonly documentTimestamps: readonly DocumentTimestampReport[];
  /** The lowest level among the signatures (null without signatures or below B-B). */
  readonly level: PadesLevel | null;
  /** One sentence in Vietnamese for the reader. */
  readonly message: string;
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
  const given = certs(options.extraCertificatesPem);
  const passedCrls: CrlInfo[] = (options.crls ?? []).map((c) => parseCrl(c));
  let loaded;
  try {
    loaded = await loadPdf(pdf);
  } catch (err) {
    // A PDF whose signed bytes were altered may no longer parse (a changed compressed stream):
    // when its signatures can still be found, say that it was altered, not that it is unreadable.
    const raw = isSigningError(err, 'MALFORMED_PDF') ? scanSignaturesRaw(Buffer.from(pdf)) : [];
    if (raw.some((r) => !r.digestOk)) return alteredReport(raw.length);
    throw err;
  }
  const { bytes, doc, xref, catalog } = loaded;
  const context = doc.context;
  const dss = readDss(context, catalog);
  const dssCerts = dss.certificates.flatMap((d) => {
    try {
      return [parseCertificate(d)];
    } catch {
      return [];
    }
  });
  const dssOcsps: OcspResponseInfo[] = dss.ocsps.flatMap((d) => {
    try {
      return [parseOcspResponse(d)];
    } catch {
      return [];
    }
  });
  const dssCrls: CrlInfo[] = dss.crls.flatMap((d) => {
    try {
      return [parseCrl(d)];
    } catch {
      return [];
    }
  });
  const extra = [...given, ...dssCerts];
  const crls = [...passedCrls, ...dssCrls];
  const now = options.now ?? new Date();
  const reports: Array<SignatureReport & { end: number; lt: boolean }> = [];
  const docTimestamps: Array<DocumentTimestampReport & { end: number; ok: boolean }> = [];
  /** Chain of a time-stamp authority at genTime, revocation from everything known. */
  const tsaChain = (tsa: CertificateInfo, tokenCerts: readonly CertificateInfo[], at: Date) =>
    validateChain(tsa, {
      intermediates: [...tokenCerts, ...extra],
      anchors,
      crls,
      ocsps: dssOcsps,
      at,
      atIsProven: true,
    });
  const embeddedOnly = (
    leaf: CertificateInfo,
    pool: readonly CertificateInfo[],
    at: Date,
  ): ChainResult =>
    validateChain(leaf, { intermediates: pool, anchors, crls: dssCrls, ocsps: dssOcsps, at });
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

    if (subFilter === 'ETSI.RFC3161') {
      const check =
        rangeOk && cms
          ? checkTimestampToken(cms, { digest: digestRanges(bytes, range) }, extra)
          : undefined;
      const ts = check?.genTime;
      const tsaResult =
        check?.signer && ts ? tsaChain(check.signer, check.certificates, ts) : undefined;
      docTimestamps.push({
        end,
        ok: !!check?.ok && tsaResult?.status === 'TRUSTED',
        fieldName: field.name,
        timestampedAt: ts ? ts.toISOString() : null,
        integrity: check?.ok ? 'INTACT' : 'BROKEN',
        chain: tsaResult?.status ?? 'UNTRUSTED',
        tsaName: check?.signer?.subject.commonName ?? null,
        tsaCertificateNotAfter: check?.signer ? check.signer.notAfter.toISOString() : null,
        coversWholeDocument,
        errors: [...errors, ...(check?.errors ?? []), ...(tsaResult?.errors ?? [])],
      });
      continue;
    }

    let integrity: 'INTACT' | 'BROKEN' = 'BROKEN';
    let chain: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED' = 'UNTRUSTED';
    let signer: CertificateInfo | undefined;
    let padesLevel: PadesLevel | null = null;
    let revokedAt: string | undefined;
    let timestampedAt: Date | undefined;
    let judgedAt = m?.date ?? now;
    let lt = false;
    let digestMismatch = false;
    if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') {
      errors.push(`unsupported signature SubFilter ${subFilter ?? '(none)'}`);
    } else if (rangeOk && cms) {
      const check = checkCms(cms, [bytes.subarray(0, b), bytes.subarray(c, c + d)]);
      errors.push(...check.errors);
      signer = check.signer;
      digestMismatch = !check.digestOk && check.signer !== undefined;
      if (
        check.digestOk &&
        check.signatureOk &&
        (check.signingCertificateOk || !check.hasSigningCertificateV2)
      ) {
        integrity = 'INTACT';
      }
      // B-T: a signature time-stamp over the signature value, from a trusted TSA.
      let tsaLt = true;
      let tsaFound = false;
      if (integrity === 'INTACT' && check.signatureValue) {
        for (const token of signatureTimestampTokens(cms)) {
          const tst = checkTimestampToken(token, { data: check.signatureValue }, extra);
          const tsa =
            tst.signer && tst.genTime
              ? tsaChain(tst.signer, tst.certificates, tst.genTime)
              : undefined;
          if (!tst.ok || tsa?.status !== 'TRUSTED') {
            errors.push(
              ...tst.errors.map((e) => `signature time-stamp: ${e}`),
              ...(tsa?.errors ?? []).map((e) => `signature time-stamp: ${e}`),
            );
            continue;
          }
          tsaFound = true;
          if (!timestampedAt || (tst.genTime as Date) < timestampedAt) timestampedAt = tst.genTime;
          const embedded = embeddedOnly(
            tst.signer as CertificateInfo,
            [...tst.certificates, ...extra],
            tst.genTime as Date,
          );
          if (!embedded.revocationChecked) tsaLt = false;
        }
      }
      if (timestampedAt) judgedAt = timestampedAt;
      if (signer) {
        const pool = [...check.certificates, ...extra];
        const result = validateChain(signer, {
          intermediates: pool,
          anchors,
          crls,
          ocsps: dssOcsps,
          at: judgedAt,
          atIsProven: timestampedAt !== undefined,
        });
        chain = result.status;
        errors.push(...result.errors);
        if (result.revokedAt) revokedAt = result.revokedAt.toISOString();
        lt = tsaFound && tsaLt && embeddedOnly(signer, pool, judgedAt).revocationChecked;
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
        padesLevel = timestampedAt ? (lt ? 'B-LT' : 'B-T') : 'B-B';
      }
    }

    const modification = rangeOk
      ? await analyseModifications(bytes, end, xref, doc)
      : { modified: true, reasons: [] as string[] };
    errors.push(...modification.reasons.map((r) => `after signing: ${r}`));
    const subject = signer?.subject;
    reports.push({
      end,
      lt: padesLevel === 'B-LT',
      fieldName: field.name,
      signerName: subject?.commonName ?? null,
      organization: subject?.organization ?? null,
      signedAt,
      integrity,
      chain,
      coversWholeDocument,
      modifiedAfterSigning: modification.modified,
      padesLevel,
      level: padesLevel,
      timestampedAt: timestampedAt ? timestampedAt.toISOString() : null,
      judgedAt: judgedAt.toISOString(),
      message: digestMismatch
        ? ALTERED_AFTER_SIGNING
        : messageFor(integrity, chain, modification.modified),
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
  docTimestamps.sort((x, y) => x.end - y.end);
  // B-LTA: B-LT and a valid document time-stamp over a later revision.
  const signatures = reports.map(({ end, lt, ...r }) => {
    if (lt && docTimestamps.some((t) => t.ok && t.end > end))
      return { ...r, padesLevel: 'B-LTA' as const, level: 'B-LTA' as const };
    return r;
  });
  const valid =
    signatures.length > 0 &&
    signatures.every(
      (s) => s.integrity === 'INTACT' && s.chain === 'TRUSTED' && !s.modifiedAfterSigning,
    ) &&
    docTimestamps.every((t) => t.ok);
  const order: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
  const level =
    signatures.length === 0 || signatures.some((s) => !s.level)
      ? null
      : (order[Math.min(...signatures.map((s) => order.indexOf(s.level as PadesLevel)))] ?? null);
  const firstProblem = signatures.find((s) => s.message)?.message;
  return {
    valid,
    signatures,
    documentTimestamps: docTimestamps.map(({ end: _end, ok: _ok, ...t }) => t),
    level,
    message: valid
      ? 'Văn bản còn nguyên vẹn; mọi chữ ký hợp lệ và được tin cậy.'
      : signatures.length === 0
        ? 'Văn bản không có chữ ký số.'
        : (firstProblem ?? 'Dấu thời gian của văn bản không hợp lệ.'),
  };
}

/** A sentence in Vietnamese for one signature's problem (null when there is none). */
function messageFor(
  integrity: 'INTACT' | 'BROKEN',
  chain: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED',
  modified: boolean,
): string | null {
  if (integrity === 'BROKEN') return 'Chữ ký không hợp lệ: dữ liệu chữ ký bị hỏng hoặc không khớp.';
  if (modified)
    return 'Văn bản đã bị sửa đổi sau khi ký (ngoài việc ký tiếp và thêm dữ liệu xác thực).';
  if (chain === 'REVOKED') return 'Chứng thư số của người ký đã bị thu hồi trước thời điểm ký.';
  if (chain === 'UNTRUSTED')
    return 'Không xác nhận được chứng thư số của người ký với chứng thư gốc tin cậy.';
  return null;
}

/** The report for a file whose signed bytes changed so much that it no longer parses. */
function alteredReport(count: number): VerificationReport {
  const signature: SignatureReport = {
    fieldName: '',
    signerName: null,
    organization: null,
    signedAt: null,
    integrity: 'BROKEN',
    chain: 'UNTRUSTED',
    coversWholeDocument: false,
    modifiedAfterSigning: true,
    padesLevel: null,
    level: null,
    timestampedAt: null,
    judgedAt: new Date().toISOString(),
    message: ALTERED_AFTER_SIGNING,
    subFilter: null,
    title: null,
    organizationalUnit: null,
    reason: null,
    location: null,
    signerCertificate: null,
    byteRange: [],
    errors: ['the document digest does not match the signed message digest'],
  };
  return {
    valid: false,
    signatures: Array.from({ length: count }, () => signature),
    documentTimestamps: [],
    level: null,
    message: ALTERED_AFTER_SIGNING,
  };
}
