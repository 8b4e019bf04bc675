/**
 * Loading a PDF for signing or verification, refusing bad input with typed errors:
 * not a PDF, encrypted, damaged/truncated.
 */
import { type PDFContext, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { SigningError } from '../errors';
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
export interface PdfUpdate extends LoadedPdf {
  readonly context: PDFContext;
  /** The catalog's reference, which the update rewrites. */
  readonly rootRef: PDFRef;
  /** The largest object number of the file as it is: objects above it are the update's own. */
  readonly baseLargest: number;
}

/**
 * `loadPdf`, then ready to append: the catalog must be an indirect object, and new objects are
 * numbered after every object the cross-reference chain knows of.
 */
export async function loadForUpdate(input: Uint8Array): Promise<PdfUpdate> {
  const loaded = await loadPdf(input);
  const context = loaded.doc.context;
  const rootRef = context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef))
    throw new SigningError('MALFORMED_PDF', 'the catalog is not an indirect object');
  context.largestObjectNumber = Math.max(context.largestObjectNumber, loaded.xref.size - 1);
  return { ...loaded, context, rootRef, baseLargest: context.largestObjectNumber };
}
