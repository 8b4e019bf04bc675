/**
 * One-time signing grants: how an official's PIN reaches the document activity without entering
 * Temporal's history. The API checks the PIN (`authorizeSigning`: the attempt counted before the
 * PIN is checked, activities/pin-lockout.ts) and passes only the returned token to the workflow;
 * the document activity redeems it (`openGrantedKey`) to unlock the key for that signature.
 *
 * A grant is consumed on its first use: the action it was made for signs at most one row of the
 * control sheet and one document, and each of those two uses is claimed once, by a unique insert,
 * for the step that made it. Any other redemption fails, even a concurrent one; a retry of the
 * same step gets its own use back. It expires after SIGNING_GRANT_TTL_MS in any case.
 */
import crypto from 'node:crypto';
import { render, say, type Message } from '../contract/messages';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import { OfficialModel, type OfficialDoc } from '../models/official';
import { SigningGrantModel, SigningGrantUseModel } from '../models/signing';
import { openWithPin, type EncryptedKeyRecord, type UnlockedKey } from '../signing';
import {
  attemptsRemainingAfter,
  pinLockState,
  recordRightPin,
  recordWrongPin,
  releasePinAttempt,
  reservePinAttempt,
} from './pin-lockout';
import { isDuplicateKey } from '../models/db';

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

/** What a redemption is for: the control sheet's row or a document, and the step's key. */
export interface GrantUse {
  kind: 'control-sheet' | 'document';
  key: string;
}

/**
 * The PIN a grant carries, if the grant exists, has not expired, was made for this official and
 * case, and its use of this kind is free or was claimed by this very step (a retried activity).
 */
export async function redeemSigningGrant(
  token: string,
  expected: { officialId: string; caseCode: string; kek: Buffer; use: GrantUse; now?: Date },
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
  let pin: string;
  try {
    pin = Buffer.concat([
      decipher.update(sealed.subarray(12, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SigningGrantError('The signing grant cannot be opened with this server key.');
  }
  // Consumed here: the first redemption of this kind claims it for its step, atomically.
  const useId = `${grant._id}#${expected.use.kind}`;
  try {
    await SigningGrantUseModel.create({
      _id: useId,
      key: expected.use.key,
      expiresAt: grant.expiresAt,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const claimed = await SigningGrantUseModel.findById(useId).lean();
    if (claimed?.key !== expected.use.key) {
      throw new SigningGrantError('The signing grant was already used; sign again.');
    }
  }
  return pin;
}

/**
 * The official's key, unlocked for one signature through a grant: the grant is redeemed for
 * `use`, the key must not be locked now, and the PIN is checked with async scrypt. Nothing is
 * counted here: the PIN was checked (and counted) when the grant was made.
 */
export async function openGrantedKey(
  official: Pick<OfficialDoc, '_id' | 'fullName' | 'signing'>,
  token: string,
  ctx: { caseCode: string; kek: Buffer; use: GrantUse },
): Promise<UnlockedKey> {
  if (!official.signing) throw new SigningGrantError(`${official.fullName} has no signing key.`);
  const pin = await redeemSigningGrant(token, {
    officialId: official._id,
    caseCode: ctx.caseCode,
    kek: ctx.kek,
    use: ctx.use,
  });
  const locked = (await pinLockState(official._id)).locked;
  const opened = locked
    ? ({ ok: false, reason: 'LOCKED' } as const)
    : await openWithPin(official.signing.keyRecord as unknown as EncryptedKeyRecord, pin, ctx.kek);
  if (!opened.ok) {
    throw new SigningGrantError(
      `The signing key of ${official.fullName} is ${opened.reason === 'LOCKED' ? 'locked' : 'not unlocked'}.`,
    );
  }
  return opened.key;
}

/** Deletes expired grants and their uses (no TTL indexes: the worker calls this periodically). */
export async function deleteExpiredGrants(now = new Date()): Promise<number> {
  const res = await SigningGrantModel.deleteMany({ expiresAt: { $lte: now } });
  await SigningGrantUseModel.deleteMany({ expiresAt: { $lte: now } });
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
 * Checks an official's signing PIN and, when it is right, issues a one-time grant for signing in
 * this case. The attempt is counted first (activities/pin-lockout.ts), then the PIN is checked
 * with async scrypt: at most five wrong PINs are ever checked, and once they are, every attempt
 * is LOCKED, the right PIN too. The key itself is opened only to prove the PIN and dropped at once.
 */
export async function authorizeSigning(input: {
  officialId: string;
  caseCode: string;
  pin: string;
  kek: Buffer;
  now?: Date;
}): Promise<string> {
  const official = await OfficialModel.findById(input.officialId).lean();
  if (!official?.active || !official.signing) {
    throw new SigningAuthorizationError('FORBIDDEN', say('signing.noKey'));
  }
  const locked = (): SigningAuthorizationError =>
    new SigningAuthorizationError('LOCKED', say('signing.locked'), { attemptsRemaining: 0 });
  const slot = await reservePinAttempt(official._id, input.now);
  if (!slot) throw locked();
  let opened: Awaited<ReturnType<typeof openWithPin>>;
  try {
    opened = await openWithPin(
      official.signing.keyRecord as unknown as EncryptedKeyRecord,
      input.pin,
      input.kek,
    );
  } catch (err) {
    // A wrong server key (KEK_INVALID) or a broken record: the PIN was not judged, nothing counts.
    await releasePinAttempt(slot);
    throw err;
  }
  if (!opened.ok && opened.reason === 'LOCKED') {
    await releasePinAttempt(slot); // locked by the record's own counter (an older version)
    throw locked();
  }
  if (!opened.ok) {
    await recordWrongPin(slot);
    const attemptsRemaining = attemptsRemainingAfter(slot);
    // Every wrong PIN answers BAD_PIN (the fifth says the key is now locked); from then on LOCKED.
    throw new SigningAuthorizationError(
      'BAD_PIN',
      attemptsRemaining === 0
        ? say('signing.badPinNowLocked')
        : say('signing.badPin', { left: attemptsRemaining }),
      { attemptsRemaining },
    );
  }
  opened.key.dispose();
  await recordRightPin(slot);
  return createSigningGrant({
    officialId: official._id,
    caseCode: input.caseCode,
    pin: input.pin,
    kek: input.kek,
    now: input.now,
  });
}
