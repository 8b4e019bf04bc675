/**
 * The append-only audit log: one hash chain per case (and one global chain, for entries of no
 * case and for the anchors of every case's head), each entry holding the hash of the one before in
 * its chain, so that changing or removing a stored entry shows (see activities/audit-log.ts).
 *
 * Uniqueness carries the design (no transactions): an entry's `_id` is its place,
 * `<chain>#<seq>`, so two writers that both try to extend a chain after the same entry cannot both
 * succeed; `key` is unique, so a retried activity cannot write its entry twice. Every lookup on
 * the write path is by `_id` (the one FerretDB answers from an index).
 */
import mongoose, { Schema } from 'mongoose';
import type { ActorRef } from '../workflows/state';

/** JSON values as stored in an entry's `data`. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [k: string]: AuditJson };

/** The chain of entries that belong to no case (and of the anchors). */
export const GLOBAL_CHAIN = '*';

export const chainOf = (caseCode: string | null): string => caseCode ?? GLOBAL_CHAIN;
export const entryId = (chain: string, seq: number): string => `${chain}#${seq}`;

export interface AuditDoc {
  /** `<chain>#<seq>`: the place in the chain. */
  _id?: string;
  /** Position in its chain (the case's, or the global one), 1..n without gaps. */
  seq: number;
  /** Idempotency key, e.g. "<caseCode>#<timeline seq>". */
  key: string;
  at: Date;
  /** The case whose chain holds the entry; null for the global chain. */
  caseCode: string | null;
  action: string;
  actor: ActorRef | null;
  data: { [k: string]: AuditJson };
  /** Hash of the entry `seq - 1` of the same chain; 64 zeros for the first entry. */
  prevHash: string;
  /** sha256 (hex) of the canonical JSON of the fields above (except `_id`). */
  hash: string;
}

// The schema is typed without the recursive JSON type (mongoose's type mapping cannot unfold it).
type StoredShape = Omit<AuditDoc, 'data' | 'actor'> & { data: object; actor: object | null };

const schema = new Schema<StoredShape>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true },
    caseCode: { type: String, default: null },
    action: { type: String, required: true },
    // Mixed, so that mongoose adds no `_id` or defaults: what is stored is exactly what was hashed.
    actor: { type: Schema.Types.Mixed, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false, collection: 'audit_chain' },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ caseCode: 1, seq: 1 });

export const AuditModel = mongoose.model<StoredShape>('AuditEntry', schema);

/**
 * The newest known entry of each chain: a hint for writers (the next place to try) and what the
 * anchor publishes. It may lag behind the chain by an entry after a crash or a race; the entries
 * are the truth, and a writer moves past a taken place.
 */
export interface AuditHeadDoc {
  _id: string;
  caseCode: string | null;
  seq: number;
  key: string;
  hash: string;
  at: Date;
}

const headSchema = new Schema<AuditHeadDoc>(
  {
    _id: { type: String, required: true },
    caseCode: { type: String, default: null },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    hash: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'audit_heads' },
);

export const AuditHeadModel = mongoose.model<AuditHeadDoc>('AuditHead', headSchema);

/** One anchor: the heads of the chains that moved since the previous one, in the global chain. */
export interface AuditAnchorDoc {
  /** The key of its global-chain entry. */
  _id: string;
  at: Date;
  /** sha256 (hex) of the canonical JSON of `heads`, as recorded in the global entry. */
  root: string;
  heads: Array<{ caseCode: string; seq: number; hash: string }>;
}

const anchorSchema = new Schema<AuditAnchorDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    root: { type: String, required: true },
    heads: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, collection: 'audit_anchors' },
);

export const AuditAnchorModel = mongoose.model<AuditAnchorDoc>('AuditAnchor', anchorSchema);

/**
 * The head position of each case chain the last anchor recorded. Written by the anchor only
 * (never by the appenders, so that neither can undo the other's write on a server without
 * atomic updates).
 */
export interface AuditAnchorMarkDoc {
  _id: string;
  seq: number;
}

export const AuditAnchorMarkModel = mongoose.model<AuditAnchorMarkDoc>(
  'AuditAnchorMark',
  new Schema<AuditAnchorMarkDoc>(
    { _id: { type: String, required: true }, seq: { type: Number, required: true } },
    { versionKey: false, collection: 'audit_anchor_marks' },
  ),
);
