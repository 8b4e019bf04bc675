/**
 * OCSP (RFC 6960): requests and responses, built and parsed, and the check of a response against
 * the certificate it is about. No network I/O: the caller moves the bytes.
 */
import crypto, { type KeyObject } from 'node:crypto';
import {
  type Asn1,
  algorithm,
  bitString,
  explicit,
  enumerated,
  fromDerExact,
  generalizedTime,
  implicitConstructed,
  implicitPrimitive,
  octets,
  oid,
  seq,
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
  readTime,
} from '../asn1/der';
import { DIGEST_BY_OID, OID } from '../asn1/oids';
import { SigningError } from '../errors';
import {
  type CertificateInfo,
  isIssuedBy,
  parseCertificate,
  verifySignedBlob,
} from './certificates';
import { REVOCATION_REASONS, type RevocationReason } from './crl';
import { signSha256, signatureAlgorithmOid } from './keys';

/** A CertID (RFC 6960 §4.1.1). */
export interface CertId {
  /** Node hash name of the hash algorithm (sha1, sha256, ...). */
  readonly hash: string;
  readonly hashOid: string;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  /** Lower-case hex, no leading zeros. */
  readonly serialNumber: string;
}

const HASH_OID: Record<string, string> = { sha1: OID.sha1, sha256: OID.sha256 };

function issuerKeyBits(issuer: CertificateInfo): Buffer {
  return readBitString(child(parseDer(issuer.spki), 1)).bytes;
}

/** The CertID of `cert` issued by `issuer`. */
export function certIdOf(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  hash: 'sha1' | 'sha256' = 'sha1',
): CertId {
  return {
    hash,
    hashOid: HASH_OID[hash] as string,
    issuerNameHash: crypto.createHash(hash).update(cert.issuerDer).digest(),
    issuerKeyHash: crypto.createHash(hash).update(issuerKeyBits(issuer)).digest(),
    serialNumber: cert.serialNumber,
  };
}

/** True when `id` names a certificate whose issuer is `issuer` (any supported hash). */
export function certIdIssuedBy(id: CertId, issuer: CertificateInfo): boolean {
  try {
    const nameHash = crypto.createHash(id.hash).update(issuer.subjectDer).digest();
    const keyHash = crypto.createHash(id.hash).update(issuerKeyBits(issuer)).digest();
    return nameHash.equals(id.issuerNameHash) && keyHash.equals(id.issuerKeyHash);
  } catch {
    return false;
  }
}

const evenHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex);

function certIdAsn1(id: CertId): Asn1 {
  return seq([
    algorithm(id.hashOid, true),
    octets(id.issuerNameHash),
    octets(id.issuerKeyHash),
    uint(Buffer.from(evenHex(id.serialNumber), 'hex')),
  ]);
}

function readCertId(n: DerNode): CertId {
  const hashOid = readOid(child(child(n, 0), 0));
  const hash = DIGEST_BY_OID[hashOid];
  if (!hash) throw new DerError(`unsupported CertID hash ${hashOid}`);
  return {
    hash,
    hashOid,
    issuerNameHash: Buffer.from(child(n, 1).content),
    issuerKeyHash: Buffer.from(child(n, 2).content),
    serialNumber: readIntegerHex(child(n, 3)),
  };
}

function nonceExtension(nonce: Buffer): Asn1 {
  return seq([oid(OID.ocspNonce), octets(toDer(octets(nonce)))]);
}

// ---------------------------------------------------------------------------- requests

/** Builds an OCSPRequest for some certificates, with an optional nonce. */
export function buildOcspRequest(ids: readonly CertId[], nonce?: Buffer): Buffer {
  const tbs: Asn1[] = [seq(ids.map((id) => seq([certIdAsn1(id)])))];
  if (nonce) tbs.push(explicit(2, seq([nonceExtension(nonce)])));
  return toDer(seq([seq(tbs)]));
}

/** A parsed OCSPRequest. */
export interface OcspRequestInfo {
  readonly ids: readonly CertId[];
  /** The nonce extension's value (the DER OCTET STRING inside extnValue), echoed as is. */
  readonly nonceExtensionValue?: Buffer;
}

/** Parses an OCSPRequest; throws `INVALID_ARGUMENT` when malformed. */
export function parseOcspRequest(der: Buffer): OcspRequestInfo {
  try {
    const root = parseDer(der);
    if (root.raw.length !== der.length) throw new DerError('trailing bytes');
    const tbs = child(root, 0);
    let list: DerNode | undefined;
    let nonceExtensionValue: Buffer | undefined;
    for (const c of tbs.children) {
      if (c.cls === 0 && c.tagNumber === TAG.SEQUENCE) list = c;
      else if (isContext(c, 2)) {
        for (const ext of child(c, 0).children) {
          if (readOid(child(ext, 0)) === OID.ocspNonce)
            nonceExtensionValue = Buffer.from(child(ext, ext.children.length - 1).content);
        }
      }
    }
    if (!list || list.children.length === 0 || list.children.length > 20)
      throw new DerError('bad request list');
    return {
      ids: list.children.map((r) => readCertId(child(r, 0))),
      ...(nonceExtensionValue ? { nonceExtensionValue } : {}),
    };
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError('INVALID_ARGUMENT', 'the OCSP request cannot be parsed');
  }
}

