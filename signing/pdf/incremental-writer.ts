/**
 * Incremental update writer: appends new and changed objects, a cross-reference section of the
 * same kind as the file's newest one (xref stream or classic table) with /Prev, and a trailer,
 * after the original bytes, which are never touched.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFName, type PDFObject, PDFRef } from 'pdf-lib';
import type { XrefChain } from './xref';

/** An object to write: either a pdf-lib object or pre-serialised bytes. */
export interface PendingObject {
  readonly ref: PDFRef;
  readonly object?: PDFObject;
  readonly raw?: Buffer;
}

/** Output of {@link writeIncrement}. */
export interface IncrementResult {
  /** Original bytes followed by the update. */
  readonly bytes: Buffer;
  /** Absolute byte offset of each written object's "N G obj" line. */
  readonly offsets: ReadonlyMap<number, number>;
  /** Absolute offsets of the raw bodies, for patching placeholders in place. */
  readonly bodyOffsets: ReadonlyMap<number, number>;
}

/**
 * Serialises a pdf-lib object to bytes. A dictionary or an array (no stream in it: streams are
 * indirect) is its text, which pdf-lib writes as its bytes, in one pass instead of two.
 */
export function serialize(object: PDFObject): Buffer {
  if (object instanceof PDFDict || object instanceof PDFArray)
    return Buffer.from(object.toString(), 'latin1');
  const buf = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buf, 0);
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Appends an incremental update.
 *
 * `nextObjectNumber` is the first unused object number (after everything the caller allocated);
 * an xref stream takes it.
 */
export function writeIncrement(
  original: Buffer,
  xref: XrefChain,
  objects: readonly PendingObject[],
  nextObjectNumber: number,
): IncrementResult {
  const chunks: Buffer[] = [original];
  let length = original.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    length += b.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));

  const offsets = new Map<number, number>();
  const bodyOffsets = new Map<number, number>();
  const sorted = [...objects].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  for (const o of sorted) {
    offsets.set(o.ref.objectNumber, length);
    push(Buffer.from(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n`, 'latin1'));
    bodyOffsets.set(o.ref.objectNumber, length);
    push(o.raw ?? serialize(o.object as PDFObject));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }

  const trailerEntries = trailerCarryOver(xref);
  const size = Math.max(xref.size, nextObjectNumber + (xref.kind === 'stream' ? 1 : 0));
  const generations = new Map(sorted.map((o) => [o.ref.objectNumber, o.ref.generationNumber]));

  if (xref.kind === 'stream') {
    const xrefNum = nextObjectNumber;
    const xrefOffset = length;
    offsets.set(xrefNum, xrefOffset);
    generations.set(xrefNum, 0);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((n, i) => {
      rows.writeUInt8(1, i * 7);
      rows.writeUInt32BE(offsets.get(n) as number, i * 7 + 1);
      rows.writeUInt16BE(generations.get(n) ?? 0, i * 7 + 5);
    });
    const data = zlib.deflateSync(rows);
    const dict = `<< /Type /XRef /Size ${size} /W [1 4 2] /Index [${subsections(nums)
      .map(([a, c]) => `${a} ${c}`)
      .join(
        ' ',
      )}] /Prev ${xref.startxref}${trailerEntries} /Filter /FlateDecode /Length ${data.length} >>`;
    push(Buffer.from(`${xrefNum} 0 obj\n${dict}\nstream\n`, 'latin1'));
    push(data);
    push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  } else {
    const xrefOffset = length;
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    let table = 'xref\n';
    let i = 0;
    for (const [first, count] of subsections(nums)) {
      table += `${first} ${count}\n`;
      for (let k = 0; k < count; k++, i++) {
        const n = nums[i] as number;
        table += `${String(offsets.get(n)).padStart(10, '0')} ${String(generations.get(n) ?? 0).padStart(5, '0')} n\r\n`;
      }
    }
    table += `trailer\n<< /Size ${size} /Prev ${xref.startxref}${trailerEntries} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    push(Buffer.from(table, 'latin1'));
  }
  return { bytes: Buffer.concat(chunks, length), offsets, bodyOffsets };
}

/** Runs of consecutive object numbers: [first, count][]. */
function subsections(nums: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of nums) {
    const lastRun = out[out.length - 1];
    if (lastRun && lastRun[0] + lastRun[1] === n) lastRun[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/** /Root, /Info and /ID of the newest trailer, serialised. */
function trailerCarryOver(xref: XrefChain): string {
  let out = '';
  for (const key of ['Root', 'Info', 'ID'] as const) {
    const v = findInTrailers(xref, key);
    if (v !== undefined) out += ` /${key} ${serialize(v).toString('latin1')}`;
  }
  return out;
}

function findInTrailers(xref: XrefChain, key: string): PDFObject | undefined {
  for (const s of xref.sections) {
    const v = s.trailer.get(PDFName.of(key));
    if (v instanceof PDFRef || v instanceof PDFArray || v instanceof PDFDict) return v;
  }
  return undefined;
}
