/**
 * The PDF limits check (signing/pdf/limits.ts) runs before every parse, on our own documents as on
 * hostile ones, so it must stay linear in its input. A signed PDF holds a long run of digits (the
 * zero-padded /Contents of each signature): an unanchored `\d+\s+\d+\s+obj` search backtracked
 * through every suffix of such a run, and took 1.2 s on a 160 kB decision (quadratic: a run of a
 * few MB would never finish, or exhaust the regexp stack). Here a run of 4 MB must be read — in
 * milliseconds when linear, hours when not, so Jest's generous default limit tells them apart on
 * any machine — and the objects around it still counted.
 */
import zlib from 'node:zlib';
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

/**
 * Small Flate streams are not inflated when even Flate's largest expansion keeps them under
 * every limit (a signature's check is then mostly the cheap part): the refusals must be those of
 * inflating everything — the total still counted to the byte, a bomb still caught.
 */
describe('Flate streams left uninflated refuse exactly as inflated ones', () => {
  const zeros = zlib.deflateSync(Buffer.alloc(100_000));
  const withStreams = (n: number, data = zeros): Buffer => {
    const objs = Array.from(
      { length: n },
      (_, i) =>
        `${i + 1} 0 obj\n<< /Filter /FlateDecode /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream\nendobj\n`,
    );
    return Buffer.from(`%PDF-1.7\n${objs.join('')}%%EOF\n`, 'latin1');
  };
  const limits = { ...PDF_LIMITS, maxDecompressedBytes: 1_500_000 };

  test('the total: 15 streams of 100,000 bytes fit 1,500,000, 16 do not', () => {
    expect(zeros.length * 1100).toBeLessThan(limits.ratioFloorBytes);
    expect(() => checkPdfLimits(withStreams(15), limits)).not.toThrow();
    expect(() => checkPdfLimits(withStreams(16), limits)).toThrow(
      expect.objectContaining({ limit: 'decompressed' }),
    );
  });

  test('a bomb in a small stream (ratio)', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(3_000_000));
    const tight = { ...PDF_LIMITS, ratioFloorBytes: 10_000 };
    expect(() => checkPdfLimits(withStreams(1, bomb), tight)).toThrow(
      expect.objectContaining({ limit: 'ratio' }),
    );
  });
});
