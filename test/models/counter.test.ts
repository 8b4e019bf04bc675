import mongoose from 'mongoose';
import { connectMongo, disconnectMongo } from '../../models/db';
import { nextSequence } from '../../models/counter';
import { isolatedMongoUri } from '../helpers/env';

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('counter'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test('numbers start at 1 and follow on', async () => {
  expect(await nextSequence('a')).toBe(1);
  expect(await nextSequence('a')).toBe(2);
  expect(await nextSequence('b')).toBe(1);
});

test('concurrent callers never get the same number', async () => {
  const got = await Promise.all(Array.from({ length: 30 }, () => nextSequence('race')));
  expect(new Set(got).size).toBe(30);
  expect(Math.max(...got)).toBeGreaterThanOrEqual(30);
  expect(Math.min(...got)).toBe(1);
});
