/**
 * Typed errors of the signing library. Every failure that a caller can act on is a
 * {@link SigningError} with a stable `code`; the API layer maps codes to HTTP statuses.
 *
 * Messages are written for humans and never contain a PIN, a passphrase, a KEK or key material.
 */

/** Stable error codes. */
export type SigningErrorCode =
  /** The input does not start with a PDF header. */
  | 'NOT_PDF'
  /** The PDF is encrypted (we neither sign nor verify encrypted documents). */
  | 'ENCRYPTED_PDF'
  /** The PDF is damaged or truncated (no usable cross-reference / trailer / catalog). */
  | 'MALFORMED_PDF'
  /** The PDF is over the server's limits on size, decompression, objects, pages, nesting or time. */
  | 'PDF_TOO_COMPLEX'
  /** A signature value does not verify against the signer's certificate. */
  | 'SIGNATURE_INVALID'
  /** The named signature field already holds a signature. */
  | 'FIELD_ALREADY_SIGNED'
  /** A field with that name exists but is not a signature field. */
  | 'FIELD_NOT_SIGNATURE'
  /** A signing option is invalid (bad page index, rectangle, field name...). */
  | 'INVALID_ARGUMENT'
  /** A deferred-signing state is not one this library produced, or was altered. */
  | 'INVALID_STATE'
  /** The CMS signature does not fit in the reserved /Contents space. */
  | 'PLACEHOLDER_TOO_SMALL'
  /** A certificate cannot be parsed or is not usable for this purpose. */
  | 'INVALID_CERTIFICATE'
  /** A key type or algorithm that this library does not support. */
  | 'UNSUPPORTED_KEY'
  /** Wrong PIN. */
  | 'BAD_PIN'
  /** Too many wrong PINs in a row: the key is locked until an administrator resets it. */
  | 'LOCKED'
  /** The key-encryption key is missing, too short, or does not open the record. */
  | 'KEK_INVALID'
  /** A PKCS#12 file could not be opened (wrong password or unsupported content). */
  | 'PKCS12_INVALID'
  /** No certification authority of the requested kind exists in the PKI state. */
  | 'CA_NOT_FOUND'
  /** The time-stamp authority refused, failed or answered with a token that does not check. */
  | 'TIMESTAMP_FAILED'
  /** Revocation data (OCSP or CRL) for a certificate could not be obtained. */
  | 'REVOCATION_UNAVAILABLE'
  /** The signer needs a person's confirmation: the signature is not there yet (see Signer). */
  | 'SIGNATURE_PENDING'
  /** A remote signing service (CSC API) refused the request, failed or could not be reached. */
  | 'REMOTE_SIGNING_FAILED';

/** The error class thrown by every public function of `signing/`. */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    /** Non-secret details for the caller (e.g. attempts remaining). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Serialises without a stack trace, so that logs carry code and message only. */
  toJSON(): { name: string; code: SigningErrorCode; message: string; details?: unknown } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** True when `err` is a {@link SigningError} (optionally with the given code). */
export function isSigningError(err: unknown, code?: SigningErrorCode): err is SigningError {
  return err instanceof SigningError && (code === undefined || err.code === code);
}
