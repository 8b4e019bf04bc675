/** Document bytes in GridFS, with their SHA-256. */
import crypto from 'node:crypto';
import type mongoose from 'mongoose';
import { documentBucket, DocumentModel, type DocumentDoc } from '../../models/document';

export const sha256 = (bytes: Uint8Array): string =>
  crypto.createHash('sha256').update(bytes).digest('hex');

export interface StoredFile {
  fileId: mongoose.Types.ObjectId;
  sha256: string;
  size: number;
}

export async function putFile(
  bytes: Uint8Array,
  fileName: string,
  metadata: Record<string, unknown>,
  contentType = 'application/pdf',
): Promise<StoredFile> {
  const bucket = documentBucket();
  const upload = bucket.openUploadStream(fileName, { metadata: { ...metadata, contentType } });
  await new Promise<void>((resolve, reject) => {
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(Buffer.from(bytes));
  });
  return {
    fileId: upload.id as mongoose.Types.ObjectId,
    sha256: sha256(bytes),
    size: bytes.length,
  };
}

export async function readFile(fileId: mongoose.Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    documentBucket()
      .openDownloadStream(fileId)
      .on('data', (c: Buffer) => chunks.push(c))
      .once('end', () => resolve())
      .once('error', reject);
  });
  return Buffer.concat(chunks);
}

/** Removes a file nobody refers to (an upload that lost a race). */
export async function deleteFile(fileId: mongoose.Types.ObjectId): Promise<void> {
  await documentBucket()
    .delete(fileId)
    .catch(() => undefined);
}

/** A document's current bytes, checked against the SHA-256 on record. */
export async function readDocument(
  id: string,
): Promise<{ doc: DocumentDoc; bytes: Buffer } | null> {
  const doc = await DocumentModel.findById(id).lean();
  if (!doc) return null;
  const bytes = await readFile(doc.fileId);
  if (sha256(bytes) !== doc.sha256) throw new Error(`Document ${id} does not match its SHA-256`);
  return { doc, bytes };
}
