/**
 * CMS SignedData (RFC 5652) for a detached PAdES signature, written as DER (../asn1/der-write.ts).
 * forge's own pkcs7 cannot carry signing-certificate-v2 nor ECDSA, so the SignerInfo is built by
 * hand; the signature value itself comes from whoever holds the key (see ../signer.ts).
 */
import {
  algorithmIdentifier,
  contextConstructed,
  objectIdentifier,
  octetString,
  sequence,
  serialNumberInteger,
  setOf,
  smallInteger,
} from '../asn1/der-write';
import { OID } from '../asn1/oids';
import type { CertificateInfo } from '../pki/certificates';

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
  // The signed attributes as signed, re-tagged [0] IMPLICIT.
  const signedAttrs = Buffer.from(options.signedAttributesDer);
  signedAttrs[0] = 0xa0;
  const unsigned = options.unsignedAttributesDer ?? [];
  const signerInfo = sequence(
    smallInteger(1),
    sequence(signer.issuerDer, serialNumberInteger(signer.serialNumber)),
    algorithmIdentifier(OID.sha256),
    signedAttrs,
    options.keyType === 'EC'
      ? algorithmIdentifier(OID.ecdsaWithSha256)
      : algorithmIdentifier(OID.rsaEncryption, true),
    octetString(options.signature),
    ...(unsigned.length > 0 ? [contextConstructed(1, ...unsigned)] : []),
  );
  const seen = new Set<string>();
  const certs: Buffer[] = [];
  for (const c of options.certificates) {
    const fp = c.sha256.toString('hex');
    if (seen.has(fp)) continue;
    seen.add(fp);
    certs.push(c.der);
  }
  const encap = options.encapsulated
    ? sequence(
        objectIdentifier(options.encapsulated.contentType),
        contextConstructed(0, octetString(options.encapsulated.content)),
      )
    : sequence(objectIdentifier(OID.data));
  const signedData = sequence(
    smallInteger(options.encapsulated ? 3 : 1),
    setOf([algorithmIdentifier(OID.sha256)]),
    encap,
    setOf(certs, 0xa0),
    setOf([signerInfo]),
  );
  return sequence(objectIdentifier(OID.signedData), contextConstructed(0, signedData));
}
