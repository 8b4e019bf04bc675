/**
 * Hostile PDFs (issue 10, row 1) against the public POST /api/verify and the uploads: the corpus
 * of test/fixtures/hostile-pdf/ (truncated, garbage, circular, deeply nested, bombs) and a 1 GiB
 * bomb built here each get a clear 4xx in the contract's shape with a Vietnamese message, never a
 * 500; the limits of signing/pdf/limits.ts hold; verification runs off the event loop, so that
 * /healthz answers while bombs are being verified.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { checkAttachments } from '../../services/applications/attachments';
import { verificationMaterial } from '../../activities/pki';
import { parseKek, PDF_LIMITS, PdfLimitError, verifyPdfIsolated } from '../../signing';
import { closeDroppingDatabase, serveSeededApi, type ServedApi } from '../helpers/api';
import { contentStreamBomb, CORPUS_DIR, manyPages, objectStreamBomb } from '../helpers/hostile-pdf';

let api: ServedApi;
let client = 0;

beforeAll(async () => {
  api = await serveSeededApi('hostile-pdf');
});

afterAll(() => closeDroppingDatabase(api));

interface Answer {
  status: number;
  json: { error?: { code: string; message: string; details?: { limit?: string } } } & Record<
    string,
    unknown
  >;
}

async function verify(body: Uint8Array): Promise<Answer> {
  const res = await fetch(`${api.url}/api/verify`, {
    method: 'POST',
    // An address of its own per request: the per-address budget stays out of the way.
    headers: {
      'Content-Type': 'application/pdf',
      'X-Forwarded-For': `10.88.${client >> 8}.${client++ & 255}`,
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

const VIETNAMESE = /[À-ỹ]/;

/** Each file of the corpus and what it must get: the contract code, or 200 for a readable file. */
const EXPECTED: Record<string, { status: number; code?: string; limit?: string }> = {
  'truncated.pdf': { status: 400, code: 'VALIDATION_FAILED' },
  'garbage.pdf': { status: 400, code: 'VALIDATION_FAILED' },
  'header-only.pdf': { status: 400, code: 'VALIDATION_FAILED' },
  'bad-flate.pdf': { status: 400, code: 'VALIDATION_FAILED' },
  'circular-xref.pdf': { status: 400, code: 'VALIDATION_FAILED' },
  // Readable, unsigned: a report that says so, although their trees loop.
  'circular-pages.pdf': { status: 200 },
  'self-referencing.pdf': { status: 200 },
  'deeply-nested.pdf': { status: 413, code: 'TOO_LARGE', limit: 'depth' },
  'deeply-nested-dicts.pdf': { status: 413, code: 'TOO_LARGE', limit: 'depth' },
  'nested-in-object-stream.pdf': { status: 413, code: 'TOO_LARGE', limit: 'depth' },
  'double-flate-bomb.pdf': { status: 413, code: 'TOO_LARGE', limit: 'ratio' },
  'lzw-object-stream.pdf': { status: 413, code: 'TOO_LARGE', limit: 'decompressed' },
};

test('the corpus is complete: every file has its expected answer, and the other way round', () => {
  expect(
    fs
      .readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.pdf'))
      .sort(),
  ).toEqual(Object.keys(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))('%s: %j', async (file, expected) => {
  const { status, json } = await verify(fs.readFileSync(path.join(CORPUS_DIR, file)));
  expect(status).toBe(expected.status);
  if (expected.status === 200) {
    expect(json).toMatchObject({ valid: false, signatures: [] });
    return;
  }
  expect(json.error).toMatchObject({ code: expected.code, message: expect.any(String) });
  expect(json.error!.message).toMatch(VIETNAMESE);
  if (expected.limit) expect(json.error!.details).toEqual({ limit: expected.limit });
});

test('a 1 MB PDF whose object stream inflates to 1 GiB: 413, after at most the limit of work', async () => {
  const bomb = objectStreamBomb(1024);
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  const { status, json } = await verify(bomb);
  expect(status).toBe(413);
  expect(json.error).toMatchObject({ code: 'TOO_LARGE', details: { limit: 'decompressed' } });
  expect(json.error!.message).toBe(
    `Tệp PDF chứa dữ liệu nén giải nén ra quá lớn (tối đa ${PDF_LIMITS.maxDecompressedBytes / 1024 / 1024} MB); hệ thống không xử lý tệp này.`,
  );
});

test('more pages than the limit: 413 pages', async () => {
  const { status, json } = await verify(manyPages(PDF_LIMITS.maxPages + 1));
  expect(status).toBe(413);
  expect(json.error).toMatchObject({ code: 'TOO_LARGE', details: { limit: 'pages' } });
});

test('/healthz answers while bombs are being verified', async () => {
  const bomb = objectStreamBomb(1024);
  let bombsDone = 0;
  const bombs = Array.from({ length: 4 }, () =>
    verify(bomb).then((a) => {
      bombsDone++;
      return a.status;
    }),
  );
  // Health checks one after another until the last bomb is answered.
  const healthyBeforeBombs: number[] = [];
  while (bombsDone < bombs.length) {
    const res = await fetch(`${api.url}/healthz`);
    if (bombsDone < bombs.length) healthyBeforeBombs.push(res.status);
  }
  expect(await Promise.all(bombs)).toEqual([413, 413, 413, 413]);
  expect(healthyBeforeBombs.length).toBeGreaterThan(0);
  expect(healthyBeforeBombs.every((s) => s === 200)).toBe(true);
});

test('a verification past its deadline is stopped with the limit "time"; the next one runs', async () => {
  const material = await verificationMaterial(parseKek(api.deps.config.keyEncryptionKey));
  const doc = await PDFDocument.create();
  doc.addPage();
  const pdf = Buffer.from(await doc.save());
  await expect(verifyPdfIsolated(pdf, material!, { timeMs: 0 })).rejects.toEqual(
    new PdfLimitError('time'),
  );
  // A fresh thread took the stopped one's place.
  expect(await verifyPdfIsolated(pdf, material!)).toMatchObject({ valid: false, signatures: [] });
});

test('an uploaded PDF over the limits is refused as TOO_LARGE, naming the file; a normal one passes', async () => {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Giay to');
  const normal = Buffer.from(await doc.save());
  const bomb = contentStreamBomb(1024);
  await expect(
    checkAttachments([
      { fileName: 'to-khai.pdf', bytes: normal },
      { fileName: 'bom.pdf', bytes: bomb },
    ]),
  ).rejects.toMatchObject({
    code: 'TOO_LARGE',
    details: [{ field: 'attachments[1]', limit: 'decompressed' }],
    say: { key: 'pdfLimit.decompressed' },
  });
  expect(await checkAttachments([{ fileName: 'to-khai.pdf', bytes: normal }])).toEqual([
    expect.objectContaining({ fileName: 'to-khai.pdf', contentType: 'application/pdf' }),
  ]);
});
