/**
 * Keystore: private keys encrypted at rest, unlocked for one signing operation.
 *
 * A record holds the key as a PKCS#8 EncryptedPrivateKeyInfo (PBES2, AES-256-CBC). Its
 * passphrase is derived with scrypt from HMAC-SHA256(KEK, context ‖ PIN) and a per-record salt,
 * so neither the database (no KEK) nor the PIN alone (no KEK, no record) opens a key.
 *
 * Two protections:
 * - `PIN`: an official's personal key. Needs the KEK and the official's PIN; five wrong PINs in
 *   a row lock the record until {@link resetLockout}. The counter lives in the record, which the
 *   caller persists with a compare-and-set on `revision`.
 * - `KEK`: organisation seals and CA keys. Needs the server KEK only: a seal is applied by the
 *   server as the automatic last step of an approval that an official already authorised with
 *   their own PIN, so a second human secret would add nothing but an operational burden.
 *
 * Nothing here logs or throws a PIN, passphrase, KEK or key material.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { SigningError } from './errors';
import { type KeyAlgorithm, keyAlgorithmOf, signSha256 } from './pki/keys';

/** Wrong PINs in a row that lock a record. */
export const MAX_PIN_ATTEMPTS = 5;

/** A serialisable, encrypted key record (store it as-is, e.g. in MongoDB). */
export interface EncryptedKeyRecord {
  readonly format: 'motcua-key/v1';
  readonly keyId: string;
  readonly protection: 'PIN' | 'KEK';
  readonly algorithm: KeyAlgorithm;
  /** PKCS#8 EncryptedPrivateKeyInfo, PEM. */
  readonly encryptedPrivateKeyPem: string;
  readonly publicKeyPem: string;
  readonly kdf: {
    readonly name: 'scrypt';
    readonly salt: string;
    readonly N: number;
    readonly r: number;
    readonly p: number;
  };
  /** HMAC check value of the derived secret (PIN records), so a wrong PIN is told cleanly. */
  readonly check: string;
  /**
   * HMAC of the KEK (bound to keyId): tells a misconfigured KEK apart from a wrong PIN, so that a
   * wrong server key never counts against (or locks) an official.
   */
  readonly kekCheck: string;
  /** Wrong PINs in a row. */
  readonly failedAttempts: number;
  /** When the record was locked (ISO 8601), or null. */
  readonly lockedAt: string | null;
  /** Incremented on every change: persist with `WHERE revision = old.revision`. */
  readonly revision: number;
  readonly createdAt: string;
}

/** Minimal pino-compatible logger. */
export interface KeystoreLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/**
 * A private key opened for one operation. It never exposes the key: it signs, then is disposed.
 * It serialises and inspects as a placeholder.
 */
export class UnlockedKey {
  #key: KeyObject | null;
  readonly keyId: string;
  readonly algorithm: KeyAlgorithm;

  /** @internal */
  constructor(key: KeyObject, keyId: string) {
    this.#key = key;
    this.keyId = keyId;
    this.algorithm = keyAlgorithmOf(key);
  }

