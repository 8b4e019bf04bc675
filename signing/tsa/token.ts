/**
 * RFC 3161 time-stamp tokens: issuing one (the deployment's own TSA, in-process) and checking one
 * (message imprint, CMS signature, ESS signing certificate, the TSA's critical id-kp-timeStamping
 * key purpose). The chain of the TSA's certificate to a trust anchor is the verifier's job
 * (see verify/chain.ts), with the certificates returned here.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { algorithm, generalizedTime, int, octets, oid, seq, toDer, uint } from '../asn1/build';
import {
  type DerNode,
  TAG,
  child,
  isContext,
  parseDer,
  readIntegerHex,
  readOid,
  readTime,
} from '../asn1/der';
import { DIGEST_BY_OID, OID } from '../asn1/oids';
import { buildSignedAttributes, parseAttributes, readSigningCertificate } from '../cms/attributes';
import { buildSignedData } from '../cms/signed-data';
import { type CertificateInfo, parseCertificate, randomSerial } from '../pki/certificates';
import { signSha256, verifySignature } from '../pki/keys';

/** Policy of the development TSA (an OID under the UUID arc 2.25, RFC 4122 §C/X.667). */
export const DEVELOPMENT_TSA_POLICY = '2.25.215311844419432463374330316018932330347';

/** What a token is asked to certify. */
export interface TimestampRequestInfo {
  /** Digest of the data (SHA-256 unless `hashOid` says otherwise). */
  readonly imprint: Buffer;
  readonly hashOid?: string;
  /** Nonce as big-endian bytes. */
  readonly nonce?: Buffer;
  /** Include the TSA's certificate(s) in the token (RFC 3161 certReq). */
  readonly certReq?: boolean;
  readonly policy?: string;
}

/** Issues a token signed by a TSA key held in this process. */
export function issueTimestampToken(
  request: TimestampRequestInfo,
  tsa: {
    readonly certificate: CertificateInfo;
    readonly chain: readonly CertificateInfo[];
    readonly key: KeyObject;
  },
  genTime: Date,
): Buffer {
  const hashOid = request.hashOid ?? OID.sha256;
  const items = [
    int(1),
    oid(request.policy ?? DEVELOPMENT_TSA_POLICY),
    seq([algorithm(hashOid, true), octets(request.imprint)]),
    uint(randomSerial()),
    generalizedTime(new Date(Math.floor(genTime.getTime() / 1000) * 1000)),
  ];
  if (request.nonce) items.push(uint(request.nonce));
  const tstInfo = toDer(seq(items));
  const signedAttributes = buildSignedAttributes({
    messageDigest: crypto.createHash('sha256').update(tstInfo).digest(),
    signerCertificate: tsa.certificate,
    contentType: OID.tstInfo,
  });
  return buildSignedData({
    signedAttributesDer: signedAttributes,
    signature: signSha256(tsa.key, signedAttributes),
    signerCertificate: tsa.certificate,
    certificates: request.certReq === false ? [] : [tsa.certificate, ...tsa.chain],
    keyType: tsa.key.asymmetricKeyType === 'ec' ? 'EC' : 'RSA',
    encapsulated: { contentType: OID.tstInfo, content: tstInfo },
  });
}

/** A checked token. */
export interface TimestampCheck {
  /** Structure, imprint, signature, ESS certificate and key purpose all good. */
  readonly ok: boolean;
  readonly genTime?: Date;
  readonly policy?: string;
  readonly serialNumber?: string;
  readonly nonce?: string;
  readonly imprint?: { readonly hash: string; readonly value: Buffer };
  /** The TSA's certificate. */
  readonly signer?: CertificateInfo;
  /** Every certificate carried by the token. */
  readonly certificates: readonly CertificateInfo[];
  readonly errors: readonly string[];
}

function octetContent(n: DerNode): Buffer {
  if (!n.constructed) return Buffer.from(n.content);
  return Buffer.concat(n.children.map((c) => octetContent(c)));
}

/**
 * Checks a token. With `data` (or `digest`) the message imprint must match it. `extraCertificates`
 * help find the TSA's certificate when the token does not carry it.
 */
