/**
 * Page geometry: A4 with the margins of Decree 30/2020 (Appendix I), in PDF points with the origin
 * at the bottom left of the page.
 */

/** Points per millimetre. */
export const MM = 72 / 25.4;

export interface Size {
  width: number;
  height: number;
}

export const A4: Size = { width: 595.28, height: 841.89 };

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Decree 30/2020 allows top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the
 * templates use the smallest of each, as the usual Word templates of the ministries do.
 */
export const DECREE_30_MARGINS: Margins = {
  top: 20 * MM,
  bottom: 20 * MM,
  left: 30 * MM,
  right: 15 * MM,
};

/** The printable area inside the margins. */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** An axis-aligned rectangle; `y` is its bottom edge. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A horizontal slice of the frame that text flows in (a table cell, a column of the header). */
export interface Column {
  x: number;
  width: number;
}

export function frameOf(page: Size, margins: Margins): Frame {
  return {
    left: margins.left,
    right: page.width - margins.right,
    top: page.height - margins.top,
    bottom: margins.bottom,
  };
}

/** Rounding slack for floating-point comparisons, in points. */
export const EPSILON = 0.01;

export function rectInsideFrame(rect: Rect, frame: Frame, slack = EPSILON): boolean {
  return (
    rect.x >= frame.left - slack &&
    rect.x + rect.width <= frame.right + slack &&
    rect.y >= frame.bottom - slack &&
    rect.y + rect.height <= frame.top + slack
  );
}

/** Round to hundredths of a point, so that numbers written into the PDF stay short and stable. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
