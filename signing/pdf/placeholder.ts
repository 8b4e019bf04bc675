/**
 * The signature dictionary with its placeholders: `/ByteRange` (fixed width, patched in place
 * once the file length is known) and `/Contents` (a zero-filled hex string large enough for the
 * CMS, filled in place at completion).
 */
import { PDFHexString } from 'pdf-lib';
import { SigningError } from '../errors';
import { toPdfDate } from './date';

/** Signature dictionary entries. */
export interface SignatureDictOptions {
  readonly signingTime: Date;
  readonly utcOffsetMinutes: number;
  /** Bytes reserved for the DER CMS (the hex string is twice as long). */
  readonly contentsBytes: number;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
}

/** A serialised signature dictionary and where its placeholders are. */
export interface SignatureDictPlaceholder {
  readonly raw: Buffer;
  /** Offset of "[" of the ByteRange array inside `raw`. */
  readonly byteRangeOffset: number;
  readonly byteRangeLength: number;
  /** Offset of "<" of the Contents hex string inside `raw`. */
  readonly contentsOffset: number;
  /** Length of the hex string including the angle brackets. */
  readonly contentsLength: number;
}

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/**
 * The dictionary `head` (up to "/ByteRange ") completed with the ByteRange placeholder and
 * /Contents reserving `contentsBytes`, and where both placeholders are.
 */
function withPlaceholders(head: string, contentsBytes: number): SignatureDictPlaceholder {
  const before = `${head}${BYTE_RANGE_PLACEHOLDER}\n/Contents <`;
  const after = '>\n>>';
  const contentsLength = contentsBytes * 2 + 2;
  // Written into one buffer: the zeros of /Contents are most of it (32 KiB by default).
  const raw = Buffer.allocUnsafe(before.length + contentsLength - 2 + after.length);
  raw.write(before, 0, 'latin1');
  raw.fill(0x30, before.length, before.length + contentsLength - 2);
  raw.write(after, before.length + contentsLength - 2, 'latin1');
  return {
    raw,
    byteRangeOffset: head.length,
    byteRangeLength: BYTE_RANGE_PLACEHOLDER.length,
    contentsOffset: before.length - 1,
    contentsLength,
  };
}

function text(s: string): string {
  return PDFHexString.fromText(s.normalize('NFC')).toString();
}

/** Builds the signature dictionary body (without "N 0 obj"). */
export function buildSignatureDict(o: SignatureDictOptions): SignatureDictPlaceholder {
  const head =
    '<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n' +
    `/M (${toPdfDate(o.signingTime, o.utcOffsetMinutes)})\n` +
    (o.name ? `/Name ${text(o.name)}\n` : '') +
    (o.reason ? `/Reason ${text(o.reason)}\n` : '') +
    (o.location ? `/Location ${text(o.location)}\n` : '') +
    (o.contactInfo ? `/ContactInfo ${text(o.contactInfo)}\n` : '') +
    '/ByteRange ';
  return withPlaceholders(head, o.contentsBytes);
}

/** Writes the byte range into its placeholder (same length, space-padded). */
export function patchByteRange(
  file: Buffer,
  offset: number,
  length: number,
  range: readonly [number, number, number, number],
): void {
  const body = `[${range.join(' ')}`;
  if (body.length + 1 > length)
    throw new SigningError('INVALID_ARGUMENT', 'the document is too large');
  file.write(`${body}${' '.repeat(length - body.length - 1)}]`, offset, 'latin1');
}

/** Writes the DER CMS into the /Contents placeholder (hex, zero-padded). */
export function patchContents(file: Buffer, offset: number, length: number, cms: Buffer): void {
  const capacity = (length - 2) / 2;
  if (cms.length > capacity) {
    throw new SigningError(
      'PLACEHOLDER_TOO_SMALL',
      `the signature needs ${cms.length} bytes but only ${capacity} were reserved`,
    );
  }
  file[offset] = 0x3c;
  const end = offset + 1 + file.write(cms.toString('hex'), offset + 1, 'latin1');
  file.fill(0x30, end, offset + length - 1);
  file[offset + length - 1] = 0x3e;
}

/** A document time-stamp dictionary (PAdES B-LTA, ETSI EN 319 142-1 §5.4) with placeholders. */
export function buildDocTimeStampDict(contentsBytes: number): SignatureDictPlaceholder {
  const head =
    '<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n/ByteRange ';
  return withPlaceholders(head, contentsBytes);
}
