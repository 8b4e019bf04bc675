/**
 * The append-only audit log, hash-chained so that tampering shows: one chain per case (its events
 * in order), and one global chain for entries of no case and for the periodic anchors that record
 * every case chain's head in it.
 *
 * Hash of an entry (the "canonical form"):
 *
 *   hash = hex(sha256(utf8(canonicalJson({ seq, key, at, caseCode, action, actor, data, prevHash }))))
 *
 * where `seq` is the entry's position in its chain (1, 2, …), `caseCode` names the chain (null:
 * the global chain), `at` is the ISO 8601 UTC string with milliseconds
 * (`Date.prototype.toISOString()`, e.g. "2026-12-05T10:00:00.000Z"), `prevHash` is the previous
 * entry's hash in the same chain (64 zeros for seq 1), and `canonicalJson` is JSON with no
 * whitespace, object keys sorted by UTF-16 code units (JavaScript's default sort) at every depth,
 * members whose value is `undefined` left out, array order kept, strings and numbers as
 * `JSON.stringify` writes them. For the values an entry can hold (strings, finite numbers,
 * booleans, null, arrays, plain objects) this is the JSON Canonicalization Scheme of RFC 8785, so
 * the chains can be checked outside this code base.
 *
 * Entries are normalised before they are hashed and stored, so that what comes back from the
 * database hashes the same: strings NFC, dates as ISO strings, `data` reduced to plain JSON with
 * secret-looking fields ("pin", "password", "token", "privateKey", "signingGrant", …) and PEM
 * private keys replaced by "[redacted]", strings longer than MAX_STRING_LENGTH cut with "…".
 *
 * Appending needs no transaction and touches no other case: the writer reads its chain's head
 * (models/audit.ts, a hint kept by `_id`), inserts the entry at `<chain>#<seq + 1>`, and the
 * unique `_id` refuses the second of two writers that raced for the same place, which then moves
 * on behind the winner. The unique index on `key` makes a retried append return the stored entry
 * instead of writing a second one. Writers of different cases never meet.
 *
 * A chain shows changes made to its stored entries and entries removed from the middle. It cannot
 * by itself show that its newest entries were cut off, or that someone with write access rebuilt
 * it: `anchorAuditHeads()` (run periodically) records the head of every chain that moved, with
 * their SHA-256, as an entry of the global chain, and `verifyAuditChain` checks every chain against
 * the heads anchored for it. Publish `getAuditHead()` (the global chain's head) somewhere else
 * from time to time to make the anchors themselves tamper-evident.
 */
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import {
  AuditAnchorMarkModel,
  AuditAnchorModel,
  AuditHeadModel,
  AuditModel,
  chainOf,
  entryId,
  GLOBAL_CHAIN,
  type AuditAnchorDoc,
  type AuditAnchorMarkDoc,
  type AuditDoc,
  type AuditHeadDoc,
  type AuditJson,
} from '../models/audit';
import { QUERY_OPTIONS, updateByIdIf, isDuplicateKey } from '../models/db';
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
  /** The chain of the first bad entry (null: the global chain). */
  caseCode?: string | null;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const findEntry = (chain: string, seq: number): Promise<AuditDoc | null> =>
  AuditModel.findById(entryId(chain, seq)).lean<AuditDoc>().exec();

/** Moves the chain's head hint forward (never back, where the server can promise it). */
async function advanceHead(doc: AuditDoc): Promise<void> {
  const chain = chainOf(doc.caseCode);
  await updateByIdIf(
    AuditHeadModel,
    chain,
    {
      filter: { seq: { $lt: doc.seq } },
      holds: (stored: AuditHeadDoc | null) => !stored || stored.seq < doc.seq,
    },
    {
      $set: { caseCode: doc.caseCode, seq: doc.seq, key: doc.key, hash: doc.hash, at: doc.at },
    },
    { upsert: true },
  );
}

/**
 * Appends one entry at the end of its case's chain (or of the global chain when `caseCode` is
 * null). Idempotent per `key`: appending a key that is already in the log returns the stored entry
 * and writes nothing (whatever the other fields say). Safe to call from several processes at once:
 * a chain does not fork and has no gaps.
 */
