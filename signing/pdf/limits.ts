/**
 * The limits on a PDF that the server reads (verification, uploads, signing), in one place, and
 * the cheap check that enforces them before any parser sees the document (issue 10, row 1).
 *
 * The check walks the raw bytes once: it counts objects and pages, measures how deeply arrays and
 * dictionaries nest, and inflates every Flate stream with native zlib under a hard output cap
 * (`maxOutputLength`), so that a bomb is refused after at most `maxDecompressedBytes` of work,
 * never by inflating it. Compressed object streams are inflated the same way and their contents
 * counted and measured like the rest. The time limit and the memory limit are enforced where the
 * verification runs (signing/verify/isolated.ts), in a worker thread.
 */
import zlib from 'node:zlib';
import { SigningError } from '../errors';

export const PDF_LIMITS = {
  /** Decompressed bytes of all Flate streams together. */
  maxDecompressedBytes: 128 * 1024 * 1024,
  /** Decompressed bytes of one stream. */
  maxStreamBytes: 64 * 1024 * 1024,
  /** Expansion of one stream, checked once it inflates past `ratioFloorBytes`. */
  maxRatio: 200,
  ratioFloorBytes: 4 * 1024 * 1024,
  /** Indirect objects, those in object streams included. */
  maxObjects: 500_000,
  /** Page objects. */
  maxPages: 5_000,
  /** Nesting of arrays and dictionaries (ISO 32000-1 Annex C advises 28). */
  maxDepth: 100,
  /** Wall-clock time of one verification, and the heap of the thread that runs it. */
  timeMs: 20_000,
  workerHeapMb: 256,
} as const;

export type PdfLimits = { readonly [K in keyof typeof PDF_LIMITS]: number };

/** Which limit a document broke: `decompressed`, `ratio`, `objects`, `pages`, `depth`, `time`, `memory`. */
export type PdfLimit = 'decompressed' | 'ratio' | 'objects' | 'pages' | 'depth' | 'time' | 'memory';

/** A document over one of the limits (HTTP 413). */
export class PdfLimitError extends SigningError {
  constructor(readonly limit: PdfLimit) {
    super('PDF_TOO_COMPLEX', `the PDF is over the server's limit (${limit})`, { limit });
  }
}

const FLATE = /^\/(FlateDecode|Fl)$/;

/** The filters of a stream dictionary, as names (`/FlateDecode`), in order. */
function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()]+)/.exec(dict);
  if (!m) return [];
  return (m[1] as string).match(/\/[^\s/[\]<>()]+/g) ?? [];
}

/** Inflates under a cap; null when the data is not (complete) Flate data: a parser judges it. */
function inflateCapped(data: Buffer, cap: number, limit: PdfLimit): Buffer | null {
  try {
    return zlib.inflateSync(data, {
      maxOutputLength: Math.max(1, cap),
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PdfLimitError(limit);
    return null;
  }
}

/**
 * The most bytes `length` bytes of Flate data can inflate to: Deflate's largest ratio is 1032:1
 * (a 258-byte match in two bits), with room to spare for block headers.
 */
const inflatedBound = (length: number): number => length * 1100 + 1024;

/** Nesting depth of arrays and dictionaries in PDF syntax, skipping strings and comments. */
function maxNesting(text: string, from = 0, to = text.length): number {
  let depth = 0;
  let max = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 /* ( */) {
      // A literal string: balanced parentheses, backslash escapes.
      let open = 1;
      for (i++; i < to && open > 0; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) open++;
        else if (d === 0x29) open--;
      }
      i--;
    } else if (c === 0x25 /* % */) {
      while (i < to && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x5b /* [ */ || (c === 0x3c && text.charCodeAt(i + 1) === 0x3c)) {
      if (c === 0x3c) i++;
      if (++depth > max) max = depth;
    } else if (c === 0x5d /* ] */ || (c === 0x3e && text.charCodeAt(i + 1) === 0x3e)) {
      if (c === 0x3e) i++;
      depth = Math.max(0, depth - 1);
    } else if (c === 0x3c /* < hex string */) {
      while (i < to && text.charCodeAt(i) !== 0x3e) i++;
    }
  }
  return max;
}

