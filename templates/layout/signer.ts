/**
 * The end of a document: "Nơi nhận" (recipients) at the bottom left and the signer block at the
 * bottom right (authority prefix and position in bold capitals, the space for the signature — an
 * empty signature field — and the signer's name in bold), or two signer blocks side by side.
 * A signer block never splits across pages; the recipients may continue on the next page.
 */
import { LayoutError, LINE_HEIGHT, type Canvas, type SignatureRole } from './canvas';
import { paragraph, paragraphHeight, type ParagraphOptions } from './flow';
import type { Column, Rect } from './geometry';
import type { RichText } from './text';

export interface FieldSpec {
  name: string;
  role: SignatureRole;
  /** Tooltip shown by viewers (Vietnamese), e.g. "Chữ ký của người làm đơn". */
  tooltip?: string;
  width?: number;
  height?: number;
}

export interface SignerBlockSpec {
  /** Italic place and date above the headings (applications). */
  placeDate?: string;
  /** Bold capitals, e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] or ["NGƯỜI HƯỚNG DẪN"]. */
  headings: string[];
  /** Italic hint under the headings, e.g. "(Ký, ghi rõ họ tên)". */
  hint?: string;
  field: FieldSpec;
  /**
   * The organisation's seal: its own field, overlapping the left third of the signature
   * (Decree 30 Art. 33).
   */
  seal?: FieldSpec;
  /** Printed under the signature space, bold. */
  name?: string;
}

export const SIGNER_SIZE = 13;
const HINT_SIZE = 12;
const DEFAULT_FIELD = { width: 190, height: 72 };
const DEFAULT_SEAL = 80;

function headingOptions(column: Column): ParagraphOptions {
  return { style: 'bold', size: SIGNER_SIZE, align: 'center', column, balance: true };
}

function fieldSize(spec: SignerBlockSpec, column: Column): { width: number; height: number } {
  const width = Math.min(spec.field.width ?? DEFAULT_FIELD.width, column.width - 4);
  const height = spec.field.height ?? DEFAULT_FIELD.height;
  return { width, height };
}

function sealSize(spec: SignerBlockSpec): number {
  return spec.seal ? (spec.seal.width ?? DEFAULT_SEAL) : 0;
}

function signatureSpace(spec: SignerBlockSpec, column: Column): number {
  return Math.max(fieldSize(spec, column).height, sealSize(spec)) + 8;
}

function placeDateOptions(column: Column): ParagraphOptions {
  return { style: 'italic', size: SIGNER_SIZE, align: 'center', column, balance: true };
}

export function signerBlockHeight(canvas: Canvas, spec: SignerBlockSpec, column: Column): number {
  const placeDate = spec.placeDate
    ? paragraphHeight(canvas, spec.placeDate, placeDateOptions(column))
    : 0;
  const headings = spec.headings.reduce(
    (sum, h) => sum + paragraphHeight(canvas, h, headingOptions(column)),
    0,
  );
  const hint = spec.hint
    ? paragraphHeight(canvas, spec.hint, { style: 'italic', size: HINT_SIZE, column })
    : 0;
  const name = spec.name ? paragraphHeight(canvas, spec.name, headingOptions(column)) : 0;
  return placeDate + headings + hint + signatureSpace(spec, column) + name;
}

/** Draw a signer block from the cursor down, inside `column` (the caller made room for it). */
export function drawSignerBlock(canvas: Canvas, spec: SignerBlockSpec, column: Column): Rect {
  if (spec.placeDate) paragraph(canvas, spec.placeDate, placeDateOptions(column));
  for (const heading of spec.headings) paragraph(canvas, heading, headingOptions(column));
  if (spec.hint) {
    paragraph(canvas, spec.hint, { style: 'italic', size: HINT_SIZE, align: 'center', column });
  }
  const space = signatureSpace(spec, column);
  const { width, height } = fieldSize(spec, column);
  const centreY = canvas.y - space / 2;
  const rect: Rect = {
    x: column.x + (column.width - width) / 2,
    y: centreY - height / 2,
    width,
    height,
  };
  canvas.addSignatureField(spec.field.name, spec.field.role, rect, spec.field.tooltip);
  if (spec.seal) {
    const size = sealSize(spec);
    // The seal's right edge falls a third of the way into the signature.
    const x = Math.max(column.x, rect.x + rect.width / 3 - size);
    canvas.addSignatureField(
      spec.seal.name,
      spec.seal.role,
      { x, y: centreY - size / 2, width: size, height: size },
      spec.seal.tooltip,
    );
  }
  canvas.y -= space;
  if (spec.name) paragraph(canvas, spec.name, headingOptions(column));
  return rect;
}

