/**
 * The end of a document: "Nơi nhận" (recipients) at the bottom left and the signer block at the
 * bottom right (authority prefix and position in bold capitals, the space for the signature — an
 * empty signature field — and the signer's name in bold), or two signer blocks side by side.
 * A signer block never splits across pages and always shares its page with the last lines of the
 * text before it; the recipients may continue on the next page.
 *
 * An organisation's seal gets its own square field at the left of the signature, the two fields'
 * rectangles touching but not overlapping: Decree 30 has the seal cover the left third of the
 * signature, but the seal signs after the person, as a separate signature whose widget cannot
 * draw into the person's field, and validators (EU DSS) flag overlapping signature widgets.
 * Side by side, seal and signature read as one stamped signature (see docs/templates/README.md).
 */
import { inspectSignatureImage } from '../../signing/pdf/signature-image';
import { LayoutError, LINE_HEIGHT, type Canvas, type SignatureRole } from './canvas';
import {
  BODY_SIZE,
  drawLines,
  layoutLines,
  paragraph,
  paragraphHeight,
  type ParagraphOptions,
} from './flow';
import type { Column, Rect } from './geometry';
import type { Line, RichText } from './text';

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
   * The organisation's seal: its own square field, at the left of the signature and touching it
   * (Decree 30: the seal over the left third of the signature; see the module comment).
   */
  seal?: FieldSpec;
  /**
   * The image of the signer's handwritten signature (PNG or JPEG) their signature will show: it is
   * checked here, and the field made tall enough for it above the lines.
   */
  signatureImage?: Uint8Array;
  /** Printed under the signature space, bold. */
  name?: string;
}

export const SIGNER_SIZE = 13;
const HINT_SIZE = 12;
const DEFAULT_FIELD = { width: 190, height: 72 };
/** Extra height of a field that shows a handwritten signature above its lines. */
const IMAGE_BAND = 40;
/** Side of the seal's square field: a round seal of about 32 mm. */
export const SEAL_SIZE = 90;

function headingOptions(column: Column): ParagraphOptions {
  return { style: 'bold', size: SIGNER_SIZE, align: 'center', column, balance: true };
}

function sealSize(spec: SignerBlockSpec): number {
  return spec.seal ? (spec.seal.width ?? SEAL_SIZE) : 0;
}

function fieldSize(spec: SignerBlockSpec, column: Column): { width: number; height: number } {
  const width = Math.min(
    spec.field.width ?? DEFAULT_FIELD.width,
    column.width - 4 - sealSize(spec),
  );
  const height = spec.field.height ?? DEFAULT_FIELD.height + (spec.signatureImage ? IMAGE_BAND : 0);
  return { width, height };
}

