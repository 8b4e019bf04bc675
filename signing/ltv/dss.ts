/**
 * The Document Security Store (ISO 32000-2 §12.8.4.3, PAdES B-LT): certificates, OCSP responses
 * and CRLs in the catalog's /DSS, appended as an incremental update. Existing entries are kept
 * and identical items are not written twice.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { PDFArray, type PDFContext, PDFDict, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { dictOf, arrayOf } from '../pdf/fields';
import { type PendingObject, writeIncrement } from '../pdf/incremental-writer';
import { PDF_LIMITS } from '../pdf/limits';
import { type PdfUpdate, updatePdf } from '../pdf/load';

/** Validation data, DER each. */
export interface ValidationData {
  readonly certificates: readonly Buffer[];
  readonly ocsps: readonly Buffer[];
  readonly crls: readonly Buffer[];
}

const KEYS = { certificates: 'Certs', ocsps: 'OCSPs', crls: 'CRLs' } as const;

const sha = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

/**
 * The decoded bytes of a stream in the DSS: Flate (what appendDss writes) or none, inflated by
 * native zlib under the stream limit; other filters and unreadable streams are skipped.
 */
function streamBytes(context: PDFContext, ref: unknown): Buffer | undefined {
  const obj = ref instanceof PDFRef ? context.lookup(ref) : ref;
  if (!(obj instanceof PDFRawStream)) return undefined;
  const filter = obj.dict.get(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  if (filters.some((f) => f !== PDFName.of('FlateDecode'))) return undefined;
  try {
    let data = Buffer.from(obj.contents);
    for (let i = 0; i < filters.length; i++) {
      data = zlib.inflateSync(data, { maxOutputLength: PDF_LIMITS.maxStreamBytes });
    }
    return data;
  } catch {
    return undefined;
  }
}

/** Reads the DSS of a loaded document: the DER items in each array. */
export function readDss(context: PDFContext, catalog: PDFDict): ValidationData {
  const dss = dictOf(context, catalog.get(PDFName.of('DSS')));
  const read = (key: string): Buffer[] =>
    (arrayOf(context, dss?.get(PDFName.of(key)))?.asArray() ?? [])
      .map((r) => streamBytes(context, r))
      .filter((b): b is Buffer => b !== undefined);
  return { certificates: read('Certs'), ocsps: read('OCSPs'), crls: read('CRLs') };
}

/**
 * Appends `data` to the document's DSS (creating it). Returns the input unchanged when every item
 * is already there.
 */
export async function appendDss(pdf: Uint8Array, data: ValidationData): Promise<Buffer> {
  return updatePdf(pdf, async (update) => dssOn(update, data));
}

function dssOn(update: PdfUpdate, data: ValidationData): Buffer {
  const { bytes, xref, catalog, context, rootRef, baseLargest } = update;
  const old = dictOf(context, catalog.get(PDFName.of('DSS')));

  const dss = PDFDict.withContext(context);
  let added = 0;
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof ValidationData, string]>) {
    const refs: PDFRef[] = [];
    const seen = new Set<string>();
    for (const r of arrayOf(context, old?.get(PDFName.of(key)))?.asArray() ?? []) {
      if (!(r instanceof PDFRef)) continue;
      refs.push(r);
      const b = streamBytes(context, r);
      if (b) seen.add(sha(b));
    }
    for (const item of data[field]) {
      const h = sha(item);
      if (seen.has(h)) continue;
      seen.add(h);
      refs.push(context.register(context.flateStream(item)));
      added++;
    }
    if (refs.length > 0) dss.set(PDFName.of(key), PDFArray.withContext(context));
    for (const r of refs) (dss.get(PDFName.of(key)) as PDFArray).push(r);
  }
  if (added === 0) return bytes;
  // Keep what an earlier writer put in the DSS (VRI, ...), beside the arrays rewritten above.
  for (const [k, v] of old?.entries() ?? []) if (!dss.has(k)) dss.set(k, v);
  catalog.set(PDFName.of('DSS'), context.register(dss));

  const objects: PendingObject[] = [];
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref.objectNumber > baseLargest) objects.push({ ref, object });
  }
  objects.push({ ref: rootRef, object: catalog });
  return writeIncrement(bytes, xref, objects, context.largestObjectNumber + 1).bytes;
}
