import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { pinLockState } from '../../activities/pin-lockout';
import { unlockOfficialKey } from '../../services/pki-admin';
import {
  authorizeSigning,
  createSigningGrant,
  deleteExpiredGrants,
  redeemSigningGrant,
  SigningAuthorizationError,
  type GrantUse,
} from '../../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { SigningGrantModel } from '../../models/signing';
import { createDevelopmentPki, enrollSigner, type PkiState } from '../../signing';
import { isolatedMongoUri } from '../helpers/env';

const kek = Buffer.alloc(32, 7);
const otherKek = Buffer.alloc(32, 8);
const sheet = (key = 'control-sheet-step-2'): { use: GrantUse } => ({
  use: { kind: 'control-sheet', key },
});
const decision = (key = 'decision-7'): { use: GrantUse } => ({ use: { kind: 'document', key } });

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('grants'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test('a grant gives the PIN back to the right official and case only, and stores no PIN', async () => {
  const token = await createSigningGrant({ officialId: 'o1', caseCode: 'C1', pin: '246810', kek });
  await expect(
    redeemSigningGrant(token, { officialId: 'o2', caseCode: 'C1', kek, ...sheet() }),
  ).rejects.toThrow(/another/);
  await expect(
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C2', kek, ...sheet() }),
  ).rejects.toThrow(/another/);
  await expect(
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C1', kek: otherKek, ...sheet() }),
  ).rejects.toThrow(/server key/);
  await expect(
    redeemSigningGrant('forged', { officialId: 'o1', caseCode: 'C1', kek, ...sheet() }),
  ).rejects.toThrow(/expired/);
  expect(
    await redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C1', kek, ...sheet() }),
  ).toBe('246810');
  const stored = JSON.stringify(await SigningGrantModel.find().lean());
  expect(stored).not.toContain('246810');
  expect(stored).not.toContain(token);
});

test('expired grants are refused and swept', async () => {
  const past = new Date(Date.now() - 3600_000);
  const token = await createSigningGrant({
    officialId: 'o1',
    caseCode: 'C9',
    pin: '1',
    kek,
    now: past,
  });
  await expect(
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C9', kek, ...sheet() }),
  ).rejects.toThrow(/expired/);
  expect(await deleteExpiredGrants()).toBeGreaterThanOrEqual(1);
  expect(await SigningGrantModel.countDocuments({ caseCode: 'C9' })).toBe(0);
});

describe('authorizeSigning: the PIN check before a grant', () => {
  let pki: PkiState;
  beforeAll(async () => {
    pki = await createDevelopmentPki({ kek });
  });

  async function official(id: string): Promise<void> {
    const enrolled = await enrollSigner(pki, kek, {
      profile: 'OFFICIAL',
      subject: { fullName: 'Lê Văn Bình', title: 'Phó Chủ tịch', organization: 'Phường Sài Gòn' },
      pin: '135790',
      keyId: `official:${id}`,
    });
    await OfficialModel.create({
      _id: id,
      username: id,
      fullName: 'Lê Văn Bình',
      title: 'Phó Chủ tịch UBND phường',
      position: 'Phó Chủ tịch',
      unitCode: 'SAIGON',
      roles: ['WARD_APPROVER'],
      passwordHash: 'scrypt$x',
      signing: {
        certificatePem: enrolled.certificatePem,
        chainPems: enrolled.chainPems,
        keyRecord: enrolled.keyRecord as unknown as Record<string, unknown>,
      },
    });
  }

  const reasonOf = async (p: Promise<unknown>): Promise<[string, number | undefined]> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof SigningAuthorizationError)) throw new Error(`not refused: ${String(err)}`);
    return [err.code, err.details.attemptsRemaining];
  };

  test('the right PIN gives a grant that carries it; a wrong one counts and resets on success', async () => {
    await official('ward.pin1');
    const base = { officialId: 'ward.pin1', caseCode: 'C-PIN-1', kek };
    expect(await reasonOf(authorizeSigning({ ...base, pin: '000000' }))).toEqual(['BAD_PIN', 4]);
    const token = await authorizeSigning({ ...base, pin: '135790' });
    expect(await redeemSigningGrant(token, { ...base, ...sheet() })).toBe('135790');
    expect(await pinLockState('ward.pin1')).toEqual({ failedAttempts: 0, locked: false });
    expect(await reasonOf(authorizeSigning({ ...base, pin: '000000' }))).toEqual(['BAD_PIN', 4]);
  });

  test('five wrong PINs in a row lock the key, and then even the right PIN is refused', async () => {
    await official('ward.pin2');
    const base = { officialId: 'ward.pin2', caseCode: 'C-PIN-2', kek };
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await reasonOf(authorizeSigning({ ...base, pin: '1' })));
    expect(answers).toEqual([
      ['BAD_PIN', 4],
      ['BAD_PIN', 3],
      ['BAD_PIN', 2],
      ['BAD_PIN', 1],
      ['BAD_PIN', 0],
    ]);
    expect(await reasonOf(authorizeSigning({ ...base, pin: '135790' }))).toEqual(['LOCKED', 0]);
    expect(await SigningGrantModel.countDocuments({ caseCode: 'C-PIN-2' })).toBe(0);
  });

  test('concurrent wrong PINs are all counted, and at most five are ever checked', async () => {
    await official('ward.pin3');
    const base = { officialId: 'ward.pin3', caseCode: 'C-PIN-3', kek, pin: '9' };
    await Promise.all([0, 1, 2].map(() => reasonOf(authorizeSigning(base))));
    expect(await pinLockState('ward.pin3')).toEqual({ failedAttempts: 3, locked: false });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => reasonOf(authorizeSigning(base))),
    );
    // Two slots were left: two more are checked (BAD_PIN), the other eight are LOCKED unchecked.
    expect(
      answers
        .filter(([code]) => code === 'BAD_PIN')
        .map(([, left]) => left)
        .sort(),
    ).toEqual([0, 1]);
    expect(answers.filter(([code]) => code === 'LOCKED')).toHaveLength(8);
    expect(await pinLockState('ward.pin3')).toEqual({ failedAttempts: 5, locked: true });
  });

  test('100 concurrent guesses, the right PIN last: at most five checked, none succeeds once locked', async () => {
    await official('ward.pin4');
    const scrypt = jest.spyOn(crypto, 'scrypt');
    const scryptSync = jest.spyOn(crypto, 'scryptSync');
    try {
      const base = { officialId: 'ward.pin4', caseCode: 'C-PIN-4', kek };
      const guesses = Array.from({ length: 100 }, (_, i) =>
        authorizeSigning({ ...base, pin: i === 99 ? '135790' : `${100000 + i}` }).then(
          (grant) => ['GRANT', grant] as const,
          (e: unknown) => [(e as SigningAuthorizationError).code, ''] as const,
        ),
      );
      const answers = await Promise.all(guesses);
      const checked = answers.filter(([code]) => code === 'BAD_PIN' || code === 'GRANT');
      // The PIN check is async scrypt (off the event loop), once per checked guess, never more.
      expect(scryptSync).not.toHaveBeenCalled();
      expect(scrypt.mock.calls.length).toBe(checked.length);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(answers.filter(([code]) => code === 'LOCKED').length).toBe(100 - checked.length);
      const right = answers[99]!;
      const wrongChecked = answers.filter(([code]) => code === 'BAD_PIN').length;
      if (right[0] === 'GRANT') {
        // Only when it held one of the five slots itself: fewer than five wrong ones were checked.
        expect(wrongChecked).toBeLessThanOrEqual(4);
      } else {
        expect([right[0], wrongChecked]).toEqual(['LOCKED', 5]);
        expect(await pinLockState('ward.pin4')).toEqual({ failedAttempts: 5, locked: true });
        expect(await SigningGrantModel.countDocuments({ caseCode: 'C-PIN-4' })).toBe(0);
        // ... and the right PIN after the burst is refused too, until an administrator unlocks.
        expect(await reasonOf(authorizeSigning({ ...base, pin: '135790' }))).toEqual(['LOCKED', 0]);
        expect(await unlockOfficialKey('ward.pin4')).toEqual({ wasLocked: true });
        expect(typeof (await authorizeSigning({ ...base, pin: '135790' }))).toBe('string');
      }
    } finally {
      scrypt.mockRestore();
      scryptSync.mockRestore();
    }
  });

  test('an official without a signing key, or unknown, is refused', async () => {
    expect(
      await reasonOf(authorizeSigning({ officialId: 'nobody', caseCode: 'C', pin: '1', kek })),
    ).toEqual(['FORBIDDEN', undefined]);
  });
});

