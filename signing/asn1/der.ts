/**
 * A minimal, offset-preserving DER/BER reader. Verification needs the exact bytes of parts of a
 * structure (the signed attributes, a certificate, a TBSCertificate), which a re-encoding parser
 * cannot promise; building goes through node-forge's `asn1` (see ./build.ts).
 */

/** One parsed TLV. `raw` is the whole element, `content` its value octets. */
export interface DerNode {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the first byte of the element inside the buffer given to {@link parseDer}. */
  readonly offset: number;
  readonly raw: Buffer;
  readonly content: Buffer;
  readonly children: DerNode[];
}

/** Thrown on malformed ASN.1; callers turn it into their own typed error. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  NumericString: 18,
  PrintableString: 19,
  T61String: 20,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  UniversalString: 28,
  BMPString: 30,
} as const;

const MAX_DEPTH = 64;

/** Parses one element starting at `offset` (trailing bytes after it are allowed). */
export function parseDer(buf: Buffer, offset = 0): DerNode {
  return parseAt(buf, offset, buf.length, 0);
}

/** Length in bytes of the DER element at the start of `buf` (0 when it cannot be read). */
export function derElementLength(buf: Buffer): number {
  try {
    return parseDer(buf).raw.length;
  } catch {
    return 0;
  }
}

function parseAt(buf: Buffer, offset: number, limit: number, depth: number): DerNode {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nesting too deep');
  let pos = offset;
  const first = byteAt(buf, pos++, limit);
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    do {
      b = byteAt(buf, pos++, limit);
      tagNumber = tagNumber * 128 + (b & 0x7f);
    } while (b & 0x80);
  }
  const lenByte = byteAt(buf, pos++, limit);
  const children: DerNode[] = [];
  if (lenByte === 0x80) {
    // BER indefinite length: children until an end-of-contents marker.
    if (!constructed) throw new DerError('indefinite length on a primitive element');
    const contentStart = pos;
    for (;;) {
      if (byteAt(buf, pos, limit) === 0 && byteAt(buf, pos + 1, limit) === 0) {
        const end = pos + 2;
        return node(buf, cls, constructed, tagNumber, offset, contentStart, pos, end, children);
      }
      const child = parseAt(buf, pos, limit, depth + 1);
      children.push(child);
      pos = child.offset + child.raw.length;
    }
  }
  let length = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4) throw new DerError('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + byteAt(buf, pos++, limit);
  }
  const contentStart = pos;
  const end = contentStart + length;
  if (end > limit) throw new DerError('ASN.1 element runs past the end of its container');
  if (constructed) {
    let p = contentStart;
    while (p < end) {
      const child = parseAt(buf, p, end, depth + 1);
      children.push(child);
      p = child.offset + child.raw.length;
    }
  }
  return node(buf, cls, constructed, tagNumber, offset, contentStart, end, end, children);
}

function node(
  buf: Buffer,
  cls: number,
  constructed: boolean,
  tagNumber: number,
  offset: number,
  contentStart: number,
  contentEnd: number,
  end: number,
  children: DerNode[],
): DerNode {
  return {
    cls,
    constructed,
    tagNumber,
    offset,
    raw: buf.subarray(offset, end),
    content: buf.subarray(contentStart, contentEnd),
    children,
  };
}

function byteAt(buf: Buffer, pos: number, limit: number): number {
  if (pos >= limit) throw new DerError('ASN.1 data is truncated');
  return buf[pos] as number;
}

/** The i-th child, or a {@link DerError}. */
export function child(n: DerNode, i: number): DerNode {
  const c = n.children[i];
  if (!c) throw new DerError(`ASN.1 element lacks child #${i}`);
  return c;
}

/** Asserts a universal tag. */
export function expectTag(n: DerNode, tagNumber: number): DerNode {
  if (n.cls !== 0 || n.tagNumber !== tagNumber) {
    throw new DerError(`unexpected ASN.1 tag ${n.cls}/${n.tagNumber}, wanted ${tagNumber}`);
  }
  return n;
}

/** True for a context-specific tag [n]. */
export function isContext(n: DerNode | undefined, tagNumber: number): boolean {
  return n !== undefined && n.cls === 2 && n.tagNumber === tagNumber;
}

/** Decodes an OBJECT IDENTIFIER. */
export function readOid(n: DerNode): string {
  expectTag(n, TAG.OID);
  const bytes = n.content;
  if (bytes.length === 0) throw new DerError('empty OID');
  const parts: bigint[] = [];
  let value = 0n;
  for (const b of bytes) {
    value = value * 128n + BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0n;
    }
  }
  const first = parts.shift() ?? 0n;
  const a = first < 80n ? first / 40n : 2n;
  return [a, first - a * 40n, ...parts].join('.');
}

/** INTEGER as lower-case hex of its two's-complement content (leading 00 kept off). */
export function readIntegerHex(n: DerNode): string {
  expectTag(n, TAG.INTEGER);
  let hex = n.content.toString('hex');
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2);
  return hex;
}

/** Small INTEGER as a number. */
export function readSmallInteger(n: DerNode): number {
  expectTag(n, TAG.INTEGER);
  let v = 0;
  for (const b of n.content) v = v * 256 + b;
  return v;
}

/** Any ASN.1 string type, decoded to a JS string. */
export function readString(n: DerNode): string {
  if (n.cls !== 0) throw new DerError('not a string');
  switch (n.tagNumber) {
    case TAG.UTF8String:
      return n.content.toString('utf8');
    case TAG.BMPString: {
      const swapped = Buffer.from(n.content);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UniversalString: {
      let s = '';
      for (let i = 0; i + 3 < n.content.length; i += 4) {
        s += String.fromCodePoint(n.content.readUInt32BE(i));
      }
      return s;
    }
    case TAG.PrintableString:
    case TAG.IA5String:
    case TAG.NumericString:
      return n.content.toString('ascii');
    case TAG.T61String:
      return n.content.toString('latin1');
    default:
      throw new DerError(`not a string type (${n.tagNumber})`);
  }
}

/** UTCTime or GeneralizedTime. */
export function readTime(n: DerNode): Date {
  const s = n.content.toString('ascii');
  let m: RegExpMatchArray | null;
  if (n.tagNumber === TAG.UTCTime) {
    m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/);
    if (!m) throw new DerError('bad UTCTime');
    const yy = Number(m[1]);
    const year = yy >= 50 ? 1900 + yy : 2000 + yy;
    return new Date(
      Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
    );
  }
  if (n.tagNumber === TAG.GeneralizedTime) {
    m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d+))?Z$/);
    if (!m) throw new DerError('bad GeneralizedTime');
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(
      Date.UTC(
        Number(m[1]),
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
        Number(m[6] ?? 0),
        ms,
      ),
    );
  }
  throw new DerError('not a time');
}

/** BIT STRING content without the unused-bits octet. */
export function readBitString(n: DerNode): { bytes: Buffer; unusedBits: number } {
  expectTag(n, TAG.BIT_STRING);
  const unusedBits = n.content[0] ?? 0;
  return { bytes: n.content.subarray(1), unusedBits };
}
