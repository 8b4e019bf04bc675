/**
 * PAdES signing (baseline B-B, ETSI EN 319 142-1), in two steps so that a key that never
 * reaches the server can sign:
 *
 * 1. {@link prepareSignature} appends an incremental update with the signature field, its
 *    appearance and a signature dictionary whose /Contents is reserved, and returns the DER
 *    signed attributes to be signed plus a JSON-serialisable state;
 * 2. {@link completeSignature} checks the signature value against the certificate and writes
 *    the CMS into the reserved space.
 *
 * {@link signPdf} runs both around a {@link Signer}. The original bytes are never rewritten, so
 * every earlier signature stays valid.
 */
import crypto from 'node:crypto';
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { DerError, child, parseDer } from './asn1/der';
import { OID } from './asn1/oids';
import {
  attribute,
  buildSignedAttributes,
  messageDigestOf,
  parseAttributes,
  readSigningCertificate,
} from './cms/attributes';
import { buildSignedData } from './cms/signed-data';
import { fromDerExact, toDer } from './asn1/build';
import type { Timestamper } from './tsa/authority';
import { SigningError } from './errors';
import { type AppearanceOptions, createAppearance, defaultAppearanceLines } from './pdf/appearance';
import { VIETNAM_OFFSET_MINUTES } from './pdf/date';
import { acroFormOf, arrayOf, dictOf, listFields, listPages, rectOf } from './pdf/fields';
import { type PendingObject, writeIncrement } from './pdf/incremental-writer';
import { type PdfUpdate, updatePdf } from './pdf/load';
import {
  type SignatureDictPlaceholder,
  buildSignatureDict,
  patchByteRange,
  patchContents,
} from './pdf/placeholder';
import { type CertificateInfo, parseCertificate } from './pki/certificates';
import { ecdsaSignatureToDer, keyAlgorithmOf, verifySignature } from './pki/keys';
import { type Signer, signNow } from './signer';

/** Where a new signature field goes (ignored when the named field exists). */
export interface FieldPlacement {
  /** 0-based page index; default 0. */
  readonly page?: number;
  /** [x1, y1, x2, y2] in PDF points; omitted → invisible signature. */
  readonly rect?: readonly [number, number, number, number];
}

/** Options of {@link prepareSignature}. */
export interface PrepareOptions {
  readonly signerCertificatePem: string;
  /** Issuing CA(s), embedded in the CMS. */
  readonly chainPems?: readonly string[];
  /**
   * Field to sign. An existing empty signature field of that (fully qualified) name is used with
   * its widget's page and rectangle; otherwise a new field is created (see `placement`).
   * Default: a new unique name "Signature1", "Signature2", ...
   */
  readonly fieldName?: string;
  readonly placement?: FieldPlacement;
  /** Appearance text and style; `false` draws nothing (even on a visible rectangle). */
  readonly appearance?: AppearanceOptions | false;
  /** Claimed signing time, written to /M; default now. */
  readonly signingTime?: Date | string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Bytes reserved for the CMS; default 16 KiB, grown automatically for long chains. */
  readonly signatureSize?: number;
  /** UTC offset of /M and of the displayed time (minutes); default +420 (Vietnam). */
  readonly utcOffsetMinutes?: number;
}

/** JSON-serialisable state kept between prepare and complete (store it as-is). */
export interface SigningState {
  readonly format: 'motcua-pades-state/v1';
  /** The prepared PDF (placeholders in), base64. */
  readonly pdf: string;
  readonly byteRange: readonly [number, number, number, number];
  /** DER signed attributes (SET OF, as signed), base64. */
  readonly signedAttributes: string;
  readonly signerCertificatePem: string;
  readonly chainPems: readonly string[];
  readonly fieldName: string;
  /** ISO 8601. */
  readonly signingTime: string;
}

/** Output of {@link prepareSignature}. */
export interface PreparedSignature {
  /** DER of the signed attributes: what the key signs (it hashes with SHA-256 itself). */
  readonly toBeSigned: Buffer;
  /** SHA-256 of `toBeSigned`, for signers that take a pre-computed hash (HSM, CSC signHash). */
  readonly toBeSignedDigest: Buffer;
  readonly digestAlgorithm: 'SHA-256';
  readonly fieldName: string;
  readonly state: SigningState;
}

const DEFAULT_SIGNATURE_SIZE = 16 * 1024;
/** Bytes kept for a signature time-stamp token (the TSA's certificate and chain included). */
const TIMESTAMP_ALLOWANCE = 8 * 1024;

function invalid(message: string): SigningError {
  return new SigningError('INVALID_ARGUMENT', message);
}

