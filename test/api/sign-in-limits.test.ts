/**
 * Sign-in limits (issue 10, row 3) on two real API processes sharing one MongoDB: failures are
 * limited per account and per client address, both counted across the replicas; successes never
 * count; the refusal is 429 with Retry-After in Vietnamese; the client's address is the one the
 * trusted proxy (loopback here, TRUST_PROXY's default) names in X-Forwarded-For.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { hashPassword } from '../../api/auth/passwords';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { eventually } from '../integration/harness';
import { isolatedMongoUri, temporalAddress } from '../helpers/env';

const ROOT = path.resolve(__dirname, '..', '..');
const mongoUri = isolatedMongoUri('sign-in');
const apis: Array<{ child: ChildProcess; url: string }> = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

async function startApi(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'api', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      MONGODB_URI: mongoUri,
      TEMPORAL_ADDRESS: temporalAddress(),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true,
    60_000,
  );
  return { child, url };
}

let address = 0;
/** A client address of its own (or the given one), as the loopback proxy reports it. */
const from = (ip = `10.77.${address >> 8}.${address++ & 255}`) => ip;

async function login(
  api: number,
  username: string,
  password: string,
  ip: string,
  lang = 'vi',
): Promise<{ status: number; retryAfter: string | null; code?: string; message?: string }> {
  const res = await fetch(`${apis[api % apis.length]!.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Forwarded-For': ip,
      'Accept-Language': lang,
    },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    code: body.error?.code,
    message: body.error?.message,
  };
}

async function official(username: string): Promise<void> {
  await OfficialModel.create({
    _id: username,
    username,
    fullName: 'Nguyễn Văn Thử',
    title: 'Chuyên viên',
    position: 'Chuyên viên',
    roles: ['RECEIVER'],
    passwordHash: await hashPassword('đúng-mật-khẩu'),
  });
}

beforeAll(async () => {
  await connectMongo(mongoUri);
  for (const name of ['limit.a', 'limit.b', 'limit.c', 'limit.d']) await official(name);
  apis.push(...(await Promise.all([startApi(), startApi()])));
}, 120_000);

afterAll(async () => {
  await Promise.all(
    apis.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await disconnectMongo();
});

test('successes never count: 40 sign-ins from one address, on both replicas, all succeed', async () => {
  const office = from();
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++)
    statuses.push((await login(i, 'limit.a', 'đúng-mật-khẩu', office)).status);
  expect(statuses).toEqual(Array(40).fill(200));
});

test('five wrong passwords for an account, spread over replicas and addresses, then 429 in Vietnamese', async () => {
  const wrong = [];
  for (let i = 0; i < 5; i++) wrong.push((await login(i, 'limit.b', 'sai', from())).status);
  expect(wrong).toEqual([401, 401, 401, 401, 401]);
  // The next one is refused before its password is looked at, even the right one, on either replica.
  for (const api of [0, 1]) {
    const refused = await login(api, 'limit.b', 'đúng-mật-khẩu', from());
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.message).toMatch(
      /^Đăng nhập sai quá nhiều lần; vui lòng thử lại sau \d+ giây\.$/,
    );
  }
  expect((await login(0, 'limit.b', 'x', from(), 'en')).message).toMatch(
    /Too many failed sign-ins/,
  );
  // Another account is not affected.
  expect((await login(1, 'limit.a', 'đúng-mật-khẩu', from())).status).toBe(200);
});

test('a burst of 20 concurrent wrong passwords over both replicas: exactly five are checked', async () => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => login(i, 'limit.c', `sai-${i}`, from())),
  );
  expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(15);
});

test('one address: 30 failures over many accounts, then 429; other addresses go on', async () => {
  const attacker = from();
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++)
    statuses.push((await login(i, `nobody.${i}`, 'sai', attacker)).status);
  expect(statuses).toEqual(Array(30).fill(401));
  expect(await login(0, 'limit.d', 'đúng-mật-khẩu', attacker)).toMatchObject({
    status: 429,
    code: 'RATE_LIMITED',
  });
  expect((await login(1, 'limit.d', 'đúng-mật-khẩu', from())).status).toBe(200);
});
