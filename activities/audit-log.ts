/**
 * The append-only audit log, hash-chained so that tampering shows.
 *
 * Hash of an entry (the "canonical form"):
 *
 *   hash = hex(sha256(utf8(canonicalJson({ seq, key, at, caseCode, action, actor, data, prevHash }))))
 *
 * where `at` is the ISO 8601 UTC string with milliseconds (`Date.prototype.toISOString()`,
 * e.g. "2026-12-05T10:00:00.000Z"), `prevHash` is the previous entry's hash (64 zeros for seq 1),
 * and `canonicalJson` is JSON with no whitespace, object keys sorted by UTF-16 code units
 * (JavaScript's default sort) at every depth, members whose value is `undefined` left out, array
 * order kept, strings and numbers as `JSON.stringify` writes them. For the values an entry can
 * hold (strings, finite numbers, booleans, null, arrays, plain objects) this is the JSON
 * Canonicalization Scheme of RFC 8785, so the chain can be checked outside this code base.
 *
 * Entries are normalised before they are hashed and stored, so that what comes back from the
 * database hashes the same: strings NFC, dates as ISO strings, `data` reduced to plain JSON with
 * secret-looking fields ("pin", "password", "token", "privateKey", "signingGrant", …) and PEM
 * private keys replaced by "[redacted]", strings longer than MAX_STRING_LENGTH cut with "…".
 *
 * Appending needs no transaction: the writer reads the last entry, inserts `seq = last.seq + 1`,
 * and the unique index on `seq` refuses the second of two writers that raced for the same place,
 * which then retries behind the winner. The unique index on `key` makes a retried append return
 * the stored entry instead of writing a second one.
 *
 * The chain shows changes made to stored entries and entries removed from the middle. It cannot
 * by itself show that the newest entries were cut off, or that someone with write access rebuilt
 * the whole chain: publish `getAuditHead()` somewhere else from time to time for that.
 */
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { AuditModel, type AuditDoc, type AuditJson } from '../models/audit';
import { REDACTED_KEYS } from '../runtime/logger';
import type { ActorRef } from '../workflows/state';

export const GENESIS_HASH = '0'.repeat(64);
/** Upper bound of an entry's canonical `data` (a few documents' ids and hashes fit easily). */
export const MAX_DATA_BYTES = 16 * 1024;
/** Longer strings in `data` (a long note) are cut, so that an event is never refused for them. */
export const MAX_STRING_LENGTH = 2000;
const REDACTED = '[redacted]';
const MAX_APPEND_ATTEMPTS = 200;

export interface AuditEntryInput {
  /** Idempotency key, unique across the log, e.g. "<caseCode>#<timeline seq>". */
  key: string;
  at: Date | string;
  caseCode: string | null;
  action: string;
  actor: ActorRef | null;
  /** Small JSON: stage, outcome, note, document ids … Never secrets (they are redacted anyway). */
  data?: Record<string, unknown>;
}