function checkSigningCertificate(cert: CertificateInfo): void {
  keyAlgorithmOf(cert.publicKey);
  if (cert.keyUsage && !cert.keyUsage.digitalSignature && !cert.keyUsage.nonRepudiation) {
    throw new SigningError(
      'INVALID_CERTIFICATE',
      'the certificate is not allowed to sign documents',
    );
  }
  if (cert.basicConstraints?.ca) {
    throw new SigningError('INVALID_CERTIFICATE', 'a CA certificate cannot sign documents');
  }
}

function parseTime(value: Date | string | undefined): Date {
  const d = value === undefined ? new Date() : new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid('signingTime is not a valid date');
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function validateFieldName(name: string): string {
  const n = name.normalize('NFC');
  if (
    n.length === 0 ||
    n.length > 120 ||
    [...n].some((ch) => (ch.codePointAt(0) as number) < 0x20)
  ) {
    throw invalid('a field name must have 1 to 120 printable characters');
  }
  return n;
}

function fieldNameObject(partial: string): PDFObject {
  return /^[A-Za-z0-9 _\-:]+$/.test(partial)
    ? PDFString.of(partial)
    : PDFHexString.fromText(partial);
}

function addToArray(
  context: PDFContext,
  holder: { dict: PDFDict; ref?: PDFRef },
  key: string,
  item: PDFRef,
  changed: (ref: PDFRef | undefined) => void,
): void {
  const name = PDFName.of(key);
  const current = holder.dict.get(name);
  if (current instanceof PDFRef) {
    const arr = arrayOf(context, current);
    if (arr) {
      if (!arr.asArray().some((x) => x instanceof PDFRef && x.tag === item.tag)) arr.push(item);
      changed(current);
      return;
    }
  }
  if (current instanceof PDFArray) {
    if (!current.asArray().some((x) => x instanceof PDFRef && x.tag === item.tag))
      current.push(item);
  } else {
    holder.dict.set(name, context.obj([item]));
  }
  changed(holder.ref);
}

/** What {@link appendSignatureRevision} writes: a field, its appearance and a placeholder. */
export interface RevisionSpec {
  readonly fieldName?: string;
  /** Prefix of a generated field name ("Signature" → Signature1, Signature2, ...). */
  readonly fieldPrefix: string;
  readonly placement?: FieldPlacement;
  /** Appearance lines for a field of the given size (none: an empty appearance). */
  readonly lines: (width: number, height: number) => string[];
  readonly appearance: AppearanceOptions;
  /** The signer's certificate: the appearance's style (a seal's) and its rim text follow it. */
  readonly signer?: CertificateInfo;
  readonly placeholder: SignatureDictPlaceholder;
}

/**
 * Appends an incremental update with a signature field (new, or an existing empty one), its
 * widget's appearance and the signature dictionary whose /ByteRange is written and /Contents
 * reserved. Shared by signatures and document time-stamps.
 */
export async function appendSignatureRevision(
  pdf: Uint8Array,
  spec: RevisionSpec,
): Promise<{ file: Buffer; byteRange: [number, number, number, number]; fieldName: string }> {
  return updatePdf(pdf, (update) => revisionOn(update, spec));
}

async function revisionOn(
  update: PdfUpdate,
  spec: RevisionSpec,
): Promise<{ file: Buffer; byteRange: [number, number, number, number]; fieldName: string }> {
  const options = spec;
  const { bytes, xref, catalog, context, rootRef, baseLargest, peek } = update;

  const changed = new Map<string, PDFRef>();
  const markChanged = (ref: PDFRef | undefined): void => {
    if (ref && ref.objectNumber <= baseLargest) changed.set(ref.tag, ref);
  };

  const fields = listFields(context, catalog);
  const pages = listPages(context, catalog, peek);
  if (pages.length === 0) throw new SigningError('MALFORMED_PDF', 'the PDF has no pages');
  let fieldName: string;
  if (options.fieldName !== undefined) fieldName = validateFieldName(options.fieldName);
  else {
    let i = 1;
    while (fields.some((f) => f.name === `${spec.fieldPrefix}${i}`)) i++;
    fieldName = `${spec.fieldPrefix}${i}`;
  }

  const sigRef = context.nextRef();
  let widget: { ref: PDFRef; dict: PDFDict };
  let rect: [number, number, number, number];
  const existing = fields.find((f) => f.name === fieldName);
  if (existing) {
    if (existing.fieldType !== 'Sig') {
      throw new SigningError(
        'FIELD_NOT_SIGNATURE',
        `field "${fieldName}" is not a signature field`,
      );
    }
    if (existing.dict.has(PDFName.of('V'))) {
      throw new SigningError('FIELD_ALREADY_SIGNED', `field "${fieldName}" is already signed`);
    }
    const w = existing.widgets[0];
    if (!existing.ref || !w?.ref)
      throw new SigningError('MALFORMED_PDF', `field "${fieldName}" has no widget`);
    widget = { ref: w.ref, dict: w.dict };
    rect = rectOf(context, w.dict.get(PDFName.of('Rect')));
    existing.dict.set(PDFName.of('V'), sigRef);
    markChanged(existing.ref);
    const p = w.dict.get(PDFName.of('P'));
    const onPage = (pg: { dict: PDFDict }): boolean =>
      (arrayOf(context, pg.dict.get(PDFName.of('Annots')))?.asArray() ?? []).some(
        (a) => a instanceof PDFRef && a.tag === widget.ref.tag,
      );
    const page =
      pages.find(onPage) ??
      pages.find((pg) => p instanceof PDFRef && pg.ref.tag === p.tag) ??
      pages[0];
    if (page && !onPage(page)) addToArray(context, page, 'Annots', widget.ref, markChanged);
  } else {
    if (fieldName.includes('.')) throw invalid('a new field name must not contain "."');
    const pageIndex = options.placement?.page ?? 0;
    const page = pages[pageIndex];
    if (!page || !Number.isInteger(pageIndex)) throw invalid(`page ${pageIndex} does not exist`);
    const r = options.placement?.rect ?? [0, 0, 0, 0];
    if (r.length !== 4 || r.some((x) => !Number.isFinite(x)))
      throw invalid('rect must be four numbers');
    rect = [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
    const dict = context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      F: 132,
      Rect: rect,
      P: page.ref,
      V: sigRef,
    });
    dict.set(PDFName.of('T'), fieldNameObject(fieldName));
    const ref = context.register(dict);
    widget = { ref, dict };
    addToArray(context, page, 'Annots', ref, markChanged);
    let form = acroFormOf(context, catalog);
    const formRef = catalog.get(PDFName.of('AcroForm'));
    if (!form) {
      form = context.obj({ Fields: [] });
      catalog.set(PDFName.of('AcroForm'), context.register(form));
      markChanged(rootRef);
    }
    addToArray(
      context,
      formRef instanceof PDFRef ? { dict: form, ref: formRef } : { dict: form, ref: rootRef },
      'Fields',
      ref,
      markChanged,
    );
  }

  // SigFlags: SignaturesExist | AppendOnly.
  const formRef = catalog.get(PDFName.of('AcroForm'));
  const form = dictOf(context, formRef);
  if (form) {
    const flags = form.get(PDFName.of('SigFlags'));
    const current = flags instanceof PDFNumber ? flags.asNumber() : 0;
    if ((current & 3) !== 3) {
      form.set(PDFName.of('SigFlags'), PDFNumber.of(current | 3));
      markChanged(formRef instanceof PDFRef ? formRef : rootRef);
    }
  }

  // Appearance.
  const width = rect[2] - rect[0];
  const height = rect[3] - rect[1];
  // An invisible signature's appearance is empty whatever its lines: they are not made.
  const lines = width > 0 && height > 0 ? spec.lines(width, height) : [];
  const apRef = await createAppearance(
    context,
    lines.length > 0 ? width : 0,
    lines.length > 0 ? height : 0,
    lines,
    spec.appearance,
    spec.signer,
  );
  widget.dict.set(PDFName.of('AP'), context.obj({ N: apRef }));
  markChanged(widget.ref);

  const placeholder = spec.placeholder;
  const objects: PendingObject[] = [{ ref: sigRef, raw: placeholder.raw }];
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref.objectNumber > baseLargest) objects.push({ ref, object });
  }
  for (const ref of changed.values()) {
    const object = context.lookup(ref);
    if (object) objects.push({ ref, object });
  }
  const { bytes: file, bodyOffsets } = writeIncrement(
    bytes,
    xref,
    objects,
    context.largestObjectNumber + 1,
  );
  const sigBody = bodyOffsets.get(sigRef.objectNumber) as number;
  const contentsStart = sigBody + placeholder.contentsOffset;
  const contentsEnd = contentsStart + placeholder.contentsLength;
  const byteRange = [0, contentsStart, contentsEnd, file.length - contentsEnd] as const;
  patchByteRange(
    file,
    sigBody + placeholder.byteRangeOffset,
    placeholder.byteRangeLength,
    byteRange,
  );

  return { file, byteRange: [...byteRange], fieldName };
}

