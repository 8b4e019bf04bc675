/**
 * Adapter: the two-step (deferred) protocol. The server prepares the PDF and hands `toBeSigned`
 * to a client device — a browser key, a PKCS#12 file opened in the page, a government token
 * through its vendor's plugin — which signs it and sends the value back. The value arrives in an
 * inbox (the caller's storage, keyed by the request's reference); polling reads it, checks it
 * against the certificate and answers SIGNED. The key never reaches the server.
 */
import crypto from 'node:crypto';
import { SigningError } from '../errors';
import { parseCertificate } from '../pki/certificates';
import { ecdsaSignatureToDer, verifySignature } from '../pki/keys';
import type {
  SignatureItem,
  SignatureProgress,
  SignatureRequestOptions,
  SignatureTicket,
  Signer,
} from '../signer';

/** What a client device sent for a reference: the values, a refusal, or nothing yet. */
export type InboxEntry =
  { readonly signatures: readonly Buffer[] } | { readonly refused: string } | null;

/** Where the client's answers arrive (e.g. a document per case and step). */
export interface SignatureInbox {
  read(reference: string): Promise<InboxEntry>;
}

export interface ExternalTicket extends SignatureTicket {
  readonly adapter: 'external';
  readonly reference: string;
  /** Base64 DER signed attributes, to check the values that come back. */
  readonly toBeSigned: readonly string[];
  readonly expiresAt: string;
}

/** Default confirmation window of a client device. */
export const EXTERNAL_TTL_MS = 15 * 60_000;

/**
 * Checks client-made values against the certificate: one per item, each verifying over its
 * DER signed attributes (ECDSA in DER or r||s). Returns them in DER; throws SIGNATURE_INVALID.
 */
export function checkClientSignatures(
  certificatePem: string,
  toBeSigned: readonly Buffer[],
  values: readonly Buffer[],
): Buffer[] {
  const cert = parseCertificate(certificatePem);
  if (values.length !== toBeSigned.length) {
    throw new SigningError(
      'SIGNATURE_INVALID',
      `expected ${toBeSigned.length} signature value(s), got ${values.length}`,
    );
  }
  return values.map((raw, i) => {
    const value =
      cert.publicKey.asymmetricKeyType === 'ec' ? ecdsaSignatureToDer(cert.publicKey, raw) : raw;
    if (!verifySignature(cert.publicKey, 'sha256', toBeSigned[i] as Buffer, value)) {
      throw new SigningError(
        'SIGNATURE_INVALID',
        `signature value ${i + 1} does not match the signer certificate`,
      );
    }
    return value;
  });
}

export class ExternalSigner implements Signer {
  readonly certificatePem: string;
  readonly chainPems: readonly string[];
  readonly #inbox: SignatureInbox;
  readonly #ttlMs: number;
  readonly #now: () => Date;

  constructor(
    certificatePem: string,
    chainPems: readonly string[],
    inbox: SignatureInbox,
    options: { ttlMs?: number; now?: () => Date } = {},
  ) {
    this.certificatePem = parseCertificate(certificatePem).pem;
    this.chainPems = chainPems;
    this.#inbox = inbox;
    this.#ttlMs = options.ttlMs ?? EXTERNAL_TTL_MS;
    this.#now = options.now ?? (() => new Date());
  }

  async request(
    items: readonly SignatureItem[],
    options: SignatureRequestOptions = {},
  ): Promise<SignatureProgress> {
    const expiresAt = new Date(this.#now().getTime() + this.#ttlMs).toISOString();
    const ticket: ExternalTicket = {
      adapter: 'external',
      reference: options.reference ?? crypto.randomUUID(),
      toBeSigned: items.map((i) => i.toBeSigned.toString('base64')),
      expiresAt,
    };
    return { status: 'PENDING', ticket, expiresAt };
  }

  async poll(ticket: SignatureTicket): Promise<SignatureProgress> {
    const t = ticket as ExternalTicket;
    if (t.adapter !== 'external' || typeof t.reference !== 'string' || !Array.isArray(t.toBeSigned))
      throw new SigningError('INVALID_STATE', 'not a ticket of the two-step protocol');
    const entry = await this.#inbox.read(t.reference);
    if (entry && 'refused' in entry) return { status: 'REFUSED', message: entry.refused };
    if (entry) {
      const signatures = checkClientSignatures(
        this.certificatePem,
        t.toBeSigned.map((b) => Buffer.from(b, 'base64')),
        entry.signatures,
      );
      return { status: 'SIGNED', signatures };
    }
    if (this.#now() >= new Date(t.expiresAt))
      return { status: 'EXPIRED', message: 'the client device did not sign in time' };
    return { status: 'PENDING', ticket: t, expiresAt: t.expiresAt };
  }

  toJSON(): string {
    return '[ExternalSigner]';
  }
}
