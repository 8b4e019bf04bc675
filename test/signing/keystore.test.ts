/**
 * Keystore: encryption at rest, PIN unlock, lockout, and no secret in logs or errors.
 */
import crypto from 'node:crypto';
import { inspect } from 'node:util';
import {
  MAX_PIN_ATTEMPTS,
  SigningError,
  changePin,
  parseKek,
  protectPrivateKey,
  resetLockout,
  unlockKey,
  unlockKeyOrThrow,
  unlockWithKek,
} from '../../signing';
import { testKeyPair } from '../helpers/keys';

const KEK = crypto.randomBytes(32);
const PIN = '482916';
// Test keys only: the library itself generates keys asynchronously.
const { privateKey, publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
const record = protectPrivateKey(privateKey, { keyId: 'official:ward.saigon', kek: KEK, pin: PIN });

const pkcs8Der = privateKey.export({ type: 'pkcs8', format: 'der' });
const pkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;

describe('encryption at rest', () => {
  it('stores no plaintext key material', () => {
    const stored = JSON.stringify(record);
    expect(stored).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(stored).not.toContain('BEGIN PRIVATE KEY');
    expect(stored).not.toContain(pkcs8Der.toString('base64').slice(40, 120));
    expect(stored).not.toContain(pkcs1Pem.split('\n')[3]);
    expect(stored).not.toContain(PIN);
    expect(stored).not.toContain(KEK.toString('base64'));
    expect(stored).not.toContain(KEK.toString('hex'));
  });

  it('cannot be opened with the PIN alone as passphrase, nor without the KEK', () => {
    expect(() =>
      crypto.createPrivateKey({ key: record.encryptedPrivateKeyPem, passphrase: PIN }),
    ).toThrow();
    // A wrong KEK is a server misconfiguration: refused, and never counted against the official.
    expect(() => unlockKey(record, PIN, crypto.randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'KEK_INVALID' }),
    );
    expect(unlockKey(record, PIN, KEK)).toMatchObject({ ok: true, changed: false });
  });
});

describe('unlocking with a PIN', () => {
  it('unlocks with the right PIN and signs with the original key', () => {
    const r = unlockKey(record, PIN, KEK);
    if (!r.ok) throw new Error('expected ok');
    expect(r.changed).toBe(false);
    const data = Buffer.from('signed attributes');
    const sig = r.key.sign(data);
    expect(crypto.verify('sha256', data, publicKey, sig)).toBe(true);
    r.key.dispose();
    expect(() => r.key.sign(data)).toThrow(SigningError);
  });

  it('answers BAD_PIN, counts, and locks after five wrong PINs in a row', () => {
    let current = record;
    for (let i = 1; i <= MAX_PIN_ATTEMPTS; i++) {
      const r = unlockKey(current, '000000', KEK);
      expect(r).toMatchObject({
        ok: false,
        reason: 'BAD_PIN',
        changed: true,
        attemptsRemaining: MAX_PIN_ATTEMPTS - i,
      });
      expect(r.record.revision).toBe(current.revision + 1);
      current = r.record;
    }
    expect(current.failedAttempts).toBe(5);
    expect(current.lockedAt).not.toBeNull();
    const locked = unlockKey(current, PIN, KEK);
    expect(locked).toMatchObject({ ok: false, reason: 'LOCKED', changed: false });
    expect(() => unlockKeyOrThrow(current, PIN, KEK)).toThrow(
      expect.objectContaining({ code: 'LOCKED' }),
    );
    const reset = resetLockout(current);
    expect(unlockKey(reset, PIN, KEK).ok).toBe(true);
  });

  it('resets the counter on success (the count is of wrong PINs in a row)', () => {
    let current = record;
    for (let i = 0; i < 4; i++) current = unlockKey(current, '999999', KEK).record;
    const ok = unlockKey(current, PIN, KEK);
    expect(ok.ok).toBe(true);
    expect(ok.changed).toBe(true);
    expect(ok.record.failedAttempts).toBe(0);
    current = ok.record;
    for (let i = 0; i < 4; i++) current = unlockKey(current, '999999', KEK).record;
    expect(current.lockedAt).toBeNull();
    expect(unlockKey(current, PIN, KEK).ok).toBe(true);
  });

  it('normalises the PIN (NFC) and supports changing it', () => {
    const r = changePin(record, PIN, 'mới-1234', KEK);
    if (!r.ok) throw new Error('expected ok');
    expect(unlockKey(r.record, 'mới-1234'.normalize('NFD'), KEK).ok).toBe(true);
    expect(unlockKey(r.record, PIN, KEK).ok).toBe(false);
  });

  it('opens seal keys with the KEK only, and refuses another KEK', () => {
    const seal = protectPrivateKey(testKeyPair('ec', { namedCurve: 'P-256' }).privateKey, {
      keyId: 'seal:SXD',
      kek: KEK,
    });
    expect(seal.protection).toBe('KEK');
    expect(unlockWithKek(seal, KEK).algorithm).toBe('EC-P256');
    expect(() => unlockWithKek(seal, crypto.randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'KEK_INVALID' }),
    );
    expect(() => parseKek('short')).toThrow(expect.objectContaining({ code: 'KEK_INVALID' }));
  });
});

it('never puts the PIN or key material in logs, errors or serialisations', () => {
  const logged: string[] = [];
  const logger = {
    info: (o: Record<string, unknown>, m: string) => logged.push(JSON.stringify(o) + m),
    warn: (o: Record<string, unknown>, m: string) => logged.push(JSON.stringify(o) + m),
  };
  const secretPin = '73519';
  const rec = protectPrivateKey(privateKey, { keyId: 'k1', kek: KEK, pin: secretPin });
  const texts: string[] = [];
  let current = rec;
  for (let i = 0; i < 6; i++) {
    const r = unlockKey(current, `${secretPin}${i}`, KEK, { logger });
    current = r.record;
    try {
      unlockKeyOrThrow(current, `${secretPin}${i}`, KEK, { logger });
    } catch (err) {
      texts.push(String(err), JSON.stringify(err), inspect(err), (err as Error).stack ?? '');
    }
  }
  const ok = unlockKey(rec, secretPin, KEK, { logger });
  if (!ok.ok) throw new Error('expected ok');
  texts.push(
    JSON.stringify(ok.key),
    inspect(ok.key),
    String(ok.key),
    JSON.stringify({ key: ok.key }),
  );
  const everything = [...logged, ...texts].join('\n');
  expect(logged.length).toBeGreaterThan(5);
  expect(everything).toContain('k1');
  expect(everything).not.toContain(secretPin);
  expect(everything).not.toMatch(/PRIVATE KEY-----/);
  expect(everything).not.toContain(pkcs8Der.toString('base64').slice(100, 160));
  expect(everything).not.toContain(KEK.toString('base64'));
});
