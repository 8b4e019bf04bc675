/**
 * Cross-reference reader: walks the chain of xref sections (classic tables and xref streams)
 * from the last `startxref` back through `/Prev`. It tells which objects each revision wrote,
 * where the previous section is (for an incremental update) and whether the file is encrypted.
 */
import zlib from 'node:zlib';
import { PDF_LIMITS } from './limits';
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';
import { SigningError } from '../errors';
import { parseDirectObject } from './object-parser';

/** One xref entry. */
export interface XrefEntry {
  /** 0 free, 1 in-file object, 2 object in an object stream. */
  readonly type: 0 | 1 | 2;
  readonly generation: number;
  /** Byte offset (type 1) */
  readonly offset?: number;
  /** Object stream number (type 2) */
  readonly streamObject?: number;
}

/** One xref section with its trailer. */
export interface XrefSection {
  /** Offset of the section (`xref` keyword or the xref stream object). */
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly trailer: PDFDict;
  readonly size: number;
  readonly prev?: number;
}

/** The whole chain, newest section first. */
export interface XrefChain {
  readonly startxref: number;
  readonly sections: readonly XrefSection[];
  /** Kind of the newest section: the kind an incremental update should write. */
  readonly kind: 'table' | 'stream';
  /** /Size of the newest trailer. */
  readonly size: number;
  /** Newest trailer. */
  readonly trailer: PDFDict;
  readonly encrypted: boolean;
}

const malformed = (why: string): SigningError =>
  new SigningError('MALFORMED_PDF', `the PDF is damaged or truncated: ${why}`);

/** Offset given by the last `startxref` (the file must end with `%%EOF`, allowing whitespace). */
export function findStartXref(bytes: Uint8Array): number {
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + tailStart,
    bytes.length - tailStart,
  ).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0 || tail.slice(eof + 5).trim() !== '') throw malformed('no %%EOF marker at the end');
  const sx = tail.lastIndexOf('startxref', eof);
  if (sx < 0) throw malformed('no startxref');
  const m = /^startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(sx, eof + 5));
  if (!m) throw malformed('unreadable startxref');
  const offset = Number(m[1]);
  if (offset <= 0 || offset >= bytes.length) throw malformed('startxref points outside the file');
  return offset;
}

/** Reads the xref chain of a file. */
export function readXrefChain(bytes: Uint8Array): XrefChain {
  const startxref = findStartXref(bytes);
  const context = PDFContext.create();
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  while (offset !== undefined) {
    if (seen.has(offset) || sections.length > 10_000) throw malformed('xref /Prev loop');
    seen.add(offset);
    const section = readSection(bytes, offset, context);
    sections.push(section);
    offset = section.prev;
  }
  const newest = sections[0] as XrefSection;
  const encrypted = sections.some((s) => s.trailer.has(PDFName.of('Encrypt')));
  return {
    startxref,
    sections,
    kind: newest.kind,
    size: newest.size,
    trailer: newest.trailer,
    encrypted,
  };
}

function readSection(bytes: Uint8Array, offset: number, context: PDFContext): XrefSection {
  if (offset < 0 || offset >= bytes.length) throw malformed('xref offset outside the file');
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + offset,
    Math.min(64, bytes.length - offset),
  ).toString('latin1');
  if (head.startsWith('xref')) return readTable(bytes, offset, context);
  if (/^\d+\s+\d+\s+obj/.test(head)) return readStream(bytes, offset, context);
  throw malformed('startxref does not point at a cross-reference section');
}

function numberOf(dict: PDFDict, key: string): number | undefined {
  const v = dict.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
}

function readTable(bytes: Uint8Array, offset: number, context: PDFContext): XrefSection {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset).toString(
    'latin1',
  );
  const entries = new Map<number, XrefEntry>();
  let pos = 4;
  const header = /\s*(\d+)\s+(\d+)[ \t]*\r?\n?/y;
  const entry = /\s*(\d{10})\s(\d{5})\s([nf])[ \r\n]{0,2}/y;
  for (;;) {
    header.lastIndex = pos;
    const h = header.exec(text);
    if (!h) break;
    pos = header.lastIndex;
    const first = Number(h[1]);
    const count = Number(h[2]);
    for (let i = 0; i < count; i++) {
      entry.lastIndex = pos;
      const e = entry.exec(text);
      if (!e) throw malformed('bad xref table entry');
      pos = entry.lastIndex;
      const num = first + i;
      if (e[3] === 'n')
        entries.set(num, { type: 1, offset: Number(e[1]), generation: Number(e[2]) });
      else if (num !== 0) entries.set(num, { type: 0, generation: Number(e[2]) });
    }
  }
  const t = text.indexOf('trailer', pos);
  if (t < 0 || t - pos > 64) throw malformed('no trailer after the xref table');
  const dictStart = text.indexOf('<<', t);
  if (dictStart < 0) throw malformed('no trailer dictionary');
  let trailer: PDFDict;
  try {
    const parsed =
      parseDirectObject(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
        offset + dictStart,
        context,
      ) ?? PDFObjectParser.forBytes(bytes.subarray(offset + dictStart), context).parseObject();
    if (!(parsed instanceof PDFDict)) throw new Error('not a dict');
    trailer = parsed;
  } catch {
    throw malformed('unreadable trailer dictionary');
  }
  const stm = numberOf(trailer, 'XRefStm');
  if (stm !== undefined) {
    try {
      for (const [k, v] of readStream(bytes, stm, context).entries)
        if (!entries.has(k)) entries.set(k, v);
    } catch {
      // hybrid files: the classic table is authoritative for readers that ignore /XRefStm
    }
  }
  const prev = numberOf(trailer, 'Prev');
  return {
    offset,
    kind: 'table',
    entries,
    trailer,
    size: numberOf(trailer, 'Size') ?? 0,
    ...(prev !== undefined ? { prev } : {}),
  };
}

