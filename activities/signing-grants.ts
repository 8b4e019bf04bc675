/**
 * One-time signing grants: how an official's PIN reaches the document activity without entering
 * Temporal's history. The API checks the PIN, then calls `createSigningGrant`, and passes only the
 * returned token to the workflow; the activity calls `redeemSigningGrant` to get the PIN back and
 * unlock the key for that one signature.
 */
import crypto from 'node:crypto';
import { SigningGrantModel } from '../models/signing';

export const SIGNING_GRANT_TTL_MS = 10 * 60_000;

export class SigningGrantError extends Error {
  override name = 'SigningGrantError';
}

function grantKey(kek: Buffer, token: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync('sha256', kek, Buffer.from(token, 'base64url'), 'motcua/signing-grant/v1', 32),
  );
}

const idOf = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

export async function createSigningGrant(input: {
  officialId: string;
  caseCode: string;
  pin: string;
  kek: Buffer;
  now?: Date;
  ttlMs?: number;
}): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', grantKey(input.kek, token), iv);
  cipher.setAAD(Buffer.from(`${input.officialId}\u0000${input.caseCode}`));
  const sealed = Buffer.concat([
    iv,
    cipher.update(input.pin, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const now = input.now ?? new Date();
  await SigningGrantModel.create({
    _id: idOf(token),
    officialId: input.officialId,
    caseCode: input.caseCode,
    sealedPin: sealed.toString('base64'),
    expiresAt: new Date(now.getTime() + (input.ttlMs ?? SIGNING_GRANT_TTL_MS)),
  });
  return token;
}

/**
 * The PIN a grant carries, if the grant exists, has not expired and was made for this official
 * and case. A grant may be redeemed more than once until it expires, so that a retried activity
 * can sign; the activity's own idempotency keeps it to one signature.
 */
export async function redeemSigningGrant(
  token: string,
  expected: { officialId: string; caseCode: string; kek: Buffer; now?: Date },
): Promise<string> {
  const grant = await SigningGrantModel.findById(idOf(token)).lean();
  const now = expected.now ?? new Date();
  if (!grant || grant.expiresAt <= now)
    throw new SigningGrantError('The signing grant has expired; sign again.');
  if (grant.officialId !== expected.officialId || grant.caseCode !== expected.caseCode) {
    throw new SigningGrantError('The signing grant was made for another official or case.');
  }
  const sealed = Buffer.from(grant.sealedPin, 'base64');
  const decipher = crypto.createDecipheriv(
    'aes-256-gcm',
    grantKey(expected.kek, token),
    sealed.subarray(0, 12),
  );
  decipher.setAAD(Buffer.from(`${grant.officialId}\u0000${grant.caseCode}`));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(12, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SigningGrantError('The signing grant cannot be opened with this server key.');
  }
}

/** Deletes expired grants (no TTL indexes: the worker calls this periodically). */
export async function deleteExpiredGrants(now = new Date()): Promise<number> {
  const res = await SigningGrantModel.deleteMany({ expiresAt: { $lte: now } });
  return res.deletedCount;
}
