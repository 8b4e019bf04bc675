/**
 * Validation of the CMS inside a PDF signature: structure, message digest over the byte ranges,
 * the signature value, ESS signing-certificate(-v2) and the PAdES B-B attribute rules.
 */
import crypto from 'node:crypto';
import {
  type DerNode,
  TAG,
  child,
  isContext,
  parseDer,
  readIntegerHex,
  readOid,
} from '../asn1/der';
import { DIGEST_BY_OID, OID } from '../asn1/oids';
import { parseAttributes, readSigningCertificate } from '../cms/attributes';
import { type CertificateInfo, parseCertificate } from '../pki/certificates';
import { verifySignature } from '../pki/keys';

/** Outcome of {@link checkCms}. */
export interface CmsCheck {
  readonly signer?: CertificateInfo;
  /** Every certificate embedded in the SignedData. */
  readonly certificates: readonly CertificateInfo[];
  readonly digestOk: boolean;
  readonly signatureOk: boolean;
  /** signing-certificate-v2 (or v1) present and naming the signer. */
  readonly signingCertificateOk: boolean;
  readonly hasSigningCertificateV2: boolean;
  readonly hasSigningTimeAttribute: boolean;
  readonly contentTypeIsData: boolean;
  readonly digestAlgorithm?: string;
  /** The SignerInfo's signature value (what a signature time-stamp covers). */
  readonly signatureValue?: Buffer;
  readonly errors: readonly string[];
}

/**
 * Checks a DER CMS SignedData against the signed content digest input (the concatenated byte
 * ranges, passed as chunks).
 */
export function checkCms(cms: Buffer, signedChunks: readonly Buffer[]): CmsCheck {
  const errors: string[] = [];
  const fail = (why: string): CmsCheck => ({
    certificates: [],
    digestOk: false,
    signatureOk: false,
    signingCertificateOk: false,
    hasSigningCertificateV2: false,
    hasSigningTimeAttribute: false,
    contentTypeIsData: false,
    errors: [...errors, why],
  });
  let signedData: DerNode;
  try {
    const contentInfo = parseDer(cms);
    if (readOid(child(contentInfo, 0)) !== OID.signedData) return fail('the CMS is not SignedData');
    signedData = child(child(contentInfo, 1), 0);
  } catch {
    return fail('the signature container cannot be parsed');
  }
  try {
    const certificates: CertificateInfo[] = [];
    let signerInfos: DerNode | undefined;
    for (const c of signedData.children.slice(3)) {
      if (isContext(c, 0)) {
        for (const certNode of c.children) {
          if (certNode.cls === 0 && certNode.tagNumber === TAG.SEQUENCE) {
            try {
              certificates.push(parseCertificate(Buffer.from(certNode.raw)));
            } catch {
              errors.push('an embedded certificate cannot be parsed');
            }
          }
        }
      } else if (c.cls === 0 && c.tagNumber === TAG.SET) signerInfos = c;
    }
    const si = signerInfos?.children[0];
    if (!si) return fail('the CMS has no SignerInfo');
    if ((signerInfos?.children.length ?? 0) > 1)
      errors.push('more than one SignerInfo; only the first is checked');
    const sid = child(si, 1);
    let signer: CertificateInfo | undefined;
    if (isContext(sid, 0)) {
      signer = certificates.find((c) => c.subjectKeyIdentifier?.equals(sid.content));
    } else {
      const issuer = child(sid, 0).raw;
      const serial = readIntegerHex(child(sid, 1));
      signer = certificates.find((c) => c.issuerDer.equals(issuer) && c.serialNumber === serial);
    }
    const digestOid = readOid(child(child(si, 2), 0));
    const hash = DIGEST_BY_OID[digestOid];
    let i = 3;
    let signedAttrs: DerNode | undefined;
    if (isContext(si.children[i], 0)) signedAttrs = si.children[i++];
    const sigAlgOid = readOid(child(child(si, i++), 0));
    const signatureValue = Buffer.from(child(si, i).content);
    if (!hash) return { ...fail(`unsupported digest algorithm ${digestOid}`), certificates };
    const contentDigest = crypto.createHash(hash);
    for (const chunk of signedChunks) contentDigest.update(chunk);
    const digest = contentDigest.digest();

    let digestOk = false;
    let signedBytes: Buffer;
    let hasSigningCertificateV2 = false;
    let hasSigningTimeAttribute = false;
    let contentTypeIsData = false;
    let signingCertificateOk = false;
    if (signedAttrs) {
      signedBytes = Buffer.from(signedAttrs.raw);
      signedBytes[0] = 0x31;
      const attrs = parseAttributes(signedAttrs);
      const md = attrs.find((a) => a.oid === OID.messageDigest)?.values[0];
      digestOk = md !== undefined && Buffer.from(md.content).equals(digest);
      if (!digestOk) errors.push('the document digest does not match the signed message digest');
      const ct = attrs.find((a) => a.oid === OID.contentType)?.values[0];
      contentTypeIsData = ct !== undefined && readOid(ct) === OID.data;
      hasSigningTimeAttribute = attrs.some((a) => a.oid === OID.signingTime);
      const v2 = attrs.find((a) => a.oid === OID.signingCertificateV2)?.values[0];
      const v1 = attrs.find((a) => a.oid === OID.signingCertificate)?.values[0];
      hasSigningCertificateV2 = v2 !== undefined;
      const essNode = v2 ?? v1;
      if (essNode && signer) {
        const ref = readSigningCertificate(essNode, v2 ? 2 : 1);
        const essHash = DIGEST_BY_OID[ref.hashAlgorithm];
        const certHash = essHash
          ? crypto.createHash(essHash).update(signer.der).digest()
          : undefined;
        signingCertificateOk =
          certHash !== undefined &&
          certHash.equals(ref.certHash) &&
          (ref.serialNumber === undefined || ref.serialNumber === signer.serialNumber) &&
          (ref.issuerDer === undefined || ref.issuerDer.equals(signer.issuerDer));
        if (!signingCertificateOk)
          errors.push('the signing-certificate attribute does not match the signer');
      }
    } else {
      signedBytes = Buffer.concat(signedChunks);
      digestOk = true;
    }
    if (!signer) {
      return {
        ...fail('the signer certificate is not in the CMS'),
        certificates,
        digestOk,
        hasSigningCertificateV2,
        hasSigningTimeAttribute,
        contentTypeIsData,
        digestAlgorithm: hash,
      };
    }
    let signatureOk = false;
    if (sigAlgOid === OID.rsassaPss) {
      errors.push('RSASSA-PSS signatures are not supported');
    } else {
      signatureOk = verifySignature(signer.publicKey, hash, signedBytes, signatureValue);
      if (!signatureOk)
        errors.push('the signature value does not verify with the signer certificate');
    }
    return {
      signer,
      certificates,
      digestOk,
      signatureOk,
      signingCertificateOk,
      hasSigningCertificateV2,
      hasSigningTimeAttribute,
      contentTypeIsData,
      digestAlgorithm: hash,
      signatureValue,
      errors,
    };
  } catch {
    return fail('the signature container is malformed');
  }
}
