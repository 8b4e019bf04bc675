/**
 * Thin helpers over node-forge's `asn1` for building DER. forge works on "binary strings"; these
 * helpers convert at the edges so that the rest of the library handles Buffers only.
 */
import forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

/** Encodes a forge ASN.1 tree to DER. */
export function toDer(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

/**
 * Parses DER into a forge tree that re-encodes to exactly the same bytes (checked), so that it
 * can be embedded verbatim in a larger structure (a certificate inside a SignedData, say).
 */
export function fromDerExact(der: Buffer): Asn1 {
  const node = (asn1.fromDer as unknown as (b: string, o: object) => Asn1)(der.toString('binary'), {
    decodeBitStrings: false,
  });
  if (!toDer(node).equals(der)) throw new Error('input is not distinguished (DER) encoding');
  return node;
}

export const seq = (items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
/** An OBJECT IDENTIFIER; arcs of any size (forge's encoder stops at 32 bits, UUID arcs need 128). */
export const oid = (dotted: string): Asn1 => {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const first = (arcs[0] ?? 0n) * 40n + (arcs[1] ?? 0n);
  const bytes: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(Number(v & 0x7fn) | (chunk.length ? 0x80 : 0));
      v >>= 7n;
    } while (v > 0n);
    bytes.push(...chunk);
  }
  return asn1.create(U, T.OID, false, Buffer.from(bytes).toString('binary'));
};
export const nul = (): Asn1 => asn1.create(U, T.NULL, false, '');
export const bool = (v: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, v ? '\xff' : '\x00');
export const octets = (b: Buffer): Asn1 =>
  asn1.create(U, T.OCTETSTRING, false, b.toString('binary'));
export const utf8 = (s: string): Asn1 =>
  asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(s.normalize('NFC')));
export const printable = (s: string): Asn1 =>
  asn1.create(U, T.PRINTABLESTRING, false, Buffer.from(s, 'ascii').toString('binary'));
export const ia5 = (s: string): Asn1 =>
  asn1.create(U, T.IA5STRING, false, Buffer.from(s, 'ascii').toString('binary'));

/** A BIT STRING from whole bytes (no unused bits). */
export const bitString = (b: Buffer, unusedBits = 0): Asn1 =>
  asn1.create(U, T.BITSTRING, false, String.fromCharCode(unusedBits) + b.toString('binary'));

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function uint(bytes: Buffer): Asn1 {
  let b = bytes;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if ((b[0] as number) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return asn1.create(U, T.INTEGER, false, b.toString('binary'));
}

export const int = (n: number): Asn1 => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('int() takes a non-negative integer');
  const hex = n.toString(16);
  return uint(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
};

/** [n] EXPLICIT wrapper. */
export const explicit = (n: number, inner: Asn1): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, [inner]);

/** [n] IMPLICIT constructed (children replace the universal tag's content). */
export const implicitConstructed = (n: number, items: Asn1[]): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, items);

/** [n] IMPLICIT primitive with raw content bytes. */
export const implicitPrimitive = (n: number, content: Buffer): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, false, content.toString('binary'));

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export function time(d: Date): Asn1 {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  if (d.getUTCFullYear() < 2050) {
    return asn1.create(U, T.UTCTIME, false, `${digits.slice(2)}Z`);
  }
  return asn1.create(U, T.GENERALIZEDTIME, false, `${digits}Z`);
}

/**
 * DER `SET OF`: the encodings of the elements sorted as octet strings (X.690 §11.6), where a
 * shorter encoding is compared as if padded with trailing zero octets.
 */
export function sortedSetOf(items: Asn1[]): Asn1 {
  const encoded = items.map((item) => ({ item, der: toDer(item) }));
  encoded.sort((a, b) => compareDer(a.der, b.der));
  return set(encoded.map((e) => e.item));
}

/** X.690 §11.6 order of two encodings: as octet strings, the shorter padded with zeros. */
export function compareDer(a: Buffer, b: Buffer): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** AlgorithmIdentifier with absent (or NULL) parameters. */
export const algorithm = (dotted: string, nullParams = false): Asn1 =>
  seq(nullParams ? [oid(dotted), nul()] : [oid(dotted)]);

/** GeneralizedTime, with milliseconds when `withMillis` and they are not zero (DER: no trailing 0). */
export function generalizedTime(d: Date, withMillis = false): Asn1 {
  const iso = d.toISOString();
  let s = iso.slice(0, 19).replace(/[-T:]/g, '');
  const ms = iso.slice(20, 23).replace(/0+$/, '');
  if (withMillis && ms) s += `.${ms}`;
  return asn1.create(U, T.GENERALIZEDTIME, false, `${s}Z`);
}

/** ENUMERATED with a small non-negative value. */
export const enumerated = (n: number): Asn1 =>
  asn1.create(U, T.ENUMERATED, false, String.fromCharCode(n));

/** The DER of `der` with its outer tag replaced (e.g. a SET OF re-tagged [0] IMPLICIT). */
export function retag(der: Buffer, tag: number): Buffer {
  const out = Buffer.from(der);
  out[0] = tag;
  return out;
}
