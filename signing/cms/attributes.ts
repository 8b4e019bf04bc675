/**
 * CMS signed attributes for PAdES baseline B-B: content-type (id-data), message-digest and ESS
 * signing-certificate-v2 (RFC 5035). No signing-time: PAdES puts the claimed time in the
 * signature dictionary's /M instead (EN 319 142-1).
 */
import { type Asn1, oid, seq, set } from '../asn1/build';
import {
  contextConstructed,
  objectIdentifier,
  octetString,
  sequence,
  serialNumberInteger,
  setOf,
} from '../asn1/der-write';
import { type DerNode, child, parseDer, readIntegerHex, readOid } from '../asn1/der';
import { OID } from '../asn1/oids';
import type { CertificateInfo } from '../pki/certificates';

export function attribute(type: string, values: Asn1[]): Asn1 {
  return seq([oid(type), set(values)]);
}

/** An Attribute (type and its SET of values), DER. */
function attributeDer(type: string, ...values: Buffer[]): Buffer {
  return sequence(objectIdentifier(type), setOf(values));
}

/** SigningCertificateV2 with one ESSCertIDv2, SHA-256 (the default, hence omitted in DER). */
function signingCertificateV2(cert: CertificateInfo): Buffer {
  const issuerSerial = sequence(
    sequence(contextConstructed(4, cert.issuerDer)),
    serialNumberInteger(cert.serialNumber),
  );
  return sequence(sequence(sequence(octetString(cert.sha256), issuerSerial)));
}

/**
 * The DER `SET OF Attribute` that the signer signs (tag 0x31, as it is hashed); inside the
 * SignerInfo the same bytes appear with the tag changed to [0] IMPLICIT.
 */
export function buildSignedAttributes(options: {
  messageDigest: Buffer;
  signerCertificate: CertificateInfo;
  /** id-data by default; id-ct-TSTInfo for a time-stamp token. */
  contentType?: string;
}): Buffer {
  return setOf([
    attributeDer(OID.contentType, objectIdentifier(options.contentType ?? OID.data)),
    attributeDer(OID.messageDigest, octetString(options.messageDigest)),
    attributeDer(OID.signingCertificateV2, signingCertificateV2(options.signerCertificate)),
  ]);
}

/** One parsed attribute. */
export interface ParsedAttribute {
  readonly oid: string;
  readonly values: readonly DerNode[];
}

/** Reads a SET OF Attribute (tag 0x31 or [0]). */
export function parseAttributes(set: DerNode): ParsedAttribute[] {
  return set.children.map((a) => ({ oid: readOid(child(a, 0)), values: child(a, 1).children }));
}

/** What signing-certificate(-v2) says about the signer. */
export interface SigningCertificateRef {
  readonly version: 1 | 2;
  /** Hash algorithm OID (SHA-1 for v1, SHA-256 by default for v2). */
  readonly hashAlgorithm: string;
  readonly certHash: Buffer;
  readonly issuerDer?: Buffer;
  readonly serialNumber?: string;
}

/** Decodes the first ESSCertID(v2) of a signing-certificate(-v2) attribute value. */
export function readSigningCertificate(value: DerNode, version: 1 | 2): SigningCertificateRef {
  const first = child(child(value, 0), 0);
  let i = 0;
  let hashAlgorithm: string = version === 2 ? OID.sha256 : OID.sha1;
  if (version === 2 && first.children[0]?.tagNumber === 16) {
    hashAlgorithm = readOid(child(child(first, 0), 0));
    i++;
  }
  const certHash = Buffer.from(child(first, i).content);
  const issuerSerial = first.children[i + 1];
  if (!issuerSerial) return { version, hashAlgorithm, certHash };
  const generalName = child(child(issuerSerial, 0), 0);
  const issuerDer =
    generalName.cls === 2 && generalName.tagNumber === 4
      ? Buffer.from(child(generalName, 0).raw)
      : undefined;
  return {
    version,
    hashAlgorithm,
    certHash,
    ...(issuerDer ? { issuerDer } : {}),
    serialNumber: readIntegerHex(child(issuerSerial, 1)),
  };
}

/** Finds the message-digest value in DER signed attributes. */
export function messageDigestOf(signedAttributesDer: Buffer): Buffer | undefined {
  const attrs = parseAttributes(parseDer(signedAttributesDer));
  const md = attrs.find((a) => a.oid === OID.messageDigest)?.values[0];
  return md ? Buffer.from(md.content) : undefined;
}
