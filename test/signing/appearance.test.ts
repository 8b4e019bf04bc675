/**
 * The visible signature: Vietnamese lines intact (NFC) as extracted by pdftotext, drawn inside
 * the field's rectangle, also when signing an existing empty field with custom lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { enrollSigner, signPdf, verifyPdf } from '../../signing';
import {
  KEK,
  PIN,
  type Fixture,
  createFixture,
  signerFor,
  templateWithEmptyField,
  threePagePdf,
} from './fixtures';
import { exec, scratch, validators } from './validators';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});
let dir: string;

beforeAll(() => {
  dir = scratch();
});

async function pdftotext(pdf: Buffer, page = 1): Promise<string> {
  const v = await validators();
  const file = path.join(dir, `t-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  const r = await exec(v.pdftotext, ['-f', String(page), '-l', String(page), file, '-']);
  expect(r.code).toBe(0);
  return r.stdout;
}

/** Renders page 1 at 100 dpi as greyscale (PGM) and counts dark pixels in a PDF-space box. */
async function darkPixels(
  pdf: Buffer,
  box: [number, number, number, number],
  name: string,
): Promise<number> {
  const v = await validators();
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // The first page at 100 dpi, in colour (PNG) and in grey (PGM).
  const page1 = (mode: '-png' | '-gray', out: string) =>
    exec(v.pdftoppm, [mode, '-r', '100', '-f', '1', '-l', '1', '-singlefile', file, out]);
  const png = await page1('-png', path.join(dir, name));
  expect(png.code).toBe(0);
  const gray = await page1('-gray', path.join(dir, `${name}-g`));
  expect(gray.code).toBe(0);
  const pgm = readFileSync(path.join(dir, `${name}-g.pgm`));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = pgm.subarray(header[0].length);
  const k = 100 / 72;
  const [x1, y1, x2, y2] = box;
  let dark = 0;
  for (let y = Math.floor(height - y2 * k); y < height - y1 * k; y++) {
    for (let x = Math.floor(x1 * k); x < x2 * k; x++)
      if ((data[y * width + x] ?? 255) < 128) dark++;
  }
  return dark;
}

it('writes the customary lines with diacritics intact, inside the rectangle', async () => {
  const pdf = await signPdf(await threePagePdf(), signerFor(fx.ward), {
    fieldName: 'WardApproval',
    placement: { page: 0, rect: [300, 60, 560, 140] },
    signingTime: '2026-12-03T02:15:42Z',
  });
  const text = await pdftotext(pdf);
  for (const line of [
    'Ký bởi: NGUYỄN VĂN A',
    'Chức vụ: Phó Chủ tịch',
    'Cơ quan: Ủy ban nhân dân phường Sài Gòn',
    'Thời gian ký: 03/12/2026 09:15:42 +07:00',
  ]) {
    expect(text).toContain(line);
  }
  expect(text).toBe(text.normalize('NFC'));
  const inside = await darkPixels(pdf, [300, 60, 560, 140], 'visible');
  const besideIt = await darkPixels(pdf, [40, 60, 290, 140], 'visible');
  expect(inside).toBeGreaterThan(800);
  expect(besideIt).toBe(0);
});

it('normalises NFD input (certificate names and custom lines) to NFC', async () => {
  const nfdName = 'Nguyễn Văn A'.normalize('NFD');
  expect(nfdName).not.toBe('Nguyễn Văn A');
  const official = await enrollSigner(fx.pki, KEK, {
    profile: 'OFFICIAL',
    subject: {
      fullName: nfdName,
      title: 'Chủ tịch'.normalize('NFD'),
      organization: 'Ủy ban nhân dân phường Bến Thành'.normalize('NFD'),
    },
    pin: PIN,
  });
  const pdf = await signPdf(await threePagePdf(false), signerFor(official), {
    placement: { rect: [60, 60, 330, 150] },
    appearance: { extraLines: ['Ghi chú: Hồ sơ hợp lệ'.normalize('NFD')] },
  });
  const text = await pdftotext(pdf);
  expect(text).toContain('Ký bởi: NGUYỄN VĂN A');
  expect(text).toContain('Chức vụ: Chủ tịch');
  expect(text).toContain('Cơ quan: Ủy ban nhân dân phường Bến Thành');
  expect(text).toContain('Ghi chú: Hồ sơ hợp lệ');
  const report = await verifyPdf(pdf, { trustAnchorsPem: fx.roots });
  expect(report.signatures[0]?.signerName).toBe('Nguyễn Văn A');
});

it('signs an existing empty field by name, in its widget rectangle, with custom lines', async () => {
  const template = await templateWithEmptyField('KyDuyet');
  const pdf = await signPdf(template, signerFor(fx.ward), {
    fieldName: 'KyDuyet',
    appearance: {
      lines: ['Bước: Thẩm định hồ sơ', 'Người xử lý: Nguyễn Văn A', 'Kết quả: Đúng hạn'],
    },
  });
  const text = await pdftotext(pdf);
  expect(text).toContain('Kết quả: Đúng hạn');
  expect(text).toContain('Bước: Thẩm định hồ sơ');
  expect(text).not.toContain('Ký bởi');
  expect(await darkPixels(pdf, [300, 500, 560, 590], 'template')).toBeGreaterThan(500);
  const report = await verifyPdf(pdf, { trustAnchorsPem: fx.roots });
  expect(report.valid).toBe(true);
  expect(report.signatures.map((s) => s.fieldName)).toEqual(['KyDuyet']);
});

it('makes invisible seals when no rectangle is given', async () => {
  const pdf = await signPdf(await threePagePdf(), signerFor(fx.seal), { fieldName: 'Seal' });
  expect(await pdftotext(pdf)).not.toContain('Ký bởi');
  const report = await verifyPdf(pdf, { trustAnchorsPem: fx.roots });
  expect(report.signatures[0]).toMatchObject({
    fieldName: 'Seal',
    signerName: 'Sở Xây dựng',
    chain: 'TRUSTED',
  });
});
