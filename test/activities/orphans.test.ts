/**
 * The orphaned-file sweep removes stored bytes no document record names once they are past the
 * grace period, and never a referenced file (current version or earlier) nor a young one.
 */
import mongoose from 'mongoose';
import { sweepOrphanFiles, ORPHAN_GRACE_MS } from '../../activities/documents/orphans';
import { putFile } from '../../activities/documents/storage';
import { connectMongo, disconnectMongo, syncAllIndexes } from '../../models/db';
import { DocumentFileModel, DocumentModel } from '../../models/document';
import { isolatedMongoUri } from '../helpers/env';

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('orphans'));
  await syncAllIndexes();
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await disconnectMongo();
});

/** The files stored (their heads: parts carry no date). */
const fileIds = async (): Promise<string[]> =>
  (await DocumentFileModel.find({ createdAt: { $exists: true } }, { _id: 1 }).lean())
    .map((f) => f._id)
    .sort();

test('removes only old files that no document names', async () => {
  const meta = { caseCode: 'C-ORPHAN', key: 'k' };
  const current = await putFile(Buffer.from('%PDF current'), 'a.pdf', meta);
  const earlier = await putFile(Buffer.from('%PDF earlier'), 'a.pdf', meta);
  const orphan = await putFile(Buffer.from('%PDF orphan'), 'b.pdf', meta);
  const stray = await putFile(Buffer.from('%PDF stray'), 'c.pdf', { caseCode: 'C-NONE' });
  await DocumentModel.create({
    _id: 'doc-1',
    caseCode: 'C-ORPHAN',
    key: 'control-sheet',
    kind: 'CONTROL_SHEET',
    title: 'Phiếu kiểm soát',
    contentType: 'application/pdf',
    fileName: 'a.pdf',
    ...current,
    signatures: [],
    versions: [
      { ...earlier, key: 'control-sheet', createdAt: new Date() },
      { ...current, key: 'step-1', createdAt: new Date() },
    ],
    appliedKeys: [],
  });

  // Within the grace period nothing is touched (a file may be between storage and its record).
  expect(await sweepOrphanFiles()).toEqual({ checked: 0, removed: 0 });
  expect(await fileIds()).toHaveLength(4);

  const later = new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
  expect(await sweepOrphanFiles({ now: later })).toEqual({ checked: 4, removed: 2 });
  expect(await fileIds()).toEqual([String(current.fileId), String(earlier.fileId)].sort());
  expect((await fileIds()).includes(String(orphan.fileId))).toBe(false);
  expect((await fileIds()).includes(String(stray.fileId))).toBe(false);
  // Nothing of the removed files is left (heads and parts alike).
  const stored = (await DocumentFileModel.find({}, { _id: 1 }).lean()).map((f) => f._id);
  expect(stored.sort()).toEqual([String(current.fileId), String(earlier.fileId)].sort());
});
