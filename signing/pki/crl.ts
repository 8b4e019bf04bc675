/**
 * Certificate revocation lists (RFC 5280 §5): building, signed by a CA key, and parsing.
 */
import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import {
  type Asn1,
  algorithm,
  bitString,
  explicit,
  fromDerExact,
  int,
  octets,
  oid,
  seq,
  time,
  toDer,
  uint,
} from '../asn1/build';
import {
  type DerNode,
  TAG,
  child,
  isContext,
  parseDer,
  readBitString,
  readIntegerHex,
  readOid,
  readSmallInteger,
  readTime,
} from '../asn1/der';
import { OID } from '../asn1/oids';
import { SigningError } from '../errors';
import {
  type CertificateInfo,
  extensions,
  pemBlocks,
  toPem,
  verifySignedBlob,
} from './certificates';
import { signSha256, signatureAlgorithmOid } from './keys';

/** CRL reason codes (RFC 5280 §5.3.1). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

/** One revoked serial. */
export interface RevokedEntry {
  /** Serial number, lower-case hex without leading zeros. */
  readonly serialNumber: string;
  /** ISO 8601. */
  readonly revokedAt: string;
  readonly reason: RevocationReason;
}

/** A CRL in both encodings. */
export interface Crl {
  readonly der: Buffer;
  readonly pem: string;
}

/** Builds and signs a CRL. */
export function buildCrl(options: {
  issuer: CertificateInfo;
  issuerKey: KeyObject;
  revoked: readonly RevokedEntry[];
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
}): Crl {
  const sigAlgOid = signatureAlgorithmOid(options.issuerKey);
  const sigAlg = algorithm(sigAlgOid, sigAlgOid === OID.sha256WithRSAEncryption);
  const items: Asn1[] = [
    int(1),
    sigAlg,
    fromDerExact(options.issuer.subjectDer),
    time(options.thisUpdate),
    time(options.nextUpdate),
  ];
  if (options.revoked.length > 0) {
    items.push(
      seq(
        options.revoked.map((r) => {
          const reasonCode = REVOCATION_REASONS[r.reason] ?? 0;
          const entry: Asn1[] = [
            uint(Buffer.from(evenHex(r.serialNumber), 'hex')),
            time(new Date(r.revokedAt)),
          ];
          if (reasonCode !== 0) {
            const enumerated = forge.asn1.create(
              forge.asn1.Class.UNIVERSAL,
              forge.asn1.Type.ENUMERATED,
              false,
              String.fromCharCode(reasonCode),
            );
            entry.push(seq([seq([oid(OID.cRLReason), octets(toDer(enumerated))])]));
          }
          return seq(entry);
        }),
      ),
    );
  }
  const aki = extensions.authorityKeyIdentifier(options.issuer.publicKey);
  items.push(
    explicit(
      0,
      seq([
        seq([oid(aki.oid), octets(toDer(aki.value))]),
        seq([oid(OID.cRLNumber), octets(toDer(int(options.crlNumber)))]),
      ]),
    ),
  );
  const tbs = toDer(seq(items));
  const signature = signSha256(options.issuerKey, tbs);
  const der = toDer(seq([fromDerExact(tbs), sigAlg, bitString(signature)]));
  return { der, pem: toPem(der, 'X509 CRL') };
}

function evenHex(hex: string): string {
  return hex.length % 2 ? `0${hex}` : hex;
}

/** A parsed CRL. */
export interface CrlInfo {
  readonly der: Buffer;
  readonly issuerDer: Buffer;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly crlNumber?: number;
  readonly revoked: ReadonlyMap<string, { revokedAt: Date; reason?: number }>;
  readonly tbs: Buffer;
  readonly signatureAlgorithmOid: string;
  readonly signatureValue: Buffer;
}

/** Parses one CRL (DER bytes, or PEM text with an `X509 CRL` block). */
export function parseCrl(input: Buffer | string): CrlInfo {
  let der: Buffer;
  const text = typeof input === 'string' ? input : input.subarray(0, 20).toString('latin1');
  if (text.startsWith('-----BEGIN')) {
    const first = pemBlocks(input.toString(), 'X509 CRL')[0];
    if (!first) throw new SigningError('INVALID_ARGUMENT', 'no PEM CRL found');
    der = first;
  } else {
    der = Buffer.from(input as Buffer);
  }
  try {
    const root = parseDer(der);
    const tbs = child(root, 0);
    let i = 0;
    if (tbs.children[0]?.tagNumber === TAG.INTEGER) i++;
    i++; // signature algorithm
    const issuer = child(tbs, i++);
    const thisUpdate = readTime(child(tbs, i++));
    let nextUpdate: Date | undefined;
    const maybeNext = tbs.children[i];
    if (
      maybeNext &&
      (maybeNext.tagNumber === TAG.UTCTime || maybeNext.tagNumber === TAG.GeneralizedTime)
    ) {
      nextUpdate = readTime(maybeNext);
      i++;
    }
    const revoked = new Map<string, { revokedAt: Date; reason?: number }>();
    let crlNumber: number | undefined;
    for (const rest of tbs.children.slice(i)) {
      if (rest.cls === 0 && rest.tagNumber === TAG.SEQUENCE) {
        for (const entry of rest.children) {
          const serial = readIntegerHex(child(entry, 0));
          const revokedAt = readTime(child(entry, 1));
          let reason: number | undefined;
          const exts: DerNode | undefined = entry.children[2];
          for (const ext of exts?.children ?? []) {
            if (readOid(child(ext, 0)) === OID.cRLReason) {
              const v = parseDer(Buffer.from(child(ext, ext.children.length - 1).content));
              reason = v.content[0];
            }
          }
          revoked.set(serial, reason === undefined ? { revokedAt } : { revokedAt, reason });
        }
      } else if (isContext(rest, 0)) {
        for (const ext of child(rest, 0).children) {
          if (readOid(child(ext, 0)) === OID.cRLNumber) {
            crlNumber = readSmallInteger(
              parseDer(Buffer.from(child(ext, ext.children.length - 1).content)),
            );
          }
        }
      }
    }
    return {
      der,
      issuerDer: Buffer.from(issuer.raw),
      thisUpdate,
      nextUpdate,
      crlNumber,
      revoked,
      tbs: Buffer.from(tbs.raw),
      signatureAlgorithmOid: readOid(child(child(root, 1), 0)),
      signatureValue: Buffer.from(readBitString(child(root, 2)).bytes),
    };
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError('INVALID_ARGUMENT', 'the CRL cannot be parsed');
  }
}

/** True when `issuer` signed the CRL. */
export function isCrlIssuedBy(crl: CrlInfo, issuer: CertificateInfo): boolean {
  return (
    crl.issuerDer.equals(issuer.subjectDer) &&
    verifySignedBlob(crl.tbs, crl.signatureAlgorithmOid, crl.signatureValue, issuer.publicKey)
  );
}

/** Fingerprint helper for logs and tests. */
export function crlFingerprint(crl: CrlInfo): string {
  return crypto.createHash('sha256').update(crl.der).digest('hex');
}
