/**
 * The lazy reading of a PDF for an incremental update (signing/pdf/lazy.ts, with its object
 * parser signing/pdf/object-parser.ts) reads every object as pdf-lib's whole parse does — classic
 * tables, xref streams, object streams, a hybrid file — and gives up (the update then runs on the
 * whole parse, as before) where the cross-reference does not match the file.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFObjectParser,
  PDFRef,
  PDFString,
  StandardFonts,
} from 'pdf-lib';
import { SigningError, signPdf, verifyPdf } from '../../signing';
import { NeedsFullParse, openLazily } from '../../signing/pdf/lazy';
import { parseDictEntries, parseDirectObject } from '../../signing/pdf/object-parser';
import { readXrefChain } from '../../signing/pdf/xref';
import {
  type Fixture,
  createFixture,
  signerFor,
  templateWithEmptyField,
  threePagePdf,
} from './fixtures';
import { qpdfCheck, scratch } from './validators';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});

/** Every object the chain says is in use (its newest entry). */
function inUse(pdf: Buffer): PDFRef[] {
  const newest = new Map<number, { type: number; generation: number }>();
  for (const s of readXrefChain(pdf).sections)
    for (const [num, e] of s.entries) if (!newest.has(num)) newest.set(num, e);
  return [...newest]
    .filter(([, e]) => e.type !== 0)
    .map(([num, e]) => PDFRef.of(num, e.generation));
}

/** Each object read lazily is the object pdf-lib's whole parse reads (same class, same bytes). */
async function expectSameObjects(pdf: Buffer): Promise<number> {
  const whole = await PDFDocument.load(pdf, { updateMetadata: false });
  const lazy = openLazily(pdf, readXrefChain(pdf));
  let compared = 0;
  for (const ref of inUse(pdf)) {
    const expected = whole.context.lookup(ref);
    // pdf-lib's parse keeps neither object streams nor xref streams as objects.
    if (expected === undefined) continue;
    const got = lazy.context.lookup(ref);
    expect(got?.constructor).toBe(expected.constructor);
    expect(got?.toString()).toBe(expected.toString());
    compared++;
  }
  return compared;
}

/** A classic-table file with an update in hybrid form: an object stream listed by /XRefStm. */
function hybridUpdate(classic: Buffer): { pdf: Buffer; rootNumber: number } {
  const chain = readXrefChain(classic);
  const root = chain.trailer.get(PDFName.of('Root')) as PDFRef;
  const pages = /\/Pages\s+(\d+ \d+ R)/.exec(classic.toString('latin1'))?.[1] as string;
  const objStm = chain.size;
  const xrefStm = chain.size + 1;
  const inner = `<< /Type /Catalog /Pages ${pages} /Lang (vi-VN) >>`;
  const head = `${root.objectNumber} 0 `;
  const data = head + inner;
  let out = classic.toString('latin1');
  const objStmAt = out.length;
  out += `${objStm} 0 obj\n<< /Type /ObjStm /N 1 /First ${head.length} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`;
  const rows = Buffer.from([2, 0, 0, 0, objStm, 0, 0]);
  const xrefStmAt = out.length;
  out += `${xrefStm} 0 obj\n<< /Type /XRef /Size ${xrefStm + 1} /W [1 4 2] /Index [${root.objectNumber} 1] /Length ${rows.length} >>\nstream\n${rows.toString('latin1')}\nendstream\nendobj\n`;
  const tableAt = out.length;
  out += `xref\n${objStm} 2\n${String(objStmAt).padStart(10, '0')} 00000 n\r\n${String(xrefStmAt).padStart(10, '0')} 00000 n\r\n`;
  out += `trailer\n<< /Size ${xrefStm + 1} /Root ${root.objectNumber} 0 R /Prev ${chain.startxref} /XRefStm ${xrefStmAt} >>\nstartxref\n${tableAt}\n%%EOF\n`;
  return { pdf: Buffer.from(out, 'latin1'), rootNumber: root.objectNumber };
}

async function signedAndValid(pdf: Buffer, name: string, qpdf = true): Promise<Buffer> {
  const out = await signPdf(pdf, signerFor(fx.ward), {
    fieldName: 'Ky',
    placement: { page: 1, rect: [300, 40, 560, 110] },
  });
  const report = await verifyPdf(out, { trustAnchorsPem: fx.roots });
  expect(report.valid).toBe(true);
  if (qpdf) {
    const file = path.join(scratch('lazy-'), `${name}.pdf`);
    writeFileSync(file, out);
    expect((await qpdfCheck(file)).code).toBe(0);
  }
  return out;
}

describe('reads the objects pdf-lib reads', () => {
  it('from a classic cross-reference table', async () => {
    expect(await expectSameObjects(await threePagePdf(false))).toBeGreaterThan(8);
  });

  it('from an xref stream, the catalogue inside an object stream', async () => {
    const pdf = await threePagePdf(true);
    const chain = readXrefChain(pdf);
    const root = chain.trailer.get(PDFName.of('Root')) as PDFRef;
    expect(chain.kind).toBe('stream');
    expect(chain.sections[0]?.entries.get(root.objectNumber)?.type).toBe(2);
    expect(await expectSameObjects(pdf)).toBeGreaterThan(8);
    await signedAndValid(pdf, 'object-streams');
  });

  it('from a file with revisions (a signed template signed again)', async () => {
    const once = await signPdf(await templateWithEmptyField('KyDuyet'), signerFor(fx.ward), {
      fieldName: 'KyDuyet',
    });
    expect(readXrefChain(once).sections.length).toBe(2);
    expect(await expectSameObjects(once)).toBeGreaterThan(8);
    const twice = await signPdf(once, signerFor(fx.seal));
    const report = await verifyPdf(twice, { trustAnchorsPem: fx.roots });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.integrity)).toEqual(['INTACT', 'INTACT']);
  });

  it('from a hybrid file (a classic table and /XRefStm)', async () => {
    const { pdf, rootNumber } = hybridUpdate(await threePagePdf(false));
    const lazy = openLazily(pdf, readXrefChain(pdf));
    const catalog = lazy.context.lookup(PDFRef.of(rootNumber, 0));
    expect(catalog?.toString()).toContain('/Lang (vi-VN)');
    expect(await expectSameObjects(pdf)).toBeGreaterThan(8);
    const signed = await signedAndValid(pdf, 'hybrid');
    // The update rewrote the catalogue read from the object stream, /Lang kept.
    const doc = await PDFDocument.load(signed);
    expect(doc.catalog.get(PDFName.of('Lang'))).toEqual(PDFString.of('vi-VN'));
    expect(doc.catalog.get(PDFName.of('AcroForm'))).toBeDefined();
  });
});

