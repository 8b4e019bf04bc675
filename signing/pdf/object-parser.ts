/**
 * A PDF object parser for the objects an incremental update reads (signing/pdf/lazy.ts): the
 * same pdf-lib objects, token for token, as pdf-lib's PDFObjectParser makes of the same bytes
 * (its quirks included), several times faster — pdf-lib's parser builds every name and number
 * a character at a time and tracks lines and columns, and a page's resource dictionary is
 * hundreds of tokens. Streams are not parsed here, nor anything it cannot read:
 * {@link parseDirectObject} answers `undefined` and the caller hands the object to pdf-lib's parser.
 */
import {
  PDFArray,
  PDFBool,
  PDFCatalog,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFObject,
  PDFPageLeaf,
  PDFPageTree,
  PDFRef,
  PDFString,
} from 'pdf-lib';

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;
const DIGIT = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;
const NUMERIC = new Uint8Array(DIGIT);
for (const c of '.+-') NUMERIC[c.charCodeAt(0)] = 1;

const TYPE = PDFName.of('Type');
const CATALOG = PDFName.of('Catalog');
const PAGES = PDFName.of('Pages');
const PAGE = PDFName.of('Page');

class Unreadable extends Error {}

/** Latin-1 text of a byte range (Buffer's own slice, without toString's argument checks). */
const latin1 = (b: Buffer, start: number, end: number): string =>
  (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(start, end);

/** Names by their raw text: PDFName.of decodes `#xx` with a regular expression at every call. */
const names = new Map<string, PDFName>();
const nameOf = (raw: string): PDFName => {
  let name = names.get(raw);
  if (!name) {
    name = PDFName.of(raw);
    if (names.size < 10_000) names.set(raw, name);
  }
  return name;
};

/** Generation-0 references by object number (PDFRef.of builds its tag string at every call). */
const refs: PDFRef[] = [];
const refOf = (objectNumber: number, generation: number): PDFRef => {
  if (generation !== 0 || objectNumber >= 1_000_000) return PDFRef.of(objectNumber, generation);
  return (refs[objectNumber] ??= PDFRef.of(objectNumber, 0));
};

class Parser {
  pos: number;
  constructor(
    private readonly bytes: Buffer,
    start: number,
    private readonly context: PDFContext,
  ) {
    this.pos = start;
  }

  private peek(ahead = 0): number | undefined {
    return this.bytes[this.pos + ahead];
  }

  skipWhitespaceAndComments(): void {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && WHITESPACE[b[this.pos] as number]) this.pos++;
      if (b[this.pos] !== 0x25) return;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** pdf-lib's matchKeyword: a prefix match, nothing asked of the byte after it. */
  private keyword(word: string): boolean {
    for (let i = 0; i < word.length; i++)
      if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    this.pos += word.length;
    return true;
  }

  object(): PDFObject {
    this.skipWhitespaceAndComments();
    if (this.keyword('true')) return PDFBool.True;
    if (this.keyword('false')) return PDFBool.False;
    if (this.keyword('null')) return PDFNull;
    const c = this.peek();
    if (c === 0x3c) return this.peek(1) === 0x3c ? this.dictNotStream() : this.hexString();
    if (c === 0x28) return this.string();
    if (c === 0x2f) return this.name();
    if (c === 0x5b) return this.array();
    if (c !== undefined && NUMERIC[c]) return this.numberOrRef();
    throw new Unreadable();
  }

  /** pdf-lib's parseRawNumber: sign, digits and a point, then digits. */
  private rawNumber(): number {
    const b = this.bytes;
    const start = this.pos;
    // A plain integer, the common case, without making a string.
    let int = 0;
    while (this.pos < b.length && DIGIT[b[this.pos] as number] && this.pos - start < 15)
      int = int * 10 + ((b[this.pos++] as number) - 0x30);
    const next = b[this.pos];
    if (this.pos > start && (next === undefined || !NUMERIC[next])) return int;
    this.pos = start;
    while (this.pos < b.length && NUMERIC[b[this.pos] as number]) {
      if (b[this.pos++] === 0x2e) break;
    }
    while (this.pos < b.length && DIGIT[b[this.pos] as number]) this.pos++;
    const text = latin1(b, start, this.pos);
    const value = Number(text);
    if (!text || !Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) throw new Unreadable();
    return value;
  }

  private numberOrRef(): PDFObject {
    const first = this.rawNumber();
    this.skipWhitespaceAndComments();
    const lookahead = this.pos;
    if (DIGIT[this.peek() ?? 0] && this.peek() !== undefined) {
      const second = this.rawNumber();
      this.skipWhitespaceAndComments();
      if (this.peek() === 0x52 /* R */) {
        this.pos++;
        return refOf(first, second);
      }
    }
    this.pos = lookahead;
    return PDFNumber.of(first);
  }

  private hexString(): PDFObject {
    const b = this.bytes;
    const start = ++this.pos;
    while (this.pos < b.length && b[this.pos] !== 0x3e) this.pos++;
    if (this.pos >= b.length) throw new Unreadable();
    return PDFHexString.of(latin1(b, start, this.pos++));
  }

  private string(): PDFObject {
    const b = this.bytes;
    const start = this.pos;
    let depth = 0;
    let escaped = false;
    while (this.pos < b.length) {
      const c = b[this.pos++] as number;
      if (!escaped) {
        if (c === 0x28) depth++;
        if (c === 0x29) depth--;
      }
      if (c === 0x5c) escaped = !escaped;
      else if (escaped) escaped = false;
      if (depth === 0) return PDFString.of(latin1(b, start + 1, this.pos - 1));
    }
    throw new Unreadable();
  }

  private name(): PDFName {
    const b = this.bytes;
    const start = ++this.pos;
    while (this.pos < b.length) {
      const c = b[this.pos] as number;
      if (WHITESPACE[c] || DELIMITER[c]) break;
      this.pos++;
    }
    return nameOf(latin1(b, start, this.pos));
  }

  private array(): PDFArray {
    this.pos++;
    this.skipWhitespaceAndComments();
    const array = PDFArray.withContext(this.context);
    while (this.peek() !== 0x5d) {
      if (this.pos >= this.bytes.length) throw new Unreadable();
      array.push(this.object());
      this.skipWhitespaceAndComments();
    }
    this.pos++;
    return array;
  }

  /** Skips one value without making objects: a reference counts as one value. */
  skipValue(): void {
    this.skipWhitespaceAndComments();
    const c = this.peek();
    if (c !== undefined && NUMERIC[c]) {
      this.skipNumber();
      const afterFirst = this.pos;
      this.skipWhitespaceAndComments();
      if (DIGIT[this.peek() ?? 0] && this.peek() !== undefined) {
        this.skipNumber();
        this.skipWhitespaceAndComments();
        if (this.peek() === 0x52) {
          this.pos++;
          return;
        }
      }
      this.pos = afterFirst;
      return;
    }
    this.skipToken();
  }

  private skipNumber(): void {
    const b = this.bytes;
    while (this.pos < b.length && NUMERIC[b[this.pos] as number]) {
      if (b[this.pos++] === 0x2e) break;
    }
    while (this.pos < b.length && DIGIT[b[this.pos] as number]) this.pos++;
  }

  /** Skips one token, a whole dictionary or array with what is inside. */
  private skipToken(): void {
    const b = this.bytes;
    this.skipWhitespaceAndComments();
    const c = this.peek();
    if (c === undefined) throw new Unreadable();
    if (c === 0x28) {
      this.string();
    } else if (c === 0x3c && this.peek(1) !== 0x3c) {
      while (this.pos < b.length && b[this.pos] !== 0x3e) this.pos++;
      if (this.pos++ >= b.length) throw new Unreadable();
    } else if (c === 0x3c || c === 0x5b) {
      const close = c === 0x3c ? 0x3e : 0x5d;
      this.pos += c === 0x3c ? 2 : 1;
      for (;;) {
        this.skipWhitespaceAndComments();
        if (this.pos >= b.length) throw new Unreadable();
        if (this.peek() === close && (close === 0x5d || this.peek(1) === 0x3e)) {
          this.pos += close === 0x5d ? 1 : 2;
          break;
        }
        this.skipToken();
      }
      if (c === 0x3c) {
        const after = this.pos;
        this.skipWhitespaceAndComments();
        if (this.keyword('stream')) throw new Unreadable();
        this.pos = after;
      }
    } else if (c === 0x2f) {
      this.pos++;
      while (
        this.pos < b.length &&
        !WHITESPACE[b[this.pos] as number] &&
        !DELIMITER[b[this.pos] as number]
      )
        this.pos++;
    } else if (DELIMITER[c]) {
      throw new Unreadable();
    } else {
      // A number, R, true, false, null: a run of regular characters.
      const start = this.pos;
      while (
        this.pos < b.length &&
        !WHITESPACE[b[this.pos] as number] &&
        !DELIMITER[b[this.pos] as number]
      )
        this.pos++;
      if (this.pos === start) throw new Unreadable();
    }
  }

  /** The entries `keys` of the dictionary here, the others skipped (not a stream). */
  someEntries(keys: ReadonlySet<PDFName>): Map<PDFName, PDFObject> {
    this.skipWhitespaceAndComments();
    if (this.peek() !== 0x3c || this.peek(1) !== 0x3c) throw new Unreadable();
    this.pos += 2;
    this.skipWhitespaceAndComments();
    const map = new Map<PDFName, PDFObject>();
    while (this.pos < this.bytes.length && this.peek() !== 0x3e && this.peek(1) !== 0x3e) {
      if (this.peek() !== 0x2f) throw new Unreadable();
      const key = this.name();
      if (keys.has(key)) map.set(key, this.object());
      else this.skipValue();
      this.skipWhitespaceAndComments();
    }
    this.skipWhitespaceAndComments();
    if (this.peek() !== 0x3e || this.peek(1) !== 0x3e) throw new Unreadable();
    this.pos += 2;
    this.skipWhitespaceAndComments();
    if (this.keyword('stream')) throw new Unreadable();
    return map;
  }

  /** A dictionary; a stream (a dictionary followed by `stream`) is for pdf-lib to read. */
  private dictNotStream(): PDFDict {
    const dict = this.dict();
    const after = this.pos;
    this.skipWhitespaceAndComments();
    if (this.keyword('stream')) throw new Unreadable();
    this.pos = after;
    return dict;
  }

  private dict(): PDFDict {
    this.pos += 2;
    this.skipWhitespaceAndComments();
    const map = new Map<PDFName, PDFObject>();
    // pdf-lib's loop condition, as it is: it stops at ">" in either of the next two bytes.
    while (this.pos < this.bytes.length && this.peek() !== 0x3e && this.peek(1) !== 0x3e) {
      if (this.peek() !== 0x2f) throw new Unreadable();
      const key = this.name();
      map.set(key, this.object());
      this.skipWhitespaceAndComments();
    }
    this.skipWhitespaceAndComments();
    if (this.peek() !== 0x3e || this.peek(1) !== 0x3e) throw new Unreadable();
    this.pos += 2;
    const type = map.get(TYPE);
    if (type === CATALOG) return PDFCatalog.fromMapWithContext(map, this.context);
    if (type === PAGES) return PDFPageTree.fromMapWithContext(map, this.context);
    if (type === PAGE) return PDFPageLeaf.fromMapWithContext(map, this.context);
    return PDFDict.fromMapWithContext(map, this.context);
  }
}

/**
 * The object starting at `start` (after its `N G obj` header, or in an object stream), or
 * `undefined` for a stream or for anything else this parser does not read (pdf-lib's parser reads
 * those, and refuses what is not PDF).
 */
export function parseDirectObject(
  bytes: Buffer,
  start: number,
  context: PDFContext,
): PDFObject | undefined {
  try {
    return new Parser(bytes, start, context).object();
  } catch (err) {
    if (err instanceof Unreadable) return undefined;
    throw err;
  }
}

/**
 * Some entries of the dictionary at `start`, the others skipped without making objects (a page's
 * /Type and /Kids without its resources); `undefined` when it is not a dictionary this parser
 * reads. The values are those {@link parseDirectObject} would give.
 */
export function parseDictEntries(
  bytes: Buffer,
  start: number,
  context: PDFContext,
  keys: ReadonlySet<PDFName>,
): Map<PDFName, PDFObject> | undefined {
  try {
    return new Parser(bytes, start, context).someEntries(keys);
  } catch (err) {
    if (err instanceof Unreadable) return undefined;
    throw err;
  }
}
