/**
 * Visible signature appearances, as Decree 30/2020 (Appendix I) lays them out:
 *
 * - a person's signature: the customary Vietnamese block ("Ký bởi: ...", "Chức vụ: ...",
 *   "Cơ quan: ...", "Thời gian ký: ...") under the image of their handwritten signature when they
 *   registered one;
 * - an organisation's signature: its round red seal (`seal.ts`), with the lines beside it when the
 *   field is wide enough.
 *
 * Text is drawn with embedded subsets of a TrueType font, so that diacritics render and extract
 * (ToUnicode) exactly, and normalised to NFC. Everything is opaque vector graphics and DeviceRGB
 * colours (device-independent through the documents' sRGB OutputIntent): an appearance keeps a
 * PDF/A-2b document PDF/A-2b. A handwritten signature's PNG transparency becomes a soft mask.
 */
import zlib from 'node:zlib';
import type { PDFContext, PDFRef } from 'pdf-lib';
import type { CertificateInfo } from '../pki/certificates';
import { VIETNAM_OFFSET_MINUTES, toVietnameseDisplay } from './date';
import { loadFontBytes } from './fonts';
import { SubsetFont } from './font-subset';
import { type SealText, sealOperators } from './seal';
import { embedSignatureImage } from './signature-image';

/** How the signature looks: the lines alone, or the organisation's seal. */
export type AppearanceStyle = 'text' | 'seal';

/** How the appearance looks. All optional. */
export interface AppearanceOptions {
  /** Replaces the generated lines entirely. */
  readonly lines?: readonly string[];
  /** Lines appended after the generated (or given) lines, e.g. "Kết quả: Đúng hạn". */
  readonly extraLines?: readonly string[];
  /** TrueType/OpenType font bytes; default Tinos Regular. */
  readonly fontBytes?: Uint8Array;
  /** Largest font size in points (text shrinks to fit the rectangle); default 10. */
  readonly maxFontSize?: number;
  /** Draw a thin frame; default true. */
  readonly border?: boolean;
  /** Text colour, RGB 0..1; default dark red as on Vietnamese e-documents. */
  readonly color?: readonly [number, number, number];
  /** Upper-case the signer's name (default true: "NGUYỄN VĂN A"). */
  readonly uppercaseName?: boolean;
  /** Offset of the displayed time from UTC in minutes; default +420 (+07:00). */
  readonly utcOffsetMinutes?: number;
  /**
   * `seal` draws the organisation's round red seal (in a square field the seal alone, in a wider
   * one the lines beside it); `text` the lines alone. Default: `seal` when an organisation's seal
   * certificate signs with the generated lines (no `lines` or `columns` given), else `text`.
   */
  readonly style?: AppearanceStyle;
  /**
   * The seal's text; default from the certificate: the organisation along the top of the rim,
   * its province (ST, else L) along the bottom, in capitals.
   */
  readonly seal?: Partial<SealText>;
  /**
   * The image of the signer's handwritten signature (PNG or JPEG, at most 1 MiB and 4000 pixels a
   * side), drawn above the lines, centred (Decree 30: between the position and the name).
   */
  readonly signatureImage?: Uint8Array;
  /**
   * The field split into side-by-side columns, each with its own lines (a table row signed as
   * one signature, as a control-sheet step's time and result cells); `from` and `to` are
   * fractions of the field's width. Replaces the lines.
   */
  readonly columns?: ReadonlyArray<{
    readonly from: number;
    readonly to: number;
    readonly lines: readonly string[];
  }>;
}

/** An organisation's seal certificate: its common name is the organisation, with no title. */
export function isSealCertificate(cert: CertificateInfo): boolean {
  const s = cert.subject;
  return s.commonName !== undefined && s.commonName === s.organization && !s.title;
}

const upperVi = (text: string): string =>
  text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleUpperCase('vi-VN');

/** The seal's text for a certificate: organisation on top, province ("TP. ..." ) at the bottom. */
export function sealTextFor(
  cert: CertificateInfo | undefined,
  given: Partial<SealText> = {},
): SealText {
  const s = cert?.subject;
  const attr = (type: string): string | undefined =>
    s?.attributes.find((a) => a.type === type)?.value;
  const place = attr('ST') ?? attr('L') ?? '';
  return {
    top: upperVi(given.top ?? s?.organization ?? s?.commonName ?? ''),
    bottom: upperVi(given.bottom ?? place).replace(/^THÀNH PHỐ\s+/u, 'TP. '),
  };
}

