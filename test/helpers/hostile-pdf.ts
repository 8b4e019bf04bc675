/**
 * Hostile PDFs for tests (issue 10, row 1). The small ones are kept as files in
 * test/fixtures/hostile-pdf/ (written by `writeCorpus`, see its README); a decompression bomb is
 * built by the test that needs it, in a millisecond and about 1 MB, never committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const CORPUS_DIR = path.resolve(__dirname, '..', 'fixtures', 'hostile-pdf');

/** A PDF of these objects (numbered 1..n, object 1 the catalog) with a right xref table. */
export function buildPdf(objects: Array<string | Buffer>, trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(obj);
    offset += obj.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object: its dictionary entries and its (already encoded) data. */
export function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

const PAGE_TREE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
];

/**
 * zlib data that inflates to `mib` MiB of spaces (a valid stream, Adler-32 included): one MiB
 * compressed after a full flush is the same bytes every time, so the bomb is that piece repeated.
 */
export function flateBomb(mib: number): Buffer {
  const piece = zlib.deflateRawSync(Buffer.alloc(1 << 20, 0x20), {
    level: 9,
    finishFlush: zlib.constants.Z_FULL_FLUSH,
  });
  const n = BigInt(mib) * (1n << 20n);
  const a = (1n + n * 32n) % 65521n;
  const b = (n + (32n * n * (n + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array<Buffer>(mib).fill(piece),
    Buffer.from([3, 0]),
    adler,
  ]);
}

/**
 * The bomb of the issue: a PDF of about 1 MB whose object stream inflates to `mib` MiB (1 GiB by
 * default); a parser reading the document must inflate it to find the objects inside.
 */
export function objectStreamBomb(mib = 1024): Buffer {
  return buildPdf([
    ...PAGE_TREE,
    stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', flateBomb(mib)),
  ]);
}

/** A page whose content stream is a bomb (what a renderer of the upload would inflate). */
export function contentStreamBomb(mib = 1024): Buffer {
  return buildPdf([
    PAGE_TREE[0]!,
    PAGE_TREE[1]!,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream('/Filter /FlateDecode', flateBomb(mib)),
  ]);
}

/** `pages` page objects under one /Pages node. */
export function manyPages(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return buildPdf([
    PAGE_TREE[0]!,
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R >>'),
  ]);
}

/** The small hostile documents, by file name. */
export function corpus(): Record<string, Buffer> {
  const simple = buildPdf(PAGE_TREE);
  const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  // An object stream whose one object nests 5,000 levels deep: invisible to a scan of raw bytes.
  const inner = `5 0 ${nested}`;
  let garbage = 0x12345678;
  const noise = Buffer.alloc(4096, 0).map(() => {
    garbage = (garbage * 1103515245 + 12345) >>> 0;
    return garbage >>> 24;
  });
  return {
    'truncated.pdf': simple.subarray(0, Math.floor(simple.length / 2)),
    'garbage.pdf': Buffer.concat([Buffer.from('%PDF-1.7\n'), noise]),
    'header-only.pdf': Buffer.from('%PDF-1.7\n%%EOF\n'),
    'circular-pages.pdf': buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>',
      '<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>',
    ]),
    'self-referencing.pdf': buildPdf([
      '<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox 3 0 R >>',
      '<< /Fields [4 0 R] /Kids [4 0 R] /Parent 4 0 R >>',
    ]),
    'circular-xref.pdf': (() => {
      // The xref section's /Prev names itself.
      const pdf = simple.toString('latin1');
      const at = Number(/startxref\n(\d+)/.exec(pdf)![1]);
      return Buffer.from(pdf.replace('/Root 1 0 R ', `/Root 1 0 R /Prev ${at} `), 'latin1');
    })(),
    'deeply-nested.pdf': buildPdf([...PAGE_TREE, nested]),
    'deeply-nested-dicts.pdf': buildPdf([
      ...PAGE_TREE,
      `${'<< /A '.repeat(3000)}1${' >>'.repeat(3000)}`,
    ]),
    'nested-in-object-stream.pdf': buildPdf([
      ...PAGE_TREE,
      stream(
        `/Type /ObjStm /N 1 /First ${inner.indexOf('[')} /Filter /FlateDecode`,
        zlib.deflateSync(inner),
      ),
    ]),
    'bad-flate.pdf': buildPdf([
      ...PAGE_TREE,
      stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from('not zlib at all')),
    ]),
    'lzw-object-stream.pdf': buildPdf([
      ...PAGE_TREE,
      // LZW, which no zlib cap bounds: refused unread.
      stream('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from([0x80, 0x0b, 0x60])),
    ]),
    'double-flate-bomb.pdf': buildPdf([
      ...PAGE_TREE,
      // 64 MiB of spaces, deflated twice: a few hundred bytes.
      stream(
        '/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]',
        zlib.deflateSync(flateBomb(64), { level: 9 }),
      ),
    ]),
  };
}

/** Writes the corpus files (run once when it changes: `npx tsx test/helpers/hostile-pdf.ts`). */
export function writeCorpus(): void {
  fs.mkdirSync(CORPUS_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(corpus())) {
    fs.writeFileSync(path.join(CORPUS_DIR, name), bytes);
  }
}

if (require.main === module) writeCorpus();
