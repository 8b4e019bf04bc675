/**
 * X.509 certificates: a builder (TBSCertificate assembled with forge.asn1, signed with Node's
 * crypto, so RSA and ECDSA issuers and subjects both work) and an offset-preserving parser.
 */
import crypto, { type KeyObject } from 'node:crypto';
import {
  type Asn1,
  algorithm,
  bitString,
  bool,
  explicit,
  fromDerExact,
  implicitConstructed,
  implicitPrimitive,
  int,
  nul,
  octets,
  oid,
  seq,
  time,
  toDer,
  uint,
} from '../asn1/build';
import {
  type DerNode,
  DerError,
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
import { OID, SIGNATURE_HASH_BY_OID } from '../asn1/oids';
import { SigningError } from '../errors';
import { type NameInfo, parseName } from './names';
import { publicKeyFromSpki, signSha256, signatureAlgorithmOid, verifySignature } from './keys';

/** Key usage bits (RFC 5280 §4.2.1.3). */
export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  dataEncipherment: boolean;
  keyAgreement: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
}

/** A parsed certificate. */
export interface CertificateInfo {
  readonly der: Buffer;
  readonly pem: string;
  readonly tbs: Buffer;
  readonly signatureAlgorithmOid: string;
  readonly signatureValue: Buffer;
  /** Serial number, lower-case hex without leading zeros. */
  readonly serialNumber: string;
  readonly issuer: NameInfo;
  readonly issuerDer: Buffer;
  readonly subject: NameInfo;
  readonly subjectDer: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Buffer;
  readonly publicKey: KeyObject;
  readonly keyUsage?: KeyUsage;
  readonly basicConstraints?: { ca: boolean; pathLength?: number };
  readonly subjectKeyIdentifier?: Buffer;
  readonly authorityKeyIdentifier?: Buffer;
  readonly crlDistributionPoints: readonly string[];
  /** Authority information access: OCSP responder URLs. */
  readonly ocspUrls: readonly string[];
  /** Authority information access: where the issuer's certificate is published. */
  readonly caIssuersUrls: readonly string[];
  /** Extended key usage purposes (OIDs), and whether the extension is critical. */
  readonly extKeyUsage?: { readonly purposes: readonly string[]; readonly critical: boolean };
  /** id-pkix-ocsp-nocheck: an OCSP responder's certificate that is not checked for revocation. */
  readonly ocspNoCheck: boolean;
  /** SHA-256 of the DER encoding. */
  readonly sha256: Buffer;
}

// ---------------------------------------------------------------- PEM