/** Width a signer block needs: its field and, at its left, the seal's. */
export function signerBlockWidth(spec: SignerBlockSpec): number {
  return (spec.field.width ?? DEFAULT_FIELD.width) + sealSize(spec) + 4;
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

/** Refuses a handwritten-signature image the signature could not show, before anything is drawn. */
export function checkSignatureImage(spec: SignerBlockSpec): void {
  if (!spec.signatureImage) return;
  try {
    inspectSignatureImage(spec.signatureImage);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new LayoutError(`${spec.name ?? spec.field.name}: ${why}`);
  }
}

/** Draw a signer block from the cursor down, inside `column` (the caller made room for it). */
export function drawSignerBlock(canvas: Canvas, spec: SignerBlockSpec, column: Column): Rect {
  checkSignatureImage(spec);
  if (spec.placeDate) paragraph(canvas, spec.placeDate, placeDateOptions(column));
  for (const heading of spec.headings) paragraph(canvas, heading, headingOptions(column));
  if (spec.hint) {
    paragraph(canvas, spec.hint, { style: 'italic', size: HINT_SIZE, align: 'center', column });
  }
  const space = signatureSpace(spec, column);
  const { width, height } = fieldSize(spec, column);
  const seal = sealSize(spec);
  const centreY = canvas.y - space / 2;
  // Seal and signature centred together under the headings, the seal's right edge on the
  // signature's left edge (equal coordinates: touching, not overlapping).
  const left = column.x + (column.width - seal - width) / 2;
  const rect: Rect = { x: left + seal, y: centreY - height / 2, width, height };
  canvas.addSignatureField(spec.field.name, spec.field.role, rect, spec.field.tooltip);
  if (spec.seal) {
    canvas.addSignatureField(
      spec.seal.name,
      spec.seal.role,
      { x: left, y: centreY - seal / 2, width: rect.x - left, height: seal },
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

const QR_CAPTION_SIZE = 10;
const QR_GAP = 4;

function qrBlockHeight(qr: NonNullable<ClosingSpec['leftQr']>): number {
  return QR_GAP + qr.size + QR_GAP + 2 * QR_CAPTION_SIZE * LINE_HEIGHT;
}

/** The QR code centred in the column, its caption in italics below it. */
function drawQrBlock(canvas: Canvas, qr: NonNullable<ClosingSpec['leftQr']>, column: Column): void {
  canvas.moveDown(QR_GAP);
  canvas.drawQrCode(qr.text, column.x + (column.width - qr.size) / 2, canvas.y, qr.size);
  canvas.moveDown(qr.size + QR_GAP);
  paragraph(canvas, qr.caption, {
    style: 'italic',
    size: QR_CAPTION_SIZE,
    column,
    align: 'center',
  });
}

/** A paragraph kept on the same page as the signer block (the last sentence of the body). */
export interface LeadParagraph {
  text: RichText;
  options?: ParagraphOptions;
}

export interface ClosingSpec {
  /**
   * Paragraphs drawn just before; at least their last {@link KEPT_LINES} lines share the signer
   * block's page, the rest fills the page before.
   */
  lead?: LeadParagraph[];
  /** Already formatted lines, see {@link recipientLines}. */
  recipients?: readonly string[];
  /** A second signer at the left (e.g. the person who submitted), instead of recipients. */
  leftSigner?: SignerBlockSpec;
  /** A QR code at the left (e.g. of the tracking address), instead of recipients. */
  leftQr?: { text: string; caption: string; size: number };
  signer: SignerBlockSpec;
  /**
   * Share of the width left of the signer block (default 0.45, less when the signer block
   * needs more room, as with a seal).
   */
  leftShare?: number;
}

function closingColumns(canvas: Canvas, spec: ClosingSpec): { left: Column; right: Column } {
  const share = Math.min(
    spec.leftShare ?? 0.45,
    1 - signerBlockWidth(spec.signer) / canvas.contentWidth,
  );
  const leftWidth = canvas.contentWidth * share;
  return {
    left: { x: canvas.frame.left, width: leftWidth - 8 },
    right: { x: canvas.frame.left + leftWidth, width: canvas.contentWidth - leftWidth },
  };
}

const CLOSING_GAP = 6;

/** Lines of the text before the signature that always share its page (Decree 30 custom). */
export const KEPT_LINES = 2;

interface LeadLayout {
  lines: Line[];
  options: ParagraphOptions;
  lineHeight: number;
}

function layoutLead(canvas: Canvas, lead: readonly LeadParagraph[]): LeadLayout[] {
  return lead.map((p) => {
    const options = p.options ?? {};
    const size = options.size ?? BODY_SIZE;
    return {
      lines: layoutLines(canvas, p.text, options),
      options,
      lineHeight: (options.lineHeight ?? LINE_HEIGHT) * size,
    };
  });
}

/**
 * Draws lines `from` to `to` (counted over all the lead's paragraphs), with the paragraphs'
 * spacing; `breakBefore` opens a new page before the first of them.
 */
function drawLeadPart(
  canvas: Canvas,
  lead: readonly LeadLayout[],
  from: number,
  to: number,
  breakBefore: boolean,
): void {
  let first = 0;
  let pageOpened = !breakBefore;
  for (const p of lead) {
    const start = Math.max(from, first);
    const end = Math.min(to, first + p.lines.length);
    if (start < end || (p.lines.length === 0 && from <= first && first < to)) {
      if (!pageOpened) {
        canvas.newPage();
        pageOpened = true;
      }
      const startsParagraph = start === first;
      if (startsParagraph && p.options.spaceBefore && canvas.y < canvas.frame.top - 1e-6) {
        canvas.moveDown(p.options.spaceBefore);
      }
      const options = startsParagraph ? p.options : { ...p.options, indent: p.options.restIndent };
      drawLines(canvas, p.lines.slice(start - first, end - first), options);
      if (end === first + p.lines.length && p.options.spaceAfter) {
        canvas.moveDown(p.options.spaceAfter);
      }
    }
    first += p.lines.length;
  }
}

/** Height of lines `from` to the end of the lead, with the spacing of their paragraphs. */
function tailHeight(lead: readonly LeadLayout[], from: number): number {
  let first = 0;
  let height = 0;
  for (const p of lead) {
    const start = Math.max(from, first);
    const end = first + p.lines.length;
    if (start < end) {
      height += (end - start) * p.lineHeight + (p.options.spaceAfter ?? 0);
      if (start === first) height += p.options.spaceBefore ?? 0;
    }
    first = end;
  }
  return height;
}

/**
 * Recipients (or a second signer) at the left, the signer at the right, after the lead. The
 * lead fills the current page; only its last lines move with the signer block when the block
 * does not fit below them, so that no page before the signature is left half empty.
 */
export function drawClosing(canvas: Canvas, spec: ClosingSpec): void {
  const { left, right } = closingColumns(canvas, spec);
  const signerHeight = Math.max(
    signerBlockHeight(canvas, spec.signer, right),
    spec.leftSigner ? signerBlockHeight(canvas, spec.leftSigner, left) : 0,
    spec.leftQr ? qrBlockHeight(spec.leftQr) : 0,
  );
  if (signerHeight > canvas.fullPageHeight) {
    throw new LayoutError('the signer block is taller than a page');
  }
  checkSignatureImage(spec.signer);
  if (spec.leftSigner) checkSignatureImage(spec.leftSigner);
  const lead = layoutLead(canvas, spec.lead ?? []);
  const total = lead.reduce((n, p) => n + p.lines.length, 0);
  const split = Math.max(0, total - KEPT_LINES);
  drawLeadPart(canvas, lead, 0, split, false);
  const tail = tailHeight(lead, split) + CLOSING_GAP + signerHeight;
  const moves = tail > canvas.remaining() && tail <= canvas.fullPageHeight;
  drawLeadPart(canvas, lead, split, total, moves);
  canvas.moveDown(CLOSING_GAP);
  canvas.ensure(signerHeight);
  const top = canvas.y;
  const page = canvas.pageNumber;
  drawSignerBlock(canvas, spec.signer, right);
  const signerBottom = canvas.y;
  canvas.y = top;
  if (spec.leftSigner) drawSignerBlock(canvas, spec.leftSigner, left);
  else if (spec.leftQr) drawQrBlock(canvas, spec.leftQr, left);
  else if (spec.recipients) drawRecipients(canvas, spec.recipients, left);
  if (canvas.pageNumber === page) canvas.y = Math.min(canvas.y, signerBottom);
}