describe('gives up where the cross-reference does not match the file', () => {
  /** The file with its first page object moved 2 bytes on, the table's offsets left as they were. */
  async function shifted(): Promise<Buffer> {
    const text = (await threePagePdf(false)).toString('latin1');
    const objAt = text.lastIndexOf(' obj', text.indexOf('/Type /Page\n'));
    const lineStart = text.lastIndexOf('\n', objAt) + 1;
    const moved = `${text.slice(0, lineStart)}\n\n${text.slice(lineStart)}`;
    const sx = moved.lastIndexOf('startxref');
    const fixed = moved.slice(0, sx) + moved.slice(sx).replace(/\d+/, (n) => String(Number(n) + 2));
    return Buffer.from(fixed, 'latin1');
  }

  it('an object that is not at its offset: the lazy reading refuses, signing still works', async () => {
    const pdf = await shifted();
    expect(() => openLazily(pdf, readXrefChain(pdf))).toThrow(NeedsFullParse);
    await signedAndValid(pdf, 'shifted', false);
  });

  it('a reference to an object that is not in use: looked up, it gives up', async () => {
    const pdf = await threePagePdf(false);
    const lazy = openLazily(pdf, readXrefChain(pdf));
    expect(() => lazy.context.lookup(PDFRef.of(lazy.largest, 5))).toThrow(NeedsFullParse);
  });

  it('a damaged object the update reads is refused MALFORMED_PDF, as by the whole parse', async () => {
    const pdf = await threePagePdf(false);
    const text = pdf.toString('latin1');
    // Same length: every offset stays right, the page tree's root cannot be parsed.
    const damaged = Buffer.from(text.replace('/Type /Pages', '/Type ]Pages'), 'latin1');
    expect(() => openLazily(damaged, readXrefChain(damaged))).not.toThrow();
    const err = await signPdf(damaged, signerFor(fx.ward)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect((err as SigningError).code).toBe('MALFORMED_PDF');
  });
});

describe('the object parser', () => {
  const samples = [
    '<< /Type /Page /Parent 3 0 R /MediaBox [ 0 0 595.28 841.89 ] /Annots [ ] >>',
    '<</A 1 0 R/B[1 2 3 R]/C(a \\(b\\) (c)) /D <FEFF0041> /E true /F false /G null /H -.5 /I +3>>',
    '<< /N#20ame /x#41 /Nested << /Deep [ << /K 0 >> ] >> % a comment\n /Last 12 >>',
    '[ 1 0 R 2 0 obj 4 ]',
    '(unbalanced',
    '<< /Length 3 >>\nstream\nabc\nendstream',
  ];
  it.each(samples)('reads %j as pdf-lib does (or leaves it to pdf-lib)', (text) => {
    const bytes = Buffer.from(text, 'latin1');
    const ours = parseDirectObject(bytes, 0, PDFContext.create());
    let theirs: unknown;
    try {
      theirs = PDFObjectParser.forBytes(bytes, PDFContext.create()).parseObject();
    } catch {
      theirs = undefined;
    }
    if (ours === undefined) {
      // Left to pdf-lib: a stream, or what pdf-lib itself refuses.
      expect(text.includes('stream') || theirs === undefined).toBe(true);
    } else {
      expect(ours.constructor).toBe((theirs as object).constructor);
      expect(ours.toString()).toBe(String(theirs));
    }
  });

  it.each(samples.filter((t) => t.startsWith('<<')))(
    'reads some entries of %j, skipping the others, as the whole dictionary has them',
    (text) => {
      const bytes = Buffer.from(text, 'latin1');
      const whole = parseDirectObject(bytes, 0, PDFContext.create());
      const keys = new Set(['Type', 'Kids', 'Last', 'I', 'C'].map((k) => PDFName.of(k)));
      const some = parseDictEntries(bytes, 0, PDFContext.create(), keys);
      if (!(whole instanceof PDFDict)) {
        expect(some).toBeUndefined();
        return;
      }
      const expected = whole
        .entries()
        .filter(([k]) => keys.has(k))
        .map(([k, v]) => [k, String(v)]);
      expect([...(some ?? [])].map(([k, v]) => [k, String(v)])).toEqual(expected);
    },
  );

  it('reads the pages of a pdf-lib document with a font embedded per line', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage();
    for (let i = 0; i < 30; i++) page.drawText(`line ${i}`, { font, y: 20 * i });
    const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
    expect(pdf.toString('latin1').match(/Times-Roman-\d+ \d+ 0 R/g)?.length).toBe(30);
    expect(await expectSameObjects(pdf)).toBeGreaterThan(3);
  });
});