/** Prepares a signature; see the module comment. */
export async function prepareSignature(
  pdf: Uint8Array,
  options: PrepareOptions,
): Promise<PreparedSignature> {
  const { revision, signingTime } = await prepareRevision(pdf, options);
  const { file, range, signedAttributes, cert, chain, fieldName } = revision;
  return {
    toBeSigned: signedAttributes,
    toBeSignedDigest: crypto.createHash('sha256').update(signedAttributes).digest(),
    digestAlgorithm: 'SHA-256',
    fieldName,
    state: {
      format: 'motcua-pades-state/v1',
      pdf: file.toString('base64'),
      byteRange: range,
      signedAttributes: signedAttributes.toString('base64'),
      signerCertificatePem: cert.pem,
      chainPems: chain.map((c) => c.pem),
      fieldName,
      signingTime: signingTime.toISOString(),
    },
  };
}

/**
 * A revision with its signature placeholder, as this process made it: what a state carries,
 * unserialised. `signPdf` goes from here to the signed file without the state's round trip (its
 * base64 and the checks `readState` makes of a state that came from elsewhere).
 */
interface Revision {
  file: Buffer;
  range: [number, number, number, number];
  signedAttributes: Buffer;
  cert: CertificateInfo;
  chain: CertificateInfo[];
  fieldName: string;
}

