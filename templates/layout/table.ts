/**
 * Ruled tables that paginate: the header row is repeated on every page the table reaches, rows
 * split across pages line by line (so a row taller than a page still never overflows), and a cell
 * may hold an empty signature field, which keeps its row's first part tall enough for the field.
 */
import type { FontStyle } from '../fonts';
import { LINE_HEIGHT, LayoutError, type Canvas } from './canvas';
import { layoutLines, type Align } from './flow';
import type { Column } from './geometry';
import type { FieldSpec } from './signer';
import type { Line, RichText } from './text';

export interface TableColumnSpec {
  header: RichText;
  /** Relative width; the table always spans the whole frame width. */
  weight: number;
  /** Alignment of the body cells of this column (header cells are centred). */
  align?: Align;
}

export interface TableCellSpec {
  text?: RichText;
  align?: Align;
  /** Style of plain-string text. */
  style?: FontStyle;
  /** Number of columns this cell spans (default 1). */
  span?: number;
  /** An empty signature field filling the cell's width at its top. */
  field?: FieldSpec & { height: number };
  /**
   * Rule the column lines inside a spanning cell, so that the row follows the header's columns
   * (a field whose signature writes into each column).
   */
  ruled?: boolean;
}

export interface TableSpec {
  columns: TableColumnSpec[];
  rows: TableCellSpec[][];
  /** Body text size (default 12). */
  size?: number;
  headerSize?: number;
  padding?: number;
}

const BORDER = 0.5;

interface CellLayout {
  column: Column;
  align: Align;
  lines: Line[];
  /** Index of the next line to draw. */
  next: number;
  field?: FieldSpec & { height: number };
  /** Column lines to draw inside the cell (a ruled spanning cell). */
  rules: number[];
}

interface TableGeometry {
  left: number;
  right: number;
  /** x of each column boundary, from left to right (columns.length + 1 values). */
  edges: number[];
}

/** Where a table's column boundaries fall in a frame (the table spans the frame's width). */
export function columnEdges(
  frameLeft: number,
  frameRight: number,
  weights: readonly number[],
): number[] {
  const left = frameLeft + BORDER / 2;
  const right = frameRight - BORDER / 2;
  const total = weights.reduce((sum, w) => sum + w, 0);
  const edges = [left];
  let x = left;
  for (const weight of weights) {
    x += ((right - left) * weight) / total;
    edges.push(x);
  }
  edges[edges.length - 1] = right;
  return edges;
}

function geometry(canvas: Canvas, spec: TableSpec): TableGeometry {
  const edges = columnEdges(
    canvas.frame.left,
    canvas.frame.right,
    spec.columns.map((c) => c.weight),
  );
  return { left: edges[0] as number, right: edges[edges.length - 1] as number, edges };
}

function layoutRow(
  canvas: Canvas,
  cells: readonly TableCellSpec[],
  geo: TableGeometry,
  columns: readonly TableColumnSpec[],
  size: number,
  padding: number,
  header: boolean,
): CellLayout[] {
  const layouts: CellLayout[] = [];
  let index = 0;
  for (const cell of cells) {
    const span = cell.span ?? 1;
    const x0 = geo.edges[index];
    const x1 = geo.edges[index + span];
    if (x0 === undefined || x1 === undefined) {
      throw new LayoutError(`table row has more cells than the ${columns.length} columns`);
    }
    const column: Column = { x: x0 + padding, width: x1 - x0 - 2 * padding };
    const align = cell.align ?? (header ? 'center' : (columns[index]?.align ?? 'left'));
    const style = cell.style ?? (header ? 'bold' : 'regular');
    const lines = cell.text ? layoutLines(canvas, cell.text, { size, column, style }) : [];
    const rules = cell.ruled ? geo.edges.slice(index + 1, index + span) : [];
    layouts.push({ column, align, lines, next: 0, field: cell.field, rules });
    index += span;
  }
  if (index !== columns.length) {
    throw new LayoutError(`table row covers ${index} of ${columns.length} columns`);
  }
  return layouts;
}

/** Inner column boundaries of a row (where its cells meet, and inside ruled cells). */
function innerEdges(cells: readonly CellLayout[], padding: number): number[] {
  return [
    ...cells.slice(1).map((cell) => cell.column.x - padding),
    ...cells.flatMap((cell) => cell.rules),
  ];
}

