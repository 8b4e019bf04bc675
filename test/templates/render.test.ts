/**
 * Every kind renders to a valid PDF (qpdf --check), rasterises with pdftoppm, and renders to the
 * same bytes twice (a retried activity must not produce a different document).
 */
import { existsSync, statSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { renderDocument, renderRequest } from '../../templates';
import { KINDS, sampleData } from './fixtures';
import { pdfToPng, qpdfCheck, scratch } from './helpers';

describe.each(KINDS)('%s rendering', (kind) => {
  const tmp = scratch();
  afterAll(() => tmp.cleanup());

  it('passes qpdf --check and rasterises to non-trivial PNGs', async () => {
    const doc = await renderDocument(kind, sampleData()[kind] as never);
    expect(doc.kind).toBe(kind);
    expect(doc.title.length).toBeGreaterThan(5);
    expect(doc.title).toBe(doc.title.normalize('NFC'));
    const path = tmp.file(`${kind}.pdf`, doc.pdf);

    const check = await qpdfCheck(path);
    expect(check.output).not.toMatch(/WARNING/);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.code).toBe(0);

    await pdfToPng(path, tmp.file(kind), 80);
    for (let page = 1; page <= doc.pageCount; page += 1) {
      const png = tmp.file(
        doc.pageCount > 1
          ? `${kind}-${String(page).padStart(String(doc.pageCount).length, '0')}.png`
          : `${kind}-1.png`,
      );
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(8000);
    }
  });

  it('renders identical bytes for the same input', async () => {
    const first = await renderDocument(kind, sampleData()[kind] as never);
    const second = await renderRequest({ kind, data: sampleData()[kind] } as never);
    expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
  });

  it('takes its metadata from the input, not the clock', async () => {
    const data = sampleData()[kind];
    const doc = await renderDocument(kind, data as never);
    const pdf = await PDFDocument.load(doc.pdf, { updateMetadata: false });
    expect(pdf.getCreationDate()?.toISOString()).toBe(new Date(data.issuedAt).toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(new Date(data.issuedAt).toISOString());
    expect(pdf.getProducer()).toContain('motcua templates');
    expect(pdf.getTitle()).toBe(pdf.getTitle()?.normalize('NFC'));
    expect(pdf.getPageCount()).toBe(doc.pageCount);
    const size = pdf.getPage(0).getSize();
    expect(size.width).toBeCloseTo(595.28, 1);
    expect(size.height).toBeCloseTo(841.89, 1);
  });
});

describe('fonts in the output', () => {
  it('embeds the four Tinos styles as tagged subsets', async () => {
    const doc = await renderDocument('DECISION', sampleData().DECISION);
    const pdf = await PDFDocument.load(doc.pdf);
    const names: string[] = [];
    pdf.context.enumerateIndirectObjects().forEach(([, obj]) => {
      if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) return;
      const base = obj.get(PDFName.of('BaseFont'));
      if (base instanceof PDFName && obj.get(PDFName.of('Subtype')) === PDFName.of('Type0')) {
        names.push(base.decodeText());
      }
    });
    expect(names.every((n) => /^[A-Z]{6}\+Tinos-/.test(n))).toBe(true);
    expect(names.map((n) => n.slice(7)).sort()).toEqual([
      'Tinos-Bold',
      'Tinos-BoldItalic',
      'Tinos-Italic',
      'Tinos-Regular',
    ]);
  });
});