async function prepareRevision(
  pdf: Uint8Array,
  options: PrepareOptions,
): Promise<{ revision: Revision; signingTime: Date }> {
  const cert = parseCertificate(options.signerCertificatePem);
  checkSigningCertificate(cert);
  const chain = (options.chainPems ?? []).map((p) => parseCertificate(p));
  const signingTime = parseTime(options.signingTime);
  const utcOffsetMinutes = options.utcOffsetMinutes ?? VIETNAM_OFFSET_MINUTES;
  const appearance = options.appearance === false ? undefined : (options.appearance ?? {});
  const certBytes = [cert, ...chain].reduce((n, c) => n + c.der.length, 0);
  // Room for the CMS, its certificates and a signature time-stamp token (B-T).
  const contentsBytes = Math.max(
    options.signatureSize ?? DEFAULT_SIGNATURE_SIZE,
    certBytes + TIMESTAMP_ALLOWANCE + 4096,
  );
  const { file, byteRange, fieldName } = await appendSignatureRevision(pdf, {
    fieldPrefix: 'Signature',
    ...(options.fieldName !== undefined ? { fieldName: options.fieldName } : {}),
    ...(options.placement ? { placement: options.placement } : {}),
    appearance: appearance ?? {},
    signer: cert,
    lines: () =>
      appearance
        ? [
            ...(appearance.lines ??
              defaultAppearanceLines(cert, signingTime, { ...appearance, utcOffsetMinutes })),
            ...(appearance.extraLines ?? []),
          ]
        : [],
    placeholder: buildSignatureDict({
      signingTime,
      utcOffsetMinutes,
      contentsBytes,
      ...(cert.subject.commonName ? { name: cert.subject.commonName } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.location ? { location: options.location } : {}),
      ...(options.contactInfo ? { contactInfo: options.contactInfo } : {}),
    }),
  });
  const messageDigest = digestRanges(file, byteRange);
  const signedAttributes = buildSignedAttributes({ messageDigest, signerCertificate: cert });
  return {
    revision: { file, range: byteRange, signedAttributes, cert, chain, fieldName },
    signingTime,
  };
}

/** SHA-256 over the two signed ranges. */
export function digestRanges(file: Buffer, range: readonly number[]): Buffer {
  const [a = 0, b = 0, c = 0, d = 0] = range;
  return crypto
    .createHash('sha256')
    .update(file.subarray(a, a + b))
    .update(file.subarray(c, c + d))
    .digest();
}

function badState(why: string): SigningError {
  return new SigningError('INVALID_STATE', `the signing state is not valid: ${why}`);
}

