/**
 * Poppler helpers for the document sample tests: text of a PDF, and where the signature
 * appearances' ink (dark red) lies on a rendered page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validators } from '../helpers/env';
import { exec } from '../signing/validators';

/** The text of a PDF (every page), as pdftotext extracts it. */
export async function pdfText(file: string): Promise<string> {
  const r = await exec(validators().pdftotext, ['-enc', 'UTF-8', file, '-']);
  if (r.code !== 0) throw new Error(`pdftotext failed on ${file}: ${r.stderr}`);
  return r.stdout;
}

/** Text with every run of white space made one space (lines of a box may wrap differently). */
export const squash = (text: string): string => text.replace(/\s+/g, ' ');

/** Renders `page` (1-based) of a PDF at `dpi` as a PNG next to `outPrefix`; returns its path. */
export async function renderPng(
  file: string,
  page: number,
  outPrefix: string,
  dpi = 80,
): Promise<string> {
  const args = ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile'];
  const r = await exec(validators().pdftoppm, [...args, file, outPrefix]);
  if (r.code !== 0) throw new Error(`pdftoppm failed on ${file}: ${r.stderr}`);
  return `${outPrefix}.png`;
}

/** A rendered page as RGB pixels (PPM), with the scale from PDF points. */
export interface Raster {
  width: number;
  height: number;
  /** Pixels per PDF point. */
  scale: number;
  /** Page height in points. */
  pageHeight: number;
  rgb: Buffer;
}

/** Renders `page` as a binary PPM (P6) and reads it. */
export async function renderRaster(
  file: string,
  page: number,
  outPrefix: string,
  dpi = 80,
): Promise<Raster> {
  const args = ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile'];
  const r = await exec(validators().pdftoppm, [...args, file, outPrefix]);
  if (r.code !== 0) throw new Error(`pdftoppm failed on ${file}: ${r.stderr}`);
  const data = readFileSync(`${outPrefix}.ppm`);
  // Header: "P6" whitespace width whitespace height whitespace maxval, one whitespace byte.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`not a P6 PPM: ${path.basename(outPrefix)}.ppm`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const scale = dpi / 72;
  return {
    width,
    height,
    scale,
    pageHeight: height / scale,
    rgb: data.subarray(header[0].length),
  };
}

/** [x, y, width, height] in PDF points, origin bottom left (as templates report fields). */
export type PdfBox = readonly [number, number, number, number];

/** Is this pixel the signatures' dark red (0.7, 0, 0), anti-aliased or not? */
function isRed(r: number, g: number, b: number): boolean {
  return r > 110 && r - g > 60 && r - b > 60;
}

function inside(box: PdfBox, raster: Raster, px: number, py: number, margin: number): boolean {
  const [x, y, w, h] = box;
  const left = x * raster.scale - margin;
  const right = (x + w) * raster.scale + margin;
  const top = (raster.pageHeight - y - h) * raster.scale - margin;
  const bottom = (raster.pageHeight - y) * raster.scale + margin;
  return px >= left && px <= right && py >= top && py <= bottom;
}

/** Red pixels inside `box`, and red pixels outside every box of `all` (with a 2 px margin). */
export function redInk(
  raster: Raster,
  box: PdfBox,
  all: readonly PdfBox[],
): { inside: number; outside: number } {
  let inBox = 0;
  let outside = 0;
  for (let py = 0; py < raster.height; py++) {
    for (let px = 0; px < raster.width; px++) {
      const i = (py * raster.width + px) * 3;
      if (!isRed(raster.rgb[i] ?? 0, raster.rgb[i + 1] ?? 0, raster.rgb[i + 2] ?? 0)) continue;
      if (inside(box, raster, px, py, 0)) inBox++;
      if (!all.some((b) => inside(b, raster, px, py, 2))) outside++;
    }
  }
  return { inside: inBox, outside };
}
