/**
 * The PDF limits check (signing/pdf/limits.ts) runs before every parse, on our own documents as on
 * hostile ones, so it must stay linear in its input. A signed PDF holds a long run of digits (the
 * zero-padded /Contents of each signature): an unanchored `\d+\s+\d+\s+obj` search backtracked
 * through every suffix of such a run, and took 1.2 s on a 160 kB decision (quadratic: a run of a
 * few MB would never finish, or exhaust the regexp stack). Here a run of 4 MB must be read — in
 * milliseconds when linear, hours when not, so Jest's generous default limit tells them apart on
 * any machine — and the objects around it still counted.
 */
import { checkPdfLimits, PDF_LIMITS, PdfLimitError } from '../../signing/pdf/limits';

const pdfWith = (middle: string, objects: number): Buffer => {
  const objs = Array.from({ length: objects }, (_, i) => `${i + 1} 0 obj\n<< /A ${i} >>\nendobj\n`);
  return Buffer.from(`%PDF-1.7\n${objs.join('')}<${middle}>\n%%EOF\n`, 'latin1');
};

test('a run of 4 MB of digits is read in one pass', () => {
  expect(() => checkPdfLimits(pdfWith('0'.repeat(4 * 1024 * 1024), 3))).not.toThrow();
});

test('object headers are still counted around long digit runs', () => {
  const limits = { ...PDF_LIMITS, maxObjects: 5 };
  expect(() => checkPdfLimits(pdfWith('1'.repeat(100_000), 5), limits)).not.toThrow();
  expect(() => checkPdfLimits(pdfWith('1'.repeat(100_000), 6), limits)).toThrow(PdfLimitError);
});
