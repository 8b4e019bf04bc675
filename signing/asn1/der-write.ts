/**
 * DER written straight into Buffers, for the structures made at every signature (the signed
 * attributes, the SignedData): the same bytes as the forge-based helpers of ./build.ts, without
 * building a forge tree and its binary strings and encoding it (several times over for a sorted
 * SET OF). Inputs that are DER already (certificates, names) are copied as they are.
 */
import { compareDer, oid, toDer } from './build';

/** Tag, DER length, contents. */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  let length = 0;
  for (const c of contents) length += c.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, ...contents], header.length + length);
}

export const SEQUENCE = 0x30;
export const SET = 0x31;

export const sequence = (...items: Buffer[]): Buffer => tlv(SEQUENCE, ...items);
export const octetString = (b: Buffer): Buffer => tlv(0x04, b);
/** [n] EXPLICIT, or [n] IMPLICIT of a constructed type: the same header. */
export const contextConstructed = (n: number, ...items: Buffer[]): Buffer =>
  tlv(0xa0 | n, ...items);

const oids = new Map<string, Buffer>();
/** An OBJECT IDENTIFIER (encoded once per process). */
export function objectIdentifier(dotted: string): Buffer {
  let der = oids.get(dotted);
  if (!der) {
    der = toDer(oid(dotted));
    oids.set(dotted, der);
  }
  return der;
}

/** A non-negative INTEGER from big-endian magnitude bytes (as ./build.ts `uint`). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let b = bytes.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if ((b[0] as number) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

/** A small non-negative INTEGER. */
export function smallInteger(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error('smallInteger() takes a non-negative integer');
  const hex = n.toString(16);
  return unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

/** An AlgorithmIdentifier, with NULL parameters when asked. */
export const algorithmIdentifier = (dotted: string, nullParams = false): Buffer =>
  nullParams
    ? sequence(objectIdentifier(dotted), Buffer.from([0x05, 0x00]))
    : sequence(objectIdentifier(dotted));

/** DER `SET OF`: the encodings sorted as octet strings, the shorter padded with zeros (X.690 §11.6). */
export function setOf(items: readonly Buffer[], tag = SET): Buffer {
  return tlv(tag, ...[...items].sort(compareDer));
}

/** The serial number of a certificate (hex, as CertificateInfo has it) as an INTEGER. */
export const serialNumberInteger = (hex: string): Buffer =>
  unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
