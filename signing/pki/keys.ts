/**
 * Key pairs and raw signature operations. Private-key operations use Node's native `crypto`.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { OID } from '../asn1/oids';
import { SigningError } from '../errors';

/** Key algorithms the library issues and signs with. */
export type KeyAlgorithm = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'EC-P256';

/** `crypto.generateKeyPair` with DER encodings asked for: the job hands back bytes, not keys. */
function generateDer(
  type: 'rsa' | 'ec',
  options: Record<string, unknown>,
): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const run = crypto.generateKeyPair as unknown as (
    type: string,
    options: Record<string, unknown>,
    done: (err: Error | null, publicKey: Buffer, privateKey: Buffer) => void,
  ) => void;
  return new Promise((resolve, reject) =>
    run(type, options, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
}

/**
 * Generates a key pair with Node's native crypto, on libuv's thread pool, and hands back keys
 * made anew from their DER encodings. Never the key objects of the generation job itself: Node
 * (20) finalises a finished key-generation job in a GC under the mutex of the key it made, and
 * any call that holds that mutex and allocates — reading `asymmetricKeyDetails`, exporting —
 * can start that GC and wait for itself for ever (seen as `npm start` and a test file hanging at
 * 0 % CPU: `GetRsaKeyDetail` → GC → `~KeyGenJob` → `uv_mutex_lock`). Keys parsed from their
 * encoding share no mutex with any job. Never the synchronous variant either (the same, and it
 * blocks the event loop).
 */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'RSA-2048'): Promise<{
  privateKey: KeyObject;
  publicKey: KeyObject;
}> {
  const encoding = {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  } as const;
  const der =
    algorithm === 'EC-P256'
      ? await generateDer('ec', { namedCurve: 'P-256', ...encoding })
      : await generateDer('rsa', {
          modulusLength: Number(algorithm.slice(4)),
          publicExponent: 0x10001,
          ...encoding,
        });
  return {
    privateKey: crypto.createPrivateKey({ key: der.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: crypto.createPublicKey({ key: der.publicKey, format: 'der', type: 'spki' }),
  };
}

/** Describes a (public or private) key; refuses what we do not sign with. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits >= 4096) return 'RSA-4096';
    if (bits >= 3072) return 'RSA-3072';
    if (bits >= 2048) return 'RSA-2048';
    throw new SigningError(
      'UNSUPPORTED_KEY',
      `RSA keys must have at least 2048 bits (got ${bits})`,
    );
  }
  if (type === 'ec' && details.namedCurve === 'prime256v1') return 'EC-P256';
  throw new SigningError(
    'UNSUPPORTED_KEY',
    `unsupported key type ${type ?? 'unknown'}${details.namedCurve ? ` (${details.namedCurve})` : ''}; use RSA >= 2048 or ECDSA P-256`,
  );
}

/** The CMS/X.509 signature AlgorithmIdentifier OID for a key, with SHA-256. */
export function signatureAlgorithmOid(key: KeyObject): string {
  return keyAlgorithmOf(key) === 'EC-P256' ? OID.ecdsaWithSha256 : OID.sha256WithRSAEncryption;
}

/** Signs `data` with SHA-256 (RSASSA-PKCS1-v1_5, or ECDSA with a DER signature). */
export function signSha256(privateKey: KeyObject, data: Buffer): Buffer {
  return crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
}

/** Verifies a signature (DER for ECDSA) with the given hash. */
export function verifySignature(
  publicKey: KeyObject,
  hash: string,
  data: Buffer,
  signature: Buffer,
): boolean {
  try {
    return crypto.verify(hash, data, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

/** The byte length of one ECDSA coordinate for a curve. */
function coordinateLength(publicKey: KeyObject): number {
  const curve = publicKey.asymmetricKeyDetails?.namedCurve;
  if (curve === 'prime256v1') return 32;
  if (curve === 'secp384r1') return 48;
  if (curve === 'secp521r1') return 66;
  return 32;
}

/**
 * Normalises an ECDSA signature to DER. WebCrypto returns IEEE P1363 (r || s, fixed width);
 * CMS needs `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`. DER input passes through.
 */
export function ecdsaSignatureToDer(publicKey: KeyObject, signature: Buffer): Buffer {
  const n = coordinateLength(publicKey);
  if (signature.length === 2 * n) {
    const r = derUnsigned(signature.subarray(0, n));
    const s = derUnsigned(signature.subarray(n));
    const body = Buffer.concat([r, s]);
    return Buffer.concat([derHeader(0x30, body.length), body]);
  }
  return signature;
}

function derUnsigned(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v = bytes.subarray(i);
  if ((v[0] as number) & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([derHeader(0x02, v.length), v]);
}

function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  if (length < 0x100) return Buffer.from([tag, 0x81, length]);
  return Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
}

/** Public key from a PEM certificate, SPKI PEM or DER SPKI. */
export function publicKeyFromSpki(spkiDer: Buffer): KeyObject {
  return crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
}
