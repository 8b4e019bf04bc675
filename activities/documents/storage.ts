/**
 * Document bytes and records, every lookup by `_id` (models/document.ts): a file is a head
 * document (with its first part) and, past PART_BYTES, further parts; a record is found by the id
 * derived from its case and step key. Files stored in GridFS before are still read from there.
 */
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { updateByIdIf } from '../../models/db';
import {
  documentBucket,
  DocumentFileModel,
  documentIdFor,
  DocumentModel,
  type DocumentDoc,
  type DocumentFileDoc,
} from '../../models/document';
import type { SignatureRef } from '../../workflows/state';

export const sha256 = (bytes: Uint8Array): string =>
  crypto.createHash('sha256').update(bytes).digest('hex');

/** Bytes per stored part (a document holds 16 MB at most; attachments are 10 MB at most). */
export const PART_BYTES = 4 * 1024 * 1024;

export interface StoredFile {
  fileId: mongoose.Types.ObjectId;
  sha256: string;
  size: number;
}

const partId = (head: string, n: number): string => (n === 0 ? head : `${head}:${n}`);

export async function putFile(
  bytes: Uint8Array,
  fileName: string,
  metadata: { caseCode?: string; key?: string } & Record<string, unknown>,
  contentType = 'application/pdf',
): Promise<StoredFile> {
  const fileId = new mongoose.Types.ObjectId();
  const head = fileId.toHexString();
  const buffer = Buffer.from(bytes);
  const parts = Math.max(1, Math.ceil(buffer.length / PART_BYTES));
  const part = (n: number): Buffer => buffer.subarray(n * PART_BYTES, (n + 1) * PART_BYTES);
  // The further parts first: a head is never readable before the whole file is.
  for (let n = 1; n < parts; n++) {
    await DocumentFileModel.collection.insertOne({ _id: partId(head, n), data: part(n) } as never);
  }
  const digest = sha256(buffer);
  const doc: DocumentFileDoc = {
    _id: head,
    data: part(0),
    ...(typeof metadata.caseCode === 'string' ? { caseCode: metadata.caseCode } : {}),
    ...(typeof metadata.key === 'string' ? { key: metadata.key } : {}),
    fileName,
    contentType,
    length: buffer.length,
    sha256: digest,
    parts,
    createdAt: new Date(),
  };
  await DocumentFileModel.collection.insertOne(doc as never);
  return { fileId, sha256: digest, size: buffer.length };
}

/** The bytes of a stored part (the driver gives BSON binaries back as `Binary`). */
function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const b = data as mongoose.mongo.Binary;
  return Buffer.from(b.buffer.buffer, b.buffer.byteOffset, b.length());
}

async function readGridFs(fileId: mongoose.Types.ObjectId): Promise<Buffer> {
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

export async function readFile(fileId: mongoose.Types.ObjectId): Promise<Buffer> {
  const head = await DocumentFileModel.findById(fileId.toHexString()).lean<DocumentFileDoc>();
  if (!head) return readGridFs(fileId);
  const parts = [asBuffer(head.data)];
  for (let n = 1; n < (head.parts ?? 1); n++) {
    const part = await DocumentFileModel.findById(partId(head._id, n)).lean<DocumentFileDoc>();
    if (!part) throw new Error(`File ${head._id} misses its part ${n}`);
    parts.push(asBuffer(part.data));
  }
  return Buffer.concat(parts);
}

/** Removes a file nobody refers to (an upload that lost a race). */
export async function deleteFile(fileId: mongoose.Types.ObjectId): Promise<void> {
  const head = await DocumentFileModel.findById(fileId.toHexString(), { parts: 1 }).lean();
  if (!head) {
    await documentBucket()
      .delete(fileId)
      .catch(() => undefined);
    return;
  }
  await DocumentFileModel.deleteOne({ _id: head._id });
  for (let n = 1; n < (head.parts ?? 1); n++) {
    await DocumentFileModel.deleteOne({ _id: partId(head._id, n) });
  }
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

/**
 * The document a step of a case stored, or null. By `_id` (`documentIdFor`); with `legacy`, also
 * the documents stored with random ids before (a scan on FerretDB: for the rare retry that found
 * the step's key taken).
 */
export async function findDocument(
  caseCode: string,
  key: string,
  options: { legacy?: boolean } = {},
): Promise<DocumentDoc | null> {
  const doc = await DocumentModel.findById(documentIdFor(caseCode, key)).lean<DocumentDoc>();
  if (doc?.caseCode === caseCode && doc.key === key) return doc;
  return options.legacy ? DocumentModel.findOne({ caseCode, key }).lean<DocumentDoc>() : null;
}

/**
 * Makes `stored` the current version of `doc` under the step `key` (with the signature it added,
 * if any), unless that step was applied already or the document changed since it was read. True
 * when it applied.
 */
export async function addDocumentVersion(
  doc: DocumentDoc,
  key: string,
  stored: StoredFile,
  signature?: SignatureRef,
): Promise<boolean> {
  return updateByIdIf(
    DocumentModel,
    doc._id,
    {
      filter: { appliedKeys: { $ne: key }, fileId: doc.fileId },
      holds: (current: DocumentDoc | null) =>
        !!current && !current.appliedKeys.includes(key) && current.fileId.equals(doc.fileId),
    },
    {
      $set: { fileId: stored.fileId, sha256: stored.sha256, size: stored.size },
      $push: {
        ...(signature ? { signatures: signature } : {}),
        versions: { ...stored, key, createdAt: new Date() },
        appliedKeys: key,
      },
    },
  );
}