/** DER → PEM with the given label. */
export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/** All PEM blocks with the label in a text, as DER. */
export function pemBlocks(text: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (const m of text.matchAll(re))
    out.push(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return out;
}

/** Accepts PEM text (first certificate) or DER bytes. */
export function certificateDer(input: string | Buffer): Buffer {
  if (typeof input === 'string' || input.subarray(0, 11).toString('latin1') === '-----BEGIN ') {
    const blocks = pemBlocks(input.toString());
    const first = blocks[0];
    if (!first) throw new SigningError('INVALID_CERTIFICATE', 'no PEM certificate found');
    return first;
  }
  return input;
}

// ---------------------------------------------------------------- parsing

const cache = new Map<string, CertificateInfo>();
/** The same results by PEM text: a signer's PEM is parsed at every signature. */
const byPem = new Map<string, CertificateInfo>();

/** Parses a certificate (PEM or DER). Results are memoised by content. */
export function parseCertificate(input: string | Buffer): CertificateInfo {
  if (typeof input === 'string') {
    const known = byPem.get(input);
    if (known) return known;
  }
  const der = certificateDer(input);
  const key = der.toString('base64');
  const hit = cache.get(key);
  if (hit) return remember(input, hit);
  let info: CertificateInfo;
  try {
    info = parseCertificateDer(Buffer.from(der));
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError(
      'INVALID_CERTIFICATE',
      `the certificate cannot be parsed: ${err instanceof Error ? err.message : 'unknown error'}`,
    );
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, info);
  return remember(input, info);
}

function remember(input: string | Buffer, info: CertificateInfo): CertificateInfo {
  if (typeof input === 'string' && input.length < 64 * 1024) {
    if (byPem.size > 500) byPem.clear();
    byPem.set(input, info);
  }
  return info;
}

function parseCertificateDer(der: Buffer): CertificateInfo {
  const root = parseDer(der);
  if (root.raw.length !== der.length) throw new DerError('trailing bytes after the certificate');
  const tbs = child(root, 0);
  const sigAlg = readOid(child(child(root, 1), 0));
  const sigValue = readBitString(child(root, 2)).bytes;
  let i = 0;
  if (isContext(tbs.children[0], 0)) i++; // version
  const serialNumber = readIntegerHex(child(tbs, i++));
  i++; // signature algorithm (inner)
  const issuerNode = child(tbs, i++);
  const validity = child(tbs, i++);
  const subjectNode = child(tbs, i++);
  const spkiNode = child(tbs, i++);
  let extensions: DerNode | undefined;
  for (const c of tbs.children.slice(i)) if (isContext(c, 3)) extensions = child(c, 0);

  let keyUsage: KeyUsage | undefined;
  let basicConstraints: { ca: boolean; pathLength?: number } | undefined;
  let subjectKeyIdentifier: Buffer | undefined;
  let authorityKeyIdentifier: Buffer | undefined;
  const crlDistributionPoints: string[] = [];
  const ocspUrls: string[] = [];
  const caIssuersUrls: string[] = [];
  let extKeyUsage: { purposes: string[]; critical: boolean } | undefined;
  let ocspNoCheck = false;
  for (const ext of extensions?.children ?? []) {
    const id = readOid(child(ext, 0));
    const critical =
      ext.children[1]?.tagNumber === TAG.BOOLEAN && (ext.children[1].content[0] ?? 0) !== 0;
    const valueNode = ext.children[ext.children.length - 1];
    if (!valueNode) continue;
    const value = parseDer(Buffer.from(valueNode.content));
    if (id === OID.keyUsage) {
      const { bytes } = readBitString(value);
      const bit = (n: number): boolean => (((bytes[n >> 3] ?? 0) >> (7 - (n & 7))) & 1) === 1;
      keyUsage = {
        digitalSignature: bit(0),
        nonRepudiation: bit(1),
        keyEncipherment: bit(2),
        dataEncipherment: bit(3),
        keyAgreement: bit(4),
        keyCertSign: bit(5),
        cRLSign: bit(6),
      };
    } else if (id === OID.basicConstraints) {
      let ca = false;
      let pathLength: number | undefined;
      for (const c of value.children) {
        if (c.tagNumber === TAG.BOOLEAN) ca = (c.content[0] ?? 0) !== 0;
        if (c.tagNumber === TAG.INTEGER) pathLength = readSmallInteger(c);
      }
      basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
    } else if (id === OID.subjectKeyIdentifier) {
      subjectKeyIdentifier = Buffer.from(value.content);
    } else if (id === OID.authorityKeyIdentifier) {
      const kid = value.children.find((c) => isContext(c, 0));
      if (kid) authorityKeyIdentifier = Buffer.from(kid.content);
    } else if (id === OID.cRLDistributionPoints) {
      for (const dp of value.children) {
        const dpName = dp.children.find((c) => isContext(c, 0));
        const fullName = dpName?.children.find((c) => isContext(c, 0));
        for (const gn of fullName?.children ?? []) {
          if (isContext(gn, 6)) crlDistributionPoints.push(gn.content.toString('ascii'));
        }
      }
    } else if (id === OID.authorityInfoAccess) {
      for (const ad of value.children) {
        const method = readOid(child(ad, 0));
        const location = ad.children[1];
        if (!isContext(location, 6) || !location) continue;
        const url = location.content.toString('ascii');
        if (method === OID.accessOcsp) ocspUrls.push(url);
        else if (method === OID.accessCaIssuers) caIssuersUrls.push(url);
      }
    } else if (id === OID.extKeyUsage) {
      extKeyUsage = { purposes: value.children.map((c) => readOid(c)), critical };
    } else if (id === OID.ocspNoCheck) {
      ocspNoCheck = true;
    }
  }
  const spki = Buffer.from(spkiNode.raw);
  return {
    der,
    pem: toPem(der),
    tbs: Buffer.from(tbs.raw),
    signatureAlgorithmOid: sigAlg,
    signatureValue: Buffer.from(sigValue),
    serialNumber,
    issuer: parseName(issuerNode),
    issuerDer: Buffer.from(issuerNode.raw),
    subject: parseName(subjectNode),
    subjectDer: Buffer.from(subjectNode.raw),
    notBefore: readTime(child(validity, 0)),
    notAfter: readTime(child(validity, 1)),
    spki,
    publicKey: publicKeyFromSpki(spki),
    keyUsage,
    basicConstraints,
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    crlDistributionPoints,
    ocspUrls,
    caIssuersUrls,
    ...(extKeyUsage ? { extKeyUsage } : {}),
    ocspNoCheck,
    sha256: crypto.createHash('sha256').update(der).digest(),
  };
}

/** True when `issuer`'s key signed `cert` and the names chain. */
export function isIssuedBy(cert: CertificateInfo, issuer: CertificateInfo): boolean {
  if (!cert.issuerDer.equals(issuer.subjectDer)) return false;
  return verifySignedBlob(
    cert.tbs,
    cert.signatureAlgorithmOid,
    cert.signatureValue,
    issuer.publicKey,
  );
}

/** Verifies an X.509-style signature (certificate or CRL) with a public key. */
export function verifySignedBlob(
  tbs: Buffer,
  algorithmOid: string,
  signature: Buffer,
  publicKey: KeyObject,
): boolean {
  const hash = SIGNATURE_HASH_BY_OID[algorithmOid];
  if (!hash) return false;
  return verifySignature(publicKey, hash, tbs, signature);
}

// ---------------------------------------------------------------- building

/** One extension: its value is the DER of the extension's ASN.1 value. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Asn1;
}

function encodeExtension(e: Extension): Asn1 {
  const items = [oid(e.oid)];
  if (e.critical) items.push(bool(true));
  items.push(octets(toDer(e.value)));
  return seq(items);
}

/** SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 §4.2.1.2 method 1). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = parseDer(publicKey.export({ type: 'spki', format: 'der' }));
  const { bytes } = readBitString(child(spki, 1));
  return crypto.createHash('sha1').update(bytes).digest();
}

export const extensions = {
  basicConstraints(ca: boolean, pathLength?: number): Extension {
    const items: Asn1[] = [];
    if (ca) items.push(bool(true));
    if (ca && pathLength !== undefined) items.push(int(pathLength));
    return { oid: OID.basicConstraints, critical: true, value: seq(items) };
  },
  keyUsage(usage: Partial<KeyUsage>): Extension {
    const order: Array<keyof KeyUsage> = [
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
    ];
    let bits = 0;
    let last = -1;
    order.forEach((name, n) => {
      if (usage[name]) {
        bits |= 0x80 >> n;
        last = n;
      }
    });
    const unused = last < 0 ? 0 : 7 - last;
    return {
      oid: OID.keyUsage,
      critical: true,
      value: bitString(Buffer.from([bits]), unused),
    };
  },
  subjectKeyIdentifier(publicKey: KeyObject): Extension {
    return {
      oid: OID.subjectKeyIdentifier,
      critical: false,
      value: octets(keyIdentifier(publicKey)),
    };
  },
  authorityKeyIdentifier(issuerPublicKey: KeyObject): Extension {
    return {
      oid: OID.authorityKeyIdentifier,
      critical: false,
      value: seq([implicitPrimitive(0, keyIdentifier(issuerPublicKey))]),
    };
  },
  crlDistributionPoint(url: string): Extension {
    const uri = implicitPrimitive(6, Buffer.from(url, 'ascii'));
    return {
      oid: OID.cRLDistributionPoints,
      critical: false,
      value: seq([seq([implicitConstructed(0, [implicitConstructed(0, [uri])])])]),
    };
  },
  /** Authority information access: the OCSP responder and where the issuer's certificate is. */
  authorityInfoAccess(urls: { ocsp?: string; caIssuers?: string }): Extension {
    const items: Asn1[] = [];
    const uri = (u: string): Asn1 => implicitPrimitive(6, Buffer.from(u, 'ascii'));
    if (urls.ocsp) items.push(seq([oid(OID.accessOcsp), uri(urls.ocsp)]));
    if (urls.caIssuers) items.push(seq([oid(OID.accessCaIssuers), uri(urls.caIssuers)]));
    return { oid: OID.authorityInfoAccess, critical: false, value: seq(items) };
  },
  /** Extended key usage (critical for a TSA, RFC 3161 §2.3). */
  extKeyUsage(purposes: readonly string[], critical: boolean): Extension {
    return { oid: OID.extKeyUsage, critical, value: seq(purposes.map((p) => oid(p))) };
  },
  /** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): NULL value. */
  ocspNoCheck(): Extension {
    return { oid: OID.ocspNoCheck, critical: false, value: nul() };
  },
};
/** What a new certificate says. */
export interface CertificateTemplate {
  /** Positive serial as bytes; random 16 bytes when omitted. */
  readonly serialNumber?: Buffer;
  /** The issuer's Name as DER (its certificate's subject), or the subject for a self-signed root. */
  readonly issuerDer?: Buffer;
  readonly subject: Asn1;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly extensions: readonly Extension[];
}

