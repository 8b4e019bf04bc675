/**
 * The receipt's QR code, read back from the printed page by a decoder we did not write (jsQR)
 * on poppler's raster: it is the tracking address printed beside it, `/tra-cuu?MHS=<code>`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';

import { renderDocument } from '../../templates';
import { trackingLink } from '../../domain/tracking';
import { DOSSIER_CODE, sampleData } from './fixtures';
import { TEST_TMP } from '../helpers/paths';
import { pdfText, pdfToPng, scratch } from './helpers';
import { tools } from './tools';

/** A binary PGM (P5, maxval 255) as RGBA for jsQR. */
function pgmToRgba(pgm: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary 8-bit PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i] as number;
    data.set([v, v, v, 255], i * 4);
  }
  return { data, width, height };
}

test('the receipt carries a QR code of its tracking address', async () => {
  const tmp = scratch();
  try {
    const data = sampleData().RECEIPT;
    const doc = await renderDocument('RECEIPT', data);
    const path = tmp.file('receipt.pdf', doc.pdf);
    // Kept for a look: test/.tmp/receipt-qr-*.png.
    await pdfToPng(path, `${TEST_TMP}/receipt-qr`, 80);
    // The QR stands with the closing, on whichever page that falls: read every page.
    const { pdftoppm } = await tools();
    const pages = (await PDFDocument.load(doc.pdf)).getPageCount();
    const found: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const prefix = `${tmp.dir}/page-${n}`;
      await promisify(execFile)(pdftoppm, [
        ...['-gray', '-r', '150', '-f', String(n), '-l', String(n), '-singlefile'],
        ...[path, prefix],
      ]);
      const { data: rgba, width, height } = pgmToRgba(readFileSync(`${prefix}.pgm`));
      const qr = jsQR(rgba, width, height);
      if (qr) found.push(qr.data);
    }
    const expected = trackingLink(data.trackingBaseUrl, DOSSIER_CODE);
    expect(expected).toBe(`https://dichvucong.hochiminhcity.gov.vn/tra-cuu?MHS=${DOSSIER_CODE}`);
    expect(found).toEqual([expected]);
    // The same address is printed in words, for whoever cannot scan it.
    expect((await pdfText(path, false)).replace(/\s+/g, '')).toContain(expected);
  } finally {
    tmp.cleanup();
  }
});
