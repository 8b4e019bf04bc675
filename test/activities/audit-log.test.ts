import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import {
  anchorAuditHeads,
  appendAudit,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  getAuditHead,
  listAuditEntries,
  MAX_STRING_LENGTH,
  verifyAuditChain,
  type AuditEntryInput,
} from '../../activities/audit-log';
import {
  AuditAnchorMarkModel,
  AuditAnchorModel,
  AuditHeadModel,
  AuditModel,
  type AuditDoc,
} from '../../models/audit';
import { connectMongo, disconnectMongo } from '../../models/db';
import type { ActorRef } from '../../workflows/state';
import { isolatedMongoUri } from '../helpers/env';

const CODE = '000.26.01.H29-261203-0001';
const RECEIVER: ActorRef = {
  id: 'receiver.saigon',
  name: 'Nguyễn Thị Lan',
  title: 'Cán bộ tiếp nhận',
  unitCode: 'SAIGON',
};

function entry(seq: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    key: `${CODE}#${seq}`,
    at: new Date(Date.UTC(2026, 11, 3, 2, 30, seq)),
    caseCode: CODE,
    action: seq === 1 ? 'submit' : 'accept',
    actor: seq === 1 ? null : RECEIVER,
    data: { stage: 'VERIFICATION', outcome: null, note: `Bước ${seq}`, documents: ['d1', 'd2'] },
    ...overrides,
  };
}

async function appendMany(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await appendAudit(entry(i));
}

const raw = () => AuditModel.collection;
const execFileAsync = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const uri = isolatedMongoUri('audit');