  /** SHA-256 signature (RSASSA-PKCS1-v1_5, or DER-encoded ECDSA). */
  sign(data: Buffer): Buffer {
    if (!this.#key) throw new SigningError('INVALID_ARGUMENT', 'the key was already disposed');
    return signSha256(this.#key, data);
  }

  /** Public key of the pair. */
  publicKey(): KeyObject {
    if (!this.#key) throw new SigningError('INVALID_ARGUMENT', 'the key was already disposed');
    return crypto.createPublicKey(this.#key);
  }

  /** Drops the reference to the key. */
  dispose(): void {
    this.#key = null;
  }

  get disposed(): boolean {
    return this.#key === null;
  }

  /** @internal for CA and PKCS#12 operations inside this library */
  _keyObject(): KeyObject {
    if (!this.#key) throw new SigningError('INVALID_ARGUMENT', 'the key was already disposed');
    return this.#key;
  }

  toJSON(): string {
    return `[UnlockedKey ${this.keyId}]`;
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}

/** Result of {@link unlockKey}: persist `record` when `changed` (compare-and-set on revision). */
export type UnlockResult =
  | { ok: true; key: UnlockedKey; record: EncryptedKeyRecord; changed: boolean }
  | {
      ok: false;
      reason: 'BAD_PIN' | 'LOCKED';
      record: EncryptedKeyRecord;
      changed: boolean;
      attemptsRemaining: number;
    };

const SCRYPT_PIN = { N: 1 << 14, r: 8, p: 1 };
const SCRYPT_KEK = { N: 1 << 10, r: 8, p: 1 };

/** Parses a key-encryption key (base64 or hex, at least 32 bytes). */
export function parseKek(value: string | Buffer | undefined): Buffer {
  if (value === undefined || value.length === 0) {
    throw new SigningError('KEK_INVALID', 'no key-encryption key is configured');
  }
  let kek: Buffer;
  if (Buffer.isBuffer(value)) kek = value;
  else if (/^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0) kek = Buffer.from(value, 'hex');
  else kek = Buffer.from(value, 'base64');
  if (kek.length < 32) {
    throw new SigningError('KEK_INVALID', 'the key-encryption key must be at least 32 bytes');
  }
  return kek;
}

/** Generates a fresh random KEK (base64), e.g. for a development `.env`. */
export function generateKek(): string {
  return crypto.randomBytes(32).toString('base64');
}

function kekCheckOf(kek: Buffer, keyId: string): string {
  return crypto
    .createHmac('sha256', kek)
    .update(`motcua/keystore/v1/kek-check\u0000${keyId}`)
    .digest('base64');
}

function assertKek(record: EncryptedKeyRecord, kek: Buffer): void {
  if (!Buffer.isBuffer(kek) || kek.length < 32) {
    throw new SigningError('KEK_INVALID', 'the key-encryption key is missing or too short');
  }
  if (record.kekCheck === undefined) return; // records written before the check existed
  const expected = Buffer.from(record.kekCheck, 'base64');
  const actual = Buffer.from(kekCheckOf(kek, record.keyId), 'base64');
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    throw new SigningError('KEK_INVALID', 'the key record was not encrypted under this KEK');
  }
}

function normalisePin(pin: string): string {
  return pin.normalize('NFC');
}

function inputKeyMaterial(
  kek: Buffer,
  keyId: string,
  protection: 'PIN' | 'KEK',
  pin: string,
): Buffer {
  if (kek.length < 32) throw new SigningError('KEK_INVALID', 'the key-encryption key is too short');
  return crypto
    .createHmac('sha256', kek)
    .update(`motcua/keystore/v1\u0000${keyId}\u0000${protection}\u0000`)
    .update(normalisePin(pin), 'utf8')
    .digest();
}

const scryptOptions = (kdf: EncryptedKeyRecord['kdf']): crypto.ScryptOptions => ({
  N: kdf.N,
  r: kdf.r,
  p: kdf.p,
  maxmem: 64 * 1024 * 1024,
});

function derive(
  kek: Buffer,
  keyId: string,
  protection: 'PIN' | 'KEK',
  pin: string,
  kdf: EncryptedKeyRecord['kdf'],
): { passphrase: string; check: Buffer } {
  const ikm = inputKeyMaterial(kek, keyId, protection, pin);
  const okm = crypto.scryptSync(ikm, Buffer.from(kdf.salt, 'base64'), 64, scryptOptions(kdf));
  ikm.fill(0);
  return secretsOf(okm);
}

/** {@link derive} on libuv's thread pool: the event loop stays free during scrypt. */
async function deriveAsync(
  kek: Buffer,
  keyId: string,
  protection: 'PIN' | 'KEK',
  pin: string,
  kdf: EncryptedKeyRecord['kdf'],
): Promise<{ passphrase: string; check: Buffer }> {
  const ikm = inputKeyMaterial(kek, keyId, protection, pin);
  const okm = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(ikm, Buffer.from(kdf.salt, 'base64'), 64, scryptOptions(kdf), (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  ikm.fill(0);
  return secretsOf(okm);
}

function secretsOf(okm: Buffer): { passphrase: string; check: Buffer } {
  const passphrase = okm.subarray(0, 32).toString('base64');
  const check = crypto.createHmac('sha256', okm.subarray(32)).update('check').digest();
  okm.fill(0);
  return { passphrase, check };
}

/**
 * Encrypts a private key into a record. With `pin`, the record is PIN-protected (personal key);
 * without, KEK-protected (seal or CA key).
 */
export function protectPrivateKey(
  privateKey: KeyObject,
  options: { keyId: string; kek: Buffer; pin?: string; now?: Date },
): EncryptedKeyRecord {
  if (privateKey.type !== 'private') {
    throw new SigningError('INVALID_ARGUMENT', 'protectPrivateKey needs a private key');
  }
  const protection = options.pin === undefined ? 'KEK' : 'PIN';
  if (protection === 'PIN' && !/^\S{4,64}$/.test(options.pin ?? '')) {
    throw new SigningError('INVALID_ARGUMENT', 'a PIN must be 4 to 64 non-blank characters');
  }
  const algorithm = keyAlgorithmOf(privateKey);
  const params = protection === 'PIN' ? SCRYPT_PIN : SCRYPT_KEK;
  const kdf = {
    name: 'scrypt' as const,
    salt: crypto.randomBytes(16).toString('base64'),
    ...params,
  };
  const { passphrase, check } = derive(
    options.kek,
    options.keyId,
    protection,
    options.pin ?? '',
    kdf,
  );
  const encryptedPrivateKeyPem = privateKey.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase,
  }) as string;
  const publicKeyPem = crypto
    .createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' }) as string;
  return {
    format: 'motcua-key/v1',
    keyId: options.keyId,
    protection,
    algorithm,
    encryptedPrivateKeyPem,
    publicKeyPem,
    kdf,
    check: check.toString('base64'),
    kekCheck: kekCheckOf(options.kek, options.keyId),
    failedAttempts: 0,
    lockedAt: null,
    revision: 0,
    createdAt: (options.now ?? new Date()).toISOString(),
  };
}

function assertRecord(record: EncryptedKeyRecord): void {
  if (
    !record ||
    record.format !== 'motcua-key/v1' ||
    typeof record.encryptedPrivateKeyPem !== 'string' ||
    !record.kdf ||
    record.kdf.name !== 'scrypt'
  ) {
    throw new SigningError('INVALID_ARGUMENT', 'not a key record of this keystore');
  }
}

function openWith(record: EncryptedKeyRecord, passphrase: string): KeyObject {
  return crypto.createPrivateKey({
    key: record.encryptedPrivateKeyPem,
    format: 'pem',
    passphrase,
  });
}

/**
 * Unlocks a PIN-protected key. Never throws for a wrong PIN: returns `{ok:false}` with the
 * updated record (counter incremented; locked at the fifth wrong PIN in a row). A correct PIN
 * resets the counter. While a record is locked, every attempt answers `LOCKED` without
 * looking at the PIN. The fifth wrong PIN itself answers `BAD_PIN` with `attemptsRemaining: 0`.
 *
 * Throws {@link SigningError} `KEK_INVALID` when the KEK is not the one the record was made
 * with (nothing is counted then), and `INVALID_ARGUMENT` for a KEK-protected record.
 */
export function unlockKey(
  record: EncryptedKeyRecord,
  pin: string,
  kek: Buffer,
  options: { now?: Date; logger?: KeystoreLogger } = {},
): UnlockResult {
  assertRecord(record);
  if (record.protection !== 'PIN') {
    throw new SigningError('INVALID_ARGUMENT', 'this key is not PIN-protected; use unlockWithKek');
  }
  const log = options.logger;
  if (record.lockedAt !== null || record.failedAttempts >= MAX_PIN_ATTEMPTS) {
    log?.warn({ keyId: record.keyId }, 'key unlock refused: locked');
    return { ok: false, reason: 'LOCKED', record, changed: false, attemptsRemaining: 0 };
  }
  assertKek(record, kek);
  const { passphrase, check } = derive(kek, record.keyId, 'PIN', pin ?? '', record.kdf);
  const expected = Buffer.from(record.check, 'base64');
  const pinOk = expected.length === check.length && crypto.timingSafeEqual(expected, check);
  if (!pinOk) {
    const failedAttempts = record.failedAttempts + 1;
    const locked = failedAttempts >= MAX_PIN_ATTEMPTS;
    const updated: EncryptedKeyRecord = {
      ...record,
      failedAttempts,
      lockedAt: locked ? (options.now ?? new Date()).toISOString() : null,
      revision: record.revision + 1,
    };
    log?.warn(
      { keyId: record.keyId, failedAttempts, locked },
      locked ? 'key unlock failed: wrong PIN, key now locked' : 'key unlock failed: wrong PIN',
    );
    return {
      ok: false,
      reason: 'BAD_PIN',
      record: updated,
      changed: true,
      attemptsRemaining: MAX_PIN_ATTEMPTS - failedAttempts,
    };
  }
  let keyObject: KeyObject;
  try {
    keyObject = openWith(record, passphrase);
  } catch {
    throw new SigningError('KEK_INVALID', 'the key record cannot be opened with this KEK');
  }
  const changed = record.failedAttempts !== 0;
  const updated = changed
    ? { ...record, failedAttempts: 0, revision: record.revision + 1 }
    : record;
  log?.info({ keyId: record.keyId }, 'key unlocked for one operation');
  return { ok: true, key: new UnlockedKey(keyObject, record.keyId), record: updated, changed };
}

/**
 * Checks a PIN and opens a PIN-protected key, without counting: the caller keeps the wrong-PIN
 * lockout itself, reserving the attempt before it calls this (activities/pin-lockout.ts), so that
 * concurrent guesses cannot outrun the counter. scrypt runs on libuv's thread pool (the event loop
 * stays free). A record locked by its own counter (written before the lockout moved out of it)
 * answers `LOCKED` without looking at the PIN.
 *
 * Throws {@link SigningError} `KEK_INVALID` when the KEK is not the record's.
 */
export async function openWithPin(
  record: EncryptedKeyRecord,
  pin: string,
  kek: Buffer,
): Promise<{ ok: true; key: UnlockedKey } | { ok: false; reason: 'BAD_PIN' | 'LOCKED' }> {
  assertRecord(record);
  if (record.protection !== 'PIN') {
    throw new SigningError('INVALID_ARGUMENT', 'this key is not PIN-protected; use unlockWithKek');
  }
  if (record.lockedAt !== null || record.failedAttempts >= MAX_PIN_ATTEMPTS) {
    return { ok: false, reason: 'LOCKED' };
  }
  assertKek(record, kek);
  const { passphrase, check } = await deriveAsync(kek, record.keyId, 'PIN', pin ?? '', record.kdf);
  const expected = Buffer.from(record.check, 'base64');
  if (expected.length !== check.length || !crypto.timingSafeEqual(expected, check)) {
    return { ok: false, reason: 'BAD_PIN' };
  }
  try {
    return { ok: true, key: new UnlockedKey(openWith(record, passphrase), record.keyId) };
  } catch {
    throw new SigningError('KEK_INVALID', 'the key record cannot be opened with this KEK');
  }
}

/** A `BAD_PIN` / `LOCKED` error that carries the updated record (not serialised, not logged). */
export class PinError extends SigningError {
  /** The record to persist (compare-and-set on `revision`) when `changed`. */
  declare readonly record: EncryptedKeyRecord;
  declare readonly changed: boolean;

  constructor(
    reason: 'BAD_PIN' | 'LOCKED',
    attemptsRemaining: number,
    record: EncryptedKeyRecord,
    changed: boolean,
  ) {
    super(
      reason,
      reason === 'LOCKED'
        ? 'the signing key is locked after too many wrong PINs'
        : 'the PIN is not correct',
      { attemptsRemaining },
    );
    Object.defineProperty(this, 'record', { value: record, enumerable: false });
    Object.defineProperty(this, 'changed', { value: changed, enumerable: false });
  }
}

/**
 * Like {@link unlockKey} but throws a {@link PinError} (`BAD_PIN` / `LOCKED`); its `record`
 * is the updated record — persist it before answering.
 */
export function unlockKeyOrThrow(
  record: EncryptedKeyRecord,
  pin: string,
  kek: Buffer,
  options: { now?: Date; logger?: KeystoreLogger } = {},
): { key: UnlockedKey; record: EncryptedKeyRecord; changed: boolean } {
  const r = unlockKey(record, pin, kek, options);
  if (r.ok) return r;
  throw new PinError(r.reason, r.attemptsRemaining, r.record, r.changed);
}

/** Opens a KEK-protected key (seal or CA). Throws `KEK_INVALID` when the KEK does not fit. */
export function unlockWithKek(record: EncryptedKeyRecord, kek: Buffer): UnlockedKey {
  assertRecord(record);
  if (record.protection !== 'KEK') {
    throw new SigningError('INVALID_ARGUMENT', 'this key is PIN-protected; use unlockKey');
  }
  assertKek(record, kek);
  const { passphrase, check } = derive(kek, record.keyId, 'KEK', '', record.kdf);
  const expected = Buffer.from(record.check, 'base64');
  if (expected.length !== check.length || !crypto.timingSafeEqual(expected, check)) {
    throw new SigningError('KEK_INVALID', 'the key record cannot be opened with this KEK');
  }
  try {
    return new UnlockedKey(openWith(record, passphrase), record.keyId);
  } catch {
    throw new SigningError('KEK_INVALID', 'the key record cannot be opened with this KEK');
  }
}

/** Re-encrypts a PIN-protected key under a new PIN (the old PIN must be right). */
export function changePin(
  record: EncryptedKeyRecord,
  oldPin: string,
  newPin: string,
  kek: Buffer,
  options: { now?: Date; logger?: KeystoreLogger } = {},
): Exclude<UnlockResult, { ok: true }> | { ok: true; record: EncryptedKeyRecord; changed: true } {
  const r = unlockKey(record, oldPin, kek, options);
  if (!r.ok) return r;
  try {
    const fresh = protectPrivateKey(r.key._keyObject(), {
      keyId: record.keyId,
      kek,
      pin: newPin,
      now: new Date(record.createdAt),
    });
    return { ok: true, record: { ...fresh, revision: r.record.revision + 1 }, changed: true };
  } finally {
    r.key.dispose();
  }
}

/** Administrator reset of a locked record (counter to zero). */
export function resetLockout(record: EncryptedKeyRecord): EncryptedKeyRecord {
  assertRecord(record);
  return { ...record, failedAttempts: 0, lockedAt: null, revision: record.revision + 1 };
}
