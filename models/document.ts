/**
 * Signed documents: metadata here, bytes in the GridFS bucket `documents`. One record per case and
 * step key, so that a retried activity finds what it stored instead of making a second document.
 * A document that receives further signatures (the control sheet) keeps every version.
 */
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

export const DOCUMENT_BUCKET = 'documents';

export function documentBucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: DOCUMENT_BUCKET });
}