export interface AuditRecord {
  seq: number;
  key: string;
  /** ISO 8601, UTC, as hashed. */
  at: string;
  caseCode: string | null;
  action: string;
  actor: ActorRef | null;
  data: { [k: string]: AuditJson };
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries found intact (before the first bad one, when there is one). */
  checked: number;
  firstBadSeq?: number;
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// Canonical form and hash

/** JSON with sorted keys and no whitespace (RFC 8785 for the values the log holds). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const members = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** The hash of an entry from its stored fields (see the canonical form above). */
export function auditHash(entry: Omit<AuditRecord, 'hash'> | Omit<AuditDoc, 'hash'>): string {
  const at = entry.at instanceof Date ? entry.at.toISOString() : entry.at;
  const body = canonicalJson({
    seq: entry.seq,
    key: entry.key,
    at,
    caseCode: entry.caseCode,
    action: entry.action,
    actor: entry.actor,
    data: entry.data,
    prevHash: entry.prevHash,
  });
  return crypto.createHash('sha256').update(body, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Normalisation and redaction

const norm = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');
const SECRET_NAMES = new Set(
  [
    ...REDACTED_KEYS,
    'kek',
    'grant',
    'signingGrant',
    'keyRecord',
    'otp',
    'apiKey',
    'cookie',
    'credentials',
    'p12',
    'pfx',
    'signatureValue',
  ].map(norm),
);
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** Whether a field of that name could carry a secret (PIN, password, token, key material). */
export function isSecretFieldName(name: string): boolean {
  const n = norm(name);
  return (
    SECRET_NAMES.has(n) ||
    n.endsWith('pin') ||
    n.endsWith('token') ||
    n.includes('password') ||
    n.includes('secret') ||
    n.includes('privatekey')
  );
}

function toJson(value: unknown, path: string): AuditJson {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (!Number.isFinite(value.getTime())) throw invalid(`${path} is an invalid date`);
    return value.toISOString();
  }
  switch (typeof value) {
    case 'string':
      if (PRIVATE_KEY_PEM.test(value)) return REDACTED;
      return value.length > MAX_STRING_LENGTH
        ? `${value.normalize('NFC').slice(0, MAX_STRING_LENGTH - 1)}…`
        : value.normalize('NFC');
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    case 'object': {
      if (Array.isArray(value)) return value.map((v, i) => toJson(v, `${path}[${i}]`));
      const withToJson = value as { toJSON?: () => unknown };
      if (typeof withToJson.toJSON === 'function') return toJson(withToJson.toJSON(), path);
      const out: { [k: string]: AuditJson } = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        if (k === '' || k.startsWith('$') || k.includes('.')) {
          throw invalid(`${path} has a field name MongoDB cannot store: ${JSON.stringify(k)}`);
        }
        out[k.normalize('NFC')] = isSecretFieldName(k) ? REDACTED : toJson(v, `${path}.${k}`);
      }
      return out;
    }
    default:
      throw invalid(`${path} holds a ${typeof value}, which is not JSON`);
  }
}

/** `data` as it will be stored: plain JSON, NFC, secrets redacted. */
export function sanitizeAuditData(data: Record<string, unknown> | undefined): {
  [k: string]: AuditJson;
} {
  const json = toJson(data ?? {}, 'data');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('data must be an object');
  }
  return json;
}

function actorOf(actor: ActorRef | null): ActorRef | null {
  if (!actor) return null;
  return {
    id: String(actor.id).normalize('NFC'),
    name: String(actor.name).normalize('NFC'),
    title: String(actor.title ?? '').normalize('NFC'),
    unitCode: actor.unitCode ?? null,
  };
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`audit entry: ${message}`, 'AUDIT_ENTRY_INVALID');
}

