/**
 * Stored files no case refers to: a worker that crashed between storing a document's bytes and
 * recording the document, or a submission abandoned halfway, leaves a file that nothing names.
 * The sweep removes such files once they are older than a grace period (the window between
 * storing and recording is seconds), and never a file any document record names, current version
 * or earlier one. Files are grouped by the case their head names (files stored in GridFS before
 * `document_files` existed: by their metadata), and each case's records are read once.
 */
import mongoose from 'mongoose';
import { DOCUMENT_BUCKET, DocumentFileModel, DocumentModel } from '../../models/document';
import { deleteFile } from './storage';

/** A file this young may be between storage and its record: never swept. */
export const ORPHAN_GRACE_MS = 60 * 60_000;

interface StoredFileEntry {
  fileId: mongoose.Types.ObjectId;
  caseCode: string;
}

export async function sweepOrphanFiles(
  options: { now?: Date; graceMs?: number; limit?: number } = {},
): Promise<{ checked: number; removed: number }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  const cutoff = new Date(
    (options.now ?? new Date()).getTime() - (options.graceMs ?? ORPHAN_GRACE_MS),
  );
  const limit = options.limit ?? 5000;
  // Heads only: parts carry no date.
  const heads = await DocumentFileModel.find(
    { createdAt: { $lt: cutoff } },
    { _id: 1, caseCode: 1 },
  )
    .limit(limit)
    .lean();
  const legacy = await db
    .collection<{ _id: mongoose.Types.ObjectId; metadata?: { caseCode?: string } }>(
      `${DOCUMENT_BUCKET}.files`,
    )
    .find({ uploadDate: { $lt: cutoff } }, { projection: { _id: 1, metadata: 1 } })
    .limit(limit)
    .toArray();
  const files: StoredFileEntry[] = [
    ...heads.map((h) => ({
      fileId: new mongoose.Types.ObjectId(h._id),
      caseCode: h.caseCode ?? '',
    })),
    ...legacy.map((f) => ({ fileId: f._id, caseCode: f.metadata?.caseCode ?? '' })),
  ];
  const byCase = new Map<string, StoredFileEntry[]>();
  for (const f of files) byCase.set(f.caseCode, [...(byCase.get(f.caseCode) ?? []), f]);
  let removed = 0;
  for (const [caseCode, entries] of byCase) {
    const docs = caseCode
      ? await DocumentModel.find({ caseCode }, { fileId: 1, versions: 1 }).lean()
      : [];
    const referenced = new Set(
      docs.flatMap((d) => [String(d.fileId), ...(d.versions ?? []).map((v) => String(v.fileId))]),
    );
    for (const f of entries) {
      if (referenced.has(String(f.fileId))) continue;
      await deleteFile(f.fileId);
      removed++;
    }
  }
  return { checked: files.length, removed };
}
