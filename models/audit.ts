/**
 * The append-only audit log: one global chain of entries, each holding the hash of the one before,
 * so that changing or removing a stored entry shows (see activities/audit-log.ts for the hash).
 *
 * Uniqueness carries the design (no transactions): `seq` is unique, so two writers that both try
 * to extend the chain after the same entry cannot both succeed; `key` is unique, so a retried
 * activity cannot write its entry twice.
 */
import mongoose, { Schema } from 'mongoose';
import type { ActorRef } from '../workflows/state';

/** JSON values as stored in an entry's `data`. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [k: string]: AuditJson };

export interface AuditDoc {
  /** Position in the chain, 1..n without gaps. */
  seq: number;
  /** Idempotency key, e.g. "<caseCode>#<timeline seq>". */
  key: string;
  at: Date;
  caseCode: string | null;
  action: string;
  actor: ActorRef | null;
  data: { [k: string]: AuditJson };
  /** Hash of the entry `seq - 1`; 64 zeros for the first entry. */
  prevHash: string;
  /** sha256 (hex) of the canonical JSON of the fields above. */
  hash: string;
}

// The schema is typed without the recursive JSON type (mongoose's type mapping cannot unfold it).
type StoredShape = Omit<AuditDoc, 'data' | 'actor'> & { data: object; actor: object | null };

const schema = new Schema<StoredShape>(
  {
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
  { versionKey: false, minimize: false, collection: 'audit_log' },
);
schema.index({ seq: 1 }, { unique: true });
schema.index({ key: 1 }, { unique: true });
schema.index({ caseCode: 1, seq: 1 });

export const AuditModel = mongoose.model<StoredShape>('AuditEntry', schema);
