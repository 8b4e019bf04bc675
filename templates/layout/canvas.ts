/**
 * The drawing surface of one document: A4 pages with Decree 30 margins, a vertical cursor that
 * moves down the frame and opens a new page when needed, page numbers from page 2 on, and a
 * record of every drawn box. Every draw is checked against the frame: drawing outside the margins
 * is a bug and throws {@link LayoutError} instead of producing a clipped page.
 */
import { create as createQrCode } from 'qrcode';
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { embedFontFamily, FONT_METRICS, type FontFamily, type FontStyle } from '../fonts';
import { describeAsPdfA, saveAsPdfA } from '../pdfa';
import {
  A4,
  DECREE_30_MARGINS,
  frameOf,
  rectInsideFrame,
  round2,
  type Frame,
  type Margins,
  type Rect,
  type Size,
} from './geometry';
import { cleanText } from './text';
import { createSignatureField } from './signature-field';

export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Who is meant to sign a signature field. */
export type SignatureRole =
  'APPLICANT' | 'RECEIVER' | 'WARD_APPROVER' | 'DEPARTMENT_APPROVER' | 'SEAL' | 'STEP';

export interface SignatureFieldInfo {
  name: string;
  /** 1-based page number. */
  page: number;
  /** [x, y, width, height] in PDF points, origin at the bottom left of the page. */
  rect: [number, number, number, number];
  role: SignatureRole;
}

export interface DrawnBox extends Rect {
  /** 1-based page number. */
  page: number;
  kind: 'text' | 'line' | 'field';
  /** The text drawn, or the field name. */
  label?: string;
}

/** Collects what was drawn, for tests and debugging. */
export interface LayoutTrace {
  pageSize: Size;
  frame: Frame;
  boxes: DrawnBox[];
}

export function createTrace(): LayoutTrace {
  const frame = frameOf(A4, DECREE_30_MARGINS);
  return { pageSize: A4, frame, boxes: [] };
}

export interface DocumentMetadata {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
  /** Creation and modification date of the PDF (never the clock). */
  issuedAt: Date;
}

export interface TextStyle {
  style: FontStyle;
  size: number;
}

/** Line height as a multiple of the font size (Decree 30: single to 1.5 lines). */
export const LINE_HEIGHT = 1.2;

export const PAGE_NUMBER_SIZE = 13;

const BLACK = rgb(0, 0, 0);

export interface FinishedDocument {
  pdf: Uint8Array;
  signatureFields: SignatureFieldInfo[];
  pageCount: number;
}