const PAGE = /\/Type\s*\/Page(?![A-Za-z0-9])/g;
const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => (c >= 9 && c <= 13) || c === 32 || c === 160;
const isWordChar = (c: number): boolean =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The `N G obj` headers in `text`, found by scanning back from each "obj" — linear, with no
 * regular expression: a search such as /\d+\s+\d+\s+obj/ backtracks through every suffix of a
 * long run of digits (a signature's zero-padded /Contents), quadratic in its length, and its
 * backtracking can exhaust the regexp stack on a run of a few MB.
 */
function countObjectHeaders(text: string): number {
  let n = 0;
  for (let i = text.indexOf('obj'); i !== -1; i = text.indexOf('obj', i + 3)) {
    if (isWordChar(text.charCodeAt(i + 3))) continue;
    let j = i - 1;
    if (!isSpace(text.charCodeAt(j))) continue;
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    const generationEnd = j;
    while (j >= 0 && isDigit(text.charCodeAt(j))) j--;
    if (j === generationEnd || !isSpace(text.charCodeAt(j))) continue;
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    if (isDigit(text.charCodeAt(j))) n++;
  }
  return n;
}

/**
 * Refuses a PDF over the limits with {@link PdfLimitError}; says nothing about whether it is
 * well-formed (the parser does). Linear in the input plus the bytes it inflates.
 */
export function checkPdfLimits(bytes: Buffer, limits: PdfLimits = PDF_LIMITS): void {
  const text = bytes.toString('latin1');
  let objects = 0;
  let pages = 0;
  let inflatedTotal = 0;
  /** Text outside stream data, for the nesting and page checks. */
  const syntax: Array<[number, number]> = [];
  let syntaxFrom = 0;

  const streamKeyword = /stream(\r\n|\n|\r)/g;
  /**
   * Flate streams not inflated (yet): each is under every limit of its own even at the largest
   * expansion Flate allows, and all of them together under the total. They are inflated, in
   * order, only before a stream whose cap would be the total left, so that its cap is exactly
   * what it would have been had they all been inflated.
   */
  const pending: Buffer[] = [];
  let pendingBound = 0;
  const inflatePending = (): void => {
    for (const p of pending) {
      const out = inflateCapped(p, limits.maxDecompressedBytes - inflatedTotal, 'decompressed');
      if (out) inflatedTotal += out.length;
    }
    pending.length = 0;
    pendingBound = 0;
  };
  objects = countObjectHeaders(text);
  if (objects > limits.maxObjects) throw new PdfLimitError('objects');

  for (let m = streamKeyword.exec(text); m; m = streamKeyword.exec(text)) {
    // Only a keyword after a dictionary opens a stream ("endstream" ends with "stream" too).
    if (text.slice(m.index - 3, m.index) === 'end') continue;
    if (!/>>\s*$/.test(text.slice(Math.max(0, m.index - 64), m.index))) continue;
    const start = m.index + m[0].length;
    const dict = text.slice(Math.max(0, text.lastIndexOf(' obj', m.index)), m.index);
    // The declared length when it is direct and right; else up to the next "endstream".
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const declaredEnd = length ? start + Number(length[1]) : -1;
    const found = text.indexOf('endstream', start);
    const end =
      declaredEnd >= start && /^\s*endstream/.test(text.slice(declaredEnd, declaredEnd + 16))
        ? declaredEnd
        : found === -1
          ? bytes.length
          : found;
    syntax.push([syntaxFrom, m.index]);
    syntaxFrom = end;
    streamKeyword.lastIndex = end;

    // A parser inflates object and xref streams while it loads the document, with decoders of its
    // own (LZW, RunLength...) that nothing bounds: those streams may only be Flate.
    const filters = filtersOf(dict);
    if (/\/Type\s*\/(ObjStm|XRef)\b/.test(dict) && filters.some((f) => !FLATE.test(f))) {
      throw new PdfLimitError('decompressed');
    }
    let data: Buffer | null = bytes.subarray(start, end);
    const isObjStm = /\/Type\s*\/ObjStm\b/.test(dict);
    if (filters.length > 0 && FLATE.test(filters[0] as string)) {
      const perStream = Math.min(
        limits.maxStreamBytes,
        Math.max(limits.ratioFloorBytes, data.length * limits.maxRatio),
      );
      const bound = inflatedBound(data.length);
      if (
        !isObjStm &&
        filters.length === 1 &&
        bound <= perStream &&
        inflatedTotal + pendingBound + bound <= limits.maxDecompressedBytes
      ) {
        // It cannot break a limit, whatever it holds: inflated only if the total comes to matter.
        pending.push(data);
        pendingBound += bound;
        continue;
      }
      if (
        pending.length > 0 &&
        (filters.length > 1 ||
          perStream >= limits.maxDecompressedBytes - inflatedTotal - pendingBound)
      )
        inflatePending();
    }
    let flated = false;
    for (const filter of filters) {
      if (!FLATE.test(filter) || !data) break;
      const caps: Array<[number, PdfLimit]> = [
        [limits.maxStreamBytes, 'decompressed'],
        [limits.maxDecompressedBytes - inflatedTotal, 'decompressed'],
        [Math.max(limits.ratioFloorBytes, data.length * limits.maxRatio), 'ratio'],
      ];
      const [cap, limit] = caps.reduce((a, b) => (b[0] < a[0] ? b : a));
      data = inflateCapped(data, cap, limit);
      if (!data) break;
      flated = true;
      inflatedTotal += data.length;
    }
    if (flated && data && isObjStm) {
      // The objects inside a compressed object stream count and nest like the others.
      const n = /\/N\s+(\d+)/.exec(dict);
      objects += n ? Number(n[1]) : 0;
      if (objects > limits.maxObjects) throw new PdfLimitError('objects');
      const inner = data.toString('latin1');
      pages += count(PAGE, inner);
      if (maxNesting(inner) > limits.maxDepth) throw new PdfLimitError('depth');
    }
  }
  syntax.push([syntaxFrom, text.length]);
  for (const [from, to] of syntax) {
    const part = text.slice(from, to);
    pages += count(PAGE, part);
    if (maxNesting(part) > limits.maxDepth) throw new PdfLimitError('depth');
  }
  if (pages > limits.maxPages) throw new PdfLimitError('pages');
}
