/**
 * The visible signatures of a decision as Decree 30 lays them out: the department's seal drawn as
 * a round red seal in its square field (left of the approver's field, touching it), the approver's
 * box with name, title, unit and time under their handwritten signature, a table row written into
 * its columns; the signed file stays PDF/A-2b (veraPDF) and no two signature widgets overlap (the
 * rule EU DSS applies: rectangles that share only an edge do not overlap).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import { isSigningError, signPdf, verifyPdf } from '../../signing';
import { renderDocument, stepAppearanceColumns } from '../../templates';
import { describeFailures, validatePdfA2b } from '../helpers/verapdf';
import { jpegHeader, signaturePng } from '../helpers/png';
import { sampleData } from '../templates/fixtures';
import { type Fixture, createFixture, signerFor } from './fixtures';
import { exec, scratch, validators } from './validators';

let fx: Fixture;
let dir: string;
beforeAll(async () => {
  fx = await createFixture();
  dir = scratch('seal-');
});

// After the fixture's certificates were issued (now), whatever today is.
const SIGNED_AT = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000).toISOString();

/** "dd/mm/yyyy HH:MM:SS +07:00", computed independently of the library. */
function vietnamDisplay(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 19)} +07:00`;
}

interface Raster {
  width: number;
  height: number;
  rgb: Buffer;
  /** Pixels per point. */
  k: number;
}

async function raster(pdf: Buffer, page: number, name: string, dpi = 100): Promise<Raster> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const v = await validators();
  const r = await exec(v.pdftoppm, [
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    path.join(dir, name),
  ]);
  expect(r.code).toBe(0);
  const data = readFileSync(path.join(dir, `${name}.ppm`));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PPM');
  return {
    width: Number(header[1]),
    height: Number(header[2]),
    rgb: data.subarray(header[0].length),
    k: dpi / 72,
  };
}

/** The colour at a point in PDF coordinates (origin bottom left). */
function at(img: Raster, x: number, y: number): [number, number, number] {
  const px = Math.round(x * img.k);
  const py = Math.round(img.height - y * img.k);
  const i = (py * img.width + px) * 3;
  return [img.rgb[i] ?? 0, img.rgb[i + 1] ?? 0, img.rgb[i + 2] ?? 0];
}

function count(
  img: Raster,
  [x, y, w, h]: readonly number[],
  test: (rgb: [number, number, number]) => boolean,
): number {
  let n = 0;
  for (let py = y ?? 0; py < (y ?? 0) + (h ?? 0); py += 1 / img.k) {
    for (let px = x ?? 0; px < (x ?? 0) + (w ?? 0); px += 1 / img.k) if (test(at(img, px, py))) n++;
  }
  return n;
}

const red = ([r, g, b]: [number, number, number]): boolean => r > 150 && g < 110 && b < 110;
const blue = ([r, , b]: [number, number, number]): boolean => b > 120 && r < 110 && b - r > 60;
const white = ([r, g, b]: [number, number, number]): boolean => r > 245 && g > 245 && b > 245;

async function signedDecision(): Promise<{
  pdf: Buffer;
  approver: [number, number, number, number];
  seal: [number, number, number, number];
  page: number;
}> {
  const data = sampleData().DECISION;
  data.signer = { ...data.signer, signatureImage: signaturePng() };
  const rendered = await renderDocument('DECISION', data);
  const field = (name: string) => {
    const f = rendered.signatureFields.find((x) => x.name === name);
    if (!f) throw new Error(`no field ${name}`);
    return f;
  };
  let pdf = await signPdf(Buffer.from(rendered.pdf), signerFor(fx.department), {
    fieldName: 'approver',
    signingTime: SIGNED_AT,
    appearance: { signatureImage: signaturePng() },
  });
  pdf = await signPdf(pdf, signerFor(fx.seal), { fieldName: 'seal', signingTime: SIGNED_AT });
  return {
    pdf,
    approver: field('approver').rect,
    seal: field('seal').rect,
    page: field('seal').page,
  };
}

let decision: Awaited<ReturnType<typeof signedDecision>>;
beforeAll(async () => {
  decision = await signedDecision();
});

it('draws the seal as a round red seal in its square, at the left of the approver', async () => {
  const img = await raster(decision.pdf, decision.page, 'decision');
  const [x, y, w, h] = decision.seal;
  const cx = x + w / 2;
  const cy = y + h / 2;
  expect(red(at(img, cx, cy))).toBe(true); // the star in the centre
  expect(white(at(img, x + 3, y + 3))).toBe(true); // round: the square's corners stay white
  expect(white(at(img, x + w - 3, y + h - 3))).toBe(true);
  // The outer ring: red all around, on the circle just inside the square.
  for (let a = 0; a < 360; a += 30) {
    const t = (a * Math.PI) / 180;
    const r = w / 2 - 1.3;
    expect({ a, red: red(at(img, cx + r * Math.cos(t), cy + r * Math.sin(t))) }).toEqual({
      a,
      red: true,
    });
  }
  expect(count(img, decision.seal, red)).toBeGreaterThan(1500);
  // Nothing of the seal spills into the approver's box, which shows the handwritten signature.
  expect(decision.seal[0] + decision.seal[2]).toBeCloseTo(decision.approver[0], 2);
  const [ax, ay, aw, ah] = decision.approver;
  expect(count(img, [ax + 2, ay + ah * 0.55, aw - 4, ah * 0.42], blue)).toBeGreaterThan(150);
  expect(count(img, [ax + 2, ay + 2, aw - 4, ah * 0.5], blue)).toBe(0);
});

it('shows the approver’s name, title, unit and time, and the seal’s organisation', async () => {
  const file = path.join(dir, 'decision-text.pdf');
  writeFileSync(file, decision.pdf);
  const v = await validators();
  const text = (await exec(v.pdftotext, ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, ' ');
  for (const line of [
    'Ký bởi: TRẦN THỊ BÍCH',
    'Chức vụ: Phó Giám đốc',
    'Cơ quan: Sở Xây dựng',
    `Thời gian ký: ${vietnamDisplay(SIGNED_AT)}`,
  ]) {
    expect(text).toContain(line);
  }
  // The rim's letters, one glyph each, extract as themselves (ToUnicode of the bold subset).
  for (const letter of ['S', 'Ở', 'X', 'Â', 'Y', 'D', 'Ự', 'N', 'G'])
    expect(text).toContain(letter);
});

it('keeps the decision PDF/A-2b through both signatures, and both signatures valid', async () => {
  const file = path.join(dir, 'decision-pdfa.pdf');
  writeFileSync(file, decision.pdf);
  const [result] = await validatePdfA2b([file]);
  expect(result ? describeFailures(result) : ['no result']).toEqual([]);
  expect(result?.compliant).toBe(true);
  const report = await verifyPdf(decision.pdf, { trustAnchorsPem: fx.roots });
  expect(report.valid).toBe(true);
  expect(report.signatures.map((s) => s.fieldName)).toEqual(['approver', 'seal']);
}, 120_000);

/** [x1, y1, x2, y2] of every widget on every page. */
async function widgetRects(pdf: Buffer): Promise<Array<{ page: number; rect: number[] }>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: Array<{ page: number; rect: number[] }> = [];
  doc.getPages().forEach((page, i) => {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annot = doc.context.lookup(ref as PDFRef, PDFDict);
      const rect = annot.lookup(PDFName.of('Rect'), PDFArray).asArray();
      out.push({ page: i + 1, rect: rect.map((n) => (n as PDFNumber).asNumber()) });
    }
  });
  return out;
}

it('has no overlapping signature widgets, by the rule EU DSS applies', async () => {
  const rects = await widgetRects(decision.pdf);
  expect(rects).toHaveLength(2);
  const overlaps = (a: number[], b: number[]): boolean => {
    const [ax1 = 0, ay1 = 0, ax2 = 0, ay2 = 0] = a;
    const [bx1 = 0, by1 = 0, bx2 = 0, by2 = 0] = b;
    if (Math.min(ax1, ax2) >= Math.max(bx1, bx2) || Math.min(bx1, bx2) >= Math.max(ax1, ax2)) {
      return false;
    }
    return !(Math.min(ay1, ay2) >= Math.max(by1, by2) || Math.min(by1, by2) >= Math.max(ay1, ay2));
  };
  const [a, b] = rects;
  expect(a && b && a.page === b.page).toBe(true);
  expect(overlaps(a?.rect ?? [], b?.rect ?? [])).toBe(false);
  // ...and they do touch: the seal's right edge is the signature's left edge.
  expect(Math.min(...(a?.rect ?? []).filter((_, i) => i % 2 === 0))).toBeCloseTo(
    Math.max(...(b?.rect ?? []).filter((_, i) => i % 2 === 0)),
    2,
  );
});

it('embeds the handwritten signature as an image with a soft mask (PNG transparency)', async () => {
  const doc = await PDFDocument.load(decision.pdf, { updateMetadata: false });
  const images = doc.context
    .enumerateIndirectObjects()
    .map(([, o]) => o)
    .filter(
      (o): o is PDFRawStream =>
        o instanceof PDFStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
    );
  const withMask = images.filter((i) => i.dict.has(PDFName.of('SMask')));
  expect(withMask).toHaveLength(1);
  expect(withMask[0]?.dict.get(PDFName.of('Width'))).toEqual(PDFNumber.of(240));
});

it('writes a control-sheet row into its columns: the handover left, the result right', async () => {
  const rendered = await renderDocument('CONTROL_SHEET', sampleData().CONTROL_SHEET);
  const field = rendered.signatureFields[0];
  if (!field) throw new Error('no step field');
  const pdf = await signPdf(Buffer.from(rendered.pdf), signerFor(fx.ward), {
    fieldName: field.name,
    signingTime: SIGNED_AT,
    appearance: {
      columns: stepAppearanceColumns(['Giao: Nguyễn Thị Thu Hà', 'Nhận: Nguyễn Văn A'], 'Đúng hạn'),
      maxFontSize: 8.5,
    },
  });
  const file = path.join(dir, 'sheet.pdf');
  writeFileSync(file, pdf);
  const v = await validators();
  const bbox = (await exec(v.pdftotext, ['-bbox', '-enc', 'UTF-8', file, '-'])).stdout;
  const xOf = (word: string): number => {
    const m = new RegExp(`<word xMin="([\\d.]+)"[^>]*>${word}</word>`).exec(bbox);
    if (!m) throw new Error(`no word ${word}`);
    return Number(m[1]);
  };
  const [x, , w] = field.rect;
  const resultFrom = x + w * (stepAppearanceColumns([], '')[1]?.from ?? 1);
  expect(xOf('Giao:')).toBeLessThan(resultFrom);
  expect(xOf('Đúng')).toBeGreaterThanOrEqual(resultFrom);
  expect(xOf('Đúng')).toBeLessThan(x + w);
});

it('draws a seal certificate’s own lines as text, and a seal when asked for the seal style', async () => {
  const rendered = await renderDocument('RECEIPT', sampleData().RECEIPT);
  const own = await signPdf(Buffer.from(rendered.pdf), signerFor(fx.seal), {
    fieldName: 'seal',
    signingTime: SIGNED_AT,
    appearance: { lines: ['Bộ phận Một cửa', 'Người tiếp nhận: Nguyễn Thị Thu Hà'] },
  });
  const sealed = await signPdf(Buffer.from(rendered.pdf), signerFor(fx.seal), {
    fieldName: 'seal',
    signingTime: SIGNED_AT,
    appearance: { style: 'seal', lines: ['Bộ phận Một cửa'] },
  });
  const field = rendered.signatureFields[0];
  if (!field) throw new Error('no field');
  const [x, y, , h] = field.rect;
  const centre = [x + h / 2, y + h / 2] as const;
  const a = await raster(own, field.page, 'own');
  const b = await raster(sealed, field.page, 'sealed');
  expect(red(at(b, ...centre))).toBe(true);
  expect(red(at(a, ...centre))).toBe(false);
});

it('refuses a handwritten signature it cannot show, with INVALID_ARGUMENT', async () => {
  const rendered = await renderDocument('DECISION', sampleData().DECISION);
  for (const bad of [jpegHeader(200, 80, 4), Buffer.from('not an image at all')]) {
    const err = await signPdf(Buffer.from(rendered.pdf), signerFor(fx.department), {
      fieldName: 'approver',
      appearance: { signatureImage: bad },
    }).catch((e: unknown) => e);
    expect(isSigningError(err) && err.code).toBe('INVALID_ARGUMENT');
    expect((err as Error).message).toMatch(/signature image/);
  }
});