export class Canvas {
  readonly frame: Frame;
  readonly pages: PDFPage[] = [];
  /** Top of the free space on the current page. */
  y: number;
  private readonly fields: SignatureFieldInfo[] = [];
  private readonly widthCache = new Map<string, number>();
  private readonly charsets = new Map<FontStyle, Set<number>>();

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: FontFamily,
    readonly pageSize: Size,
    margins: Margins,
    private readonly trace: LayoutTrace | undefined,
  ) {
    this.frame = frameOf(pageSize, margins);
    this.y = this.frame.top;
  }

  static async create(metadata: DocumentMetadata, trace?: LayoutTrace): Promise<Canvas> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    setMetadata(doc, metadata);
    const fonts = await embedFontFamily(doc);
    const canvas = new Canvas(doc, fonts, A4, DECREE_30_MARGINS, trace);
    canvas.newPage();
    return canvas;
  }

  get pageNumber(): number {
    return this.pages.length;
  }

  get page(): PDFPage {
    const page = this.pages[this.pages.length - 1];
    if (!page) throw new LayoutError('no page yet');
    return page;
  }

  get contentWidth(): number {
    return this.frame.right - this.frame.left;
  }

  /** Height of the whole frame available to content on a continuation page. */
  get fullPageHeight(): number {
    return this.frame.top - this.frame.bottom - this.pageNumberBand;
  }

  private get pageNumberBand(): number {
    return PAGE_NUMBER_SIZE * LINE_HEIGHT + 6;
  }

  /** Free height left on the current page. */
  remaining(): number {
    return this.y - this.frame.bottom;
  }

  /** Start a new page; pages after the first carry their number centred at the top. */
  newPage(): void {
    const page = this.doc.addPage([this.pageSize.width, this.pageSize.height]);
    this.pages.push(page);
    this.y = this.frame.top;
    if (this.pages.length > 1) {
      const text = String(this.pages.length);
      const style: TextStyle = { style: 'regular', size: PAGE_NUMBER_SIZE };
      const width = this.measure(text, style);
      const x = (this.frame.left + this.frame.right - width) / 2;
      this.drawText(text, x, this.baselineFor(this.y, PAGE_NUMBER_SIZE), style);
      this.y -= this.pageNumberBand;
    }
  }

  /** Open a new page unless `height` still fits on this one. Returns whether a page was added. */
  ensure(height: number): boolean {
    if (height <= this.remaining()) return false;
    this.newPage();
    return true;
  }

  moveDown(height: number): void {
    this.y = Math.max(this.frame.bottom, this.y - height);
  }

  font(style: FontStyle): PDFFont {
    return this.fonts[style];
  }

  /** Width of `text` (already clean) in a style. */
  measure(text: string, style: TextStyle): number {
    const key = `${style.style}|${style.size}|${text}`;
    let width = this.widthCache.get(key);
    if (width === undefined) {
      width = this.font(style.style).widthOfTextAtSize(text, style.size);
      this.widthCache.set(key, width);
    }
    return width;
  }

  /** Baseline of a line of text whose line box starts at `top`. */
  baselineFor(top: number, size: number, lineHeight = LINE_HEIGHT): number {
    const glyphHeight = (FONT_METRICS.ascent + FONT_METRICS.descent) * size;
    return top - (lineHeight * size - glyphHeight) / 2 - FONT_METRICS.ascent * size;
  }

  /**
   * Replace characters the font cannot draw (emoji, rare symbols) with "?", so that nothing
   * vanishes silently as an empty .notdef glyph.
   */
  printable(text: string, style: FontStyle): string {
    let charset = this.charsets.get(style);
    if (!charset) {
      charset = new Set(this.font(style).getCharacterSet());
      this.charsets.set(style, charset);
    }
    let out = '';
    for (const char of text) {
      const code = char.codePointAt(0) as number;
      out += code === 0x20 || code === 0x0a || charset.has(code) ? char : '?';
    }
    return out;
  }

  /** Draw one line of text with its baseline at `baseline`; checks it lies inside the frame. */
  drawText(text: string, x: number, baseline: number, style: TextStyle): void {
    const clean = this.printable(cleanText(text), style.style);
    if (clean.trim() === '') return;
    const width = this.measure(clean, style);
    const box: Rect = {
      x,
      y: baseline - FONT_METRICS.descent * style.size,
      width,
      height: (FONT_METRICS.ascent + FONT_METRICS.descent) * style.size,
    };
    this.check(box, 'text', clean);
    this.page.drawText(clean, {
      x: round2(x),
      y: round2(baseline),
      size: style.size,
      font: this.font(style.style),
      color: BLACK,
    });
  }

  /** A straight line (rules, table borders). */
  drawLine(x1: number, y1: number, x2: number, y2: number, thickness = 0.5): void {
    const half = thickness / 2;
    const box: Rect = {
      x: Math.min(x1, x2) - (y1 === y2 ? 0 : half),
      y: Math.min(y1, y2) - (x1 === x2 ? 0 : half),
      width: Math.abs(x2 - x1) + (y1 === y2 ? 0 : thickness),
      height: Math.abs(y2 - y1) + (x1 === x2 ? 0 : thickness),
    };
    this.check(box, 'line');
    this.page.drawLine({
      start: { x: round2(x1), y: round2(y1) },
      end: { x: round2(x2), y: round2(y2) },
      thickness,
      color: BLACK,
    });
  }

  /**
   * A QR code of `text` (error correction M), `size` points square with its top-left corner at
   * (`x`, `top`): the dark modules as one filled vector path, opaque black (PDF/A: no
   * transparency, no image). The caller leaves white around it (the quiet zone).
   */
  drawQrCode(text: string, x: number, top: number, size: number): void {
    const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
    const n = modules.size;
    const m = size / n;
    this.check({ x, y: top - size, width: size, height: size }, 'line', 'QR');
    let path = '';
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        if (!modules.get(row, col)) continue;
        let end = col;
        while (end + 1 < n && modules.get(row, end + 1)) end++;
        path += `M${round2(col * m)} ${round2(row * m)}h${round2((end - col + 1) * m)}v${round2(m)}h${round2(-(end - col + 1) * m)}Z`;
        col = end;
      }
    }
    this.page.drawSvgPath(path, { x: round2(x), y: round2(top), color: BLACK, borderWidth: 0 });
  }

  /** Create an empty signature field on the current page. */
  addSignatureField(name: string, role: SignatureRole, rect: Rect, tooltip?: string): void {
    if (this.fields.some((f) => f.name === name)) {
      throw new LayoutError(`duplicate signature field name ${name}`);
    }
    const r: Rect = {
      x: round2(rect.x),
      y: round2(rect.y),
      width: round2(rect.width),
      height: round2(rect.height),
    };
    this.check(r, 'field', name);
    createSignatureField(this.doc, this.page, name, r, tooltip);
    this.fields.push({
      name,
      page: this.pageNumber,
      rect: [r.x, r.y, r.width, r.height],
      role,
    });
  }

  private check(box: Rect, kind: DrawnBox['kind'], label?: string): void {
    if (!rectInsideFrame(box, this.frame)) {
      const where = `[${box.x.toFixed(2)}, ${box.y.toFixed(2)}, ${box.width.toFixed(2)}, ${box.height.toFixed(2)}]`;
      throw new LayoutError(
        `${kind} ${label ? JSON.stringify(label.slice(0, 40)) + ' ' : ''}at ${where} on page ${this.pageNumber} is outside the margins`,
      );
    }
    this.trace?.boxes.push({ ...box, page: this.pageNumber, kind, label });
  }

  async finish(): Promise<FinishedDocument> {
    const pdf = await saveAsPdfA(this.doc);
    return { pdf, signatureFields: [...this.fields], pageCount: this.pages.length };
  }
}

function setMetadata(doc: PDFDocument, meta: DocumentMetadata): void {
  if (Number.isNaN(meta.issuedAt.getTime())) throw new LayoutError('issuedAt is not a valid date');
  describeAsPdfA(doc, {
    title: cleanText(meta.title),
    author: cleanText(meta.author),
    subject: cleanText(meta.subject),
    ...(meta.keywords ? { keywords: meta.keywords.map(cleanText) } : {}),
    creator: 'motcua templates',
    producer: 'pdf-lib 1.17.1 (motcua templates)',
    createdAt: meta.issuedAt,
    modifiedAt: meta.issuedAt,
    language: 'vi-VN',
  });
}
