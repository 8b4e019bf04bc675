/**
 * The Signer port: every way of signing behind one small interface (Documenso's pattern). The PDF
 * code and the activities only ever see a {@link Signer}; which adapter signs is known where the
 * adapter is made, nowhere else.
 *
 * A request carries what is to be signed — the DER signed attributes of each PDF signature and
 * their SHA-256 digest — and answers either at once with the signature values (a key held here, a
 * PKCS#12 file, a remote service that needs no confirmation) or with a *pending* ticket when a
 * person must confirm (a remote signing service confirmed on a phone, a token in a browser). The
 * ticket is plain JSON: the caller persists it and polls the same adapter with it, as often as it
 * likes, across restarts, until the answer is SIGNED, REFUSED or EXPIRED. Several items in one
 * request are confirmed once (CSC `numSignatures`).
 *
 * Adapters: `signers/local-key.ts` (a key in this process: the encrypted server-held key unlocked
 * by a PIN, a seal), `signers/pkcs12.ts` (a PKCS#12 file), `signers/csc.ts` (a remote signing
 * service speaking the CSC API v1 or v2), `signers/external.ts` (the two-step protocol: a client
 * device signs what the server prepared).
 */
import crypto from 'node:crypto';
import { SigningError } from './errors';

/** One signature to make: the DER signed attributes and SHA-256 of them. */
export interface SignatureItem {
  readonly toBeSigned: Buffer;
  readonly digest: Buffer;
}

/** The item for `toBeSigned` (its SHA-256 digest computed here). */
export function signatureItem(toBeSigned: Buffer): SignatureItem {
  return { toBeSigned, digest: crypto.createHash('sha256').update(toBeSigned).digest() };
}

/** A pending signature as the adapter that began it can resume it: plain JSON, no secret. */
export interface SignatureTicket {
  /** The adapter kind that issued the ticket (`csc`, `external`, ...). */
  readonly adapter: string;
  readonly [key: string]: unknown;
}

/** Where a signature request stands. */
export type SignatureProgress =
  | { readonly status: 'SIGNED'; readonly signatures: readonly Buffer[] }
  | {
      readonly status: 'PENDING';
      readonly ticket: SignatureTicket;
      /** When the confirmation window closes (ISO 8601), when the adapter knows. */
      readonly expiresAt: string | null;
    }
  | { readonly status: 'REFUSED' | 'EXPIRED'; readonly message: string };

/** Options of a request. */
export interface SignatureRequestOptions {
  /**
   * A stable reference of this request (case and step): adapters that hand the request to a
   * device or a service use it to name the transaction (CSC `clientData`, the external inbox).
   */
  readonly reference?: string;
  /** What the person confirms, shown by the service when it can (at most 500 characters). */
  readonly description?: string;
}

/** Anything that can sign: see the module comment. */
export interface Signer {
  /** The signer's certificate (PEM). */
  readonly certificatePem: string;
  /** Issuing CA(s) up to (optionally) the root, PEM, embedded in the CMS. */
  readonly chainPems: readonly string[];
  /**
   * Asks for signatures over `items` (RSASSA-PKCS1-v1_5 or ECDSA with SHA-256; ECDSA as DER or
   * IEEE P1363). One confirmation covers every item.
   */
  request(
    items: readonly SignatureItem[],
    options?: SignatureRequestOptions,
  ): Promise<SignatureProgress>;
  /** Asks again about a pending request; safe to repeat. */
  poll(ticket: SignatureTicket): Promise<SignatureProgress>;
}

/**
 * Signs one item now: for signers that answer at once (keys held here). A signer that needs a
 * confirmation answers `SIGNATURE_PENDING`; use request/poll (the workflow's awaited step).
 */
export async function signNow(signer: Signer, toBeSigned: Buffer): Promise<Buffer> {
  const progress = await signer.request([signatureItem(toBeSigned)]);
  if (progress.status === 'SIGNED' && progress.signatures[0]) return progress.signatures[0];
  if (progress.status === 'PENDING') {
    throw new SigningError(
      'SIGNATURE_PENDING',
      'this signer needs a confirmation; the signature is awaited, not made at once',
    );
  }
  throw new SigningError(
    'REMOTE_SIGNING_FAILED',
    progress.status === 'SIGNED' ? 'the signer returned no signature' : progress.message,
  );
}

/** Checks that an answer has one signature per item (what every adapter must give). */
export function signedProgress(
  signatures: readonly Buffer[],
  items: readonly SignatureItem[],
): SignatureProgress {
  if (signatures.length !== items.length || signatures.some((s) => s.length === 0)) {
    throw new SigningError(
      'REMOTE_SIGNING_FAILED',
      `the signer returned ${signatures.length} signature(s) for ${items.length} item(s)`,
    );
  }
  return { status: 'SIGNED', signatures };
}
