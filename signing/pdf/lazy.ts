/**
 * Opening a PDF for an incremental update without parsing all of it: a pdf-lib context whose
 * objects are read on first lookup, from the byte offsets the cross-reference chain gives
 * (objects inside object streams included), with pdf-lib's own object parser. An update reads
 * a handful of objects (the catalogue, the page tree, the AcroForm and its fields); the content
 * streams, fonts and images of the document are never touched.
 *
 * The lazy reading only stands in for the whole parse (signing/pdf/load.ts) where both read the
 * same thing. Whenever it cannot be sure — an in-use entry of the chain that does not point at
 * its own `N G obj` header, no /Root, an object it cannot find or parse — it throws
 * {@link NeedsFullParse} and the caller starts again on the whole parse, which then refuses or
 * reads the document exactly as before.
 */
import {
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  decodePDFRawStream,
} from 'pdf-lib';
import type { PeekEntries } from './fields';
import { parseDictEntries, parseDirectObject } from './object-parser';
import type { XrefChain, XrefEntry } from './xref';

/** The lazy reading cannot stand in for the whole parse of this document. */
export class NeedsFullParse extends Error {
  constructor(why: string) {
    super(`lazy PDF reading gave up: ${why}`);
    this.name = 'NeedsFullParse';
  }
}

/** The newest entry of every object number the chain knows (newest section first). */
function effectiveEntries(chain: XrefChain): Map<number, XrefEntry> {
  const out = new Map<number, XrefEntry>();
  for (const section of chain.sections) {
    for (const [num, entry] of section.entries) if (!out.has(num)) out.set(num, entry);
  }
  return out;
}

const isSpace = (c: number | undefined): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/**
 * Where the object's body starts when `offset` holds the header `num gen obj`, else -1. Byte by
 * byte, no string made: this runs for every in-use entry of the chain.
 */
export function bodyAfterHeader(
  bytes: Uint8Array,
  offset: number,
  num: number,
  gen: number,
): number {
  let i = intEnd(bytes, offset);
  if (i === offset || readInt(bytes, offset, i) !== num || !isSpace(bytes[i])) return -1;
  while (isSpace(bytes[i])) i++;
  const genStart = i;
  i = intEnd(bytes, genStart);
  if (i === genStart || readInt(bytes, genStart, i) !== gen || !isSpace(bytes[i])) return -1;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] !== 0x6f || bytes[i + 1] !== 0x62 || bytes[i + 2] !== 0x6a) return -1; // "obj"
  const after = bytes[i + 3];
  if (after !== undefined && !isSpace(after) && after !== 0x3c && after !== 0x5b && after !== 0x25)
    return -1;
  return i + 3;
}

/** Where the run of digits at `from` ends. */
function intEnd(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) i++;
  return i;
}

function readInt(bytes: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + ((bytes[i] as number) - 0x30);
  return v;
}

/** An object stream, decoded once: its data and where each object it holds starts. */
interface ObjectStream {
  readonly data: Buffer;
  readonly starts: ReadonlyMap<number, number>;
}

/** A pdf-lib context over `bytes` that parses an object the first time it is looked up. */
export interface LazyPdf {
  readonly context: PDFContext;
  /** The catalogue's reference (from the newest trailer). */
  readonly rootRef: PDFRef;
  /** The largest object number the chain knows of. */
  readonly largest: number;
  /**
   * Some entries of a dictionary object without parsing the rest of it (nor keeping it): what a
   * walk of the page tree needs of the pages it passes. `undefined` when it is not a dictionary.
   */
  readonly peek: PeekEntries;
}

/**
 * Opens `bytes` lazily over its (already read) chain; throws {@link NeedsFullParse} when the chain
 * does not match the file. Objects looked up later may throw it too (see the module comment).
 */
