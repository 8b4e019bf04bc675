/**
 * CMS SignedData (RFC 5652) for a detached PAdES signature, assembled with forge.asn1. forge's
 * own pkcs7 cannot carry signing-certificate-v2 nor ECDSA, so the SignerInfo is built by hand;
 * the signature value itself comes from whoever holds the key (see ../signer.ts).
 */
import {
  type Asn1,
  algorithm,
  explicit,
  fromDerExact,
  implicitConstructed,
  int,
  octets,
  oid,
  seq,
  sortedSetOf,
  toDer,
  uint,
} from '../asn1/build';
import { OID } from '../asn1/oids';
import type { CertificateInfo } from '../pki/certificates';

/** The SignerInfo signatureAlgorithm for a key type. */
export function cmsSignatureAlgorithm(keyType: 'RSA' | 'EC'): Asn1 {
  return keyType === 'EC' ? algorithm(OID.ecdsaWithSha256) : algorithm(OID.rsaEncryption, true);
}

/**
 * Builds a DER ContentInfo(SignedData) with one SignerInfo: detached (no encapsulated content,
 * a PDF signature) or with `encapsulated` content (a time-stamp token's TSTInfo).
 */
export function buildSignedData(options: {
  /** DER SET OF signed attributes (tag 0x31), exactly as signed. */
  signedAttributesDer: Buffer;
  /** Signature value (DER for ECDSA). */
  signature: Buffer;
  signerCertificate: CertificateInfo;
  /** Certificates to embed (the signer's first, then its chain). */
  certificates: readonly CertificateInfo[];
  keyType: 'RSA' | 'EC';
  /** Unsigned attributes (DER `Attribute`s), e.g. a signature time-stamp. */
  unsignedAttributesDer?: readonly Buffer[];
  encapsulated?: { contentType: string; content: Buffer };
}): Buffer {
  const signer = options.signerCertificate;
  const signedAttrsSet = fromDerExact(options.signedAttributesDer);
  const signedAttrs = implicitConstructed(0, signedAttrsSet.value as Asn1[]);
  const signerInfo = seq([
    int(1),
    seq([
      fromDerExact(signer.issuerDer),
      uint(
        Buffer.from(
          signer.serialNumber.length % 2 ? `0${signer.serialNumber}` : signer.serialNumber,
          'hex',
        ),
      ),
    ]),
    algorithm(OID.sha256),
    signedAttrs,
    cmsSignatureAlgorithm(options.keyType),
    octets(options.signature),
    ...(options.unsignedAttributesDer?.length
      ? [
          implicitConstructed(
            1,
            options.unsignedAttributesDer.map((a) => fromDerExact(a)),
          ),
        ]
      : []),
  ]);
  const seen = new Set<string>();
  const certs: Asn1[] = [];
  for (const c of options.certificates) {
    const fp = c.sha256.toString('hex');
    if (seen.has(fp)) continue;
    seen.add(fp);
    certs.push(fromDerExact(c.der));
  }
  const certSet = sortedSetOf(certs);
  const encap = options.encapsulated
    ? seq([
        oid(options.encapsulated.contentType),
        explicit(0, octets(options.encapsulated.content)),
      ])
    : seq([oid(OID.data)]);
  const signedData = seq([
    int(options.encapsulated ? 3 : 1),
    sortedSetOf([algorithm(OID.sha256)]),
    encap,
    implicitConstructed(0, certSet.value as Asn1[]),
    sortedSetOf([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), explicit(0, signedData)]));
}
