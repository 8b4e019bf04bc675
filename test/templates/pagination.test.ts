/**
 * Extreme inputs — very long names, a 300-character address, a 5,000-character note, 40 required
 * documents, a 10-level chain — paginate: more pages, nothing drawn outside the Decree 30
 * margins (checked twice: the layout engine's record of every drawn box, and the word boxes that
 * poppler finds), no text drawn over other text, and the end of the long texts still present.
 */
import type { DocumentKind } from '../../domain/types';
import { createTrace, LayoutError, renderDocument, type LayoutTrace } from '../../templates';
import { extremeData, KINDS, sampleData } from './fixtures';
import { pdfText, pdfWords, scratch } from './helpers';

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

/** A sentence appended to the longest text of each kind, to find it again at the end. */
const SENTINEL = 'Hết nội dung kiểm tra phân trang.';

function withSentinel(kind: DocumentKind): ReturnType<typeof extremeData>[DocumentKind] {
  const data = extremeData();
  switch (kind) {
    case 'APPLICATION_FORM':
      data.APPLICATION_FORM.form = {
        ...data.APPLICATION_FORM.form,
        ghiChu: `${String(data.APPLICATION_FORM.form.ghiChu)} ${SENTINEL}`,
      };
      break;
    case 'RECEIPT': {
      const docs = data.RECEIPT.documents;
      const last = docs[docs.length - 1];
      if (last) last.name = `${last.name} ${SENTINEL}`;
      break;
    }
    case 'SUPPLEMENT_REQUEST': {
      const items = data.SUPPLEMENT_REQUEST.items;
      const last = items[items.length - 1];
      if (last) last.requirement = `${last.requirement} ${SENTINEL}`;
      break;
    }
    case 'REFUSAL':
      data.REFUSAL.reasons[0] = `${data.REFUSAL.reasons[0] ?? ''} ${SENTINEL}`;
      break;
    case 'CONTROL_SHEET':
      data.CONTROL_SHEET.department = {
        ...data.CONTROL_SHEET.department,
        name: `${data.CONTROL_SHEET.department.name} ${SENTINEL}`,
      };
      break;
    case 'APOLOGY':
      data.APOLOGY.reason = `${data.APOLOGY.reason} ${SENTINEL}`;
      break;
    case 'DECISION':
      data.DECISION.procedure.decision.recipients.push(SENTINEL.replace(/\.$/, ''));
      break;
  }
  return data[kind];
}

function outsideFrame(trace: LayoutTrace): string[] {
  const { frame } = trace;
  return trace.boxes
    .filter(
      (b) =>
        b.x < frame.left - 0.01 ||
        b.x + b.width > frame.right + 0.01 ||
        b.y < frame.bottom - 0.01 ||
        b.y + b.height > frame.top + 0.01,
    )
    .map((b) => `${b.kind} ${b.label ?? ''} on page ${b.page}`);
}

function overprinted(trace: LayoutTrace): string[] {
  const texts = trace.boxes.filter((b) => b.kind === 'text');
  const clashes: string[] = [];
  for (let i = 0; i < texts.length; i += 1) {
    for (let j = i + 1; j < texts.length; j += 1) {
      const a = texts[i];
      const b = texts[j];
      if (!a || !b || a.page !== b.page) continue;
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 0.5 && dy > 0.5) clashes.push(`${a.label} / ${b.label} on page ${a.page}`);
    }
  }
  return clashes;
}

describe.each(KINDS)('%s with extreme input', (kind) => {
  const tmp = scratch();
  afterAll(() => tmp.cleanup());

  it('paginates without drawing outside the margins or over other text', async () => {
    const normal = await renderDocument(kind, sampleData()[kind] as never);
    const trace = createTrace();
    const doc = await renderDocument(kind, withSentinel(kind) as never, { trace });
    expect(doc.pageCount).toBeGreaterThan(normal.pageCount);
    expect(new Set(trace.boxes.map((b) => b.page)).size).toBe(doc.pageCount);
    expect(outsideFrame(trace)).toEqual([]);
    expect(overprinted(trace)).toEqual([]);

    // Independently: every word poppler finds lies inside the margins.
    const path = tmp.file(`${kind}.pdf`, doc.pdf);
    const { pages, words } = await pdfWords(path);
    expect(pages).toHaveLength(doc.pageCount);
    expect(words.length).toBeGreaterThan(500);
    const slack = 1; // poppler's word boxes use the font's ascent and descent, rounded
    const outside = words.filter((w) => {
      const page = pages[w.page - 1];
      if (!page) return true;
      return (
        w.xMin < MARGINS.left - slack ||
        w.xMax > page.width - MARGINS.right + slack ||
        w.yMin < MARGINS.top - slack ||
        w.yMax > page.height - MARGINS.bottom + slack
      );
    });
    expect(
      outside.map((w) => `${w.text} p${w.page} [${w.xMin},${w.yMin},${w.xMax},${w.yMax}]`),
    ).toEqual([]);

    // Nothing was lost on the way: the sentinel at the end of the longest text is there, and
    // pages after the first carry their number.
    const text = (await pdfText(path, false)).replace(/\s+/g, ' ');
    expect(text).toContain(SENTINEL.replace(/\.$/, ''));
    const pageTexts = (await pdfText(path, true)).split('\f');
    for (let page = 2; page <= doc.pageCount; page += 1) {
      expect(pageTexts[page - 1]?.trimStart().split('\n')[0]?.trim()).toBe(String(page));
    }
  });
});

describe('tables', () => {
  it('repeat their header row on every page they reach', async () => {
    const doc = await renderDocument('RECEIPT', extremeData().RECEIPT);
    const tmp = scratch();
    try {
      const pages = (await pdfText(tmp.file('r.pdf', doc.pdf), true))
        .split('\f')
        .filter((p) => p.trim());
      const withTable = pages.filter((p) => /Giấy tờ số \d+/.test(p));
      expect(withTable.length).toBeGreaterThan(1);
      for (const page of withTable) expect(page).toMatch(/Tên giấy tờ/);
    } finally {
      tmp.cleanup();
    }
  });

  it('split a row taller than a page across pages', async () => {
    const trace = createTrace();
    const data = extremeData().SUPPLEMENT_REQUEST;
    data.items = [
      { name: 'Thuyết minh', requirement: `${'Nội dung rất dài cần bổ sung. '.repeat(400)}Hết.` },
    ];
    data.reason = 'Ngắn.';
    const doc = await renderDocument('SUPPLEMENT_REQUEST', data, { trace });
    const pagesWithRequirement = new Set(
      trace.boxes
        .filter((b) => b.kind === 'text' && b.label?.includes('Nội dung rất dài'))
        .map((b) => b.page),
    );
    expect(pagesWithRequirement.size).toBeGreaterThan(1);
    expect(doc.pageCount).toBeGreaterThan(2);
    expect(outsideFrame(trace)).toEqual([]);
  });
});

describe('inputs that cannot be laid out', () => {
  it('are refused with a LayoutError rather than drawn outside the page', async () => {
    const data = sampleData().DECISION;
    data.issuingBody = { superior: 'UBND', issuer: 'SỞ XÂY DỰNG '.repeat(200) };
    await expect(renderDocument('DECISION', data)).rejects.toThrow(LayoutError);
    const apology = sampleData().APOLOGY;
    apology.signer = { ...apology.signer, fullName: 'Nguyễn Văn A '.repeat(400) };
    await expect(renderDocument('APOLOGY', apology)).rejects.toThrow(/signer block/);
    await expect(renderDocument('NOTICE' as never, {} as never)).rejects.toThrow(
      /unknown document kind/,
    );
  });
});