export function openLazily(bytes: Buffer, chain: XrefChain): LazyPdf {
  const entries = effectiveEntries(chain);
  let largest = Math.max(0, chain.size - 1);
  for (const [num, entry] of entries) {
    if (num > largest) largest = num;
    if (entry.type === 1 && bodyAfterHeader(bytes, entry.offset ?? -1, num, entry.generation) < 0)
      throw new NeedsFullParse(`object ${num} is not where the cross-reference says`);
  }
  let rootRef: PDFRef | undefined;
  for (const s of chain.sections) {
    const v = s.trailer.get(PDFName.of('Root'));
    if (v instanceof PDFRef) {
      rootRef = v;
      break;
    }
  }
  if (!rootRef) throw new NeedsFullParse('no /Root in the trailer');

  const context = PDFContext.create();
  context.largestObjectNumber = largest;
  context.trailerInfo.Root = rootRef;
  const loaded = new Set<PDFRef>();
  const streams = new Map<number, ObjectStream>();

  const parseAt = (data: Buffer, start: number): PDFObject => {
    if (start < 0) throw new NeedsFullParse('an object is not where the cross-reference says');
    const fast = parseDirectObject(data, start, context);
    if (fast) return fast;
    try {
      return PDFObjectParser.forBytes(data.subarray(start), context).parseObject();
    } catch {
      throw new NeedsFullParse('an object cannot be parsed');
    }
  };

  const objectStream = (num: number): ObjectStream => {
    const cached = streams.get(num);
    if (cached) return cached;
    const entry = entries.get(num);
    if (entry?.type !== 1) throw new NeedsFullParse(`object stream ${num} is not in the file`);
    const raw = parseAt(bytes, bodyAfterHeader(bytes, entry.offset ?? -1, num, entry.generation));
    if (!(raw instanceof PDFRawStream) || raw.dict.get(PDFName.of('Type')) !== PDFName.of('ObjStm'))
      throw new NeedsFullParse(`object ${num} is not an object stream`);
    const n = raw.dict.get(PDFName.of('N'));
    const first = raw.dict.get(PDFName.of('First'));
    if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber))
      throw new NeedsFullParse(`object stream ${num} has no /N or /First`);
    let data: Buffer;
    try {
      const decoded = decodePDFRawStream(raw).decode();
      data = Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    } catch {
      throw new NeedsFullParse(`object stream ${num} cannot be decoded`);
    }
    const header = Buffer.from(
      data.buffer,
      data.byteOffset,
      Math.min(first.asNumber(), data.length),
    )
      .toString('latin1')
      .trim();
    const numbers = header.length > 0 ? header.split(/\s+/).map(Number) : [];
    if (numbers.length < 2 * n.asNumber() || numbers.some((x) => !Number.isSafeInteger(x)))
      throw new NeedsFullParse(`object stream ${num} has a bad header`);
    const starts = new Map<number, number>();
    for (let i = 0; i < n.asNumber(); i++) {
      const objectNumber = numbers[2 * i] as number;
      // The first occurrence counts, as for a reader that stops at it.
      if (!starts.has(objectNumber))
        starts.set(objectNumber, first.asNumber() + (numbers[2 * i + 1] as number));
    }
    const stream = { data, starts };
    streams.set(num, stream);
    return stream;
  };

  /** Where the object's text is: the file or a decoded object stream, and the offset. */
  const locate = (ref: PDFRef): [Buffer, number] => {
    const entry = entries.get(ref.objectNumber);
    if (!entry || entry.type === 0 || entry.generation !== ref.generationNumber)
      throw new NeedsFullParse(`object ${ref.tag} is not in use`);
    if (entry.type === 1)
      return [
        bytes,
        bodyAfterHeader(bytes, entry.offset as number, ref.objectNumber, entry.generation),
      ];
    const stream = objectStream(entry.streamObject as number);
    const start = stream.starts.get(ref.objectNumber);
    if (start === undefined || start >= stream.data.length)
      throw new NeedsFullParse(`object ${ref.tag} is not in its object stream`);
    return [stream.data, start];
  };

  const load = (ref: PDFRef): void => {
    loaded.add(ref);
    if (ref.objectNumber > largest) return; // the update's own objects
    const [data, start] = locate(ref);
    const object = parseAt(data, start);
    context.assign(ref, object);
  };

  const lookup = context.lookup.bind(context) as (ref: unknown, ...types: unknown[]) => unknown;
  const lookupMaybe = context.lookupMaybe.bind(context) as (
    ref: unknown,
    ...types: unknown[]
  ) => unknown;
  const ensure = (ref: unknown): void => {
    if (ref instanceof PDFRef && !loaded.has(ref)) load(ref);
  };
  Object.assign(context, {
    lookup: (ref: unknown, ...types: unknown[]) => {
      ensure(ref);
      return lookup(ref, ...types);
    },
    lookupMaybe: (ref: unknown, ...types: unknown[]) => {
      ensure(ref);
      return lookupMaybe(ref, ...types);
    },
  });
  const peek: PeekEntries = (ref, keys) => {
    if (loaded.has(ref) || ref.objectNumber > largest) {
      const object = context.lookup(ref);
      if (!(object instanceof PDFDict)) return undefined;
      return new Map(
        [...keys].flatMap((k) => (object.has(k) ? [[k, object.get(k)]] : [])) as Array<
          [PDFName, PDFObject]
        >,
      );
    }
    const [data, start] = locate(ref);
    if (start < 0) throw new NeedsFullParse('an object is not where the cross-reference says');
    const some = parseDictEntries(data, start, context, keys);
    if (some) return some;
    const object = context.lookup(ref);
    return object instanceof PDFDict ? peek(ref, keys) : undefined;
  };
  return { context, rootRef, largest, peek };
}

/** The catalogue of a lazily opened PDF, if it is a dictionary with /Pages. */
export function lazyCatalog(pdf: LazyPdf): PDFDict | undefined {
  const catalog = pdf.context.lookup(pdf.rootRef);
  return catalog instanceof PDFDict && catalog.get(PDFName.of('Pages')) !== undefined
    ? catalog
    : undefined;
}
