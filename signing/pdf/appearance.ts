/**
 * Visible signature appearances: the customary Vietnamese block ("Ký bởi: ...", "Chức vụ: ...",
 * "Cơ quan: ...", "Thời gian ký: ...") drawn with an embedded subset of a TrueType font, so that
 * diacritics render and extract (ToUnicode) exactly. Text is normalised to NFC.
 */
import zlib from 'node:zlib';
import type { PDFContext, PDFRef } from 'pdf-lib';
import type { CertificateInfo } from '../pki/certificates';
import { VIETNAM_OFFSET_MINUTES, toVietnameseDisplay } from './date';
import { defaultFontBytes } from './fonts';
import { SubsetFont } from './font-subset';

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
}

/** The default lines for a signer certificate and signing time. */
export function defaultAppearanceLines(
  cert: CertificateInfo,
  signingTime: Date,
  options: Pick<AppearanceOptions, 'uppercaseName' | 'utcOffsetMinutes'> = {},
): string[] {
  const s = cert.subject;
  const isSeal = s.commonName !== undefined && s.commonName === s.organization && !s.title;
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
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
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

/**
 * Creates the appearance XObject (a Form of width × height) in `context` and returns its
 * reference. Zero width or height gives an empty appearance (invisible signature).
 */
export async function createAppearance(
  context: PDFContext,
  width: number,
  height: number,
  lines: readonly string[],
  options: AppearanceOptions = {},
): Promise<PDFRef> {
  if (width <= 0 || height <= 0) {
    return context.register(
      context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0], Resources: {} }),
    );
  }
  const embedder = new SubsetFont(options.fontBytes ?? defaultFontBytes());
  const text = lines.map((l) => l.normalize('NFC').replace(/\s+/g, ' ').trim()).filter((l) => l);
  const pad = Math.min(3, width * 0.05, height * 0.05);
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  let size = options.maxFontSize ?? 10;
  let laidOut: string[] = [];
  for (; size >= 3; size -= 0.25) {
    laidOut = text.flatMap((l) => wrap(embedder, l, size, innerW));
    if (laidOut.length * size * LEADING <= innerH) break;
  }
  size = Math.max(size, 3);
  const [r, g, b] = options.color ?? [0.7, 0, 0];
  const ops: string[] = ['q'];
  if (options.border !== false) {
    ops.push(
      `${fmt(r)} ${fmt(g)} ${fmt(b)} RG 0.6 w 0.3 0.3 ${fmt(width - 0.6)} ${fmt(height - 0.6)} re S`,
    );
  }
  const blockH = laidOut.length * size * LEADING;
  const top = height - pad - Math.max(0, (innerH - blockH) / 2);
  ops.push('BT', `${fmt(r)} ${fmt(g)} ${fmt(b)} rg`, `/F1 ${fmt(size)} Tf`);
  laidOut.forEach((line, i) => {
    const y = top - size * 0.92 - i * size * LEADING;
    ops.push(`1 0 0 1 ${fmt(pad + 1)} ${fmt(y)} Tm`, `${embedder.encode(line)} Tj`);
  });
  ops.push('ET', 'Q');
  const fontRef = embedder.embed(context);
  const stream = context.stream(zlib.deflateSync(ops.join('\n')), {
    Filter: 'FlateDecode',
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: fontRef } },
  });
  return context.register(stream);
}

function fmt(n: number): string {
  return Number(n.toFixed(3)).toString();
}
