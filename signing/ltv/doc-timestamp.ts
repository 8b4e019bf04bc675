/**
 * Document time-stamps (PAdES B-LTA): an invisible signature field whose /V is a /DocTimeStamp
 * dictionary holding an RFC 3161 token over the byte range, appended as an incremental update.
 */
import { appendSignatureRevision, digestRanges } from '../pades';
import { buildDocTimeStampDict, patchContents } from '../pdf/placeholder';
import type { Timestamper } from '../tsa/authority';

/** Bytes reserved for the token (with the TSA's certificate and chain). */
const DEFAULT_TOKEN_SIZE = 12 * 1024;

/** Appends a document time-stamp; returns the new file. */
export async function addDocumentTimestamp(
  pdf: Uint8Array,
  timestamper: Timestamper,
  options: { fieldName?: string; tokenSize?: number } = {},
): Promise<Buffer> {
  const { file, byteRange } = await appendSignatureRevision(pdf, {
    fieldPrefix: 'DocTimeStamp',
    ...(options.fieldName ? { fieldName: options.fieldName } : {}),
    lines: () => [],
    appearance: {},
    placeholder: buildDocTimeStampDict(options.tokenSize ?? DEFAULT_TOKEN_SIZE),
  });
  const token = await timestamper.timestamp(digestRanges(file, byteRange));
  patchContents(file, byteRange[1], byteRange[2] - byteRange[1], token);
  return file;
}