export async function appendAudit(input: AuditEntryInput): Promise<AuditRecord> {
  if (typeof input.key !== 'string' || input.key === '') throw invalid('key is required');
  if (typeof input.action !== 'string' || input.action === '') throw invalid('action is required');
  const at = new Date(input.at);
  if (!Number.isFinite(at.getTime())) throw invalid(`at is not a date: ${String(input.at)}`);
  const key = input.key.normalize('NFC');
  const caseCode = input.caseCode ?? null;
  const fields = {
    key,
    at,
    caseCode,
    action: input.action.normalize('NFC'),
    actor: actorOf(input.actor),
    data: sanitizeAuditData(input.data),
  };
  if (Buffer.byteLength(canonicalJson(fields.data)) > MAX_DATA_BYTES) {
    throw invalid(`data is larger than ${MAX_DATA_BYTES} bytes`);
  }
  // The unique indexes must exist before the first write: they are what keeps the chain whole.
  await AuditModel.init();
  const chain = chainOf(caseCode);
  const head = await AuditHeadModel.findById(chain).lean<AuditHeadDoc>().exec();
  if (head?.key === key) {
    const stored = await findEntry(chain, head.seq);
    if (stored?.key === key) return toRecord(stored);
  }
  // Where to link: the head as far as the hint knows it; moved forward past taken places.
  let prev: { seq: number; hash: string } = head ?? { seq: 0, hash: GENESIS_HASH };
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    const unhashed = { seq: prev.seq + 1, ...fields, prevHash: prev.hash };
    const doc: AuditDoc = { ...unhashed, hash: auditHash(unhashed) };
    try {
      await AuditModel.collection.insertOne({ _id: entryId(chain, doc.seq), ...doc } as never);
      await advanceHead(doc);
      return toRecord(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Either the place is taken (by a racing writer, or by this very entry when a retry's hint
    // lagged), or this key is stored further back in the chain.
    const taken = await findEntry(chain, doc.seq);
    if (taken?.key === key) return toRecord(taken);
    if (taken) {
      prev = { seq: taken.seq, hash: taken.hash };
      if (attempt > 2) await sleep(Math.random() * Math.min(20, attempt));
      continue;
    }
    const stored = await AuditModel.findOne({ key }).lean<AuditDoc>().exec();
    if (stored) return toRecord(stored);
  }
  throw new Error(`audit log: could not append ${key} after ${MAX_APPEND_ATTEMPTS} attempts`);
}

/** The newest entry of a chain: found from the head hint, past any entry it lags behind. */
async function chainHead(chain: string): Promise<AuditDoc | null> {
  const hint = await AuditHeadModel.findById(chain).lean<AuditHeadDoc>().exec();
  let head = hint ? await findEntry(chain, hint.seq) : null;
  for (let next = await findEntry(chain, (head?.seq ?? 0) + 1); next;) {
    head = next;
    next = await findEntry(chain, next.seq + 1);
  }
  return head;
}

/**
 * The newest entry's position and hash of a case's chain, or with no argument of the global
 * chain (which holds the anchors of every case's head): to be published elsewhere.
 */
export async function getAuditHead(
  caseCode: string | null = null,
): Promise<{ seq: number; hash: string } | null> {
  const head = await chainHead(chainOf(caseCode));
  return head ? { seq: head.seq, hash: head.hash } : null;
}

/** The entries of one case, oldest first. */
export async function listAuditEntries(caseCode: string): Promise<AuditRecord[]> {
  const docs = await AuditModel.find({ caseCode }).sort({ seq: 1 }).lean<AuditDoc[]>().exec();
  return docs.map(toRecord);
}

// ---------------------------------------------------------------------------------------------
// Anchor

/** Heads recorded by one anchor entry at most (the list is stored beside it, 16 MB a document). */
export const MAX_HEADS_PER_ANCHOR = 20_000;

export interface AnchorResult {
  /** Chains whose head was recorded (those that moved since their last anchor). */
  chains: number;
  /** The global-chain entries written (one per MAX_HEADS_PER_ANCHOR chains). */
  entries: AuditRecord[];
}

/**
 * Records, in the global chain, the head of every case chain that moved since it was last
 * anchored: the list `[{ caseCode, seq, hash }]` sorted by case is kept in `audit_anchors` under
 * the entry's key, and the entry holds its SHA-256 (`root`, over the list's canonical JSON) and
 * its size. Meant to run periodically (a Temporal Schedule); `key` names the run, so that a
 * retried run records nothing twice. Reads every head: seconds for a city's cases, not a request.
 */
export async function anchorAuditHeads(options: { key: string; at?: Date }): Promise<AnchorResult> {
  const at = options.at ?? new Date();
  const [heads, marks] = await Promise.all([
    AuditHeadModel.find({}).lean<AuditHeadDoc[]>().exec(),
    AuditAnchorMarkModel.find({}).lean<AuditAnchorMarkDoc[]>().exec(),
  ]);
  const anchored = new Map(marks.map((m) => [m._id, m.seq]));
  const moved: Array<{ caseCode: string; seq: number; hash: string }> = [];
  for (const hint of heads) {
    if (hint._id === GLOBAL_CHAIN || !hint.caseCode) continue;
    if (hint.seq <= (anchored.get(hint._id) ?? 0)) continue;
    const head = await chainHead(hint._id); // the hint may lag by an entry
    if (head) moved.push({ caseCode: hint.caseCode, seq: head.seq, hash: head.hash });
  }
  moved.sort((a, b) => (a.caseCode < b.caseCode ? -1 : a.caseCode > b.caseCode ? 1 : 0));
  const entries: AuditRecord[] = [];
  for (let part = 0; part * MAX_HEADS_PER_ANCHOR < moved.length; part++) {
    const key = `anchor#${options.key}#${part + 1}`;
    // A retried run finds its list stored and records that one.
    let list = await AuditAnchorModel.findById(key).lean<AuditAnchorDoc>().exec();
    if (!list) {
      const heads = moved.slice(part * MAX_HEADS_PER_ANCHOR, (part + 1) * MAX_HEADS_PER_ANCHOR);
      const root = crypto.createHash('sha256').update(canonicalJson(heads), 'utf8').digest('hex');
      list = { _id: key, at, root, heads };
      // The list first: an entry never names a list that is not stored.
      await AuditAnchorModel.create(list).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      list = (await AuditAnchorModel.findById(key).lean<AuditAnchorDoc>().exec()) ?? list;
    }
    entries.push(
      await appendAudit({
        key,
        at: list.at,
        caseCode: null,
        action: 'anchor',
        actor: null,
        data: { chains: list.heads.length, root: list.root },
      }),
    );
    for (const h of list.heads) {
      await updateByIdIf(
        AuditAnchorMarkModel,
        h.caseCode,
        {
          filter: { seq: { $lt: h.seq } },
          holds: (m: AuditAnchorMarkDoc | null) => !m || m.seq < h.seq,
        },
        { $set: { seq: h.seq } },
        { upsert: true },
      );
    }
  }
  return { chains: moved.length, entries };
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

type AnchoredHeads = Map<string, Array<{ seq: number; hash: string; anchor: string }>>;

/** What the anchors recorded for each case chain (from the lists the global chain vouches for). */
async function anchoredHeads(caseCode?: string): Promise<AnchoredHeads> {
  const lists = await AuditAnchorModel.find(caseCode ? { 'heads.caseCode': caseCode } : {})
    .lean<AuditAnchorDoc[]>()
    .exec();
  const out: AnchoredHeads = new Map();
  for (const list of lists) {
    for (const h of list.heads) {
      if (caseCode && h.caseCode !== caseCode) continue;
      out.set(h.caseCode, [...(out.get(h.caseCode) ?? []), { ...h, anchor: list._id }]);
    }
  }
  return out;
}

/** Checks one chain; `anchored`: the heads recorded for it, each of which must be in it. */
async function verifyChain(
  caseCode: string | null,
  options: { fromSeq?: number; limit?: number },
  anchored: AnchoredHeads,
): Promise<VerifyResult> {
  const chain = chainOf(caseCode);
  const fromSeq = Math.max(1, Math.floor(options.fromSeq ?? 1));
  let expectedPrev = GENESIS_HASH;
  if (fromSeq > 1) {
    const prev = await findEntry(chain, fromSeq - 1);
    if (!prev) {
      return {
        ok: false,
        checked: 0,
        caseCode,
        firstBadSeq: fromSeq - 1,
        reason: 'entry is missing',
      };
    }
    expectedPrev = String(prev.hash);
  }
  const cursor = AuditModel.collection
    .find({ caseCode, seq: { $gte: fromSeq } }, QUERY_OPTIONS)
    .sort({ seq: 1 });
  if (options.limit !== undefined) cursor.limit(Math.max(1, Math.floor(options.limit)));
  let expectedSeq = fromSeq;
  let checked = 0;
  const hashes = new Map<number, string>();
  const bad = (seq: number, reason: string): VerifyResult => ({
    ok: false,
    checked,
    caseCode,
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
      if (doc._id !== entryId(chain, doc.seq)) return bad(doc.seq, 'stored out of its place');
      if (doc.prevHash !== expectedPrev) return bad(doc.seq, 'does not link to the entry before');
      let recomputed: string;
      try {
        recomputed = auditHash(doc);
      } catch (err) {
        return bad(doc.seq, `cannot be hashed: ${(err as Error).message}`);
      }
      if (recomputed !== doc.hash) return bad(doc.seq, 'hash mismatch: the entry was changed');
      if (chain === GLOBAL_CHAIN && doc.action === 'anchor') {
        const list = await AuditAnchorModel.findById(doc.key).lean<AuditAnchorDoc>().exec();
        const root = list
          ? crypto.createHash('sha256').update(canonicalJson(list.heads), 'utf8').digest('hex')
          : null;
        if (root !== doc.data.root) return bad(doc.seq, 'the list of anchored heads was changed');
      }
      hashes.set(doc.seq, doc.hash);
      checked++;
      expectedPrev = doc.hash;
      expectedSeq++;
    }
  } finally {
    await cursor.close();
  }
  // Whole chains only: every head an anchor recorded must still be there, unchanged.
  if (caseCode !== null && fromSeq === 1 && options.limit === undefined) {
    for (const h of (anchored.get(caseCode) ?? []).sort((a, b) => a.seq - b.seq)) {
      if (!hashes.has(h.seq)) {
        return bad(expectedSeq, `entry is missing (${h.anchor} recorded the chain up to ${h.seq})`);
      }
      if (hashes.get(h.seq) !== h.hash) {
        return bad(h.seq, `differs from the head ${h.anchor} recorded`);
      }
    }
  }
  return { ok: true, checked };
}

/**
 * Recomputes every entry's hash and link of one chain (`caseCode`; null: the global chain), from
 * `fromSeq` (default 1) on, `limit` entries at most, and checks it against the heads the anchors
 * recorded for it. Without `caseCode`, checks every chain. Reports the first entry that was
 * changed, or the position of the first missing one.
 */
export async function verifyAuditChain(
  options: { caseCode?: string | null; fromSeq?: number; limit?: number } = {},
): Promise<VerifyResult> {
  if (options.caseCode !== undefined) {
    const anchored = options.caseCode ? await anchoredHeads(options.caseCode) : new Map();
    return verifyChain(options.caseCode, options, anchored);
  }
  const anchored = await anchoredHeads();
  // Not `distinct`: FerretDB v1 refuses it with a time limit, which every query here carries.
  const cases = new Set<string>(anchored.keys());
  for await (const doc of AuditModel.find({}, { caseCode: 1 }).lean<AuditDoc[]>().cursor()) {
    if (doc.caseCode) cases.add(doc.caseCode);
  }
  const chains: Array<string | null> = [null, ...cases];
  let checked = 0;
  for (const caseCode of chains.sort((a, b) => String(a).localeCompare(String(b)))) {
    const r = await verifyChain(caseCode, {}, anchored);
    if (!r.ok) return { ...r, checked: checked + r.checked };
    checked += r.checked;
  }
  return { ok: true, checked };
}
