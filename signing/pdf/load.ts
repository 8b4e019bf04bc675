/**
 * Loading a PDF for signing or verification, refusing bad input with typed errors:
 * not a PDF, encrypted, damaged/truncated. Verification parses the whole document
 * ({@link loadPdf}); an incremental update reads only what it touches ({@link updatePdf}).
 */
import { type PDFContext, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { SigningError } from '../errors';
import type { PeekEntries } from './fields';
import { NeedsFullParse, lazyCatalog, openLazily } from './lazy';
import { checkPdfLimits } from './limits';
import { type XrefChain, readXrefChain } from './xref';

/** A PDF ready for reading and for an incremental update. */
export interface LoadedPdf {
  readonly bytes: Buffer;
  readonly doc: PDFDocument;
  readonly xref: XrefChain;
  readonly catalog: PDFDict;
}

/** Cheap header test: `%PDF-` within the first kilobyte. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(1024, bytes.length)).toString(
    'latin1',
  );
  return /%PDF-\d\.\d/.test(head);
}

/**
 * Parses a PDF; throws `NOT_PDF`, `ENCRYPTED_PDF`, `MALFORMED_PDF` or `PDF_TOO_COMPLEX` (over the
 * limits of signing/pdf/limits.ts, checked before any parser sees it).
 */
export async function loadPdf(input: Uint8Array): Promise<LoadedPdf> {
  const { bytes, xref } = checkInput(input);
  return parseWhole(bytes, xref);
}

/** The checks made before any parser sees the document; its bytes and cross-reference chain. */
function checkInput(input: Uint8Array): { bytes: Buffer; xref: XrefChain } {
  if (!(input instanceof Uint8Array))
    throw new SigningError('NOT_PDF', 'the input is not a byte array');
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!looksLikePdf(bytes)) throw new SigningError('NOT_PDF', 'the input is not a PDF document');
  checkPdfLimits(bytes);
  const xref = readXrefChain(bytes);
  if (xref.encrypted)
    throw new SigningError('ENCRYPTED_PDF', 'encrypted PDF documents are not supported');
  return { bytes, xref };
}

async function parseWhole(bytes: Buffer, xref: XrefChain): Promise<LoadedPdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
  } catch {
    throw new SigningError('MALFORMED_PDF', 'the PDF is damaged and cannot be read');
  }
  if (doc.isEncrypted)
    throw new SigningError('ENCRYPTED_PDF', 'encrypted PDF documents are not supported');
  const catalog = doc.context.lookup(doc.context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict) || catalog.get(PDFName.of('Pages')) === undefined) {
    throw new SigningError('MALFORMED_PDF', 'the PDF has no document catalog');
  }
  return { bytes, doc, xref, catalog };
}

/** A PDF opened for an incremental update (a signature revision, a DSS). */
export interface PdfUpdate {
  readonly bytes: Buffer;
  readonly xref: XrefChain;
  readonly catalog: PDFDict;
  /** Objects are read from it as they are looked up (see signing/pdf/lazy.ts). */
  readonly context: PDFContext;
  /** The catalog's reference, which the update rewrites. */
  readonly rootRef: PDFRef;
  /** The largest object number of the file as it is: objects above it are the update's own. */
  readonly baseLargest: number;
  /** Reads some entries of a dictionary without the rest, when the document is read lazily. */
  readonly peek?: PeekEntries;
}

/** The whole parse, ready to append (what {@link updatePdf} falls back on). */
async function wholeForUpdate(bytes: Buffer, xref: XrefChain): Promise<PdfUpdate> {
  const loaded = await parseWhole(bytes, xref);
  const context = loaded.doc.context;
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef))
    throw new SigningError('MALFORMED_PDF', 'the catalog is not an indirect object');
  context.largestObjectNumber = Math.max(context.largestObjectNumber, loaded.xref.size - 1);
  const baseLargest = context.largestObjectNumber;
  return { bytes, xref, catalog: loaded.catalog, context, rootRef, baseLargest };
}

/**
 * Runs `update` on the document opened for an incremental update: the catalog must be an
 * indirect object, and new objects are numbered after every object the cross-reference chain
 * knows of. The document is read lazily, only the objects `update` looks up; where the lazy
 * reading cannot stand in for the whole parse, `update` runs again on the whole parse, which
 * refuses (`MALFORMED_PDF`...) or reads the document as it always did. Refuses like
 * {@link loadPdf} before either.
 */
export async function updatePdf<T>(
  input: Uint8Array,
  update: (pdf: PdfUpdate) => Promise<T>,
): Promise<T> {
  const { bytes, xref } = checkInput(input);
  let lazy: PdfUpdate | undefined;
  try {
    const opened = openLazily(bytes, xref);
    const catalog = lazyCatalog(opened);
    if (catalog) {
      const { context, rootRef, largest, peek } = opened;
      lazy = { bytes, xref, catalog, context, rootRef, baseLargest: largest, peek };
    }
  } catch (err) {
    if (!(err instanceof NeedsFullParse)) throw err;
  }
  if (lazy) {
    try {
      return await update(lazy);
    } catch (err) {
      if (!(err instanceof NeedsFullParse)) throw err;
    }
  }
  return update(await wholeForUpdate(bytes, xref));
}
