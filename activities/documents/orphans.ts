/**
 * Stored files no case refers to: a worker that crashed between storing a document's bytes and
 * recording the document, or a submission abandoned halfway, leaves a file in GridFS that nothing
 * names. The sweep removes such files once they are older than a grace period (the window between
 * storing and recording is seconds), and never a file any document record names, current version
 * or earlier one. Files are grouped by the case their metadata names, and each case's records are
 * read by its indexed case code.
 */
import mongoose from 'mongoose';
import { DOCUMENT_BUCKET, DocumentModel } from '../../models/document';
import { deleteFile } from './storage';

/** A file this young may be between storage and its record: never swept. */
export const ORPHAN_GRACE_MS = 60 * 60_000;

interface StoredFileEntry {
  _id: mongoose.Types.ObjectId;
  uploadDate: Date;
  metadata?: { caseCode?: string };
}

export async function sweepOrphanFiles(
  options: { now?: Date; graceMs?: number; limit?: number } = {},
): Promise<{ checked: number; removed: number }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  const cutoff = new Date(
    (options.now ?? new Date()).getTime() - (options.graceMs ?? ORPHAN_GRACE_MS),
  );
  const files = await db
    .collection<StoredFileEntry>(`${DOCUMENT_BUCKET}.files`)
    .find({ uploadDate: { $lt: cutoff } }, { projection: { _id: 1, uploadDate: 1, metadata: 1 } })
    .limit(options.limit ?? 5000)
    .toArray();
  const byCase = new Map<string, StoredFileEntry[]>();
  for (const f of files) {
    const code = f.metadata?.caseCode ?? '';
    byCase.set(code, [...(byCase.get(code) ?? []), f]);
  }
  let removed = 0;
  for (const [caseCode, entries] of byCase) {
    const docs = caseCode
      ? await DocumentModel.find({ caseCode }, { fileId: 1, versions: 1 }).lean()
      : [];
    const referenced = new Set(
      docs.flatMap((d) => [String(d.fileId), ...(d.versions ?? []).map((v) => String(v.fileId))]),
    );
    for (const f of entries) {
      if (referenced.has(String(f._id))) continue;
      await deleteFile(f._id);
      removed++;
    }
  }
  return { checked: files.length, removed };
}
