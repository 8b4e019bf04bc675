/**
 * The Tinos subsets render every Vietnamese letter: `@pdf-lib/fontkit` 1.1.1 corrupts TrueType
 * subsets of fonts with a long `loca` table (most glyphs blank while text extraction still
 * works), which templates/fonts.ts repairs. Compared pixel by pixel with the full font.
 */
import { PDFDocument } from 'pdf-lib';
import {
  embedFontFamily,
  FONT_STYLES,
  loadFontBytes,
  loadFontFamilyBytes,
  subsetFontkit,
  subsetFontName,
} from '../../templates';
import { pdfToGray, scratch } from './helpers';

const VIETNAMESE =
  'ăâđêôơư ĂÂĐÊÔƠƯ àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ';
const LINES = [
  VIETNAMESE,
  VIETNAMESE.toLocaleUpperCase('vi-VN'),
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc',
  'Nguyễn Thị Hồng Nhung, 0123456789 (m²) “trích yếu” …',
];

async function page(subset: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(subsetFontkit);
  const fonts = subset
    ? await embedFontFamily(doc)
    : {
        regular: await doc.embedFont(loadFontBytes('regular')),
        bold: await doc.embedFont(loadFontBytes('bold')),
        italic: await doc.embedFont(loadFontBytes('italic')),
        boldItalic: await doc.embedFont(loadFontBytes('boldItalic')),
      };
  const p = doc.addPage([595, 420]);
  FONT_STYLES.forEach((style, s) =>
    LINES.forEach((line, l) =>
      p.drawText(line, {
        x: 20,
        y: 400 - (s * LINES.length + l) * 24,
        size: 13,
        font: fonts[style],
      }),
    ),
  );
  return doc.save();
}

describe('Tinos subsets', () => {
  const tmp = scratch();
  afterAll(() => tmp.cleanup());

  it('render exactly like the full font', async () => {
    const full = await pdfToGray(tmp.file('full.pdf', await page(false)), tmp.file('full'));
    const sub = await pdfToGray(tmp.file('sub.pdf', await page(true)), tmp.file('sub'));
    expect(sub.length).toBe(full.length);
    let ink = 0;
    let differing = 0;
    for (let i = 0; i < full.length; i += 1) {
      if ((full[i] ?? 255) < 128) ink += 1;
      if (Math.abs((full[i] ?? 0) - (sub[i] ?? 0)) > 32) differing += 1;
    }
    expect(ink).toBeGreaterThan(10000);
    expect(differing / ink).toBeLessThan(0.001);
  });

  it('are much smaller than the full font', async () => {
    const full = await page(false);
    const sub = await page(true);
    expect(sub.length * 5).toBeLessThan(full.length);
  });

  it('carry a six-letter subset tag, stable and seed-dependent', () => {
    expect(subsetFontName('regular')).toMatch(/^[A-Z]{6}\+Tinos-Regular$/);
    expect(subsetFontName('bold')).toBe(subsetFontName('bold'));
    expect(subsetFontName('bold', 'appearance')).not.toBe(subsetFontName('bold'));
  });

  it('loads the four styles from @expo-google-fonts/tinos once', () => {
    const bytes = loadFontFamilyBytes();
    for (const style of FONT_STYLES) {
      expect(bytes[style].length).toBeGreaterThan(100_000);
      expect(loadFontBytes(style)).toBe(bytes[style]); // cached
    }
  });
});
