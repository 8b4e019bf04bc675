/**
 * Attachments of a submission: PDF, JPEG or PNG as told by their bytes (the declared type is only
 * a hint), at most 10 MB each and 20 in all, a PDF within the limits of signing/pdf/limits.ts
 * (decompression, objects, pages, nesting; checked in a worker thread) so that no reader of the
 * dossier is handed a bomb. A file whose bytes disagree with its declared type
 * is stored under the type its bytes have, with a matching file extension.
 */
import { say, type MessageKey } from '../../contract/messages';
import { pdfLimitMessage } from '../../contract/pdf-limits';
import { checkPdfLimitsIsolated, PdfLimitError } from '../../signing';
import { ApplicationError, type FieldProblem, validationFailed } from './errors';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;
const MAX_FILE_NAME = 200;

export type AttachmentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** A file as the route receives it. */
export interface AttachmentInput {
  fileName: string;
  /** As declared by the client; not trusted. */
  contentType?: string;
  bytes: Uint8Array;
}

/** A file that passed the checks. */
export interface CheckedAttachment {
  fileName: string;
  contentType: AttachmentType;
  bytes: Buffer;
}

const EXTENSION: Record<AttachmentType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};

/** The type the bytes have, or null when they are none of PDF, JPEG and PNG. */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    b.length >= 8 &&
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  // PDF: "%PDF-x.y" within the first 1024 bytes (ISO 32000 tolerates leading bytes).
  if (/%PDF-\d\.\d/.test(b.subarray(0, 1024).toString('latin1'))) return 'application/pdf';
  return null;
}

/** A safe file name (no path, no control characters) with the extension of its real type. */
export function safeFileName(raw: unknown, type: AttachmentType, index: number): string {
  const base =
    typeof raw === 'string'
      ? raw
          .normalize('NFC')
          .split(/[\\/]/)
          .pop()!
          // eslint-disable-next-line no-control-regex
          .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
          .trim()
      : '';
  const ext = EXTENSION[type];
  const stem = (base === '' ? `attachment-${index + 1}` : base).replace(/\.(pdf|jpe?g|png)$/i, '');
  const maxStem = MAX_FILE_NAME - ext.length;
  return `${[...stem].slice(0, maxStem).join('')}${ext}`;
}

/**
 * Checks every attachment; throws the most telling error: TOO_LARGE when a file is over the
 * limit, else UNSUPPORTED_MEDIA_TYPE when a file is not PDF/JPEG/PNG, else VALIDATION_FAILED.
 * Each lists the files concerned as `attachments[i]`.
 */
export async function checkAttachments(raw: unknown): Promise<CheckedAttachment[]> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw validationFailed([
      {
        field: 'attachments',
        message: say('rule.type', {
          title: 'Tệp đính kèm',
          titleEn: 'Attachments',
          expectedKey: 'type.array',
        }),
      },
    ]);
  if (raw.length > MAX_ATTACHMENTS) {
    const message = say('attachments.tooMany', { max: MAX_ATTACHMENTS });
    throw validationFailed([{ field: 'attachments', message }]);
  }
  const tooLarge: FieldProblem[] = [];
  const unsupported: FieldProblem[] = [];
  const invalid: FieldProblem[] = [];
  const out: CheckedAttachment[] = [];
  raw.forEach((file: unknown, i) => {
    const field = `attachments[${i}]`;
    const name = (file as Partial<AttachmentInput> | null)?.fileName;
    const problem = (key: MessageKey): FieldProblem => ({
      field,
      message: say(key, {
        n: i + 1,
        name: typeof name === 'string' ? name : '',
        maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
      }),
    });
    const bytes = (file as Partial<AttachmentInput> | null)?.bytes;
    if (!(bytes instanceof Uint8Array)) {
      invalid.push(problem('attachment.noContent'));
      return;
    }
    if (bytes.byteLength === 0) {
      invalid.push(problem('attachment.empty'));
      return;
    }
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      tooLarge.push(problem('attachment.tooLarge'));
      return;
    }
    const type = sniffType(bytes);
    if (!type) {
      unsupported.push(problem('attachment.unsupported'));
      return;
    }
    out.push({
      fileName: safeFileName((file as AttachmentInput).fileName, type, i),
      contentType: type,
      bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
  });
  if (tooLarge.length > 0)
    throw new ApplicationError('TOO_LARGE', say('attachments.tooLarge'), tooLarge);
  if (unsupported.length > 0) {
    throw new ApplicationError(
      'UNSUPPORTED_MEDIA_TYPE',
      say('attachments.unsupported'),
      unsupported,
    );
  }
  if (invalid.length > 0) throw validationFailed(invalid);
  const overLimits: Array<FieldProblem & { limit: string }> = [];
  for (const [i, file] of out.entries()) {
    if (file.contentType !== 'application/pdf') continue;
    try {
      await checkPdfLimitsIsolated(file.bytes);
    } catch (err) {
      if (!(err instanceof PdfLimitError)) throw err;
      overLimits.push({
        field: `attachments[${i}]`,
        message: pdfLimitMessage(err.limit),
        limit: err.limit,
      });
    }
  }
  if (overLimits.length > 0) {
    // The catalogue's message for the first file's limit; every file concerned in the details.
    throw new ApplicationError(
      'TOO_LARGE',
      pdfLimitMessage(overLimits[0]!.limit as PdfLimitError['limit']),
      overLimits,
    );
  }
  return out;
}
