/**
 * What `npm run samples` writes stays PDF/A-2b through every signature a case applies: veraPDF's
 * PDF/A-2B profile passes on every sample and on every revision inside it (the document as it
 * was after each signature, cut at the end of that signature's byte range), and no two signature
 * widgets on a page overlap by the rule EU DSS applies ("elements overlap" when rectangles share
 * more than an edge).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
import { cliSampleProducers, writeSamples } from '../../scripts/samples';
import { describeFailures, validatePdfA2b } from '../helpers/verapdf';
import { scratch } from '../signing/validators';

let dir: string;
let pdfs: string[];

beforeAll(async () => {
  dir = scratch('pdfa-samples-');
  pdfs = (await writeSamples(dir, cliSampleProducers())).filter((f) => f.endsWith('.pdf'));
}, 120_000);

/** Each revision that ends a signature's byte range, as a file of its own (newest excluded). */
function earlierRevisions(file: string): string[] {
  const bytes = readFileSync(file);
  const ends = [
    ...bytes.toString('latin1').matchAll(/\/ByteRange\s*\[\s*0\s+\d+\s+(\d+)\s+(\d+)\s*\]/g),
  ]
    .map((m) => Number(m[1]) + Number(m[2]))
    .filter((end) => end < bytes.length);
  return [...new Set(ends)].map((end) => {
    const out = path.join(dir, 'revisions', `${path.basename(file, '.pdf')}-${end}.pdf`);
    writeFileSync(out, bytes.subarray(0, end));
    return out;
  });
}

it('writes every document kind and the signing chain', () => {
  expect(pdfs.map((f) => path.basename(f)).sort()).toEqual(
    [
      '1-applicant.pdf',
      '2-ward.pdf',
      '3-department.pdf',
      '4-sealed.pdf',
      'apology.pdf',
      'application-form.pdf',
      'control-sheet.pdf',
      'decision.pdf',
      'receipt.pdf',
      'refusal.pdf',
      'supplement-request.pdf',
    ].sort(),
  );
});

it('passes veraPDF PDF/A-2B on every sample and every revision after a signature', async () => {
  mkdirSync(path.join(dir, 'revisions'), { recursive: true });
  const revisions = pdfs.flatMap(earlierRevisions);
  // The control sheet alone has four earlier revisions: four signatures, then the archive's
  // document time-stamp.
  expect(revisions.filter((r) => r.includes('control-sheet'))).toHaveLength(4);
  const results = await validatePdfA2b([...pdfs, ...revisions]);
  expect(results).toHaveLength(pdfs.length + revisions.length);
  expect(results.flatMap(describeFailures)).toEqual([]);
  expect(results.every((r) => r.compliant)).toBe(true);
}, 300_000);

it('has no two signature widgets overlapping on a page (the DSS rule)', async () => {
  const overlapping: string[] = [];
  for (const file of pdfs) {
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    doc.getPages().forEach((page, index) => {
      const boxes = (page.node.Annots()?.asArray() ?? []).map((ref) => {
        const rect = doc.context
          .lookup(ref as PDFRef, PDFDict)
          .lookup(PDFName.of('Rect'), PDFArray)
          .asArray()
          .map((n) => (n as PDFNumber).asNumber());
        const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
        return {
          minX: Math.min(x1, x2),
          maxX: Math.max(x1, x2),
          minY: Math.min(y1, y2),
          maxY: Math.max(y1, y2),
        };
      });
      boxes.forEach((a, i) => {
        if (a.maxX - a.minX === 0 || a.maxY - a.minY === 0) return; // invisible
        for (const b of boxes.slice(i + 1)) {
          const apart =
            a.minX >= b.maxX || b.minX >= a.maxX || a.minY >= b.maxY || b.minY >= a.maxY;
          if (!apart) overlapping.push(`${path.basename(file)} page ${index + 1}`);
        }
      });
    });
  }
  expect(overlapping).toEqual([]);
});
