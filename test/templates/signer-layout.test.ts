/**
 * How the end of a document is laid out: the signer block never leaves the page before it half
 * empty (only the last lines of the text move with it), the control sheet's rows are ruled in the
 * header's columns, and an official's handwritten-signature image makes room in their field or is
 * refused before anything is drawn.
 */
import type { DocumentKind } from '../../domain/types';
import {
  createTrace,
  LayoutError,
  renderDocument,
  type DocumentDataMap,
  type LayoutTrace,
} from '../../templates';
import { jpegHeader, makePng, signaturePng } from '../helpers/png';
import { extremeData, KINDS, sampleData } from './fixtures';

const WORD = 'Kiểmtra';

/** A decision whose last article has `lines` words-long text and `extra` more grounds. */
function decisionVariant(words: number, extraGrounds: number): DocumentDataMap['DECISION'] {
  const data = sampleData().DECISION;
  const decision = data.procedure.decision;
  decision.legalGrounds = [
    ...decision.legalGrounds,
    ...Array.from(
      { length: extraGrounds },
      (_, i) => `Căn cứ Thông tư số ${i + 1}/2025/TT-BXD về hướng dẫn thi hành`,
    ),
  ];
  decision.articles = [
    ...decision.articles.slice(0, -1),
    `Điều ${decision.articles.length}. ${Array.from({ length: words }, () => WORD).join(' ')} ./.`,
  ];
  return data;
}

interface Closing {
  /** Page of the signer block. */
  page: number;
  /** Free height left at the bottom of the page before it. */
  freeBefore: number;
  /** Height of what the signer's page holds from its top to the signer's name. */
  closingHeight: number;
}

function closingOf(trace: LayoutTrace, fieldName: string, signerName: string): Closing {
  const field = trace.boxes.find((b) => b.kind === 'field' && b.label === fieldName);
  if (!field) throw new Error(`no field ${fieldName}`);
  const page = field.page;
  const onPage = trace.boxes.filter((b) => b.page === page);
  const name = onPage.find((b) => b.kind === 'text' && b.label === signerName.normalize('NFC'));
  if (!name) throw new Error(`no signer name on page ${page}`);
  const content = onPage.filter((b) => !(b.kind === 'text' && b.label === String(page)));
  const top = Math.max(...content.map((b) => b.y + b.height));
  const before = trace.boxes.filter((b) => b.page === page - 1);
  const lowest = Math.min(...before.map((b) => b.y));
  return { page, freeBefore: lowest - trace.frame.bottom, closingHeight: top - name.y };
}

describe('the signer block and the page before it', () => {
  const variants: Array<[number, number]> = [];
  for (const words of [3, 20, 45, 80, 140])
    for (const grounds of [0, 2, 4, 6]) variants.push([words, grounds]);

  it.each(variants)(
    'decision with a %i-word last article and %i more grounds: the page before is filled',
    async (words, grounds) => {
      const trace = createTrace();
      const data = decisionVariant(words, grounds);
      await renderDocument('DECISION', data, { trace });
      const closing = closingOf(trace, 'approver', data.signer.fullName);
      if (closing.page > 1) {
        // The page before holds all it could: what moved would not have fitted below it.
        expect(closing.freeBefore).toBeLessThan(closing.closingHeight);
      }
      // At least two lines of the text (or all of it, when shorter) share the signer's page.
      const lines = (page?: number) =>
        new Set(
          trace.boxes
            .filter(
              (b) =>
                (page === undefined || b.page === page) &&
                b.kind === 'text' &&
                b.label?.includes(WORD),
            )
            .map((b) => `${b.page}:${Math.round(b.y)}`),
        ).size;
      expect(lines(closing.page)).toBeGreaterThanOrEqual(Math.min(2, lines()));
      // More than those two only when the page before had no room for another line.
      if (closing.page > 1 && lines(closing.page) > 2) {
        expect(closing.freeBefore).toBeLessThan(13 * 1.2 + 6);
      }
    },
  );

  it.each(KINDS.filter((k) => k !== 'CONTROL_SHEET'))(
    '%s: the demo and the extreme inputs leave no page before the signature half empty',
    async (kind: DocumentKind) => {
      for (const data of [sampleData(), extremeData()]) {
        const trace = createTrace();
        const rendered = await renderDocument(kind, data[kind] as never, { trace });
        const field = rendered.signatureFields[0];
        if (!field || field.page === 1) continue;
        const before = trace.boxes.filter((b) => b.page === field.page - 1);
        const free = Math.min(...before.map((b) => b.y)) - trace.frame.bottom;
        expect(free).toBeLessThan((trace.frame.top - trace.frame.bottom) / 2);
      }
    },
  );
});

