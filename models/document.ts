/**
 * Signed documents: metadata here, bytes in `document_files` (activities/documents/storage.ts).
 * One record per case and step key, with an id derived from both (`documentIdFor`), so that a
 * retried activity finds what it stored by `_id` instead of making a second document. A document
 * that receives further signatures (the control sheet) keeps every version.
 */
import crypto from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import type { DocumentKind } from '../domain/types';
import type { SignatureRef } from '../workflows/state';

export interface DocumentVersion {
  fileId: mongoose.Types.ObjectId;
  sha256: string;
  size: number;
  /** The step key that produced this version. */
  key: string;
  createdAt: Date;
}

export interface DocumentDoc {
  _id: string;
  caseCode: string;
  /** Idempotency key of the step that created it, unique per case. */
  key: string;
  kind: DocumentKind | 'ATTACHMENT';
  title: string;
  contentType: string;
  fileName: string;
  /** The current version (the last one). */
  fileId: mongoose.Types.ObjectId;
  sha256: string;
  size: number;
  signatures: SignatureRef[];
  versions: DocumentVersion[];
  /** Step keys already applied as further signatures (control-sheet rows). */
  appliedKeys: string[];
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<DocumentDoc>(
  {
    _id: { type: String, required: true },
    caseCode: { type: String, required: true, index: true },
    key: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    contentType: { type: String, required: true },
    fileName: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    signatures: { type: Schema.Types.Mixed, default: () => [] },
    versions: { type: Schema.Types.Mixed, default: () => [] },
    appliedKeys: { type: [String], default: [] },
  },
  { timestamps: true, versionKey: false, collection: 'documents' },
);
schema.index({ caseCode: 1, key: 1 }, { unique: true });

export const DocumentModel = mongoose.model<DocumentDoc>('Document', schema);

/**
 * The id of the document a step of a case stores: UUID-shaped (version 8, RFC 9562), derived from
 * the case and the step key, so that the record is found by `_id`, the lookup every server
 * answers from an index. Documents stored before were given random UUIDs; the unique index on
 * (caseCode, key) still stops a second record for them.
 */
export function documentIdFor(caseCode: string, key: string): string {
  const h = crypto.createHash('sha256').update(`${caseCode}\n${key}`, 'utf8').digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The bytes of stored files, read and written by `_id` only: the head `<file id>` holds the first
 * part and what the file is; a file larger than one part continues in `<file id>:1`, `:2`, …
 * (GridFS would look its chunks up by `files_id`, which FerretDB v1 answers by reading every chunk
 * ever stored: 4.3 s for a control sheet once 1,123 chunks were stored).
 */
export interface DocumentFileDoc {
  _id: string;
  data: Buffer;
  /** Head only: */
  caseCode?: string;
  key?: string;
  fileName?: string;
  contentType?: string;
  length?: number;
  sha256?: string;
  parts?: number;
  createdAt?: Date;
}

export const DocumentFileModel = mongoose.model<DocumentFileDoc>(
  'DocumentFile',
  new Schema<DocumentFileDoc>(
    {
      _id: { type: String, required: true },
      data: { type: Buffer, required: true },
      caseCode: { type: String },
      key: { type: String },
      fileName: { type: String },
      contentType: { type: String },
      length: { type: Number },
      sha256: { type: String },
      parts: { type: Number },
      createdAt: { type: Date },
    },
    { versionKey: false, collection: 'document_files' },
  ),
);

/** Files stored before `document_files` existed are read from this GridFS bucket. */
export const DOCUMENT_BUCKET = 'documents';

export function documentBucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: DOCUMENT_BUCKET });
}
