/**
 * Flowing text: paragraphs that wrap inside a column and continue on the next page when the
 * current one is full.
 */
import type { FontStyle } from '../fonts';
import { LINE_HEIGHT, type Canvas } from './canvas';
import type { Column } from './geometry';
import { toRuns, wrapText, type Line, type RichText } from './text';

export type Align = 'left' | 'center' | 'right';

/** Body text size (Decree 30: 13–14 pt). */
export const BODY_SIZE = 13;

/** Space between paragraphs (Decree 30: at least 6 pt). */
export const PARAGRAPH_SPACING = 6;

export interface ParagraphOptions {
  /** Style of plain-string text (runs carry their own). Default regular. */
  style?: FontStyle;
  size?: number;
  align?: Align;
  /** First-line indent (Decree 30 body: 1–1.27 cm). */
  indent?: number;
  /** Indent of the lines after the first (hanging lists). */
  restIndent?: number;
  lineHeight?: number;
  spaceBefore?: number;
  spaceAfter?: number;
  /** Where the text flows; default the whole frame width. */
  column?: Column;
  /** Move the whole paragraph to the next page unless it fits here (when it fits on one page). */
  keepTogether?: boolean;
  /** Extra height that must fit below the first line (a heading kept with what follows). */
  keepWithNext?: number;
  /**
   * Even out the lines of a short wrapped text (titles, names of bodies): the same number of lines
   * as greedy wrapping, but as narrow as possible.
   */
  balance?: boolean;
}

export function fullColumn(canvas: Canvas): Column {
  return { x: canvas.frame.left, width: canvas.contentWidth };
}

export function layoutLines(canvas: Canvas, text: RichText, options: ParagraphOptions): Line[] {
  const size = options.size ?? BODY_SIZE;
  const column = options.column ?? fullColumn(canvas);
  const runs = toRuns(text, options.style ?? 'regular');
  const wrap = (width: number) =>
    wrapText(
      runs,
      width,
      (t, style) => canvas.measure(canvas.printable(t, style), { style, size }),
      options.indent ?? 0,
      options.restIndent ?? 0,
    );
  const lines = wrap(column.width);
  if (!options.balance || lines.length < 2) return lines;
  // The narrowest width that still gives as many lines: binary search, 12 steps.
  let low = column.width / lines.length;
  let high = column.width;
  let best = lines;
  for (let step = 0; step < 12; step += 1) {
    const mid = (low + high) / 2;
    const candidate = wrap(mid);
    if (candidate.length <= lines.length) {
      best = candidate;
      high = mid;
    } else {
      low = mid;
    }
  }
  return best;
}

/** Height of a paragraph's lines (without the space before and after). */
export function paragraphHeight(canvas: Canvas, text: RichText, options: ParagraphOptions): number {
  const size = options.size ?? BODY_SIZE;
  const lineHeight = (options.lineHeight ?? LINE_HEIGHT) * size;
  return layoutLines(canvas, text, options).length * lineHeight;
}

/** Draw prepared lines from the cursor down, opening pages as needed. */
export function drawLines(canvas: Canvas, lines: Line[], options: ParagraphOptions): void {
  const size = options.size ?? BODY_SIZE;
  const factor = options.lineHeight ?? LINE_HEIGHT;
  const lineHeight = factor * size;
  const column = options.column ?? fullColumn(canvas);
  const align = options.align ?? 'left';
  lines.forEach((line, index) => {
    if (canvas.remaining() < lineHeight - 1e-6) canvas.newPage();
    const indent = index === 0 ? (options.indent ?? 0) : (options.restIndent ?? 0);
    const free = column.width - indent - line.width;
    let x = column.x + indent;
    if (align === 'center') x += Math.max(0, free) / 2;
    else if (align === 'right') x += Math.max(0, free);
    const baseline = canvas.baselineFor(canvas.y, size, factor);
    for (const segment of line.segments) {
      canvas.drawText(segment.text, x, baseline, { style: segment.style, size });
      x += segment.width;
    }
    canvas.y -= lineHeight;
  });
}

/** A paragraph at the cursor; returns its lines. */
export function paragraph(canvas: Canvas, text: RichText, options: ParagraphOptions = {}): Line[] {
  const size = options.size ?? BODY_SIZE;
  const lineHeight = (options.lineHeight ?? LINE_HEIGHT) * size;
  const lines = layoutLines(canvas, text, options);
  if (options.spaceBefore && canvas.y < canvas.frame.top - 1e-6) {
    canvas.moveDown(options.spaceBefore);
  }
  const total = lines.length * lineHeight;
  if (options.keepTogether && total <= canvas.fullPageHeight) canvas.ensure(total);
  if (options.keepWithNext) canvas.ensure(lineHeight + options.keepWithNext);
  drawLines(canvas, lines, options);
  if (options.spaceAfter) canvas.moveDown(options.spaceAfter);
  return lines;
}

/** "Label: value" on one paragraph, the label in `labelStyle`, the value in `valueStyle`. */
export function labelled(
  canvas: Canvas,
  label: string,
  value: string,
  options: ParagraphOptions & { labelStyle?: FontStyle; valueStyle?: FontStyle } = {},
): Line[] {
  return paragraph(
    canvas,
    [
      { text: `${label}: `, style: options.labelStyle ?? 'regular' },
      { text: value, style: options.valueStyle ?? 'regular' },
    ],
    options,
  );
}

/** A short horizontal rule centred at `centre` just below the cursor. */
export function centredRule(canvas: Canvas, centre: number, length: number, gap = 2): void {
  const y = canvas.y - gap;
  canvas.drawLine(centre - length / 2, y, centre + length / 2, y, 0.6);
  canvas.y = y - gap;
}