/** "- line;" items, the last one "- Lưu: VT." (the archive line is added here). */
export function recipientLines(recipients: readonly string[], archive = 'VT'): string[] {
  const items = recipients
    .map((r) => r.normalize('NFC').trim())
    .filter((r) => r !== '')
    .map((r) => r.replace(/^[-–]\s*/, '').replace(/[;.,]+$/, ''))
    .filter((r) => !/^Lưu\b/i.test(r));
  return [...items.map((r) => `- ${r};`), `- Lưu: ${archive}.`];
}

const RECIPIENTS_SIZE = 11;

function drawRecipients(canvas: Canvas, lines: readonly string[], column: Column): void {
  paragraph(canvas, 'Nơi nhận:', { style: 'boldItalic', size: 12, column });
  const dash = canvas.measure('- ', { style: 'regular', size: RECIPIENTS_SIZE });
  for (const line of lines) {
    paragraph(canvas, line, {
      size: RECIPIENTS_SIZE,
      column,
      restIndent: dash,
      lineHeight: LINE_HEIGHT,
    });
  }
}

/** A paragraph kept on the same page as the signer block (the last sentence of the body). */
export interface LeadParagraph {
  text: RichText;
  options?: ParagraphOptions;
}

export interface ClosingSpec {
  /** Paragraphs drawn just before, kept with the signer block when they fit on one page. */
  lead?: LeadParagraph[];
  /** Already formatted lines, see {@link recipientLines}. */
  recipients?: readonly string[];
  /** A second signer at the left (e.g. the person who submitted), instead of recipients. */
  leftSigner?: SignerBlockSpec;
  signer: SignerBlockSpec;
  /** Share of the width left of the signer block (default 0.45). */
  leftShare?: number;
}

function closingColumns(canvas: Canvas, spec: ClosingSpec): { left: Column; right: Column } {
  const leftWidth = canvas.contentWidth * (spec.leftShare ?? 0.45);
  return {
    left: { x: canvas.frame.left, width: leftWidth - 8 },
    right: { x: canvas.frame.left + leftWidth, width: canvas.contentWidth - leftWidth },
  };
}

const CLOSING_GAP = 6;

/** Recipients (or a second signer) at the left, the signer at the right. */
export function drawClosing(canvas: Canvas, spec: ClosingSpec): void {
  const { left, right } = closingColumns(canvas, spec);
  const signerHeight = Math.max(
    signerBlockHeight(canvas, spec.signer, right),
    spec.leftSigner ? signerBlockHeight(canvas, spec.leftSigner, left) : 0,
  );
  if (signerHeight > canvas.fullPageHeight) {
    throw new LayoutError('the signer block is taller than a page');
  }
  const lead = spec.lead ?? [];
  const leadHeight = lead.reduce(
    (sum, p) =>
      sum +
      paragraphHeight(canvas, p.text, p.options ?? {}) +
      (p.options?.spaceBefore ?? 0) +
      (p.options?.spaceAfter ?? 0),
    0,
  );
  const together = leadHeight + CLOSING_GAP + signerHeight;
  if (together <= canvas.fullPageHeight) canvas.ensure(together);
  for (const p of lead) paragraph(canvas, p.text, p.options ?? {});
  canvas.moveDown(CLOSING_GAP);
  canvas.ensure(signerHeight);
  const top = canvas.y;
  const page = canvas.pageNumber;
  drawSignerBlock(canvas, spec.signer, right);
  const signerBottom = canvas.y;
  canvas.y = top;
  if (spec.leftSigner) drawSignerBlock(canvas, spec.leftSigner, left);
  else if (spec.recipients) drawRecipients(canvas, spec.recipients, left);
  if (canvas.pageNumber === page) canvas.y = Math.min(canvas.y, signerBottom);
}