describe('a grant is consumed on its first use (row 9)', () => {
  const base = { officialId: 'o5', caseCode: 'C5', kek };
  const grant = (): Promise<string> => createSigningGrant({ ...base, pin: '112233' });

  test('its control-sheet row and its document once each; another step is refused', async () => {
    const token = await grant();
    expect(await redeemSigningGrant(token, { ...base, ...sheet('control-sheet-step-3') })).toBe(
      '112233',
    );
    expect(await redeemSigningGrant(token, { ...base, ...decision('decision-9') })).toBe('112233');
    // A retried activity (the same step) gets its own use back.
    expect(await redeemSigningGrant(token, { ...base, ...decision('decision-9') })).toBe('112233');
    // Anything else is refused: another row, another document.
    await expect(
      redeemSigningGrant(token, { ...base, ...sheet('control-sheet-step-4') }),
    ).rejects.toThrow(/already used/);
    await expect(
      redeemSigningGrant(token, { ...base, ...decision('refusal-WARD_APPROVAL-3') }),
    ).rejects.toThrow(/already used/);
  });

  test('concurrent redemptions for different steps: exactly one wins', async () => {
    const token = await grant();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        redeemSigningGrant(token, { ...base, ...decision(`decision-${i}`) }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .every((r) => /already used/.test(String(r.reason))),
    ).toBe(true);
  });
});
