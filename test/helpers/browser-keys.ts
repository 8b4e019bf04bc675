/**
 * What an applicant's browser does with its own key (WebCrypto, as web/signing.js): an ECDSA
 * P-256 or RSA-2048 key pair that cannot be exported, its public key as SPKI PEM, and signatures
 * (ECDSA as IEEE P1363 r||s, as WebCrypto gives them).
 */
import { webcrypto } from 'node:crypto';

const subtle = webcrypto.subtle;

export type KeyKind = 'EC' | 'RSA';

export interface BrowserKey {
  kind: KeyKind;
  keys: webcrypto.CryptoKeyPair;
  spkiPem: string;
}

export async function browserKey(kind: KeyKind): Promise<BrowserKey> {
  const keys = (await subtle.generateKey(
    kind === 'EC'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        },
    false,
    ['sign', 'verify'],
  )) as webcrypto.CryptoKeyPair;
  const spki = Buffer.from(await subtle.exportKey('spki', keys.publicKey));
  const body = spki.toString('base64').replace(/(.{64})/g, '$1\n');
  return { kind, keys, spkiPem: `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n` };
}

/** The signature of `data` with the private key of a `kind` key pair. */
export async function browserSignature(
  kind: KeyKind,
  privateKey: webcrypto.CryptoKey,
  data: Buffer,
): Promise<Buffer> {
  const alg = kind === 'EC' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  return Buffer.from(await subtle.sign(alg, privateKey, data));
}