function readStream(bytes: Uint8Array, offset: number, context: PDFContext): XrefSection {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + offset,
    Math.min(64, bytes.length - offset),
  ).toString('latin1');
  const m = /^\d+\s+\d+\s+obj\s*/.exec(head);
  if (!m) throw malformed('bad xref stream header');
  let stream: PDFRawStream;
  try {
    const parsed = PDFObjectParser.forBytes(
      bytes.subarray(offset + m[0].length),
      context,
    ).parseObject();
    if (!(parsed instanceof PDFRawStream)) throw new Error('not a stream');
    stream = parsed;
  } catch {
    throw malformed('unreadable xref stream');
  }
  const dict = stream.dict;
  if (dict.get(PDFName.of('Type')) !== PDFName.of('XRef'))
    throw malformed('object at startxref is not an xref stream');
  const data = decodeStream(stream);
  const w = arrayOfNumbers(dict.get(PDFName.of('W')));
  if (w.length !== 3) throw malformed('bad /W in xref stream');
  const size = numberOf(dict, 'Size') ?? 0;
  const index = dict.has(PDFName.of('Index'))
    ? arrayOfNumbers(dict.get(PDFName.of('Index')))
    : [0, size];
  const rowLength = (w[0] ?? 0) + (w[1] ?? 0) + (w[2] ?? 0);
  const entries = new Map<number, XrefEntry>();
  let p = 0;
  for (let i = 0; i + 1 < index.length; i += 2) {
    const first = index[i] as number;
    const count = index[i + 1] as number;
    for (let k = 0; k < count; k++) {
      if (p + rowLength > data.length) throw malformed('xref stream shorter than its /Index');
      const f1 = (w[0] ?? 0) === 0 ? 1 : readUInt(data, p, w[0] ?? 0);
      const f2 = readUInt(data, p + (w[0] ?? 0), w[1] ?? 0);
      const f3 = readUInt(data, p + (w[0] ?? 0) + (w[1] ?? 0), w[2] ?? 0);
      p += rowLength;
      const num = first + k;
      if (f1 === 1) entries.set(num, { type: 1, offset: f2, generation: f3 });
      else if (f1 === 2) entries.set(num, { type: 2, streamObject: f2, generation: 0 });
      else if (f1 === 0 && num !== 0) entries.set(num, { type: 0, generation: f3 });
    }
  }
  const prev = numberOf(dict, 'Prev');
  return {
    offset,
    kind: 'stream',
    entries,
    trailer: dict,
    size,
    ...(prev !== undefined ? { prev } : {}),
  };
}

function arrayOfNumbers(obj: unknown): number[] {
  if (!(obj instanceof PDFArray)) return [];
  return obj.asArray().map((o) => (o instanceof PDFNumber ? o.asNumber() : NaN));
}

function readUInt(data: Buffer, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + (data[pos + i] ?? 0);
  return v;
}

/** Decodes an xref stream: FlateDecode (or none) and PNG/TIFF predictors. */
function decodeStream(stream: PDFRawStream): Buffer {
  const dict = stream.dict;
  let data: Buffer = Buffer.from(stream.contents);
  const filter = dict.get(PDFName.of('Filter'));
  const filterName = filter instanceof PDFArray ? filter.get(0) : filter;
  if (filterName === PDFName.of('FlateDecode')) {
    try {
      data = zlib.inflateSync(data, { maxOutputLength: PDF_LIMITS.maxStreamBytes });
    } catch {
      throw malformed('xref stream cannot be inflated');
    }
  } else if (filterName !== undefined) {
    throw malformed('unsupported xref stream filter');
  }
  let parms = dict.get(PDFName.of('DecodeParms'));
  if (parms instanceof PDFArray) parms = parms.get(0);
  if (parms instanceof PDFDict) {
    const predictor = numberOf(parms, 'Predictor') ?? 1;
    const columns = numberOf(parms, 'Columns') ?? 1;
    if (predictor >= 10) data = undoPng(data, columns);
    else if (predictor === 2) throw malformed('TIFF predictor in xref stream');
  }
  return data;
}

function undoPng(data: Buffer, columns: number): Buffer {
  const rows = Math.floor(data.length / (columns + 1));
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (columns + 1)] ?? 0;
    for (let c = 0; c < columns; c++) {
      const raw = data[r * (columns + 1) + 1 + c] ?? 0;
      const left = c > 0 ? (out[r * columns + c - 1] ?? 0) : 0;
      const up = r > 0 ? (out[(r - 1) * columns + c] ?? 0) : 0;
      const upLeft = r > 0 && c > 0 ? (out[(r - 1) * columns + c - 1] ?? 0) : 0;
      let v: number;
      switch (type) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + left;
          break;
        case 2:
          v = raw + up;
          break;
        case 3:
          v = raw + Math.floor((left + up) / 2);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw malformed('bad PNG predictor row');
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}

/** The newest trailer's reference to an entry, if any. */
export function trailerRef(chain: XrefChain, key: 'Root' | 'Info'): PDFRef | undefined {
  for (const s of chain.sections) {
    const v = s.trailer.get(PDFName.of(key));
    if (v instanceof PDFRef) return v;
  }
  return undefined;
}
