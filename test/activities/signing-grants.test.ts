import mongoose from 'mongoose';
import {
  createSigningGrant,
  deleteExpiredGrants,
  redeemSigningGrant,
} from '../../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../../models/db';
import { SigningGrantModel } from '../../models/signing';
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