/** The default lines for a signer certificate and signing time. */
export function defaultAppearanceLines(
  cert: CertificateInfo,
  signingTime: Date,
  options: Pick<AppearanceOptions, 'uppercaseName' | 'utcOffsetMinutes'> = {},
): string[] {
  const s = cert.subject;
  const isSeal = isSealCertificate(cert);
  const rawName = s.commonName ?? s.organization ?? s.text;
  const name =
    options.uppercaseName === false || isSeal ? rawName : rawName.toLocaleUpperCase('vi-VN');
  const lines = [`Ký bởi: ${name}`];
  if (s.title) lines.push(`Chức vụ: ${s.title}`);
  if (s.organization && !isSeal) lines.push(`Cơ quan: ${s.organization}`);
  lines.push(
    `Thời gian ký: ${toVietnameseDisplay(signingTime, options.utcOffsetMinutes ?? VIETNAM_OFFSET_MINUTES)}`,
  );
  return lines;
}

function wrap(embedder: SubsetFont, text: string, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  const fits = (t: string): boolean => embedder.widthOf(t, size) <= width;
  // A lone dash stays with the word after it: no line ends in "-" (read as a hyphenation).
  const words = text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .reduce<string[]>((acc, w) => {
      const last = acc[acc.length - 1];
      if (last !== undefined && /^[-–—]$/.test(last)) acc[acc.length - 1] = `${last} ${w}`;
      else acc.push(w);
      return acc;
    }, []);
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) out.push(line);
    if (fits(word)) {
      line = word;
      continue;
    }
    // A single word wider than the box: break it by characters.
    let piece = '';
    for (const ch of Array.from(word)) {
      if (piece && !fits(piece + ch)) {
        out.push(piece);
        piece = ch;
      } else piece += ch;
    }
    line = piece;
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

const LEADING = 1.22;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface TextBlock {
  readonly lines: readonly string[];
  readonly box: Box;
}

function cleanLines(lines: readonly string[]): string[] {
  return lines.map((l) => l.normalize('NFC').replace(/\s+/g, ' ').trim()).filter((l) => l);
}

/** The largest size (≤ `max`, ≥ 3) at which the wrapped lines fit the box. */
function fittingSize(embedder: SubsetFont, block: TextBlock, max: number): number {
  const text = cleanLines(block.lines);
  let size = max;
  for (; size > 3; size -= 0.25) {
    const count = text.flatMap((l) => wrap(embedder, l, size, block.box.width)).length;
    if (count * size * LEADING <= block.box.height) break;
  }
  return Math.max(size, 3);
}

/** Text operators for blocks of lines, each at the largest size that fits its box, centred vertically. */
function textOperators(
  embedder: SubsetFont,
  blocks: readonly TextBlock[],
  maxFontSize: number,
  colour: string,
): string[] {
  const filled = blocks.filter((b) => cleanLines(b.lines).length > 0);
  if (filled.length === 0) return [];
  const ops = ['BT', `${colour} rg`];
  for (const block of filled) {
    const { lines, box } = block;
    const size = fittingSize(embedder, block, maxFontSize);
    const laidOut = cleanLines(lines).flatMap((l) => wrap(embedder, l, size, box.width));
    const blockH = laidOut.length * size * LEADING;
    const top = box.y + box.height - Math.max(0, (box.height - blockH) / 2);
    ops.push(`/F1 ${fmt(size)} Tf`);
    laidOut.forEach((line, i) => {
      const y = top - size * 0.92 - i * size * LEADING;
      ops.push(`1 0 0 1 ${fmt(box.x + 1)} ${fmt(y)} Tm`, `${embedder.encode(line)} Tj`);
    });
  }
  ops.push('ET');
  return ops;
}

function inset(box: Box): Box {
  const pad = Math.min(3, box.width * 0.05, box.height * 0.05);
  return {
    x: box.x + pad,
    y: box.y + pad,
    width: box.width - 2 * pad,
    height: box.height - 2 * pad,
  };
}

function frame(box: Box, colour: string): string {
  return `${colour} RG 0.6 w ${fmt(box.x + 0.3)} ${fmt(box.y + 0.3)} ${fmt(box.width - 0.6)} ${fmt(box.height - 0.6)} re S`;
}

