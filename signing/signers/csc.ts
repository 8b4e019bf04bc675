/**
 * Adapter: a remote signing service speaking the CSC API (see `csc-client.ts`). The key stays at
 * the provider; only SHA-256 digests travel. One request authorizes every item at once
 * (`numSignatures`, hashes pinned to the SAD), then `signatures/signHash` signs them.
 *
 * When the service signs without a person's confirmation (implicit authorization, or a PIN/OTP
 * given with the request) the answer is SIGNED at once. When the signer confirms on their phone
 * (`credentials/authorize` answers 202 with a handle), the answer is PENDING with a ticket; each
 * poll asks `credentials/authorizeCheck` and, once the SAD is there, signs the pinned digests.
 * Errors map onto the states a person sees: `access_denied` (the signer declined) → REFUSED;
 * `expired_token` / `invalid_grant` or the window passed → EXPIRED; anything else throws.
 */
import { SigningError } from '../errors';
import { parseCertificate } from '../pki/certificates';
import type {
  SignatureItem,
  SignatureProgress,
  SignatureRequestOptions,
  SignatureTicket,
  Signer,
} from '../signer';
import { signedProgress } from '../signer';
import {
  type CscAuthorization,
  type CscClient,
  type CscCredential,
  CscServiceError,
  SHA256_OID,
} from './csc-client';

const SIGN_ALGOS = {
  rsa: { combined: '1.2.840.113549.1.1.11', plain: '1.2.840.113549.1.1.1' },
  ec: { combined: '1.2.840.10045.4.3.2', plain: '1.2.840.10045.2.1' },
} as const;

/** Default confirmation window when the service does not say. */
export const CSC_PENDING_TTL_MS = 5 * 60_000;

export interface CscTicket extends SignatureTicket {
  readonly adapter: 'csc';
  readonly credentialId: string;
  readonly handle: string;
  /** Base64 SHA-256 digests pinned to the authorization. */
  readonly digests: readonly string[];
  readonly expiresAt: string;
}

export interface CscSignerOptions {
  /** PIN / OTP the signer typed for this one request (explicit authorization); never stored. */
  readonly pin?: string;
  readonly otp?: string;
  readonly pendingTtlMs?: number;
  readonly now?: () => Date;
}

/** Which `signAlgo` (and `hashAlgo`) to send for the credential's key. */
export function signAlgorithmFor(
  credential: Pick<CscCredential, 'certificatePem' | 'keyAlgorithms'>,
): {
  signAlgo: string;
  hashAlgo?: string;
} {
  const type = parseCertificate(credential.certificatePem).publicKey.asymmetricKeyType;
  const algos = type === 'ec' ? SIGN_ALGOS.ec : type === 'rsa' ? SIGN_ALGOS.rsa : null;
  if (!algos)
    throw new SigningError('UNSUPPORTED_KEY', `the remote key is ${type ?? 'of an unknown type'}`);
  const offered = credential.keyAlgorithms;
  if (offered.length === 0 || offered.includes(algos.combined)) return { signAlgo: algos.combined };
  if (offered.includes(algos.plain)) return { signAlgo: algos.plain, hashAlgo: SHA256_OID };
  throw new SigningError(
    'UNSUPPORTED_KEY',
    'the remote key offers no SHA-256 signature algorithm we use',
  );
}

function progressOfError(err: unknown): SignatureProgress {
  if (err instanceof CscServiceError) {
    if (err.error === 'access_denied')
      return {
        status: 'REFUSED',
        message: 'the signer declined the signature at the signing service',
      };
    if (err.error === 'expired_token' || err.error === 'invalid_grant')
      return {
        status: 'EXPIRED',
        message: 'the confirmation window at the signing service has closed',
      };
  }
  throw err;
}

export class CscSigner implements Signer {
  readonly certificatePem: string;
  readonly chainPems: readonly string[];
  readonly #client: CscClient;
  readonly #credential: CscCredential;
  readonly #options: CscSignerOptions;

