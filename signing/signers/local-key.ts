/**
 * Adapter: a private key in this process — the encrypted server-held key of an official unlocked
 * by their PIN for one operation, a unit's seal unlocked with the KEK, a development key. Answers
 * at once.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { SigningError } from '../errors';
import { UnlockedKey } from '../keystore';
import { parseCertificate } from '../pki/certificates';
import { keyAlgorithmOf, signSha256 } from '../pki/keys';
import {
  type SignatureItem,
  type SignatureProgress,
  type Signer,
  type SignatureTicket,
  signedProgress,
} from '../signer';

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

  /** Signs `data` (the DER signed attributes) with SHA-256, here and now. */
  async sign(data: Buffer): Promise<Buffer> {
    return this.#key instanceof UnlockedKey ? this.#key.sign(data) : signSha256(this.#key, data);
  }

  async request(items: readonly SignatureItem[]): Promise<SignatureProgress> {
    const signatures: Buffer[] = [];
    for (const item of items) signatures.push(await this.sign(item.toBeSigned));
    return signedProgress(signatures, items);
  }

  async poll(_ticket: SignatureTicket): Promise<SignatureProgress> {
    throw new SigningError('INVALID_STATE', 'a local key never leaves a signature pending');
  }

  toJSON(): string {
    return '[LocalKeySigner]';
  }
}