function readState(state: SigningState): {
  file: Buffer;
  range: [number, number, number, number];
  signedAttributes: Buffer;
  cert: CertificateInfo;
  chain: CertificateInfo[];
} {
  if (!state || state.format !== 'motcua-pades-state/v1') throw badState('unknown format');
  if (typeof state.pdf !== 'string' || typeof state.signedAttributes !== 'string')
    throw badState('missing data');
  const file = Buffer.from(state.pdf, 'base64');
  const r = state.byteRange;
  if (!Array.isArray(r) || r.length !== 4 || r.some((x) => !Number.isSafeInteger(x) || x < 0)) {
    throw badState('bad byte range');
  }
  const range = r as unknown as [number, number, number, number];
  const [a, b, c, d] = range;
  if (a !== 0 || b >= c || c + d !== file.length || file[b] !== 0x3c || file[c - 1] !== 0x3e) {
    throw badState('the byte range does not match the document');
  }
  if (!/^0+$/.test(file.subarray(b + 1, c - 1).toString('latin1')))
    throw badState('the document is already signed');
  const signedAttributes = Buffer.from(state.signedAttributes, 'base64');
  let cert: CertificateInfo;
  let chain: CertificateInfo[];
  try {
    cert = parseCertificate(state.signerCertificatePem);
    chain = (state.chainPems ?? []).map((p) => parseCertificate(p));
  } catch {
    throw badState('unreadable certificates');
  }
  let md: Buffer | undefined;
  let essHash: Buffer | undefined;
  try {
    md = messageDigestOf(signedAttributes);
    const ess = parseAttributes(parseDer(signedAttributes)).find(
      (x) => x.oid === OID.signingCertificateV2,
    );
    if (ess?.values[0]) essHash = readSigningCertificate(ess.values[0], 2).certHash;
  } catch (err) {
    if (err instanceof DerError) throw badState('unreadable signed attributes');
    throw err;
  }
  if (!md || !md.equals(digestRanges(file, range)))
    throw badState('the document does not match its digest');
  if (!essHash || !essHash.equals(cert.sha256))
    throw badState('the certificate does not match the signed attributes');
  return { file, range, signedAttributes, cert, chain };
}

/** Converts a signature value to what CMS carries (DER for ECDSA); accepts base64 text. */
function normaliseSignature(cert: CertificateInfo, value: Uint8Array | string): Buffer {
  const raw = typeof value === 'string' ? Buffer.from(value.trim(), 'base64') : Buffer.from(value);
  if (cert.publicKey.asymmetricKeyType === 'ec') {
    try {
      const der = ecdsaSignatureToDer(cert.publicKey, raw);
      child(parseDer(der), 1);
      return der;
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * Completes a prepared signature: checks `signatureValue` (RSA PKCS#1 v1.5; ECDSA as DER or
 * IEEE P1363; Buffer or base64) against the certificate, and returns the signed PDF.
 * Throws `SIGNATURE_INVALID` for a value that does not verify, `INVALID_STATE` for a state
 * that is not intact.
 */
export async function completeSignature(
  state: SigningState,
  signatureValue: Uint8Array | string,
  options: CompleteOptions = {},
): Promise<Buffer> {
  return finishRevision(readState(state), signatureValue, options);
}

async function finishRevision(
  revision: Omit<Revision, 'fieldName'>,
  signatureValue: Uint8Array | string,
  options: CompleteOptions,
): Promise<Buffer> {
  const { file, range, signedAttributes, cert, chain } = revision;
  const signature = normaliseSignature(cert, signatureValue);
  if (!verifySignature(cert.publicKey, 'sha256', signedAttributes, signature)) {
    throw new SigningError(
      'SIGNATURE_INVALID',
      'the signature value does not match the signer certificate',
    );
  }
  const unsignedAttributesDer: Buffer[] = [];
  if (options.timestamper) {
    // B-T: a signature time-stamp over the signature value (EN 319 122-1 §5.3).
    const token = await options.timestamper.timestamp(
      crypto.createHash('sha256').update(signature).digest(),
    );
    unsignedAttributesDer.push(
      toDer(attribute(OID.signatureTimeStampToken, [fromDerExact(token)])),
    );
  }
  const cms = buildSignedData({
    signedAttributesDer: signedAttributes,
    signature,
    signerCertificate: cert,
    certificates: [cert, ...chain],
    keyType: cert.publicKey.asymmetricKeyType === 'ec' ? 'EC' : 'RSA',
    unsignedAttributesDer,
  });
  patchContents(file, range[1], range[2] - range[1], cms);
  return file;
}

/** Options of {@link completeSignature}. */
export interface CompleteOptions {
  /** Adds an RFC 3161 signature time-stamp (PAdES B-T); without it the signature is B-B. */
  readonly timestamper?: Timestamper;
}

/** Prepare → sign → complete, for signers that answer at once (keys the server holds). */
export async function signPdf(
  pdf: Uint8Array,
  signer: Signer,
  options: Omit<PrepareOptions, 'signerCertificatePem' | 'chainPems'> & CompleteOptions = {},
): Promise<Buffer> {
  const { timestamper, ...prepareOptions } = options;
  const { revision } = await prepareRevision(pdf, {
    ...prepareOptions,
    signerCertificatePem: signer.certificatePem,
    chainPems: signer.chainPems,
  });
  const signature = await signNow(signer, revision.signedAttributes);
  return finishRevision(revision, signature, timestamper ? { timestamper } : {});
}