function toRecord(doc: AuditDoc): AuditRecord {
  return {
    seq: doc.seq,
    key: doc.key,
    at: doc.at.toISOString(),
    caseCode: doc.caseCode ?? null,
    action: doc.action,
    actor: doc.actor ?? null,
    data: doc.data ?? {},
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}

// ---------------------------------------------------------------------------------------------
// Append

const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function findByKey(key: string): Promise<AuditDoc | null> {
  return AuditModel.findOne({ key }).lean<AuditDoc>().exec();
}

/**
 * Appends one entry at the end of the chain. Idempotent per `key`: appending a key that is
 * already in the log returns the stored entry and writes nothing (whatever the other fields say).
 * Safe to call from several processes at once: the chain does not fork and has no gaps.
 */
export async function appendAudit(input: AuditEntryInput): Promise<AuditRecord> {
  if (typeof input.key !== 'string' || input.key === '') throw invalid('key is required');
  if (typeof input.action !== 'string' || input.action === '') throw invalid('action is required');
  const at = new Date(input.at);
  if (!Number.isFinite(at.getTime())) throw invalid(`at is not a date: ${String(input.at)}`);
  const key = input.key.normalize('NFC');
  const fields = {
    key,
    at,
    caseCode: input.caseCode ?? null,
    action: input.action.normalize('NFC'),
    actor: actorOf(input.actor),
    data: sanitizeAuditData(input.data),
  };
  if (Buffer.byteLength(canonicalJson(fields.data)) > MAX_DATA_BYTES) {
    throw invalid(`data is larger than ${MAX_DATA_BYTES} bytes`);
  }
  // The unique indexes must exist before the first write: they are what keeps the chain whole.
  await AuditModel.init();

  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    const existing = await findByKey(key);
    if (existing) return toRecord(existing);
    const last = await AuditModel.findOne({}, { seq: 1, hash: 1 })
      .sort({ seq: -1 })
      .lean<Pick<AuditDoc, 'seq' | 'hash'>>()
      .exec();
    const unhashed = { seq: (last?.seq ?? 0) + 1, ...fields, prevHash: last?.hash ?? GENESIS_HASH };
    const doc: AuditDoc = { ...unhashed, hash: auditHash(unhashed) };
    try {
      await AuditModel.collection.insertOne({ ...doc });
      return toRecord(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Either this key was written meanwhile (returned above on the next turn), or another
      // writer took this seq: retry behind it, after a short random pause to spread the writers.
      await sleep(Math.random() * Math.min(50, 2 + attempt * 2));
    }
  }
  throw new Error(`audit log: could not append ${key} after ${MAX_APPEND_ATTEMPTS} attempts`);
}

/** The newest entry's position and hash, to be published elsewhere (anchoring the chain). */
export async function getAuditHead(): Promise<{ seq: number; hash: string } | null> {
  const last = await AuditModel.findOne({}, { seq: 1, hash: 1 })
    .sort({ seq: -1 })
    .lean<Pick<AuditDoc, 'seq' | 'hash'>>()
    .exec();
  return last ? { seq: last.seq, hash: last.hash } : null;
}

/** The entries of one case, oldest first. */
export async function listAuditEntries(caseCode: string): Promise<AuditRecord[]> {
  const docs = await AuditModel.find({ caseCode }).sort({ seq: 1 }).lean<AuditDoc[]>().exec();
  return docs.map(toRecord);
}

// ---------------------------------------------------------------------------------------------
// Verify

const STORED_FIELDS = new Set([
  '_id',
  'seq',
  'key',
  'at',
  'caseCode',
  'action',
  'actor',
  'data',
  'prevHash',
  'hash',
]);

function malformation(doc: Record<string, unknown>): string | null {
  const extra = Object.keys(doc).filter((k) => !STORED_FIELDS.has(k));
  if (extra.length) return `unexpected field(s): ${extra.join(', ')}`;
  if (!(doc.at instanceof Date) || !Number.isFinite(doc.at.getTime())) return '`at` is not a date';
  if (typeof doc.key !== 'string' || typeof doc.action !== 'string') return 'key/action missing';
  if (typeof doc.hash !== 'string' || typeof doc.prevHash !== 'string') return 'hash missing';
  return null;
}

/**
 * Recomputes every entry's hash and link from `fromSeq` (default 1) on, `limit` entries at most.
 * Reports the first entry that was changed, or the position of the first missing one.
 */
export async function verifyAuditChain(
  options: { fromSeq?: number; limit?: number } = {},
): Promise<VerifyResult> {
  const fromSeq = Math.max(1, Math.floor(options.fromSeq ?? 1));
  let expectedPrev = GENESIS_HASH;
  if (fromSeq > 1) {
    const prev = await AuditModel.collection.findOne({ seq: fromSeq - 1 });
    if (!prev) {
      return { ok: false, checked: 0, firstBadSeq: fromSeq - 1, reason: 'entry is missing' };
    }
    expectedPrev = String(prev.hash);
  }
  const cursor = AuditModel.collection.find({ seq: { $gte: fromSeq } }).sort({ seq: 1 });
  if (options.limit !== undefined) cursor.limit(Math.max(1, Math.floor(options.limit)));
  let expectedSeq = fromSeq;
  let checked = 0;
  const bad = (seq: number, reason: string): VerifyResult => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    reason,
  });
  try {
    for await (const raw of cursor) {
      const doc = raw as unknown as Record<string, unknown> & AuditDoc;
      if (doc.seq !== expectedSeq) {
        return bad(expectedSeq, `entry is missing (found ${String(doc.seq)} next)`);
      }
      const problem = malformation(doc);
      if (problem) return bad(doc.seq, problem);
      if (doc.prevHash !== expectedPrev) return bad(doc.seq, 'does not link to the entry before');
      let recomputed: string;
      try {
        recomputed = auditHash(doc);
      } catch (err) {
        return bad(doc.seq, `cannot be hashed: ${(err as Error).message}`);
      }
      if (recomputed !== doc.hash) return bad(doc.seq, 'hash mismatch: the entry was changed');
      checked++;
      expectedPrev = doc.hash;
      expectedSeq++;
    }
  } finally {
    await cursor.close();
  }
  return { ok: true, checked };
}
