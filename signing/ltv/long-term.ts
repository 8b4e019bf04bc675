/**
 * PAdES B-LT and B-LTA: the validation data of every signature and time-stamp of a document in
 * its DSS, then a document time-stamp over it, renewed before the last TSA certificate expires.
 *
 * The library does no network I/O: revocation answers come from a {@link RevocationSource} the
 * caller passes in (the deployment's own OCSP responder in-process, a fetcher with a cache for
 * certificates of licensed CAs).
 */
import { type PDFContext, type PDFDict, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { TAG, child, isContext, parseDer, readOid } from '../asn1/der';
import { OID } from '../asn1/oids';
import { parseAttributes } from '../cms/attributes';
import { SigningError } from '../errors';
import { resolve, signedFields } from '../pdf/fields';
import { updatePdf } from '../pdf/load';
import { type CertificateInfo, isIssuedBy, parseCertificate, pemBlocks } from '../pki/certificates';
import { parseCrl } from '../pki/crl';
import { certIdIssuedBy, parseOcspResponse } from '../pki/ocsp';
import type { Timestamper } from '../tsa/authority';
import { checkTimestampToken } from '../tsa/token';
import { addDocumentTimestamp } from './doc-timestamp';
import { appendDss, readDss } from './dss';

/** What a source knows about one certificate: an OCSP response, a CRL, or both (DER). */
export interface RevocationAnswer {
  readonly ocsp?: Buffer;
  readonly crl?: Buffer;
}

/** Obtains revocation data for `cert`, issued by `issuer` (undefined: none to be had). */
export type RevocationSource = (
  cert: CertificateInfo,
  issuer: CertificateInfo,
) => Promise<RevocationAnswer | undefined>;

/** One signature or document time-stamp of a document, as far as validation data goes. */
export interface SignatureContainer {
  readonly kind: 'signature' | 'document-timestamp';
  readonly fieldName: string;
  /** Certificates of the CMS and of the tokens inside it. */
  readonly certificates: readonly CertificateInfo[];
  /** Signature time-stamp tokens (unsigned attribute) of a signature. */
  readonly timestampTokens: readonly Buffer[];
  /** A document time-stamp's token. */
  readonly token?: Buffer;
}

function cmsCertificates(cms: Buffer): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  const sd = child(child(parseDer(cms), 1), 0);
  for (const c of sd.children.slice(3)) {
    if (!isContext(c, 0)) continue;
    for (const n of c.children)
      if (n.cls === 0 && n.tagNumber === TAG.SEQUENCE)
        out.push(parseCertificate(Buffer.from(n.raw)));
  }
  return out;
}

/** The signature time-stamp tokens in the first SignerInfo's unsigned attributes. */
export function signatureTimestampTokens(cms: Buffer): Buffer[] {
  const sd = child(child(parseDer(cms), 1), 0);
  const infos = sd.children.find(
    (c) => c.cls === 0 && c.tagNumber === TAG.SET && c !== sd.children[1],
  );
  const si = infos?.children[0];
  const unsigned = si?.children.find((c) => isContext(c, 1));
  if (!unsigned) return [];
  return parseAttributes(unsigned)
    .filter((a) => a.oid === OID.signatureTimeStampToken)
    .flatMap((a) => a.values.map((v) => Buffer.from(v.raw)));
}

/** Every signature and document time-stamp of a PDF with the certificates it carries. */
export async function signatureContainers(pdf: Uint8Array): Promise<SignatureContainer[]> {
  // Read as for an update: only the fields and their signature dictionaries are parsed.
  return updatePdf(pdf, ({ context, catalog }) => Promise.resolve(containersIn(context, catalog)));
}

function containersIn(context: PDFContext, catalog: PDFDict): SignatureContainer[] {
  const out: SignatureContainer[] = [];
  for (const { field, sig } of signedFields(context, catalog)) {
    const contents = resolve(context, sig.get(PDFName.of('Contents')));
    if (!(contents instanceof PDFHexString || contents instanceof PDFString)) continue;
    const raw = Buffer.from(contents.asBytes());
    let cms: Buffer;
    try {
      cms = Buffer.from(parseDer(raw).raw);
      if (readOid(child(parseDer(cms), 0)) !== OID.signedData) continue;
    } catch {
      continue;
    }
    const subFilter = sig.get(PDFName.of('SubFilter'));
    const isDocTs = subFilter instanceof PDFName && subFilter.decodeText() === 'ETSI.RFC3161';
    try {
      if (isDocTs) {
        out.push({
          kind: 'document-timestamp',
          fieldName: field.name,
          certificates: cmsCertificates(cms),
          timestampTokens: [],
          token: cms,
        });
      } else {
        const tokens = signatureTimestampTokens(cms);
        out.push({
          kind: 'signature',
          fieldName: field.name,
          certificates: [...cmsCertificates(cms), ...tokens.flatMap((t) => cmsCertificates(t))],
          timestampTokens: tokens,
        });
      }
    } catch {
      // an unreadable container has no validation data to add; the verifier reports it
    }
  }
  return out;
}

const selfIssued = (c: CertificateInfo): boolean =>
  c.issuerDer.equals(c.subjectDer) && isIssuedBy(c, c);

/** Options of {@link addValidationData}. */
export interface ValidationDataOptions {
  readonly revocation: RevocationSource;
  /** Issuing CAs and roots that the document's CMS may not carry (PEM). */
  readonly extraCertificatesPem?: string | readonly string[];
  /** Skip certificates the DSS already has revocation data for (after a document time-stamp). */
  readonly onlyMissing?: boolean;
}