export function checkTimestampToken(
  token: Buffer,
  expected: { data?: Buffer; digest?: Buffer } = {},
  extraCertificates: readonly CertificateInfo[] = [],
): TimestampCheck {
  const errors: string[] = [];
  const certificates: CertificateInfo[] = [];
  try {
    const contentInfo = parseDer(token);
    if (readOid(child(contentInfo, 0)) !== OID.signedData)
      return { ok: false, certificates, errors: ['the time-stamp token is not SignedData'] };
    const sd = child(child(contentInfo, 1), 0);
    const encap = child(sd, 2);
    if (readOid(child(encap, 0)) !== OID.tstInfo)
      return { ok: false, certificates, errors: ['the time-stamp token holds no TSTInfo'] };
    const eContent = octetContent(child(child(encap, 1), 0));
    let signerInfos: DerNode | undefined;
    for (const c of sd.children.slice(3)) {
      if (isContext(c, 0)) {
        for (const certNode of c.children)
          if (certNode.cls === 0 && certNode.tagNumber === TAG.SEQUENCE)
            certificates.push(parseCertificate(Buffer.from(certNode.raw)));
      } else if (c.cls === 0 && c.tagNumber === TAG.SET) signerInfos = c;
    }
    const tst = parseDer(eContent);
    const policy = readOid(child(tst, 1));
    const mi = child(tst, 2);
    const imprintHash = DIGEST_BY_OID[readOid(child(child(mi, 0), 0))];
    const imprintValue = Buffer.from(child(mi, 1).content);
    const serialNumber = readIntegerHex(child(tst, 3));
    const genTime = readTime(child(tst, 4));
    const nonceNode = tst.children.slice(5).find((x) => x.cls === 0 && x.tagNumber === TAG.INTEGER);
    const nonce = nonceNode ? readIntegerHex(nonceNode) : undefined;
    if (!imprintHash) errors.push('the time-stamp uses an unsupported hash algorithm');
    else if (expected.data || expected.digest) {
      const want =
        expected.digest ??
        crypto
          .createHash(imprintHash)
          .update(expected.data as Buffer)
          .digest();
      if (!want.equals(imprintValue))
        errors.push('the time-stamp does not cover this data (message imprint mismatch)');
    }

    const si = signerInfos?.children[0];
    if (!si) throw new Error('no SignerInfo');
    const sid = child(si, 1);
    const pool = [...certificates, ...extraCertificates];
    let signer: CertificateInfo | undefined;
    if (isContext(sid, 0)) signer = pool.find((c) => c.subjectKeyIdentifier?.equals(sid.content));
    else {
      const issuer = child(sid, 0).raw;
      const serial = readIntegerHex(child(sid, 1));
      signer = pool.find((c) => c.issuerDer.equals(issuer) && c.serialNumber === serial);
    }
    const hash = DIGEST_BY_OID[readOid(child(child(si, 2), 0))];
    const signedAttrs = si.children[3];
    if (!signer) errors.push('the time-stamp authority’s certificate is missing');
    if (!hash || !isContext(signedAttrs, 0)) {
      errors.push('the time-stamp token’s signer information is not supported');
    } else if (signer) {
      const attrs = parseAttributes(signedAttrs as DerNode);
      const md = attrs.find((a) => a.oid === OID.messageDigest)?.values[0];
      if (!md || !Buffer.from(md.content).equals(crypto.createHash(hash).update(eContent).digest()))
        errors.push('the time-stamp token’s content digest does not match');
      const ct = attrs.find((a) => a.oid === OID.contentType)?.values[0];
      if (!ct || readOid(ct) !== OID.tstInfo)
        errors.push('the time-stamp token’s content type attribute is wrong');
      const v2 = attrs.find((a) => a.oid === OID.signingCertificateV2)?.values[0];
      const v1 = attrs.find((a) => a.oid === OID.signingCertificate)?.values[0];
      const ess = v2 ?? v1;
      if (!ess) errors.push('the time-stamp token does not name its signing certificate');
      else {
        const ref = readSigningCertificate(ess, v2 ? 2 : 1);
        const h = DIGEST_BY_OID[ref.hashAlgorithm];
        if (!h || !crypto.createHash(h).update(signer.der).digest().equals(ref.certHash))
          errors.push('the time-stamp token names another signing certificate');
      }
      const signedBytes = Buffer.from((signedAttrs as DerNode).raw);
      signedBytes[0] = 0x31;
      const value = Buffer.from(child(si, 5).content);
      if (!verifySignature(signer.publicKey, hash, signedBytes, value))
        errors.push('the time-stamp token’s signature does not verify');
      const eku = signer.extKeyUsage;
      if (
        !eku ||
        !eku.critical ||
        eku.purposes.length !== 1 ||
        eku.purposes[0] !== OID.kpTimeStamping
      )
        errors.push('the time-stamp certificate lacks the critical time-stamping key purpose');
    }
    return {
      ok: errors.length === 0,
      genTime,
      policy,
      serialNumber,
      ...(nonce ? { nonce } : {}),
      ...(imprintHash ? { imprint: { hash: imprintHash, value: imprintValue } } : {}),
      ...(signer ? { signer } : {}),
      certificates,
      errors,
    };
  } catch {
    return { ok: false, certificates, errors: [...errors, 'the time-stamp token is malformed'] };
  }
}
