/**
 * The empty signature fields: read back from the saved PDF with pdf-lib's low-level objects,
 * each is a merged field/widget (/FT /Sig, /T, /Rect, /P, /F 4) on its page's /Annots and in
 * /AcroForm /Fields, unsigned, inside the page margins, and as reported by the renderer.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  PDFHexString,
} from 'pdf-lib';
import type { DocumentKind } from '../../domain/types';
import { createTrace, renderDocument, type RenderedDocument } from '../../templates';
import { extremeData, KINDS, sampleData } from './fixtures';

const EXPECTED_FIELDS: Record<DocumentKind, [string, string][]> = {
  APPLICATION_FORM: [['applicant', 'APPLICANT']],
  RECEIPT: [['seal', 'SEAL']],
  SUPPLEMENT_REQUEST: [['receiver', 'RECEIVER']],
  REFUSAL: [['approver', 'WARD_APPROVER']],
  CONTROL_SHEET: [
    ['step-1', 'STEP'],
    ['step-2', 'STEP'],
    ['step-3', 'STEP'],
    ['step-4', 'STEP'],
  ],
  APOLOGY: [['approver', 'DEPARTMENT_APPROVER']],
  DECISION: [
    ['approver', 'DEPARTMENT_APPROVER'],
    ['seal', 'SEAL'],
  ],
};

interface ParsedField {
  name: string;
  page: number;
  rect: [number, number, number, number];
  dict: PDFDict;
}

function num(value: unknown): number {
  if (!(value instanceof PDFNumber)) throw new Error('not a number');
  return value.asNumber();
}

async function parseFields(
  pdfBytes: Uint8Array,
): Promise<{ fields: ParsedField[]; doc: PDFDocument }> {
  const doc = await PDFDocument.load(pdfBytes);
  const ctx = doc.context;
  const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  const refs = acroForm.lookup(PDFName.of('Fields'), PDFArray).asArray();
  const pageRefs = doc.getPages().map((p) => p.ref);
  const fields = refs.map((ref) => {
    if (!(ref instanceof PDFRef)) throw new Error('field is not an indirect object');
    const dict = ctx.lookup(ref, PDFDict);
    const t = dict.get(PDFName.of('T'));
    if (!(t instanceof PDFString) && !(t instanceof PDFHexString)) throw new Error('no /T');
    const p = dict.get(PDFName.of('P'));
    const page = pageRefs.findIndex((r) => r === p) + 1;
    const rect = dict.lookup(PDFName.of('Rect'), PDFArray).asArray().map(num);
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
    // The widget is listed on its own page.
    const annots =
      doc
        .getPage(page - 1)
        .node.Annots()
        ?.asArray() ?? [];
    expect(annots).toContain(ref);
    return {
      name: t.decodeText(),
      page,
      rect: [x1, y1, x2 - x1, y2 - y1] as [number, number, number, number],
      dict,
    };
  });
  return { fields, doc };
}

function checkFields(rendered: RenderedDocument, fields: ParsedField[], doc: PDFDocument): void {
  expect(fields.map((f) => f.name)).toEqual(rendered.signatureFields.map((f) => f.name));
  for (const field of fields) {
    const reported = rendered.signatureFields.find((f) => f.name === field.name);
    expect(reported).toBeDefined();
    expect(field.page).toBe(reported?.page);
    field.rect.forEach((v, i) => expect(v).toBeCloseTo(reported?.rect[i] ?? NaN, 2));
    const d = field.dict;
    expect(d.get(PDFName.of('FT'))).toBe(PDFName.of('Sig'));
    expect(d.get(PDFName.of('Type'))).toBe(PDFName.of('Annot'));
    expect(d.get(PDFName.of('Subtype'))).toBe(PDFName.of('Widget'));
    expect(num(d.get(PDFName.of('F')))).toBe(4);
    expect(d.get(PDFName.of('V'))).toBeUndefined(); // unsigned
    // Inside the page margins (Decree 30: left 30 mm, right 15 mm, top and bottom 20 mm).
    const { width, height } = doc.getPage(field.page - 1).getSize();
    const mm = 72 / 25.4;
    const [x, y, w, h] = field.rect;
    expect(w).toBeGreaterThan(40);
    expect(h).toBeGreaterThan(40);
    expect(x).toBeGreaterThanOrEqual(30 * mm - 0.01);
    expect(x + w).toBeLessThanOrEqual(width - 15 * mm + 0.01);
    expect(y).toBeGreaterThanOrEqual(20 * mm - 0.01);
    expect(y + h).toBeLessThanOrEqual(height - 20 * mm + 0.01);
  }
  const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  // /SigFlags is the signing code's business.
  expect(acroForm.get(PDFName.of('SigFlags'))).toBeUndefined();
}

describe.each(KINDS)('%s signature fields', (kind) => {
  it('has the expected empty fields, with their roles, inside the margins', async () => {
    const rendered = await renderDocument(kind, sampleData()[kind] as never);
    expect(rendered.signatureFields.map((f) => [f.name, f.role])).toEqual(EXPECTED_FIELDS[kind]);
    const { fields, doc } = await parseFields(rendered.pdf);
    checkFields(rendered, fields, doc);
  });

  it('keeps them valid when the document paginates', async () => {
    const rendered = await renderDocument(kind, extremeData()[kind] as never);
    const { fields, doc } = await parseFields(rendered.pdf);
    checkFields(rendered, fields, doc);
  });
});

describe('field geometry', () => {
  it('control sheet: one field per step, each tall enough for five lines of 9 pt text', async () => {
    const rendered = await renderDocument('CONTROL_SHEET', extremeData().CONTROL_SHEET);
    const steps = rendered.signatureFields;
    expect(steps.map((f) => f.name)).toEqual(Array.from({ length: 12 }, (_, i) => `step-${i + 1}`));
    for (const step of steps) {
      expect(step.role).toBe('STEP');
      expect(step.rect[3]).toBeGreaterThanOrEqual(5 * 9 * 1.2);
      expect(step.rect[2]).toBeGreaterThan(180);
    }
    expect(new Set(steps.map((s) => s.page)).size).toBeGreaterThan(1);
  });

  it('decision: the seal sits at the left of the approver signature, touching, not overlapping', async () => {
    for (const data of [sampleData().DECISION, extremeData().DECISION]) {
      const rendered = await renderDocument('DECISION', data);
      const approver = rendered.signatureFields.find((f) => f.name === 'approver');
      const seal = rendered.signatureFields.find((f) => f.name === 'seal');
      if (!approver || !seal) throw new Error('missing field');
      expect(seal.page).toBe(approver.page);
      const [ax, ay, aw, ah] = approver.rect;
      const [sx, sy, sw, sh] = seal.rect;
      // Touching: the seal's right edge is the signature's left edge, to the hundredth of a point
      // (EU DSS flags widgets whose rectangles overlap; equal edges do not).
      expect(Math.round((sx + sw) * 100)).toBe(Math.round(ax * 100));
      expect(sw).toBeCloseTo(sh, 5); // a square, for a round seal
      expect(sw / (sw + aw)).toBeGreaterThan(0.28); // about the left third of the pair
      expect(sw / (sw + aw)).toBeLessThan(0.4);
      expect(Math.min(ay + ah, sy + sh) - Math.max(ay, sy)).toBeGreaterThan(0.8 * ah); // level
    }
  });

  it('fields do not overlap printed text', async () => {
    for (const kind of KINDS) {
      const trace = createTrace();
      const rendered = await renderDocument(kind, sampleData()[kind] as never, { trace });
      for (const field of rendered.signatureFields) {
        const [fx, fy, fw, fh] = field.rect;
        const clash = trace.boxes.filter(
          (b) =>
            b.kind === 'text' &&
            b.page === field.page &&
            b.x < fx + fw &&
            b.x + b.width > fx &&
            b.y < fy + fh &&
            b.y + b.height > fy,
        );
        expect({ kind, field: field.name, clash: clash.map((c) => c.label) }).toEqual({
          kind,
          field: field.name,
          clash: [],
        });
      }
    }
  });
});
