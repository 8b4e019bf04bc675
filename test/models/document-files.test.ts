/** Stored files and document records, found by `_id` (no GridFS chunk lookups). */
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import {
  deleteFile,
  findDocument,
  PART_BYTES,
  putFile,
  readFile,
} from '../../activities/documents/storage';
import { connectMongo, disconnectMongo } from '../../models/db';
import {
  documentBucket,
  DocumentFileModel,
  documentIdFor,
  DocumentModel,
} from '../../models/document';
import { isolatedMongoUri } from '../helpers/env';

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('docfiles'));
  await DocumentModel.init();
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test('a file larger than a part is stored in parts and read back whole', async () => {
  const bytes = crypto.randomBytes(2 * PART_BYTES + 12345);
  const stored = await putFile(bytes, 'ban-ve.pdf', { caseCode: 'C-1', key: 'attachment-1' });
  expect(stored).toMatchObject({
    size: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  });
  const head = stored.fileId.toHexString();
  expect((await DocumentFileModel.find({ caseCode: 'C-1' }).lean()).map((d) => d._id)).toEqual([
    head,
  ]);
  expect(await DocumentFileModel.exists({ _id: `${head}:2` })).toBeTruthy();
  expect((await readFile(stored.fileId)).equals(bytes)).toBe(true);

  await deleteFile(stored.fileId);
  for (const id of [head, `${head}:1`, `${head}:2`]) {
    expect(await DocumentFileModel.exists({ _id: id })).toBeNull();
  }
});

test('an empty file and a small one are one head each', async () => {
  const empty = await putFile(Buffer.alloc(0), 'empty.pdf', {});
  expect((await readFile(empty.fileId)).length).toBe(0);
  const small = await putFile(Buffer.from('%PDF-1.7'), 'small.pdf', {});
  expect((await readFile(small.fileId)).toString()).toBe('%PDF-1.7');
});

test('files stored in GridFS before are still read and deleted', async () => {
  const bytes = crypto.randomBytes(300_000);
  const upload = documentBucket().openUploadStream('old.pdf');
  await new Promise<void>((resolve, reject) => {
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(bytes);
  });
  const fileId = upload.id as mongoose.Types.ObjectId;
  expect((await readFile(fileId)).equals(bytes)).toBe(true);
  await deleteFile(fileId);
  await expect(readFile(fileId)).rejects.toThrow();
});

test('a step stores one record, found by the id derived from its case and key', async () => {
  const id = documentIdFor('C-2', 'receipt-0');
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(documentIdFor('C-2', 'receipt-0')).toBe(id);
  expect(documentIdFor('C-3', 'receipt-0')).not.toBe(id);
  expect(await findDocument('C-2', 'receipt-0')).toBeNull();
  const stored = await putFile(Buffer.from('%PDF-'), 'r.pdf', { caseCode: 'C-2' });
  const record = {
    caseCode: 'C-2',
    key: 'receipt-0',
    kind: 'RECEIPT' as const,
    title: 'Giấy tiếp nhận',
    contentType: 'application/pdf',
    fileName: 'r.pdf',
    ...stored,
    signatures: [],
    versions: [],
    appliedKeys: [],
  };
  await DocumentModel.create({ _id: id, ...record });
  expect(await findDocument('C-2', 'receipt-0')).toMatchObject({ _id: id, kind: 'RECEIPT' });
  // A second record for the same step is refused, whatever its id (records stored before had
  // random ids): the legacy lookup finds that one.
  await expect(DocumentModel.create({ _id: crypto.randomUUID(), ...record })).rejects.toMatchObject(
    { code: 11000 },
  );
  await DocumentModel.deleteOne({ _id: id });
  const legacy = crypto.randomUUID();
  await DocumentModel.create({ _id: legacy, ...record });
  expect(await findDocument('C-2', 'receipt-0')).toBeNull();
  expect(await findDocument('C-2', 'receipt-0', { legacy: true })).toMatchObject({ _id: legacy });
});
