/**
 * One-time signing grants: how an official's PIN reaches the document activity without entering
 * Temporal's history. The API checks the PIN, then calls `createSigningGrant`, and passes only the
 * returned token to the workflow; the activity calls `redeemSigningGrant` to get the PIN back and
 * unlock the key for that one signature.
 */
import crypto from 'node:crypto';
import { render, say, type Message } from '../contract/messages';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import { OfficialModel } from '../models/official';
import { SigningGrantModel } from '../models/signing';
import { unlockKey, type EncryptedKeyRecord } from '../signing';

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

/** Why an official may not sign now; `code` is the contract's (401 BAD_PIN, 423 LOCKED, ...). */
export class SigningAuthorizationError extends Error {
  override readonly name = 'SigningAuthorizationError';
  constructor(
    readonly code: Extract<ErrorCode, 'BAD_PIN' | 'LOCKED' | 'FORBIDDEN'>,
    /** What the official is told (the catalogue renders it in their language). */
    readonly say: Message,
    readonly details: { attemptsRemaining?: number } = {},
  ) {
    super(render(say, 'en'));
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Checks an official's signing PIN against their encrypted key (a wrong PIN counts towards the
 * lockout, persisted with compare-and-set) and, when it is right, issues a one-time grant for
 * signing in this case. The key itself is opened only to prove the PIN and dropped at once.
 */
export async function authorizeSigning(input: {
  officialId: string;
  caseCode: string;
  pin: string;
  kek: Buffer;
  now?: Date;
}): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const official = await OfficialModel.findById(input.officialId).lean();
    if (!official?.active || !official.signing) {
      throw new SigningAuthorizationError('FORBIDDEN', say('signing.noKey'));
    }
    const result = unlockKey(
      official.signing.keyRecord as unknown as EncryptedKeyRecord,
      input.pin,
      input.kek,
      { now: input.now },
    );
    if (result.ok) result.key.dispose();
    if (result.changed) {
      const saved = await OfficialModel.updateOne(
        { _id: official._id, signingRevision: official.signingRevision },
        { $set: { 'signing.keyRecord': result.record }, $inc: { signingRevision: 1 } },
      );
      // Another attempt changed the counter meanwhile: judge this PIN again on the fresh record.
      if (saved.modifiedCount !== 1) continue;
    }
    if (!result.ok) {
      // Every wrong PIN answers BAD_PIN (the fifth says the key is now locked); from then on LOCKED.
      throw result.reason === 'LOCKED'
        ? new SigningAuthorizationError('LOCKED', say('signing.locked'), { attemptsRemaining: 0 })
        : new SigningAuthorizationError(
            'BAD_PIN',
            result.attemptsRemaining === 0
              ? say('signing.badPinNowLocked')
              : say('signing.badPin', { left: result.attemptsRemaining }),
            { attemptsRemaining: result.attemptsRemaining },
          );
    }
    return createSigningGrant({
      officialId: official._id,
      caseCode: input.caseCode,
      pin: input.pin,
      kek: input.kek,
      now: input.now,
    });
  }
  throw new SigningAuthorizationError('BAD_PIN', say('signing.pinUnchecked'));
}
