import mongoose from 'mongoose';
import {
  authorizeSigning,
  createSigningGrant,
  deleteExpiredGrants,
  redeemSigningGrant,
  SigningAuthorizationError,
} from '../../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { SigningGrantModel } from '../../models/signing';
import { createDevelopmentPki, enrollSigner, type PkiState } from '../../signing';
import { isolatedMongoUri } from '../helpers/env';

const kek = Buffer.alloc(32, 7);
const otherKek = Buffer.alloc(32, 8);

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('grants'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test('a grant gives the PIN back to the right official and case only, and stores no PIN', async () => {
  const token = await createSigningGrant({ officialId: 'o1', caseCode: 'C1', pin: '246810', kek });
  expect(await redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C1', kek })).toBe('246810');
  await expect(
    redeemSigningGrant(token, { officialId: 'o2', caseCode: 'C1', kek }),
  ).rejects.toThrow(/another/);
  await expect(
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C2', kek }),
  ).rejects.toThrow(/another/);
  await expect(
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C1', kek: otherKek }),
  ).rejects.toThrow(/server key/);
  await expect(
    redeemSigningGrant('forged', { officialId: 'o1', caseCode: 'C1', kek }),
  ).rejects.toThrow(/expired/);
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
    redeemSigningGrant(token, { officialId: 'o1', caseCode: 'C9', kek }),
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
    expect(await redeemSigningGrant(token, base)).toBe('135790');
    const after = await OfficialModel.findById('ward.pin1').lean();
    expect((after?.signing?.keyRecord as { failedAttempts: number }).failedAttempts).toBe(0);
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

  test('concurrent wrong PINs are all counted (compare-and-set on the key record)', async () => {
    await official('ward.pin3');
    const base = { officialId: 'ward.pin3', caseCode: 'C-PIN-3', kek, pin: '9' };
    await Promise.all([0, 1, 2].map(() => reasonOf(authorizeSigning(base))));
    const after = await OfficialModel.findById('ward.pin3').lean();
    expect((after?.signing?.keyRecord as { failedAttempts: number }).failedAttempts).toBe(3);
  });

  test('an official without a signing key, or unknown, is refused', async () => {
    expect(
      await reasonOf(authorizeSigning({ officialId: 'nobody', caseCode: 'C', pin: '1', kek })),
    ).toEqual(['FORBIDDEN', undefined]);
  });
});
