/**
 * The applicant's tracking token at rest: only its SHA-256 identifies the case (the API compares
 * hashes), and for the links sent to the applicant it is kept sealed (AES-256-GCM under a key
 * derived from the KEK, the dossier code as associated data), so that the worker can put it in
 * the SMS and e-mail links (domain/tracking.ts) while the database alone never reveals it.
 */
import crypto from 'node:crypto';

const sealKey = (kek: Buffer): Buffer =>
  Buffer.from(crypto.hkdfSync('sha256', kek, Buffer.alloc(0), 'motcua/tracking-token-seal/v1', 32));

/** `iv || ciphertext || tag`, base64. */
export function sealTrackingToken(kek: Buffer, code: string, token: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(kek), iv);
  cipher.setAAD(Buffer.from(code));
  const sealed = Buffer.concat([
    iv,
    cipher.update(token, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return sealed.toString('base64');
}

/** The token, or null when the seal does not open (another KEK, another case, damaged). */
export function openTrackingToken(kek: Buffer, code: string, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length < 12 + 16 + 1) return null;
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(kek), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(code));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