/** Random positive 16-byte serial number. */
export function randomSerial(): Buffer {
  const b = crypto.randomBytes(16);
  b[0] = ((b[0] as number) & 0x7f) | 0x01;
  return b;
}

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(template: CertificateTemplate, issuerKey: KeyObject): Buffer {
  const sigAlgOid = signatureAlgorithmOid(issuerKey);
  const sigAlg = algorithm(sigAlgOid, sigAlgOid === OID.sha256WithRSAEncryption);
  const subject = template.subject;
  const issuer = template.issuerDer ? fromDerExact(template.issuerDer) : subject;
  const spkiDer = template.publicKey.export({ type: 'spki', format: 'der' });
  const tbsItems: Asn1[] = [
    explicit(0, int(2)),
    uint(template.serialNumber ?? randomSerial()),
    sigAlg,
    issuer,
    seq([time(template.notBefore), time(template.notAfter)]),
    subject,
    fromDerExact(spkiDer),
  ];
  if (template.extensions.length > 0) {
    tbsItems.push(explicit(3, seq(template.extensions.map(encodeExtension))));
  }
  const tbs = toDer(seq(tbsItems));
  const signature = signSha256(issuerKey, tbs);
  return toDer(seq([fromDerExact(tbs), sigAlg, bitString(signature)]));
}
