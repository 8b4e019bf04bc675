/**
 * An official's registered image of their handwritten signature (PNG or JPEG), shown in their
 * visible signature: checked before anything is decoded (format, colour model, pixel size and
 * byte size, so that a crafted file cannot blow up in memory), then embedded as an image XObject.
 * A PNG's transparency becomes a soft mask, which PDF/A-2 allows (the documents carry an sRGB
 * OutputIntent); CMYK JPEGs are refused, as the documents' output intent is RGB.
 */
import { JpegEmbedder, PngEmbedder, type PDFContext, type PDFRef } from 'pdf-lib';
import { SigningError } from '../errors';

/** Largest accepted file. */
export const SIGNATURE_IMAGE_MAX_BYTES = 1024 * 1024;
/** Largest accepted width or height, and pixel count (decoded size stays under 64 MiB). */
export const SIGNATURE_IMAGE_MAX_SIDE = 4000;
export const SIGNATURE_IMAGE_MAX_PIXELS = 4_000_000;

export interface SignatureImageInfo {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function refuse(why: string): SigningError {
  return new SigningError('INVALID_ARGUMENT', `the signature image ${why}`);
}

function pngInfo(b: Buffer): SignatureImageInfo {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') throw refuse('is a damaged PNG');
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const colourType = b[25] as number;
  if (![0, 2, 3, 4, 6].includes(colourType)) throw refuse('is a damaged PNG');
  return { format: 'png', width, height };
}

/** Start-of-frame markers (baseline, progressive, ...); not DHT (C4), JPG (C8) or DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegInfo(b: Buffer): SignatureImageInfo {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) throw refuse('is a damaged JPEG');
    const marker = b[p + 1] as number;
    if (marker === 0xff) {
      p += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    const length = b.readUInt16BE(p + 2);
    if (length < 2) throw refuse('is a damaged JPEG');
    if (SOF.has(marker)) {
      if (p + 10 > b.length) throw refuse('is a damaged JPEG');
      const height = b.readUInt16BE(p + 5);
      const width = b.readUInt16BE(p + 7);
      const components = b[p + 9] as number;
      if (components !== 1 && components !== 3) {
        throw refuse('must be an RGB or greyscale JPEG (CMYK is not allowed in these documents)');
      }
      return { format: 'jpeg', width, height };
    }
    if (marker === 0xda || marker === 0xd9) break; // scan data before any frame header
    p += 2 + length;
  }
  throw refuse('is a damaged JPEG');
}

/** Format and pixel size of a signature image; refuses anything else with INVALID_ARGUMENT. */
export function inspectSignatureImage(bytes: Uint8Array): SignatureImageInfo {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw refuse('is empty');
  if (bytes.length > SIGNATURE_IMAGE_MAX_BYTES) {
    throw refuse(`is larger than ${SIGNATURE_IMAGE_MAX_BYTES / 1024} KiB`);
  }
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let info: SignatureImageInfo;
  if (b.subarray(0, 8).equals(PNG_SIGNATURE)) info = pngInfo(b);
  else if (b[0] === 0xff && b[1] === 0xd8) info = jpegInfo(b);
  else throw refuse('must be a PNG or JPEG file');
  const { width, height } = info;
  if (width === 0 || height === 0) throw refuse('has no pixels');
  if (
    width > SIGNATURE_IMAGE_MAX_SIDE ||
    height > SIGNATURE_IMAGE_MAX_SIDE ||
    width * height > SIGNATURE_IMAGE_MAX_PIXELS
  ) {
    throw refuse(`must be at most ${SIGNATURE_IMAGE_MAX_SIDE} pixels wide and high`);
  }
  return info;
}

/** Embeds a checked signature image; returns its XObject and pixel size. */
export async function embedSignatureImage(
  context: PDFContext,
  bytes: Uint8Array,
): Promise<SignatureImageInfo & { ref: PDFRef }> {
  const info = inspectSignatureImage(bytes);
  try {
    const embedder =
      info.format === 'png' ? await PngEmbedder.for(bytes) : await JpegEmbedder.for(bytes);
    return { ...info, ref: await embedder.embedIntoContext(context) };
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw refuse(`cannot be read (${err instanceof Error ? err.message : 'unknown error'})`);
  }
}