describe('the control sheet', () => {
  it('rules every body row in the header’s four columns', async () => {
    for (const data of [sampleData(), extremeData()]) {
      const trace = createTrace();
      const rendered = await renderDocument('CONTROL_SHEET', data.CONTROL_SHEET, { trace });
      const verticals = trace.boxes.filter((b) => b.kind === 'line' && b.height > 5 && b.width < 1);
      // Group the vertical rules by the row (page and vertical extent) they belong to.
      const rows = new Map<string, number[]>();
      for (const v of verticals) {
        const key = `${v.page}:${v.y.toFixed(1)}:${v.height.toFixed(1)}`;
        rows.set(key, [...(rows.get(key) ?? []), Math.round((v.x + v.width / 2) * 100) / 100]);
      }
      const columns = [...rows.values()].map((xs) => [...new Set(xs)].sort((a, b) => a - b));
      expect(columns.length).toBeGreaterThan(rendered.signatureFields.length);
      for (const xs of columns) expect(xs).toEqual(columns[0]);
      expect(columns[0]).toHaveLength(5); // four columns: five rules
      // Each step's field spans the time and result columns, the rule between them under it.
      const inner = columns[0] as number[];
      for (const f of rendered.signatureFields) {
        const [x, , w] = f.rect;
        expect(x).toBeGreaterThan(inner[1] as number);
        expect(x).toBeLessThan(inner[2] as number);
        expect(x + w).toBeGreaterThan(inner[2] as number);
        expect(x + w).toBeLessThan(inner[3] as number);
      }
    }
  });
});

describe('a handwritten-signature image', () => {
  it('makes the official’s field taller, to show it above the lines', async () => {
    const plain = await renderDocument('DECISION', sampleData().DECISION);
    const data = sampleData().DECISION;
    data.signer = { ...data.signer, signatureImage: signaturePng() };
    const withImage = await renderDocument('DECISION', data);
    const height = (doc: typeof plain) =>
      doc.signatureFields.find((f) => f.name === 'approver')?.rect[3] ?? 0;
    expect(height(withImage)).toBeGreaterThanOrEqual(height(plain) + 30);
    const apology = sampleData().APOLOGY;
    apology.signer = { ...apology.signer, signatureImage: signaturePng() };
    expect((await renderDocument('APOLOGY', apology)).signatureFields[0]?.rect[3]).toBeGreaterThan(
      100,
    );
  });

  it.each([
    ['not an image', Buffer.from('GIF89a not a signature')],
    ['too many pixels', makePng(4001, 2, () => [0, 0, 0, 255])],
    ['a CMYK JPEG', jpegHeader(300, 100, 4)],
    ['empty', Buffer.alloc(0)],
  ])('is refused with a LayoutError when it is %s', async (_what, bytes) => {
    const data = sampleData().DECISION;
    data.signer = { ...data.signer, signatureImage: new Uint8Array(bytes) };
    await expect(renderDocument('DECISION', data)).rejects.toThrow(LayoutError);
    const refusal = sampleData().REFUSAL;
    refusal.decidedBy = { ...refusal.decidedBy, signatureImage: new Uint8Array(bytes) };
    await expect(renderDocument('REFUSAL', refusal)).rejects.toThrow(/signature image/);
  });
});
