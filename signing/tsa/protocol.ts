/**
 * The RFC 3161 protocol messages: TimeStampReq and TimeStampResp, built and read. The HTTP
 * exchange itself happens outside the library (activities/tsa-client.ts); an in-process TSA
 * answers through {@link respondToTimestampRequest}.
 */
import crypto from 'node:crypto';
import { algorithm, bool, fromDerExact, int, octets, oid, seq, toDer, uint } from '../asn1/build';
import { TAG, child, parseDer, readIntegerHex, readOid } from '../asn1/der';
import { DIGEST_BY_OID, OID } from '../asn1/oids';
import { SigningError } from '../errors';
import type { CertificateInfo } from '../pki/certificates';
import { type TimestampRequestInfo, checkTimestampToken } from './token';

/** Builds a TimeStampReq (SHA-256 imprint unless said otherwise; certReq true by default). */
export function buildTimestampRequest(request: TimestampRequestInfo): Buffer {
  const items = [
    int(1),
    seq([algorithm(request.hashOid ?? OID.sha256, true), octets(request.imprint)]),
  ];
  if (request.policy) items.push(oid(request.policy));
  if (request.nonce) items.push(uint(request.nonce));
  if (request.certReq !== false) items.push(bool(true));
  return toDer(seq(items));
}

/** A random 8-byte positive nonce. */
export function randomNonce(): Buffer {
  const b = crypto.randomBytes(8);
  b[0] = ((b[0] as number) & 0x7f) | 0x01;
  return b;
}

/** Parses a TimeStampReq; throws `INVALID_ARGUMENT` when malformed or not supported. */
export function parseTimestampRequest(der: Buffer): TimestampRequestInfo {
  try {
    const root = parseDer(der);
    const mi = child(root, 1);
    const hashOid = readOid(child(child(mi, 0), 0));
    const hash = DIGEST_BY_OID[hashOid];
    const imprint = Buffer.from(child(mi, 1).content);
    if (!hash || crypto.createHash(hash).digest().length !== imprint.length)
      throw new Error('bad imprint');
    let policy: string | undefined;
    let nonce: Buffer | undefined;
    let certReq = false;
    for (const c of root.children.slice(2)) {
      if (c.cls !== 0) continue;
      if (c.tagNumber === TAG.OID) policy = readOid(c);
      else if (c.tagNumber === TAG.INTEGER)
        nonce = Buffer.from(readIntegerHex(c).padStart(2, '0'), 'hex');
      else if (c.tagNumber === TAG.BOOLEAN) certReq = (c.content[0] ?? 0) !== 0;
    }
    return {
      imprint,
      hashOid,
      certReq,
      ...(policy ? { policy } : {}),
      ...(nonce ? { nonce } : {}),
    };
  } catch {
    throw new SigningError('INVALID_ARGUMENT', 'the time-stamp request cannot be parsed');
  }
}

/** A TimeStampResp: granted with a token, or rejected (status 2) with a reason. */
export function buildTimestampResponse(result: { token: Buffer } | { rejection: string }): Buffer {
  if ('token' in result) return toDer(seq([seq([int(0)]), fromDerExact(result.token)]));
  return toDer(seq([seq([int(2)])]));
}

/**
 * Reads a TimeStampResp to a request and returns its token after checking it: status granted,
 * imprint and nonce as asked, signature, ESS certificate and the TSA's key purpose. The chain
 * of the TSA's certificate is checked by the verifier later.
 */
export function readTimestampResponse(
  der: Buffer,
  request: TimestampRequestInfo,
  extraCertificates: readonly CertificateInfo[] = [],
): Buffer {
  let token: Buffer;
  try {
    const root = parseDer(der);
    const status = child(child(root, 0), 0).content[0] ?? 255;
    if (status > 1)
      throw new SigningError(
        'TIMESTAMP_FAILED',
        `the time-stamp authority refused (status ${status})`,
      );
    token = Buffer.from(child(root, 1).raw);
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError('TIMESTAMP_FAILED', 'the time-stamp response cannot be read');
  }
  const check = checkTimestampToken(token, { digest: request.imprint }, extraCertificates);
  const problems = [...check.errors];
  if (request.nonce) {
    const want = readIntegerHex(parseDer(toDer(uint(request.nonce))));
    if (check.nonce !== want) problems.push('the time-stamp does not echo our nonce');
  }
  if (problems.length > 0)
    throw new SigningError(
      'TIMESTAMP_FAILED',
      `the time-stamp is not acceptable: ${problems.join('; ')}`,
    );
  return token;
}