// ---------------------------------------------------------------------------- responses

/** The status of one certificate in a response. */
export type OcspCertStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason?: RevocationReason }
  | { readonly status: 'unknown' };

/** One SingleResponse to build. */
export interface SingleResponseSpec {
  readonly id: CertId;
  readonly certStatus: OcspCertStatus;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

/** OCSPResponseStatus values other than successful (RFC 6960 §4.2.1). */
export type OcspErrorStatus =
  'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

const ERROR_CODES: Record<OcspErrorStatus, number> = {
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
};

/** An unsuccessful OCSPResponse (no responseBytes). */
export function ocspErrorResponse(status: OcspErrorStatus): Buffer {
  return toDer(seq([enumerated(ERROR_CODES[status])]));
}

/** Builds a signed, successful basic OCSPResponse. */
export function buildOcspResponse(options: {
  readonly responderCertificate: CertificateInfo;
  readonly responderKey: KeyObject;
  /** Certificates included with the response (the responder's, when delegated). */
  readonly certificates?: readonly CertificateInfo[];
  readonly responses: readonly SingleResponseSpec[];
  readonly producedAt: Date;
  readonly nonceExtensionValue?: Buffer;
}): Buffer {
  const single = options.responses.map((r) => {
    let status: Asn1;
    if (r.certStatus.status === 'good') status = implicitPrimitive(0, Buffer.alloc(0));
    else if (r.certStatus.status === 'unknown') status = implicitPrimitive(2, Buffer.alloc(0));
    else {
      const info: Asn1[] = [generalizedTime(r.certStatus.revokedAt)];
      const code = r.certStatus.reason ? REVOCATION_REASONS[r.certStatus.reason] : 0;
      if (code) info.push(explicit(0, enumerated(code)));
      status = implicitConstructed(1, info);
    }
    const items: Asn1[] = [certIdAsn1(r.id), status, generalizedTime(r.thisUpdate)];
    if (r.nextUpdate) items.push(explicit(0, generalizedTime(r.nextUpdate)));
    return seq(items);
  });
  const responderKeyHash = crypto
    .createHash('sha1')
    .update(issuerKeyBits(options.responderCertificate))
    .digest();
  const data: Asn1[] = [
    explicit(2, octets(responderKeyHash)),
    generalizedTime(options.producedAt),
    seq(single),
  ];
  if (options.nonceExtensionValue) {
    data.push(explicit(1, seq([seq([oid(OID.ocspNonce), octets(options.nonceExtensionValue)])])));
  }
  const tbs = toDer(seq(data));
  const sigOid = signatureAlgorithmOid(options.responderKey);
  const sigAlg = algorithm(sigOid, sigOid === OID.sha256WithRSAEncryption);
  const basicItems: Asn1[] = [
    fromDerExact(tbs),
    sigAlg,
    bitString(signSha256(options.responderKey, tbs)),
  ];
  const certs = options.certificates ?? [];
  if (certs.length > 0) basicItems.push(explicit(0, seq(certs.map((c) => fromDerExact(c.der)))));
  const basic = toDer(seq(basicItems));
  return toDer(seq([enumerated(0), explicit(0, seq([oid(OID.ocspBasic), octets(basic)]))]));
}

/** One SingleResponse as parsed. */
export interface SingleResponseInfo {
  readonly id: CertId;
  readonly certStatus: OcspCertStatus;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

/** A parsed successful basic OCSP response. */
export interface OcspResponseInfo {
  readonly der: Buffer;
  readonly producedAt: Date;
  readonly responderByKey?: Buffer;
  readonly responderByName?: Buffer;
  readonly responses: readonly SingleResponseInfo[];
  readonly certificates: readonly CertificateInfo[];
  readonly nonceExtensionValue?: Buffer;
  readonly tbs: Buffer;
  readonly signatureAlgorithmOid: string;
  readonly signature: Buffer;
}

const REASON_BY_CODE = Object.fromEntries(
  Object.entries(REVOCATION_REASONS).map(([k, v]) => [v, k as RevocationReason]),
) as Record<number, RevocationReason>;

/** Parses an OCSPResponse; throws `INVALID_ARGUMENT` unless it is a successful basic response. */
export function parseOcspResponse(der: Buffer): OcspResponseInfo {
  let root: DerNode;
  try {
    root = parseDer(der);
  } catch {
    throw new SigningError('INVALID_ARGUMENT', 'the OCSP response cannot be parsed');
  }
  const statusNode = root.children[0];
  const status = statusNode?.content[0];
  if (status !== 0) {
    throw new SigningError(
      'INVALID_ARGUMENT',
      `the OCSP responder answered with status ${status ?? '?'} (not successful)`,
    );
  }
  try {
    const bytes = child(child(root, 1), 0);
    if (readOid(child(bytes, 0)) !== OID.ocspBasic) throw new DerError('not a basic response');
    const basicDer = Buffer.from(child(bytes, 1).content);
    const basic = parseDer(basicDer);
    const tbs = child(basic, 0);
    let i = 0;
    if (isContext(tbs.children[0], 0)) i++;
    const rid = child(tbs, i++);
    const producedAt = readTime(child(tbs, i++));
    const list = child(tbs, i++);
    let nonceExtensionValue: Buffer | undefined;
    for (const c of tbs.children.slice(i)) {
      if (!isContext(c, 1)) continue;
      for (const ext of child(c, 0).children) {
        if (readOid(child(ext, 0)) === OID.ocspNonce)
          nonceExtensionValue = Buffer.from(child(ext, ext.children.length - 1).content);
      }
    }
    const responses: SingleResponseInfo[] = list.children.map((r) => {
      const id = readCertId(child(r, 0));
      const st = child(r, 1);
      let certStatus: OcspCertStatus;
      if (isContext(st, 0)) certStatus = { status: 'good' };
      else if (isContext(st, 1)) {
        const revokedAt = readTime(child(st, 0));
        const reasonNode = st.children.find((x) => isContext(x, 0));
        const code = reasonNode ? child(reasonNode, 0).content[0] : undefined;
        const reason = code !== undefined ? REASON_BY_CODE[code] : undefined;
        certStatus = reason
          ? { status: 'revoked', revokedAt, reason }
          : { status: 'revoked', revokedAt };
      } else certStatus = { status: 'unknown' };
      const thisUpdate = readTime(child(r, 2));
      const next = r.children.slice(3).find((x) => isContext(x, 0));
      return next
        ? { id, certStatus, thisUpdate, nextUpdate: readTime(child(next, 0)) }
        : { id, certStatus, thisUpdate };
    });
    const certificates: CertificateInfo[] = [];
    const certsNode = basic.children.find((x) => isContext(x, 0));
    for (const c of certsNode ? child(certsNode, 0).children : []) {
      certificates.push(parseCertificate(Buffer.from(c.raw)));
    }
    return {
      der,
      producedAt,
      ...(isContext(rid, 2) ? { responderByKey: Buffer.from(child(rid, 0).content) } : {}),
      ...(isContext(rid, 1) ? { responderByName: Buffer.from(child(rid, 0).raw) } : {}),
      responses,
      certificates,
      ...(nonceExtensionValue ? { nonceExtensionValue } : {}),
      tbs: Buffer.from(tbs.raw),
      signatureAlgorithmOid: readOid(child(child(basic, 1), 0)),
      signature: Buffer.from(readBitString(child(basic, 2)).bytes),
    };
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError('INVALID_ARGUMENT', 'the OCSP response is malformed');
  }
}

/** Whether `cert` is the one the response names as its responder. */
function isResponder(resp: OcspResponseInfo, cert: CertificateInfo): boolean {
  if (resp.responderByKey) {
    const keyHash = crypto.createHash('sha1').update(issuerKeyBits(cert)).digest();
    return keyHash.equals(resp.responderByKey);
  }
  return resp.responderByName !== undefined && resp.responderByName.equals(cert.subjectDer);
}

/** What a response says about one certificate, once its signature and responder are checked. */
export interface OcspCheck {
  readonly ok: boolean;
  readonly certStatus?: OcspCertStatus;
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly producedAt?: Date;
  /** The certificate that signed the response (the CA, or its delegated responder). */
  readonly signer?: CertificateInfo;
  readonly error?: string;
}

/**
 * Checks that `resp` answers for `cert` (issued by `issuer`) and is signed by the issuer or by a
 * responder certificate the issuer issued with id-kp-OCSPSigning. `candidates` are extra
 * certificates where the responder may be found.
 */
export function checkOcspResponse(
  resp: OcspResponseInfo,
  cert: CertificateInfo,
  issuer: CertificateInfo,
  candidates: readonly CertificateInfo[] = [],
): OcspCheck {
  const single = resp.responses.find(
    (r) => r.id.serialNumber === cert.serialNumber && certIdIssuedBy(r.id, issuer),
  );
  if (!single) return { ok: false, error: 'the OCSP response is not about this certificate' };
  const signer = [issuer, ...resp.certificates, ...candidates].find((c) => isResponder(resp, c));
  if (!signer) return { ok: false, error: 'the OCSP responder certificate is missing' };
  if (!verifySignedBlob(resp.tbs, resp.signatureAlgorithmOid, resp.signature, signer.publicKey))
    return { ok: false, error: 'the OCSP response signature does not verify' };
  if (!signer.der.equals(issuer.der)) {
    const delegated =
      isIssuedBy(signer, issuer) &&
      (signer.extKeyUsage?.purposes.includes(OID.kpOcspSigning) ?? false);
    if (!delegated)
      return { ok: false, error: 'the OCSP responder is not authorised by the issuing CA' };
  }
  return {
    ok: true,
    certStatus: single.certStatus,
    thisUpdate: single.thisUpdate,
    ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    producedAt: resp.producedAt,
    signer,
  };
}