/** The style an appearance is drawn in (see {@link AppearanceOptions.style}). */
export function appearanceStyle(
  options: AppearanceOptions,
  signer: CertificateInfo | undefined,
): AppearanceStyle {
  if (options.style) return options.style;
  const ownText = options.lines !== undefined || options.columns !== undefined;
  return signer && isSealCertificate(signer) && !ownText ? 'seal' : 'text';
}

/** Narrowest room worth writing the lines in, beside a seal. */
const MIN_TEXT_WIDTH = 60;

/**
 * Creates the appearance XObject (a Form of width × height) in `context` and returns its
 * reference. Zero width or height gives an empty appearance (invisible signature). `signer` is
 * the signing certificate (the seal's default text and style come from it).
 */
export async function createAppearance(
  context: PDFContext,
  width: number,
  height: number,
  lines: readonly string[],
  options: AppearanceOptions = {},
  signer?: CertificateInfo,
): Promise<PDFRef> {
  if (width <= 0 || height <= 0) {
    return context.register(
      context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0], Resources: {} }),
    );
  }
  const style = appearanceStyle(options, signer);
  const regular = new SubsetFont(options.fontBytes ?? loadFontBytes());
  const [r, g, b] = options.color ?? [0.7, 0, 0];
  const colour = `${fmt(r)} ${fmt(g)} ${fmt(b)}`;
  const fonts: Record<string, PDFRef> = {};
  const xObjects: Record<string, PDFRef> = {};
  const ops: string[] = ['q'];

  // What is left for the lines (and the handwritten signature) once a seal is drawn.
  let area: Box | undefined = { x: 0, y: 0, width, height };
  if (style === 'seal') {
    const diameter = Math.min(width, height);
    const bold = new SubsetFont(loadFontBytes('bold'));
    const text = sealTextFor(signer, options.seal);
    ops.push(...sealOperators(0, (height - diameter) / 2, diameter, text, bold, 'F2'));
    fonts.F2 = bold.embed(context);
    const rest = width - diameter - 2;
    area = rest >= MIN_TEXT_WIDTH ? { x: diameter + 2, y: 0, width: rest, height } : undefined;
  }

  const blocks: TextBlock[] = [];
  if (area && options.columns && options.columns.length > 0) {
    // A table row signed as one signature: each column's lines in its own part of the field.
    for (const column of options.columns) {
      const from = Math.max(0, Math.min(1, column.from));
      const to = Math.max(from, Math.min(1, column.to));
      const box: Box = {
        x: area.x + from * area.width,
        y: area.y,
        width: (to - from) * area.width,
        height: area.height,
      };
      if (box.width <= 0) continue;
      if (style === 'text' && options.border !== false) ops.push(frame(box, colour));
      blocks.push({ lines: column.lines, box: inset(box) });
    }
  } else if (area) {
    if (style === 'text' && options.border !== false) ops.push(frame(area, colour));
    let inner = inset(area);
    if (options.signatureImage) {
      const image = await embedSignatureImage(context, options.signatureImage);
      // The image takes at most 45 % of the height, keeping its proportions, centred.
      const scale = Math.min((inner.height * 0.45) / image.height, inner.width / image.width);
      const w = image.width * scale;
      const h = image.height * scale;
      const x = inner.x + (inner.width - w) / 2;
      const y = inner.y + inner.height - h;
      xObjects.Im1 = image.ref;
      ops.push('q', `${fmt(w)} 0 0 ${fmt(h)} ${fmt(x)} ${fmt(y)} cm`, '/Im1 Do', 'Q');
      inner = { ...inner, height: inner.height - h - 1 };
    }
    blocks.push({ lines, box: inner });
  }
  const text = textOperators(regular, blocks, options.maxFontSize ?? 10, colour);
  if (text.length > 0) {
    ops.push(...text);
    fonts.F1 = regular.embed(context);
  }
  ops.push('Q');
  const stream = context.stream(zlib.deflateSync(ops.join('\n')), {
    Filter: 'FlateDecode',
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: {
      ...(Object.keys(fonts).length > 0 ? { Font: fonts } : {}),
      ...(Object.keys(xObjects).length > 0 ? { XObject: xObjects } : {}),
    },
  });
  return context.register(stream);
}

function fmt(n: number): string {
  return Number(n.toFixed(3)).toString();
}