beforeAll(async () => {
  await connectMongo(uri);
  await AuditModel.init();
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

beforeEach(async () => {
  await AuditModel.deleteMany({});
  await AuditHeadModel.deleteMany({});
  await AuditAnchorModel.deleteMany({});
  await AuditAnchorMarkModel.deleteMany({});
});

describe('canonical form', () => {
  test('sorts keys at every depth, no whitespace, arrays in order, undefined left out', () => {
    expect(
      canonicalJson({ b: 1, a: [true, null, 'x', { d: 2, c: 1 }], u: undefined, é: 'ế' }),
    ).toBe('{"a":[true,null,"x",{"c":1,"d":2}],"b":1,"é":"ế"}');
    expect(canonicalJson(new Date('2026-12-05T10:00:00Z'))).toBe('"2026-12-05T10:00:00.000Z"');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });

  test('the stored hash is sha256 of the documented canonical JSON', async () => {
    const rec = await appendAudit(entry(1, { data: { stage: 'VERIFICATION', note: 'Nộp' } }));
    const expected =
      '{"action":"submit","actor":null,"at":"2026-12-03T02:30:01.000Z","caseCode":"' +
      CODE +
      '","data":{"note":"Nộp","stage":"VERIFICATION"},"key":"' +
      CODE +
      '#1","prevHash":"' +
      GENESIS_HASH +
      '","seq":1}';
    expect(rec.hash).toBe(crypto.createHash('sha256').update(expected, 'utf8').digest('hex'));
    expect(auditHash(rec)).toBe(rec.hash);
  });
});

describe('appendAudit', () => {
  test('builds a chain: seq 1..n, each linked to the previous hash', async () => {
    await appendMany(3);
    const entries = await listAuditEntries(CODE);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(entries[1]?.actor).toEqual(RECEIVER);
    expect(await getAuditHead(CODE)).toEqual({ seq: 3, hash: entries[2]?.hash });
    expect(await getAuditHead()).toBeNull(); // the global chain has nothing yet
  });

  test('each case has a chain of its own, from seq 1, that no other case touches', async () => {
    const OTHER = '000.26.01.H29-261203-0002';
    await appendAudit(entry(1));
    const other = await appendAudit(entry(1, { key: `${OTHER}#1`, caseCode: OTHER }));
    await appendAudit(entry(2));
    expect(other).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, caseCode: OTHER });
    expect((await listAuditEntries(CODE)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await getAuditHead(OTHER)).toEqual({ seq: 1, hash: other.hash });
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 3 });
  });

  test('a head hint that lags behind the chain is walked past', async () => {
    await appendMany(3);
    const [first] = await listAuditEntries(CODE);
    // As after a crash between the insert and the head's update, twice.
    await AuditHeadModel.updateOne(
      { _id: CODE },
      { $set: { seq: 1, key: first!.key, hash: first!.hash } },
    );
    expect(await getAuditHead(CODE)).toMatchObject({ seq: 3 });
    expect((await appendAudit(entry(3))).seq).toBe(3); // a retry still finds its entry
    expect((await appendAudit(entry(4))).seq).toBe(4);
    expect(await verifyAuditChain({ caseCode: CODE })).toEqual({ ok: true, checked: 4 });
  });

  test('is idempotent per key: a retry returns the stored entry and writes nothing', async () => {
    const first = await appendAudit(entry(1));
    const again = await appendAudit(entry(1));
    const different = await appendAudit(entry(1, { action: 'other', data: { note: 'changed' } }));
    expect(again).toEqual(first);
    expect(different).toEqual(first);
    expect(await raw().countDocuments()).toBe(1);
    expect((await appendAudit(entry(2))).seq).toBe(2);
  });

  test('accepts the date as an ISO string with an offset and stores it in UTC', async () => {
    const rec = await appendAudit(entry(1, { at: '2026-12-03T09:30:00+07:00' }));
    expect(rec.at).toBe('2026-12-03T02:30:00.000Z');
    const stored = await raw().findOne({ seq: 1 });
    expect((stored?.at as Date).toISOString()).toBe('2026-12-03T02:30:00.000Z');
    expect(stored?._id).toBe(`${CODE}#1`);
  });

  test('redacts secrets from data and stores text as NFC', async () => {
    const nfd = 'Hồ sơ đầy đủ'.normalize('NFD');
    const rec = await appendAudit(
      entry(1, {
        data: {
          note: nfd,
          pin: '123456',
          signingPin: '654321',
          nested: { signingGrant: 'grant-abc', password: 'hunter2', documentId: 'doc-1' },
          list: [{ trackingToken: 'tok-xyz' }, { authorization: 'Bearer abc' }],
          pem: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB...\n-----END ENCRYPTED PRIVATE KEY-----',
          at: new Date('2026-12-03T02:30:00Z'),
        },
      }),
    );
    const stored = JSON.stringify(await raw().findOne({ seq: 1 }));
    for (const secret of [
      '123456',
      '654321',
      'grant-abc',
      'hunter2',
      'tok-xyz',
      'Bearer',
      'MIIB',
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(rec.data).toMatchObject({
      pin: '[redacted]',
      signingPin: '[redacted]',
      nested: { signingGrant: '[redacted]', password: '[redacted]', documentId: 'doc-1' },
      list: [{ trackingToken: '[redacted]' }, { authorization: '[redacted]' }],
      pem: '[redacted]',
      at: '2026-12-03T02:30:00.000Z',
    });
    expect(rec.data.note).toBe('Hồ sơ đầy đủ'.normalize('NFC'));
    expect(rec.data.note).not.toBe(nfd);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  test('cuts a very long note instead of refusing the event', async () => {
    const rec = await appendAudit(entry(1, { data: { note: 'Ghi chú dài. '.repeat(1000) } }));
    expect(rec.data.note).toHaveLength(MAX_STRING_LENGTH);
    expect(String(rec.data.note).endsWith('…')).toBe(true);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  test('refuses an invalid date, for good (non-retryable)', async () => {
    await expect(appendAudit(entry(1, { at: 'not a date' }))).rejects.toMatchObject({
      type: 'AUDIT_ENTRY_INVALID',
      nonRetryable: true,
    });
    expect(await raw().countDocuments()).toBe(0);
  });

  test('20 appends in parallel give one gap-free chain', async () => {
    const records = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAudit(entry(i + 1))),
    );
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await raw().countDocuments()).toBe(20);
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 20 });
  });

  test('the same key appended in parallel is written once', async () => {
    await appendAudit(entry(1));
    const records = await Promise.all(Array.from({ length: 8 }, () => appendAudit(entry(2))));
    expect(new Set(records.map((r) => r.hash)).size).toBe(1);
    expect(await raw().countDocuments()).toBe(2);
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 2 });
  });

  test('two processes appending to one case at once do not fork its chain', async () => {
    // Each child opens its own connection and appends 10 entries while this process appends 10.
    const script = (from: number) => `
      const { connectMongo, disconnectMongo } = require('./models/db.ts');
      const { appendAudit } = require('./activities/audit-log.ts');
      (async () => {
        await connectMongo(process.env.AUDIT_URI);
        await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit({
          key: 'proc#' + (${from} + i), at: new Date(), caseCode: '${CODE}', action: 'test',
          actor: null, data: { i },
        })));
        await disconnectMongo();
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const child = (from: number) =>
      execFileAsync(process.execPath, ['--require', 'tsx/cjs', '-e', script(from)], {
        cwd: REPO,
        env: { ...process.env, AUDIT_URI: uri },
      });
    const others = Promise.all([child(100), child(200)]);
    for (let i = 1; i <= 10; i++) await appendAudit(entry(i));
    await others;
    expect(await raw().countDocuments()).toBe(30);
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 30 });
    expect(await raw().distinct('seq')).toHaveLength(30);
  });
});

describe('verifyAuditChain', () => {
  test('an empty log verifies', async () => {
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 0 });
  });

  const tamperings: Array<[string, Record<string, unknown>]> = [
    ['at', { at: new Date('2026-12-04T00:00:00Z') }],
    ['caseCode', { caseCode: 'OTHER' }],
    ['action', { action: 'approve' }],
    ['actor', { 'actor.name': 'Người khác' }],
    ['data', { 'data.note': 'sửa lại' }],
    ['data (added field)', { 'data.extra': 1 }],
    ['key', { key: 'forged' }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
    ['hash', { hash: 'e'.repeat(64) }],
    ['seq', { seq: 500 }],
    ['a new top-level field', { note: 'added' }],
  ];

  test('the global chain takes the entries of no case', async () => {
    const a = await appendAudit({ ...entry(1), key: 'pki#1', caseCode: null, action: 'revoke' });
    const b = await appendAudit({ ...entry(2), key: 'pki#2', caseCode: null, action: 'revoke' });
    expect([a.seq, b.seq, b.prevHash]).toEqual([1, 2, a.hash]);
    expect(await getAuditHead()).toEqual({ seq: 2, hash: b.hash });
    expect(await verifyAuditChain({ caseCode: null })).toEqual({ ok: true, checked: 2 });
  });

  test.each(tamperings)('a change of %s fails at that entry', async (_field, set) => {
    await appendMany(5);
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 5 });
    const original = await raw().findOne({ seq: 3 });
    await raw().updateOne({ seq: 3 }, { $set: set });
    const result = await verifyAuditChain();
    expect(result.ok).toBe(false);
    expect(result.firstBadSeq).toBe(3);
    expect(result.checked).toBe(2);
    expect(result.reason).toEqual(expect.any(String));
    // Put it back: the chain verifies again (the check looks at content, not at history).
    await raw().replaceOne({ _id: original?._id }, original as NonNullable<typeof original>);
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 5 });
  });

  test('a deleted entry fails at its position', async () => {
    await appendMany(5);
    await raw().deleteOne({ seq: 2 });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 2, checked: 1 });
  });

  test('a deleted first entry fails at 1', async () => {
    await appendMany(3);
    await raw().deleteOne({ seq: 1 });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 1, checked: 0 });
  });

  test('a re-hashed entry still breaks the link of the next one', async () => {
    await appendMany(4);
    const doc = (await raw().findOne({ seq: 2 })) as unknown as AuditDoc;
    const forged = { ...doc, action: 'refuse' };
    const rehashed = auditHash({
      seq: forged.seq,
      key: forged.key,
      at: forged.at,
      caseCode: forged.caseCode,
      action: forged.action,
      actor: forged.actor,
      data: forged.data,
      prevHash: forged.prevHash,
    });
    await raw().updateOne({ seq: 2 }, { $set: { action: 'refuse', hash: rehashed } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  test('fromSeq and limit check a window, linked to the entry before it', async () => {
    await appendMany(6);
    const window = (fromSeq: number, limit?: number) =>
      verifyAuditChain({ caseCode: CODE, fromSeq, ...(limit ? { limit } : {}) });
    expect(await window(3, 2)).toEqual({ ok: true, checked: 2 });
    expect(await window(4)).toEqual({ ok: true, checked: 3 });
    await raw().updateOne({ seq: 3 }, { $set: { hash: '0'.repeat(64) } });
    expect(await window(4)).toMatchObject({ ok: false, firstBadSeq: 4, caseCode: CODE });
    expect(await window(5)).toEqual({ ok: true, checked: 2 });
  });
});

describe('anchorAuditHeads', () => {
  const OTHER = '000.26.01.H29-261203-0002';
  const other = (seq: number) => entry(seq, { key: `${OTHER}#${seq}`, caseCode: OTHER });

  test('records the head of every chain that moved, once per run, in the global chain', async () => {
    await appendMany(3);
    await appendAudit(other(1));
    await appendAudit(other(2));
    const first = await anchorAuditHeads({ key: 'run-1', at: new Date('2026-12-03T03:00:00Z') });
    expect(first.chains).toBe(2);
    const [anchor] = first.entries;
    const list = await AuditAnchorModel.findById(anchor!.key).lean();
    expect(list!.heads).toEqual([
      { caseCode: CODE, seq: 3, hash: (await getAuditHead(CODE))!.hash },
      { caseCode: OTHER, seq: 2, hash: (await getAuditHead(OTHER))!.hash },
    ]);
    expect(anchor).toMatchObject({ caseCode: null, action: 'anchor', seq: 1 });
    expect(anchor!.data).toEqual({
      chains: 2,
      root: crypto.createHash('sha256').update(canonicalJson(list!.heads)).digest('hex'),
    });
    // The same run again, and a run when nothing moved, record nothing.
    expect((await anchorAuditHeads({ key: 'run-1' })).entries).toHaveLength(0);
    expect((await anchorAuditHeads({ key: 'run-2' })).chains).toBe(0);
    // Only the chain that moved is in the next anchor.
    await appendAudit(other(3));
    const third = await anchorAuditHeads({ key: 'run-3' });
    expect(third.chains).toBe(1);
    expect(third.entries[0]).toMatchObject({ seq: 2, prevHash: anchor!.hash });
    expect(await verifyAuditChain()).toEqual({ ok: true, checked: 3 + 3 + 2 });
  });

  test('a chain cut below its anchored head fails, even with its head hint moved back', async () => {
    await appendMany(4);
    await anchorAuditHeads({ key: 'run-1' });
    await raw().deleteOne({ _id: `${CODE}#4` } as never);
    await AuditHeadModel.updateOne({ _id: CODE }, { $set: { seq: 3 } });
    expect(await verifyAuditChain({ caseCode: CODE })).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      reason: expect.stringContaining('anchor#run-1#1'),
    });
  });

  test('a rebuilt chain (every entry re-hashed) differs from its anchored head', async () => {
    await appendMany(2);
    await anchorAuditHeads({ key: 'run-1' });
    const docs = (await raw()
      .find({ caseCode: CODE })
      .sort({ seq: 1 })
      .toArray()) as unknown as AuditDoc[];
    let prevHash = GENESIS_HASH;
    for (const doc of docs) {
      const forged = { ...doc, action: 'refuse', prevHash };
      const hash = auditHash(forged);
      await raw().updateOne({ _id: doc._id } as never, {
        $set: { action: 'refuse', prevHash, hash },
      });
      prevHash = hash;
    }
    expect(await verifyAuditChain({ caseCode: CODE })).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  test('a changed list of anchored heads fails the global chain', async () => {
    await appendMany(2);
    const { entries } = await anchorAuditHeads({ key: 'run-1' });
    await AuditAnchorModel.updateOne({ _id: entries[0]!.key }, { $set: { 'heads.0.seq': 1 } });
    expect(await verifyAuditChain({ caseCode: null })).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      reason: 'the list of anchored heads was changed',
    });
  });
});