  constructor(client: CscClient, credential: CscCredential, options: CscSignerOptions = {}) {
    this.#client = client;
    this.#credential = credential;
    this.#options = options;
    this.certificatePem = parseCertificate(credential.certificatePem).pem;
    this.chainPems = credential.chainPems;
    signAlgorithmFor(credential);
  }

  /** Reads the credential (certificate chain, algorithms, authorization mode) and makes the signer. */
  static async open(
    client: CscClient,
    credentialId: string,
    options: CscSignerOptions = {},
  ): Promise<CscSigner> {
    const credential = await client.credentialInfo(credentialId);
    if (!credential.keyEnabled)
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        `the remote key of credential ${credentialId} is disabled`,
      );
    return new CscSigner(client, credential, options);
  }

  get credentialId(): string {
    return this.#credential.credentialId;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  async #sign(
    sad: string,
    digests: readonly Buffer[],
    items: readonly SignatureItem[],
  ): Promise<SignatureProgress> {
    const signatures = await this.#client.signHash({
      credentialId: this.#credential.credentialId,
      sad,
      digests,
      ...signAlgorithmFor(this.#credential),
    });
    return signedProgress(signatures, items);
  }

  #pending(handle: string, digests: readonly Buffer[], expiresAt?: string): SignatureProgress {
    const until =
      expiresAt ??
      new Date(
        this.#now().getTime() + (this.#options.pendingTtlMs ?? CSC_PENDING_TTL_MS),
      ).toISOString();
    const ticket: CscTicket = {
      adapter: 'csc',
      credentialId: this.#credential.credentialId,
      handle,
      digests: digests.map((d) => d.toString('base64')),
      expiresAt: until,
    };
    return { status: 'PENDING', ticket, expiresAt: until };
  }

  async request(
    items: readonly SignatureItem[],
    options: SignatureRequestOptions = {},
  ): Promise<SignatureProgress> {
    if (items.length === 0) throw new SigningError('INVALID_ARGUMENT', 'nothing to sign');
    if (items.length > Math.max(1, this.#credential.multisign)) {
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        `the credential signs at most ${this.#credential.multisign} hash(es) per authorization`,
      );
    }
    const digests = items.map((i) => i.digest);
    let auth: CscAuthorization;
    try {
      auth = await this.#client.authorize({
        credentialId: this.#credential.credentialId,
        digests,
        ...(this.#options.pin ? { pin: this.#options.pin } : {}),
        ...(this.#options.otp ? { otp: this.#options.otp } : {}),
        ...(options.description ? { description: options.description } : {}),
        ...(options.reference ? { clientData: options.reference } : {}),
      });
    } catch (err) {
      return progressOfError(err);
    }
    if (auth.kind === 'PENDING') return this.#pending(auth.handle, digests);
    return this.#sign(auth.sad, digests, items);
  }

  async poll(ticket: SignatureTicket): Promise<SignatureProgress> {
    const t = ticket as CscTicket;
    if (
      t.adapter !== 'csc' ||
      t.credentialId !== this.#credential.credentialId ||
      typeof t.handle !== 'string'
    )
      throw new SigningError('INVALID_STATE', 'not a ticket of this remote credential');
    const digests = t.digests.map((d) => Buffer.from(d, 'base64'));
    let auth: CscAuthorization;
    try {
      auth = await this.#client.authorizeCheck(t.handle);
    } catch (err) {
      return progressOfError(err);
    }
    if (auth.kind === 'PENDING') {
      if (this.#now() >= new Date(t.expiresAt))
        return { status: 'EXPIRED', message: 'the signer did not confirm in time' };
      return this.#pending(auth.handle, digests, t.expiresAt);
    }
    return this.#sign(
      auth.sad,
      digests,
      digests.map((digest) => ({ digest, toBeSigned: Buffer.alloc(0) })),
    );
  }

  toJSON(): string {
    return '[CscSigner]';
  }
}