/**
 * B-LT: puts the certificates and revocation answers of every signature and time-stamp into the
 * document's DSS, as an incremental update (the signed bytes are never touched). Throws
 * `REVOCATION_UNAVAILABLE` when a certificate's status cannot be obtained.
 */
export async function addValidationData(
  pdf: Uint8Array,
  options: ValidationDataOptions,
): Promise<Buffer> {
  const extraText =
    typeof options.extraCertificatesPem === 'string'
      ? options.extraCertificatesPem
      : (options.extraCertificatesPem ?? []).join('\n');
  const extra = pemBlocks(extraText).map((d) => parseCertificate(d));
  // One lazy reading (signing/pdf/lazy.ts) for the signatures and the DSS there is already.
  const { containers, existing } = await updatePdf(pdf, ({ context, catalog }) =>
    Promise.resolve({
      containers: containersIn(context, catalog),
      existing: readDss(context, catalog),
    }),
  );
  const dssCerts = existing.certificates.map((d) => parseCertificate(d));
  const pool = [...containers.flatMap((c) => c.certificates), ...extra, ...dssCerts];

  // Every certificate of every chain, walked from the certificates the containers carry.
  const needed = new Map<string, CertificateInfo>();
  const queue = containers.flatMap((c) => c.certificates);
  while (queue.length > 0) {
    const cert = queue.shift() as CertificateInfo;
    const fp = cert.sha256.toString('hex');
    if (needed.has(fp)) continue;
    needed.set(fp, cert);
    if (selfIssued(cert)) continue;
    const issuer = pool.find((p) => isIssuedBy(cert, p));
    if (issuer) queue.push(issuer);
  }

  const covered = (cert: CertificateInfo, issuer: CertificateInfo): boolean =>
    existing.ocsps.some((o) => {
      try {
        return parseOcspResponse(o).responses.some(
          (r) => r.id.serialNumber === cert.serialNumber && certIdIssuedBy(r.id, issuer),
        );
      } catch {
        return false;
      }
    }) ||
    existing.crls.some((c) => {
      try {
        return parseCrl(c).issuerDer.equals(issuer.subjectDer);
      } catch {
        return false;
      }
    });

  const ocsps: Buffer[] = [];
  const crls: Buffer[] = [];
  for (const cert of needed.values()) {
    if (selfIssued(cert) || cert.ocspNoCheck) continue;
    const issuer = pool.find((p) => isIssuedBy(cert, p));
    if (!issuer) {
      throw new SigningError(
        'REVOCATION_UNAVAILABLE',
        `the issuer of "${cert.subject.text}" is not known; pass its certificate`,
      );
    }
    if (options.onlyMissing && covered(cert, issuer)) continue;
    const answer = await options.revocation(cert, issuer);
    if (!answer?.ocsp && !answer?.crl) {
      throw new SigningError(
        'REVOCATION_UNAVAILABLE',
        `no revocation data could be obtained for "${cert.subject.text}"`,
      );
    }
    if (answer.ocsp) ocsps.push(answer.ocsp);
    if (answer.crl) crls.push(answer.crl);
  }
  return appendDss(pdf, {
    certificates: [...needed.values()].map((c) => c.der),
    ocsps,
    crls,
  });
}

/** Options of {@link addArchiveTimestamp}. */
export interface ArchiveOptions extends Omit<ValidationDataOptions, 'onlyMissing'> {
  readonly timestamper: Timestamper;
}

/**
 * B-LTA: a DSS with the validation data of everything so far, a document time-stamp over it,
 * then the validation data of that time-stamp's TSA. Run again (renewal) before the last TSA
 * certificate expires: each round protects all earlier data with a fresh time-stamp.
 */
export async function addArchiveTimestamp(
  pdf: Uint8Array,
  options: ArchiveOptions,
): Promise<Buffer> {
  const withData = await addValidationData(pdf, options);
  const stamped = await addDocumentTimestamp(withData, options.timestamper);
  return addValidationData(stamped, { ...options, onlyMissing: true });
}

/** When a document's archive time-stamps must be renewed. */
export interface ArchiveStatus {
  /** genTime of the newest document time-stamp (none: not B-LTA yet). */
  readonly lastTimestampAt?: Date;
  /** The end of validity of that time-stamp's TSA certificate. */
  readonly tsaCertificateNotAfter?: Date;
  /** True when there is no document time-stamp or its TSA certificate ends within the margin. */
  readonly renewalDue: boolean;
}

/** Looks at the newest document time-stamp of a PDF. */
export async function archiveStatus(
  pdf: Uint8Array,
  options: { now?: Date; marginDays?: number } = {},
): Promise<ArchiveStatus> {
  const now = options.now ?? new Date();
  const margin = (options.marginDays ?? 90) * 86_400_000;
  let last: { genTime: Date; notAfter: Date } | undefined;
  for (const c of await signatureContainers(pdf)) {
    if (c.kind !== 'document-timestamp' || !c.token) continue;
    const check = checkTimestampToken(c.token);
    if (!check.genTime || !check.signer) continue;
    if (!last || check.genTime > last.genTime)
      last = { genTime: check.genTime, notAfter: check.signer.notAfter };
  }
  if (!last) return { renewalDue: true };
  return {
    lastTimestampAt: last.genTime,
    tsaCertificateNotAfter: last.notAfter,
    renewalDue: last.notAfter.getTime() - now.getTime() <= margin,
  };
}
