/**
 * One small interface for every way of signing (Documenso's pattern): a local key unlocked from
 * the keystore, a PKCS#12 file, and later a remote service or a token. The PDF code only ever
 * sees a {@link Signer}. Keys held by a browser do not fit a synchronous call; they use the
 * two-step path (prepareSignature → client signs → completeSignature).
 */
import crypto, { type KeyObject } from 'node:crypto';
import { SigningError } from './errors';
import { UnlockedKey } from './keystore';
import { parseCertificate } from './pki/certificates';
import { keyAlgorithmOf, signSha256 } from './pki/keys';
import { importPkcs12 } from './pki/pkcs12';

/** Anything that can produce a signature over the DER signed attributes. */
export interface Signer {
  /** The signer's certificate (PEM). */
  readonly certificatePem: string;
  /** Issuing CA(s) up to (optionally) the root, PEM, embedded in the CMS. */
  readonly chainPems: readonly string[];
  /**
   * Signs `data` (the DER signed attributes) with SHA-256: RSASSA-PKCS1-v1_5, or ECDSA (DER or
   * IEEE P1363 r||s, both accepted).
   */
  sign(data: Buffer): Promise<Buffer>;
}

/** A signer whose private key is in this process (unlocked for one operation, then disposed). */
export class LocalKeySigner implements Signer {
  readonly #key: UnlockedKey | KeyObject;
  readonly certificatePem: string;
  readonly chainPems: readonly string[];

  constructor(
    key: UnlockedKey | KeyObject,
    certificatePem: string,
    chainPems: readonly string[] = [],
  ) {
    const cert = parseCertificate(certificatePem);
    const publicKey = key instanceof UnlockedKey ? key.publicKey() : crypto.createPublicKey(key);
    keyAlgorithmOf(publicKey);
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    if (!cert.spki.equals(spki)) {
      throw new SigningError('INVALID_CERTIFICATE', 'the certificate does not belong to this key');
    }
    this.#key = key;
    this.certificatePem = cert.pem;
    this.chainPems = chainPems;
  }

  async sign(data: Buffer): Promise<Buffer> {
    return this.#key instanceof UnlockedKey ? this.#key.sign(data) : signSha256(this.#key, data);
  }

  toJSON(): string {
    return '[LocalKeySigner]';
  }
}

/** A signer from a PKCS#12 file (production certificates from a licensed CA). */
export function signerFromPkcs12(p12: Buffer, password: string): LocalKeySigner {
  const identity = importPkcs12(p12, password);
  return new LocalKeySigner(identity.privateKey, identity.certificatePem, identity.chainPems);
}