function drawCellLines(
  canvas: Canvas,
  cell: CellLayout,
  count: number,
  top: number,
  size: number,
): void {
  const lineHeight = LINE_HEIGHT * size;
  for (let i = 0; i < count; i += 1) {
    const line = cell.lines[cell.next + i];
    if (!line) break;
    const free = cell.column.width - line.width;
    let x = cell.column.x;
    if (cell.align === 'center') x += Math.max(0, free) / 2;
    else if (cell.align === 'right') x += Math.max(0, free);
    const baseline = canvas.baselineFor(top - i * lineHeight, size);
    for (const segment of line.segments) {
      canvas.drawText(segment.text, x, baseline, { style: segment.style, size });
      x += segment.width;
    }
  }
  cell.next += count;
}

function frameRow(
  canvas: Canvas,
  geo: TableGeometry,
  inner: number[],
  top: number,
  bottom: number,
  drawTop: boolean,
): void {
  if (drawTop) canvas.drawLine(geo.left, top, geo.right, top, BORDER);
  canvas.drawLine(geo.left, bottom, geo.right, bottom, BORDER);
  for (const x of [geo.left, ...inner, geo.right]) canvas.drawLine(x, top, x, bottom, BORDER);
}

/** Draw a table from the cursor down. */
export function drawTable(canvas: Canvas, spec: TableSpec): void {
  const size = spec.size ?? 12;
  const headerSize = spec.headerSize ?? size;
  const padding = spec.padding ?? 3;
  const lineHeight = LINE_HEIGHT * size;
  const geo = geometry(canvas, spec);
  const headerCells = spec.columns.map((c) => ({ text: c.header }));

  const headerHeight = (): number => {
    const cells = layoutRow(canvas, headerCells, geo, spec.columns, headerSize, padding, true);
    return Math.max(...cells.map((c) => c.lines.length)) * LINE_HEIGHT * headerSize + 2 * padding;
  };
  const drawHeaderRow = (): void => {
    const cells = layoutRow(canvas, headerCells, geo, spec.columns, headerSize, padding, true);
    const rows = Math.max(...cells.map((c) => c.lines.length));
    const height = rows * LINE_HEIGHT * headerSize + 2 * padding;
    const top = canvas.y - BORDER / 2;
    for (const cell of cells) {
      // Header cells are centred vertically.
      const offset = ((rows - cell.lines.length) * LINE_HEIGHT * headerSize) / 2;
      drawCellLines(canvas, cell, cell.lines.length, top - padding - offset, headerSize);
    }
    frameRow(canvas, geo, innerEdges(cells, padding), top, top - height, true);
    canvas.y = top - height;
  };

  // The table starts where its header and a first line of body fit.
  canvas.ensure(headerHeight() + lineHeight + 2 * padding + BORDER);
  drawHeaderRow();

  for (const row of spec.rows) {
    const cells = layoutRow(canvas, row, geo, spec.columns, size, padding, false);
    let fieldPending = cells.some((c) => c.field);
    let freshPage = false;
    const fieldHeight = Math.max(0, ...cells.map((c) => c.field?.height ?? 0)) + 2 * padding;
    for (;;) {
      const remainingLines = Math.max(0, ...cells.map((c) => c.lines.length - c.next));
      const needed = Math.max(
        remainingLines * lineHeight + 2 * padding,
        fieldPending ? fieldHeight : 0,
      );
      const available = canvas.remaining() - BORDER;
      let fragmentHeight: number;
      let count: number;
      if (needed <= available) {
        fragmentHeight = needed;
        count = remainingLines;
      } else {
        const fitting = Math.floor((available - 2 * padding) / lineHeight);
        const fieldFits = !fieldPending || fieldHeight <= available;
        // Split only when a worthwhile part fits (two lines, or all but what a page holds).
        if (!fieldFits || fitting < Math.min(2, remainingLines)) {
          if (freshPage) throw new LayoutError('a table cell field is taller than a page');
          canvas.newPage();
          drawHeaderRow();
          freshPage = true;
          continue;
        }
        count = fitting;
        fragmentHeight = Math.max(count * lineHeight + 2 * padding, fieldPending ? fieldHeight : 0);
      }
      const top = canvas.y;
      for (const cell of cells) {
        drawCellLines(canvas, cell, count, top - padding, size);
        if (cell.field && fieldPending) {
          canvas.addSignatureField(
            cell.field.name,
            cell.field.role,
            {
              x: cell.column.x,
              y: top - padding - cell.field.height,
              width: cell.column.width,
              height: cell.field.height,
            },
            cell.field.tooltip,
          );
        }
      }
      fieldPending = false;
      frameRow(canvas, geo, innerEdges(cells, padding), top, top - fragmentHeight, false);
      canvas.y = top - fragmentHeight;
      if (cells.every((c) => c.next >= c.lines.length)) break;
      canvas.newPage();
      drawHeaderRow();
      freshPage = true;
    }
  }
}
